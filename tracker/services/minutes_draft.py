"""The minutes draft of a meeting: per agenda item the minutes text (as the secretariat wrote it,
else the lines from chat and web), the decision, the status changes of the item's deliverables
on the meeting day and the tasks made that day; rendered as Markdown and Word (.docx)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from babel.dates import format_date
from sqlalchemy import select

from tracker.errors import InvalidInput, NotFound
from tracker.i18n import N_, translate
from tracker.models import (
    AgendaItem,
    Change,
    Contribution,
    ContributionKind,
    Meeting,
    MeetingPart,
    MinutesNote,
    Task,
    TaskStatus,
    Workgroup,
)
from tracker.services import permissions
from tracker.services.context import Actor, ServiceContext
from tracker.services.meetings import load_meeting, local_day
from tracker.text import multi_line


@dataclass
class MinutesItem:
    """One agenda item of the draft and what the meeting day produced for it."""

    item_id: int
    part_title: str
    label: str
    title: str
    # The secretariat's text and decision; lines are those the text does not yet stand for.
    text: str = ""
    decision: str = ""
    lines: list[str] = field(default_factory=list)
    # (task title, old status, new status), translated when rendered.
    status_changes: list[tuple[str, str, str]] = field(default_factory=list)
    new_tasks: list[str] = field(default_factory=list)


@dataclass
class MinutesDraft:
    """A meeting's minutes draft, group part first, items in agenda order."""

    meeting_id: int
    title: str
    day: date
    items: list[MinutesItem]
    other_new_tasks: list[str] = field(default_factory=list)


def default_meeting_id(ctx: ServiceContext) -> int | None:
    """The meeting whose minutes are due: the latest that has begun, else the next one."""
    now = ctx.clock.now()
    with ctx.read() as conn:
        started = conn.execute(
            select(Meeting.id).where(Meeting.starts_at <= now).order_by(Meeting.starts_at.desc())
        ).first()
        if started is not None:
            return int(started.id)
        coming = conn.execute(select(Meeting.id).order_by(Meeting.starts_at)).first()
    return int(coming.id) if coming is not None else None


def build_minutes_draft(ctx: ServiceContext, *, meeting_id: int) -> MinutesDraft:
    """The minutes draft of a meeting, from what was said and done on its day."""
    with ctx.uow() as uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        day = local_day(meeting.starts_at, ctx.zone)
        day_start = datetime.combine(day, time(0), tzinfo=ctx.zone).astimezone(UTC)
        day_end = day_start + timedelta(days=1)
        # The group's own part is what the minutes are for; the shared part follows.
        parts = sorted(meeting.parts, key=lambda p: (not p.is_group_part, p.position))
        items = [
            MinutesItem(item_id=i.id, part_title=part.title, label=i.label, title=i.title)
            for part in parts
            for i in sorted(part.items, key=lambda i: i.number)
        ]
        by_id = {entry.item_id: entry for entry in items}
        edited_at = {}
        for note in session.scalars(
            select(MinutesNote).where(MinutesNote.agenda_item_id.in_(by_id))
        ):
            by_id[note.agenda_item_id].text = note.text
            by_id[note.agenda_item_id].decision = note.decision
            if note.text.strip():
                edited_at[note.agenda_item_id] = note.updated_at
        contributions = session.scalars(
            select(Contribution)
            .where(
                Contribution.agenda_item_id.in_(by_id),
                Contribution.kind == ContributionKind.MINUTES,
            )
            .order_by(Contribution.submitted_at, Contribution.id)
        )
        for contribution in contributions:
            written = edited_at.get(contribution.agenda_item_id)
            if written is not None and contribution.submitted_at <= written:
                continue  # the secretariat's text already stands for it
            name = f"{contribution.person.first_name} {contribution.person.last_name}"
            by_id[contribution.agenda_item_id].lines.append(f"{name}: {contribution.body}")
        linked = session.scalars(
            select(Task).where((Task.meeting_id == meeting_id) | Task.agenda_item_id.in_(by_id))
        ).all()
        changes = session.scalars(
            select(Change)
            .where(
                Change.entity == "task",
                Change.field == "status",
                Change.entity_id.in_([task.id for task in linked]),
                Change.at >= day_start,
                Change.at < day_end,
            )
            .order_by(Change.at, Change.id)
        )
        titles = {task.id: task for task in linked}
        for change in changes:
            task = titles[change.entity_id]
            target = by_id.get(task.agenda_item_id or 0)
            if target is not None:
                target.status_changes.append(
                    (task.title, change.old_value or "", change.new_value or "")
                )
        other: list[str] = []
        created = session.scalars(
            select(Task)
            .join(Workgroup, Task.workgroup_id == Workgroup.id)
            .where(
                Workgroup.group_id == meeting.group_id,
                Task.created_at >= day_start,
                Task.created_at < day_end,
            )
            .order_by(Task.created_at, Task.id)
        )
        for task in created:
            target = by_id.get(task.agenda_item_id or 0)
            (target.new_tasks if target is not None else other).append(task.title)
        return MinutesDraft(
            meeting_id=meeting.id,
            title=meeting.title,
            day=day,
            items=items,
            other_new_tasks=other,
        )


_HEADING = N_("Minutes draft: {title}, {day}")
# Babel's locales per language: Bokmål as written in Norway, British English for day-month order.
_LOCALES = {"nb": "nb_NO", "en": "en_GB"}


def heading(draft: MinutesDraft, language: str) -> str:
    """The draft's title with the meeting day as people write it («16. januar 2025»)."""
    day = format_date(draft.day, "long", locale=_LOCALES.get(language, "nb_NO"))
    return translate(_HEADING, language, title=draft.title, day=day)


MAX_TEXT = 20_000


def save_minutes_note(
    ctx: ServiceContext,
    *,
    actor: Actor,
    meeting_id: int,
    item_id: int,
    text: str,
    decision: str,
) -> None:
    """Store the secretariat's minutes text and decision for one item of a meeting."""
    text, decision = multi_line(text).strip(), multi_line(decision).strip()
    for name, value in (("text", text), ("decision", decision)):
        if len(value) > MAX_TEXT:
            raise InvalidInput(
                N_("The text can be at most {max_length} characters."),
                field=name,
                max_length=MAX_TEXT,
            )
    with ctx.uow() as uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        permissions.require_secretariat(session, actor, meeting.group_id)
        found = session.scalar(
            select(AgendaItem.id)
            .join(MeetingPart, AgendaItem.part_id == MeetingPart.id)
            .where(AgendaItem.id == item_id, MeetingPart.meeting_id == meeting_id)
        )
        if found is None:
            raise NotFound(N_("The agenda has no such item."))
        note = session.get(MinutesNote, item_id)
        if note is None:
            note = MinutesNote(agenda_item_id=item_id)
            session.add(note)
        note.text = text
        note.decision = decision
        note.updated_at = ctx.clock.now()
        note.updated_by = actor.person_id
        uow.commit()


_ITEM = N_("Item {label}: {title}")
_DECISION = N_("Decision: …")
_DECIDED = N_("Decision: {decision}")
_CHANGES = N_("Status changes")
_NEW_TASKS = N_("New tasks")
_OTHER_TASKS = N_("New tasks without an item")


def change_lines(entry: MinutesItem, language: str) -> list[str]:
    """The item's status changes as lines, in the board's words for the statuses."""

    def word(status: str) -> str:
        try:
            return translate(TaskStatus(status).label, language)
        except ValueError:  # a status no longer known reads as it was stored
            return status

    return [f"{title}: {word(old)} → {word(new)}" for title, old, new in entry.status_changes]


def decision_line(entry: MinutesItem, language: str) -> str:
    """«Vedtak: …» as decided, or with the dots the secretariat is to fill in."""
    if entry.decision:
        return translate(_DECIDED, language, decision=" ".join(entry.decision.split()))
    return translate(_DECISION, language)


def text_paragraphs(entry: MinutesItem) -> list[str]:
    """The secretariat's text of an item, a paragraph per non-empty line."""
    return [line.strip() for line in entry.text.splitlines() if line.strip()]


def render_markdown(draft: MinutesDraft, language: str) -> str:
    """The draft as Markdown: a heading per item, its lines, decision, changes and new tasks."""
    out = [f"# {heading(draft, language)}", ""]
    part = None
    for entry in draft.items:
        if entry.part_title != part:
            part = entry.part_title
            out += [f"## {part}", ""]
        out += [f"### {translate(_ITEM, language, label=entry.label, title=entry.title)}", ""]
        for paragraph in text_paragraphs(entry):
            out += [paragraph, ""]
        out += [f"- {line}" for line in entry.lines]
        out += ["", f"**{decision_line(entry, language)}**", ""]
        if entry.status_changes:
            out += [f"#### {translate(_CHANGES, language)}", ""]
            out += [f"- {line}" for line in change_lines(entry, language)] + [""]
        if entry.new_tasks:
            out += [f"#### {translate(_NEW_TASKS, language)}", ""]
            out += [f"- {line}" for line in entry.new_tasks] + [""]
    if draft.other_new_tasks:
        out += [f"## {translate(_OTHER_TASKS, language)}", ""]
        out += [f"- {line}" for line in draft.other_new_tasks] + [""]
    return "\n".join(out).rstrip() + "\n"


def render_docx(draft: MinutesDraft, language: str) -> bytes:
    """The draft as a Word document with the same headings and lists as the Markdown."""
    from docx import Document

    document = Document()
    document.add_heading(heading(draft, language), 0)
    part = None
    for entry in draft.items:
        if entry.part_title != part:
            part = entry.part_title
            document.add_heading(part, 1)
        document.add_heading(translate(_ITEM, language, label=entry.label, title=entry.title), 2)
        for paragraph in text_paragraphs(entry):
            document.add_paragraph(paragraph)
        for line in entry.lines:
            document.add_paragraph(line, style="List Bullet")
        document.add_paragraph().add_run(decision_line(entry, language)).bold = True
        changes = change_lines(entry, language)
        for subheading, lines in ((_CHANGES, changes), (_NEW_TASKS, entry.new_tasks)):
            if lines:
                document.add_heading(translate(subheading, language), 3)
                for line in lines:
                    document.add_paragraph(line, style="List Bullet")
    if draft.other_new_tasks:
        document.add_heading(translate(_OTHER_TASKS, language), 1)
        for line in draft.other_new_tasks:
            document.add_paragraph(line, style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
