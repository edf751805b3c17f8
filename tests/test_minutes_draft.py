"""The minutes draft of the seed's meeting: the round-the-table lines under their item, a decision
line per item, the day's status changes and new tasks; printed by `tiltak minutes` and saved as
Markdown and Word."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from tracker import schemas as s
from tracker.cli import main
from tracker.clock import FixedClock
from tracker.i18n import translate
from tracker.importer.apply import ImportReport
from tracker.models import Channel, ContributionKind, TaskStatus
from tracker.services import contributions, groups, meetings, tasks
from tracker.services.context import Actor, ServiceContext
from tracker.services.minutes_draft import build_minutes_draft, render_docx, render_markdown

ADMIN = Actor.system_actor(Channel.CLI)
MEMBER = "Eli Bryhni"
ROUND_LINE = "Gjøvik ansetter 250 i nytt batterianlegg"


def nb(message: str, **params: object) -> str:
    return translate(message, "nb", **params)


def item_heading(agenda_item: s.AgendaItemView) -> str:
    return nb("Item {label}: {title}", label=agenda_item.label, title=agenda_item.title)


def group_item(meeting: s.MeetingView, label: str) -> s.AgendaItemView:
    """An item of the group's own part by its number."""
    part = next(p for p in meeting.parts if p.is_group_part)
    return next(i for i in part.items if i.label == label)


def group_items(meeting: s.MeetingView) -> list[s.AgendaItemView]:
    """The agenda in the draft's order: the group's own part first."""
    parts = sorted(meeting.parts, key=lambda p: (not p.is_group_part, p.position))
    return [i for part in parts for i in sorted(part.items, key=lambda i: i.number)]


@pytest.fixture
def meeting(ctx: ServiceContext, seeded: ImportReport, clock: FixedClock) -> s.MeetingView:
    """The seed's meeting with a round-the-table line sent to Sak 4 during the meeting."""
    (found,) = meetings.list_meetings(ctx)
    sak4 = group_item(found, "4")
    assert "bordet" in sak4.title
    (member,) = groups.find_people(ctx, name=MEMBER)
    clock.set(datetime(2025, 1, 16, 10, 15, tzinfo=UTC))
    contributions.submit_contribution(
        ctx,
        actor=Actor(person_id=member.id, channel=Channel.SLACK),
        data=s.ContributionCreate(
            agenda_item_id=sak4.id, body=ROUND_LINE, kind=ContributionKind.MINUTES
        ),
    )
    return found


def test_the_round_the_table_line_the_status_change_and_the_new_task_sit_under_their_items(
    ctx: ServiceContext, meeting: s.MeetingView, clock: FixedClock
) -> None:
    items = group_items(meeting)
    sak3, sak4 = group_item(meeting, "3"), group_item(meeting, "4")
    workgroup = next(w for w in groups.list_workgroups(ctx) if w.number == 2)
    clock.set(datetime(2025, 1, 9, 9, 0, tzinfo=UTC))  # made a week before: not new
    old = tasks.create_task(
        ctx,
        actor=ADMIN,
        data=s.TaskCreate(
            title="Prioriteringer fra gruppe 2", workgroup_id=workgroup.id, agenda_item_id=sak3.id
        ),
    )
    clock.set(datetime(2025, 1, 16, 11, 0, tzinfo=UTC))
    tasks.change_status(ctx, actor=ADMIN, task_id=old.id, status=TaskStatus.DONE)
    tasks.create_task(
        ctx,
        actor=ADMIN,
        data=s.TaskCreate(
            title="Send ut oppsummering", workgroup_id=workgroup.id, agenda_item_id=sak3.id
        ),
    )
    draft = build_minutes_draft(ctx, meeting_id=meeting.id)
    assert [entry.item_id for entry in draft.items] == [i.id for i in items]
    by_id = {entry.item_id: entry for entry in draft.items}
    assert by_id[sak4.id].lines == [f"{MEMBER}: {ROUND_LINE}"]
    assert by_id[sak3.id].lines == []
    assert by_id[sak3.id].status_changes == [("Prioriteringer fra gruppe 2", "todo", "done")]
    assert by_id[sak3.id].new_tasks == ["Send ut oppsummering"]
    assert all(not entry.new_tasks for entry in draft.items if entry.item_id != sak3.id)
    text = render_markdown(draft, "nb")
    assert f"Prioriteringer fra gruppe 2: {nb('Not started')} → {nb('Done')}" in text
    assert text.count(nb("Decision: …")) == len(items)
    assert text.startswith(f"# Referatutkast: {meeting.title}, 16. januar 2025\n")
    assert "Minutes draft: " + meeting.title + ", 16 January 2025" in render_markdown(draft, "en")


def test_tiltak_minutes_prints_the_round_the_table_line_under_its_item(
    ctx: ServiceContext,
    meeting: s.MeetingView,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("TILTAK_VAR_DIR", str(tmp_path / "var"))
    printed = CliRunner().invoke(main, ["minutes", str(meeting.id)])
    assert printed.exit_code == 0, printed.output
    items = group_items(meeting)
    sak4 = group_item(meeting, "4")
    sections = printed.output.split("\n### ")
    assert [section.splitlines()[0] for section in sections[1:]] == [item_heading(i) for i in items]
    (round_section,) = [s for s in sections if s.startswith(item_heading(sak4))]
    assert f"- {MEMBER}: {ROUND_LINE}" in round_section
    assert sum(ROUND_LINE in section for section in sections) == 1


def test_the_docx_export_opens_and_holds_the_items_in_order_with_the_line_under_its_item(
    ctx: ServiceContext,
    meeting: s.MeetingView,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("TILTAK_VAR_DIR", str(tmp_path / "var"))
    target = tmp_path / "referat.docx"
    saved = CliRunner().invoke(main, ["minutes", "--format", "docx", "-o", str(target)])
    assert saved.exit_code == 0, saved.output
    items = group_items(meeting)
    in_memory = render_docx(build_minutes_draft(ctx, meeting_id=meeting.id), "nb")
    sak4 = group_item(meeting, "4")
    for document in (Document(str(target)), Document(io.BytesIO(in_memory))):
        paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
        parts = [text for style, text in paragraphs if style == "Heading 1"]
        assert parts == [
            p.title for p in sorted(meeting.parts, key=lambda p: (not p.is_group_part, p.position))
        ]
        assert parts[0] == next(p.title for p in meeting.parts if p.is_group_part)
        headings = [text for style, text in paragraphs if style == "Heading 2"]
        assert headings == [item_heading(i) for i in items]
        start = paragraphs.index(("Heading 2", item_heading(sak4)))
        following = [text for _, text in paragraphs[start + 1 :]]
        next_heading = next(
            (n for n, (style, _) in enumerate(paragraphs[start + 1 :]) if style == "Heading 2"),
            len(following),
        )
        assert f"{MEMBER}: {ROUND_LINE}" in following[:next_heading]


def test_the_secretariats_text_and_decisions_reach_markdown_and_word_in_item_order(
    ctx: ServiceContext, meeting: s.MeetingView, clock: FixedClock
) -> None:
    from tracker.errors import NotFound, PermissionDenied
    from tracker.services.minutes_draft import save_minutes_note

    items = group_items(meeting)
    sak3, sak4 = group_item(meeting, "3"), group_item(meeting, "4")
    decisions = {
        sak3.id: "Faggruppen prioriterer sirkulær økonomi og rekruttering i 2025.",
        sak4.id: "Runden tas til orientering.",
    }
    clock.set(datetime(2025, 1, 16, 11, 0, tzinfo=UTC))
    save_minutes_note(
        ctx,
        actor=ADMIN,
        meeting_id=meeting.id,
        item_id=sak3.id,
        text="",
        decision=decisions[sak3.id],
    )
    save_minutes_note(
        ctx,
        actor=ADMIN,
        meeting_id=meeting.id,
        item_id=sak4.id,
        text="Gjøvik fortalte om batterianlegget.\n\nBærum om nye næringsarealer.",
        decision=decisions[sak4.id],
    )
    # A line sent after the text was written is not swallowed by it.
    (member,) = groups.find_people(ctx, name=MEMBER)
    clock.set(datetime(2025, 1, 16, 11, 30, tzinfo=UTC))
    contributions.submit_contribution(
        ctx,
        actor=Actor(person_id=member.id, channel=Channel.SLACK),
        data=s.ContributionCreate(
            agenda_item_id=sak4.id, body="Hamar åpner næringshage", kind=ContributionKind.MINUTES
        ),
    )
    draft = build_minutes_draft(ctx, meeting_id=meeting.id)
    by_id = {entry.item_id: entry for entry in draft.items}
    assert by_id[sak4.id].lines == [f"{MEMBER}: Hamar åpner næringshage"]
    text = render_markdown(draft, "nb")
    sak4_section = text.split(f"### {item_heading(sak4)}")[1].split("\n### ")[0]
    assert "Gjøvik fortalte om batterianlegget.\n\nBærum om nye næringsarealer." in sak4_section
    assert ROUND_LINE not in sak4_section  # the text stands for it now
    assert f"**Vedtak: {decisions[sak4.id]}**" in sak4_section
    assert text.count(nb("Decision: …")) == len(items) - 2
    assert text.index(decisions[sak3.id]) < text.index(decisions[sak4.id])
    document = Document(io.BytesIO(render_docx(draft, "nb")))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    decided: list[tuple[str, str]] = []
    heading = ""
    for style, line in paragraphs:
        if style == "Heading 2":
            heading = line
        elif line.startswith("Vedtak: "):
            decided.append((heading, line))
    assert decided == [(item_heading(i), f"Vedtak: {decisions.get(i.id, '…')}") for i in items]
    assert ("Normal", "Bærum om nye næringsarealer.") in paragraphs
    with pytest.raises(PermissionDenied):
        save_minutes_note(
            ctx,
            actor=Actor(person_id=member.id, channel=Channel.WEB),
            meeting_id=meeting.id,
            item_id=sak3.id,
            text="",
            decision="Noe annet",
        )
    with pytest.raises(NotFound):  # no item of this meeting
        save_minutes_note(
            ctx, actor=ADMIN, meeting_id=meeting.id, item_id=10**6, text="", decision="x"
        )
