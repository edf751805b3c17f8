"""The draft agenda of the next meeting: the standing items, the five workgroups with what they
owe the meeting (missing work flagged) and the input received, in the CLI and as .docx."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from tracker.cli import main
from tracker.config import Settings
from tracker.demo.activity import add_demo_tasks
from tracker.export_agenda import agenda_docx
from tracker.importer.apply import ImportReport
from tracker.models import Channel
from tracker.services.agenda_draft import build_agenda_draft, render_text
from tracker.services.context import Actor, ServiceContext
from tracker.services.meetings import next_meeting_ref


def _next_meeting(ctx: ServiceContext, seeded: ImportReport) -> int:
    add_demo_tasks(ctx, group_id=seeded.group_id, actor=Actor.system_actor(Channel.IMPORT))
    upcoming = next_meeting_ref(ctx, group_id=seeded.group_id)
    assert upcoming is not None
    return upcoming[0]


def test_the_draft_lists_the_standing_items_and_the_five_workgroups_with_missing_work_flagged(
    ctx: ServiceContext, seeded: ImportReport
) -> None:
    draft = build_agenda_draft(ctx, meeting_id=_next_meeting(ctx, seeded), language="nb")
    # Two parts, not one list: the group's own (closed by «Eventuelt»), then the shared one.
    (own, own_items), (shared, shared_items) = draft.parts()
    assert own == "Sakskart til møte i faggruppe for Næringsssamarbeid"
    assert shared == "Sakskart til møte i administrative faggrupper 16. januar"
    titles = [item.title for item in own_items]
    assert titles[0] == "Godkjenning av innkalling og saksliste"
    assert titles[1] == "Godkjenning av referat fra møtet 07.11.2024"
    assert titles[-1] == "Eventuelt"
    assert [item.title for item in shared_items] == [
        "Ny møteform med en felles del og parallelle faggruppemøter",
        "Handlingsprogram 2025",
        "Arrangementer",
    ]
    workgroups = [item for item in draft.items if item.workgroup_number is not None]
    assert [w.workgroup_number for w in workgroups] == [1, 2, 3, 4, 5]
    # Due three days ago and not started: missing; under way and due before the meeting, or
    # done since the last one: not.
    assert {d.title: d.missing for d in workgroups[0].deliverables} == {
        "Samle erfaringer med internasjonal rekruttering i kommunene": True,
    }
    assert {d.title: d.missing for d in workgroups[1].deliverables} == {
        "Oversikt over ombruksprosjekter": False,
        "Kartlegge sirkulære anskaffelser i regionen": False,
    }
    text = render_text(draft, "nb")
    assert (
        "MANGLER: Samle erfaringer med internasjonal rekruttering i kommunene (ikke startet, "
        "frist 07.01.2025, Asbjørn Flo)" in text
    )
    assert "Oversikt over ombruksprosjekter (ferdig, frist 04.01.2025, Asbjørn Lunde)" in text
    # Work due after the meeting's day waits for a later agenda.
    assert "Utkast til felles søknad om midler til talentrekruttering" not in text
    # The imported items keep their place, with no second copy of a standing item.
    assert text.count("Godkjenning av innkalling") == 1


def test_input_received_for_an_item_is_listed_under_it(
    ctx: ServiceContext, seeded: ImportReport
) -> None:
    from tracker import schemas as s
    from tracker.services import contributions, groups, meetings

    meeting_id = _next_meeting(ctx, seeded)
    meeting = meetings.get_meeting(ctx, meeting_id=meeting_id)
    item = next(
        i
        for p in meeting.parts
        for i in p.items
        if not i.title.startswith(("Godkjenning", "Eventuelt"))
    )
    person = groups.find_people(ctx, name="Asbjørn Lunde")[0]
    contributions.submit_contribution(
        ctx,
        actor=Actor(person_id=person.id, channel=Channel.WEB, language="nb"),
        data=s.ContributionCreate(agenda_item_id=item.id, body="Vi støtter forslaget."),
    )
    draft = build_agenda_draft(ctx, meeting_id=meeting_id, language="nb")
    (drafted,) = [d for d in draft.items if d.title == item.title]
    assert [(i.person_name, i.body) for i in drafted.inputs] == [
        ("Asbjørn Lunde", "Vi støtter forslaget.")
    ]
    assert "Innspill fra Asbjørn Lunde: Vi støtter forslaget." in render_text(draft, "nb")


def test_tiltak_agenda_prints_the_draft_with_the_five_workgroups_and_a_missing_deliverable(
    ctx: ServiceContext, seeded: ImportReport, settings: Settings
) -> None:
    meeting_id = _next_meeting(ctx, seeded)
    env = {"DATABASE_URL": settings.database_url, "TILTAK_VAR_DIR": str(settings.var_dir)}
    result = CliRunner().invoke(main, ["agenda", str(meeting_id)], env=env)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("# Utkast til saksliste: ")
    assert "1. Godkjenning av innkalling og saksliste" in lines
    for number in range(1, 6):
        assert any(line.startswith(f"{number + 2}. Arbeidsgruppe {number}: ") for line in lines)
    assert "   - MANGLER: Samle erfaringer med internasjonal rekruttering i kommunene" in (
        result.output
    )
    # The group's own part ends with «Eventuelt»; the shared part numbers its items from 1.
    own, shared = result.output.split("\n## ")[1:]
    assert own.startswith("Sakskart til møte i faggruppe for Næringsssamarbeid\n")
    assert own.rstrip().splitlines()[-1].endswith(". Eventuelt")
    assert shared.splitlines()[2] == "1. Ny møteform med en felles del og parallelle faggruppemøter"


def test_the_docx_export_opens_with_python_docx_and_holds_the_items_in_order(
    ctx: ServiceContext, seeded: ImportReport, settings: Settings, tmp_path: Path
) -> None:
    meeting_id = _next_meeting(ctx, seeded)
    draft = build_agenda_draft(ctx, meeting_id=meeting_id, language="nb")
    document = Document(BytesIO(agenda_docx(draft, "nb")))
    assert document.paragraphs[0].text.startswith("Utkast til saksliste: ")
    items = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert items == [item.title for item in draft.items]
    assert items[0] == "Godkjenning av innkalling og saksliste"
    (_, own_items), _shared = draft.parts()
    assert items[len(own_items) - 1] == "Eventuelt"
    parts = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert parts == [title for title, _ in draft.parts()]
    # The shared part's first item starts the numbering over at 1.
    first_shared = next(p for p in document.paragraphs if p.text == items[len(own_items)])
    own_number = first_shared._p.pPr.numPr.numId.val
    assert own_number != first_shared.style.element.pPr.numPr.numId.val
    numbering = document.part.numbering_part.numbering_definitions._numbering
    restart = numbering.num_having_numId(own_number)
    assert restart.xpath("./w:lvlOverride/w:startOverride/@w:val") == ["1"]
    points = [p.text for p in document.paragraphs if p.style.name == "List Bullet 2"]
    assert any(p.startswith("MANGLER: Samle erfaringer") for p in points)
    # The same from the command line, into a file.
    env = {"DATABASE_URL": settings.database_url, "TILTAK_VAR_DIR": str(settings.var_dir)}
    target = tmp_path / "saksliste.docx"
    result = CliRunner().invoke(
        main, ["agenda", str(meeting_id), "--format", "docx", "-o", str(target)], env=env
    )
    assert result.exit_code == 0, result.output
    from_cli = [p.text for p in Document(str(target)).paragraphs if p.style.name == "List Number"]
    assert from_cli == items


def test_an_edited_draft_keeps_its_edits_and_a_workgroup_set_up_later_comes_before_eventuelt(
    ctx: ServiceContext, seeded: ImportReport
) -> None:
    from tracker import schemas as s
    from tracker.errors import InvalidInput
    from tracker.services import groups
    from tracker.services.agenda_draft import edit_agenda

    meeting_id = _next_meeting(ctx, seeded)
    secretariat = Actor.system_actor(Channel.WEB)
    first = build_agenda_draft(ctx, meeting_id=meeting_id, language="nb")
    edit_agenda(ctx, actor=secretariat, meeting_id=meeting_id, action="drop", key="minutes")
    edit_agenda(ctx, actor=secretariat, meeting_id=meeting_id, action="add", title="Budsjett")
    groups.create_workgroup(
        ctx,
        actor=secretariat,
        group_id=seeded.group_id,
        data=s.WorkgroupCreate(number=6, name="Kraft og energi"),
    )
    (_, own), *_ = build_agenda_draft(ctx, meeting_id=meeting_id, language="nb").parts()
    titles = [i.title for i in own]
    assert titles[-3:] == ["Budsjett", "Arbeidsgruppe 6: Kraft og energi", "Eventuelt"]
    assert titles[1] == first.items[2].title  # the previous minutes are gone
    # A move stays inside its part: «Eventuelt» moved down is still the last of the group's own
    # part, and the shared part's first item moved up is still its first.
    before = build_agenda_draft(ctx, meeting_id=meeting_id, language="nb").parts()
    first_shared = before[1][1][0].key
    edit_agenda(ctx, actor=secretariat, meeting_id=meeting_id, action="down", key="other")
    edit_agenda(ctx, actor=secretariat, meeting_id=meeting_id, action="up", key=first_shared)
    after = build_agenda_draft(ctx, meeting_id=meeting_id, language="nb").parts()
    assert [[i.key for i in items] for _, items in after] == [
        [i.key for i in items] for _, items in before
    ]
    with pytest.raises(InvalidInput) as refused:
        edit_agenda(ctx, actor=secretariat, meeting_id=meeting_id, action="rename", key="x:1")
    assert refused.value.field == "title"
