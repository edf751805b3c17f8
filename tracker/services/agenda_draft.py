"""The draft agenda of a meeting, assembled from what the workgroups owe it and what came in.

The secretariat starts from the standing items (the notice and agenda, the previous minutes,
«Eventuelt»), an item per workgroup with its deliverables for the meeting, and the meeting's own
items with the written input received; a deliverable not done by its deadline is flagged."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_, or_, select, true

from tracker import schemas as s
from tracker.errors import InvalidInput, NotFound
from tracker.i18n import N_, translate
from tracker.models import AgendaLayout, Meeting, Person, Task, TaskStatus, Workgroup
from tracker.services import contributions, groups, meetings, outbox, permissions, rooms
from tracker.services.context import Actor, ServiceContext

# Words that mark an imported item as one of the standing items the draft adds itself.
_STANDING_PREFIXES = ("godkjenning av", "approval of", "eventuelt", "any other business")


@dataclass(frozen=True)
class Deliverable:
    """A task a workgroup owes the meeting, flagged missing when not done by its deadline."""

    title: str
    status: TaskStatus
    due_on: date | None
    owner_name: str | None
    missing: bool


@dataclass(frozen=True)
class Input:
    """Written input received for an item."""

    person_name: str
    body: str
    late: bool


@dataclass
class DraftItem:
    """One numbered item of the draft, with its sub-points, deliverables and input."""

    title: str
    key: str = ""
    sub_points: list[str] = field(default_factory=list)
    deliverables: list[Deliverable] = field(default_factory=list)
    inputs: list[Input] = field(default_factory=list)
    workgroup_number: int | None = None
    # The part of the meeting the item belongs to (the group's own part unless imported there).
    part: str = ""

    @property
    def missing(self) -> int:
        """How many deliverables of the item are missing."""
        return sum(1 for d in self.deliverables if d.missing)


@dataclass(frozen=True)
class AgendaDraft:
    """The draft agenda of one meeting, its items in order."""

    meeting_id: int
    title: str
    day: date
    place: str
    items: list[DraftItem]
    # The meeting's parts in the draft's order, the group's own first (as in the minutes).
    part_titles: list[str] = field(default_factory=list)

    def parts(self) -> list[tuple[str, list[DraftItem]]]:
        """The items per part, in order (parts left empty are left out); one untitled part when
        the meeting has none."""
        if not self.part_titles:
            return [("", self.items)]
        grouped = [(t, [i for i in self.items if i.part == t]) for t in self.part_titles]
        return [(title, items) for title, items in grouped if items]


def _translator(language: str) -> Callable[..., str]:
    def t(message: str, **params: object) -> str:
        return translate(message, language, **params)

    return t


def _is_standing(title: str) -> bool:
    return title.strip().lower().startswith(_STANDING_PREFIXES)


def _deliverables(
    ctx: ServiceContext, meeting: s.MeetingView, day: date, since: date | None
) -> dict[int, list[Deliverable]]:
    """Per workgroup id: tasks linked to the meeting, or due by its day and not settled before."""
    today = ctx.today()
    due_by_day = Task.due_on <= day
    # Done work already reported at an earlier meeting does not come back.
    fresh = Task.due_on > since if since is not None else true()
    query = (
        select(Task, Person.first_name, Person.last_name)
        .join(Workgroup, Task.workgroup_id == Workgroup.id)
        .outerjoin(Person, Task.owner_id == Person.id)
        .where(Workgroup.group_id == meeting.group_id)
        .where(
            or_(
                Task.meeting_id == meeting.id,
                and_(due_by_day, or_(Task.status != TaskStatus.DONE.value, fresh)),
            )
        )
        .order_by(Task.due_on.is_(None), Task.due_on, Task.id)
    )
    found: dict[int, list[Deliverable]] = {}
    with ctx.uow() as uow:
        for task, first, last in uow.session.execute(query):
            status = TaskStatus(task.status)
            deadline = task.due_on or day
            found.setdefault(task.workgroup_id, []).append(
                Deliverable(
                    title=task.title,
                    status=status,
                    due_on=task.due_on,
                    owner_name=f"{first} {last}".strip() if first else None,
                    missing=status != TaskStatus.DONE and deadline < today,
                )
            )
    return found


def _previous_day(ctx: ServiceContext, meeting: s.MeetingView) -> date | None:
    with ctx.uow() as uow:
        earlier = uow.session.scalar(
            select(Meeting.starts_at)
            .where(Meeting.group_id == meeting.group_id, Meeting.starts_at < meeting.starts_at)
            .order_by(Meeting.starts_at.desc())
            .limit(1)
        )
    if earlier is not None:
        return meetings.local_day(earlier, ctx.zone)
    return meeting.previous_meeting_on


def build_agenda_draft(ctx: ServiceContext, *, meeting_id: int, language: str) -> AgendaDraft:
    """The draft agenda of a meeting in the given language."""
    meeting = meetings.get_meeting(ctx, meeting_id=meeting_id)
    day = meetings.local_day(meeting.starts_at, ctx.zone)
    previous = _previous_day(ctx, meeting)
    t = _translator(language)
    ordered = sorted(meeting.parts, key=lambda p: (not p.is_group_part, p.position))
    own = ordered[0].title if ordered else ""
    items = [DraftItem(t("Approval of the notice and the agenda"), key="notice", part=own)]
    items.append(
        DraftItem(
            t("Approval of the minutes of the meeting on {date}", date=f"{previous:%d.%m.%Y}")
            if previous is not None
            else t("Approval of the minutes of the previous meeting"),
            key="minutes",
            part=own,
        )
    )
    owed = _deliverables(ctx, meeting, day, previous)
    for workgroup in sorted(
        groups.list_workgroups(ctx, group_id=meeting.group_id), key=lambda w: w.number
    ):
        title = t("Workgroup {number}: {name}", number=workgroup.number, name=workgroup.name)
        item = DraftItem(
            title, f"workgroup:{workgroup.id}", workgroup_number=workgroup.number, part=own
        )
        item.deliverables = owed.get(workgroup.id, [])
        if workgroup.lead_name:
            item.sub_points.append(t("Lead: {name}", name=workgroup.lead_name))
        items.append(item)
    received: dict[int, list[Input]] = {}
    for c in contributions.list_contributions(ctx, meeting_id=meeting.id):
        received.setdefault(c.agenda_item_id, []).append(Input(c.person_name, c.body, c.late))
    for part in ordered:
        for agenda_item in part.items:
            if _is_standing(agenda_item.title):
                continue
            items.append(
                DraftItem(
                    agenda_item.title,
                    f"item:{agenda_item.id}",
                    sub_points=[p.text for p in agenda_item.sub_points],
                    inputs=received.get(agenda_item.id, []),
                    part=part.title,
                )
            )
    # «Eventuelt» closes the group's own part, before the shared part's items.
    at = next((i for i, item in enumerate(items) if item.part != own), len(items))
    items.insert(at, DraftItem(t("Any other business"), key="other", part=own))
    with ctx.uow() as uow:
        layout = uow.session.get(AgendaLayout, meeting.id)
        if layout is not None:
            items = _laid_out(items, list(layout.items), set(layout.dropped), own)
    titles = [part.title for part in ordered]
    # Each part keeps its items together, whatever order the edits left them in.
    items.sort(key=lambda item: titles.index(item.part) if item.part in titles else 0)
    return AgendaDraft(meeting.id, meeting.title, day, meeting.place, items, titles)


def _laid_out(
    built: list[DraftItem], order: list[dict[str, str]], dropped: set[str], own: str
) -> list[DraftItem]:
    """The built items in the edited order and titles; items new since the edit come before
    «Eventuelt» (or last), so a workgroup added later is not lost."""
    by_key = {item.key: item for item in built}
    placed: list[DraftItem] = []
    for entry in order:
        key, title = entry["key"], entry["title"]
        if key.startswith("custom:"):
            placed.append(DraftItem(title, key, part=own))
        elif key in by_key:
            by_key[key].title = title
            placed.append(by_key[key])
    known = {entry["key"] for entry in order} | dropped
    fresh = [item for item in built if item.key not in known]
    at = next((i for i, item in enumerate(placed) if item.key == "other"), len(placed))
    return placed[:at] + fresh + placed[at:]


EDITS = ("rename", "up", "down", "drop", "add")


def edit_agenda(
    ctx: ServiceContext,
    *,
    actor: Actor,
    meeting_id: int,
    action: str,
    key: str | None = None,
    title: str | None = None,
) -> str | None:
    """Rename, move up or down, drop or add an item of a meeting's draft agenda; return the key
    of the item acted on (the new one for an addition; None for a drop)."""
    meeting = meetings.get_meeting(ctx, meeting_id=meeting_id)
    with ctx.uow() as uow:
        permissions.require_secretariat(uow.session, actor, meeting.group_id)
    draft = build_agenda_draft(ctx, meeting_id=meeting_id, language=actor.language)
    order = [{"key": item.key, "title": item.title} for item in draft.items]
    part_of = {item.key: item.part for item in draft.items}
    title = (title or "").strip()
    if action not in EDITS:
        raise InvalidInput(N_("Unknown change to the agenda."), field="action")
    if action in ("rename", "add") and not title:
        raise InvalidInput(N_("{field} cannot be empty."), field="title")
    keys = [entry["key"] for entry in order]
    if action != "add" and key not in keys:
        raise NotFound(N_("The agenda has no such item."))
    with ctx.uow() as uow:
        layout = uow.session.get(AgendaLayout, meeting_id)
        if layout is None:
            layout = AgendaLayout(meeting_id=meeting_id, items=[], dropped=[])
            uow.session.add(layout)
        dropped = list(layout.dropped)
        if action == "add":
            taken = [int(k.split(":")[1]) for k in keys if k.startswith("custom:")]
            new = {"key": f"custom:{max(taken, default=0) + 1}", "title": title}
            at = keys.index("other") if "other" in keys else len(order)
            order.insert(at, new)
            key = new["key"]
        else:
            index = keys.index(str(key))
            if action == "rename":
                order[index]["title"] = title
            elif action == "drop":
                dropped.append(order.pop(index)["key"])
            else:
                # A move stays inside the item's part of the meeting.
                step = -1 if action == "up" else 1
                other = index + step
                while 0 <= other < len(order) and part_of[keys[other]] != part_of[keys[index]]:
                    other += step
                if 0 <= other < len(order):
                    order[index], order[other] = order[other], order[index]
        layout.items = order
        layout.dropped = dropped
        layout.updated_at = ctx.clock.now()
        uow.commit()
    return None if action == "drop" else key


def render_text(draft: AgendaDraft, language: str) -> str:
    """The draft as Markdown: a heading, numbered items, and their sub-points."""
    t = _translator(language)
    lines = [
        "# " + t("Draft agenda: {title}", title=draft.title),
        "",
        t("{date}, {place}", date=f"{draft.day:%d.%m.%Y}", place=draft.place),
        "",
    ]
    for part, items in draft.parts():
        if part and len(draft.part_titles) > 1:
            lines += [f"## {part}", ""]
        for number, item in enumerate(items, start=1):
            lines.append(f"{number}. {item.title}")
            for line in item_lines(item, language):
                lines.append(f"   - {line}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def item_lines(item: DraftItem, language: str) -> list[str]:
    """The sub-points of an item as one line each: points, deliverables, then input."""
    t = _translator(language)
    lines = list(item.sub_points)
    if item.workgroup_number is not None and not item.deliverables:
        lines.append(t("No deliverables due for this meeting"))
    for d in item.deliverables:
        line = f"{d.title} ({t(d.status.label).lower()}"
        if d.due_on is not None:
            line += ", " + t("due {date}", date=f"{d.due_on:%d.%m.%Y}")
        if d.owner_name:
            line += f", {d.owner_name}"
        line += ")"
        if d.missing:
            line = t("MISSING") + ": " + line
        lines.append(line)
    for i in item.inputs:
        late = " " + t("(late)") if i.late else ""
        lines.append(t("Input from {name}", name=i.person_name) + f"{late}: {i.body}")
    return lines


# The outbox kind of a draft agenda posted to the group's rooms.
PUBLISHED = "agenda"


def publish_agenda(ctx: ServiceContext, *, actor: Actor, meeting_id: int) -> int:
    """Queue the draft agenda for every room bound to the group; return how many rooms."""
    meeting = meetings.get_meeting(ctx, meeting_id=meeting_id)
    with ctx.uow() as uow:
        permissions.require_secretariat(uow.session, actor, meeting.group_id)
    now = ctx.clock.now()
    # Keyed by the moment, so the secretariat can publish again after changing the work.
    messages = [
        outbox.Outgoing(
            key=f"agenda:{meeting.id}:{room.platform}:{room.room_id}:{now.isoformat()}",
            kind=PUBLISHED,
            platform=room.platform,
            destination=room.room_id,
            payload={"meeting_id": meeting.id},
            not_before=now,
            language=actor.language,
        )
        for room in rooms.rooms_for(ctx, group_id=meeting.group_id, workgroup_id=None)
    ]
    outbox.record(ctx, messages)
    return len(messages)
