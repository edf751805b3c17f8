"""Importing invitations into the database: the seed's facts, a second genre, idempotence,
dry runs, refusals, and deadlines that move with their meeting."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tracker import schemas as s
from tracker.cli import main
from tracker.importer.apply import ImportReport, NotAnInvitationError, import_invitation
from tracker.models import (
    Channel,
    GroupMembership,
    Organisation,
    Person,
    Role,
)
from tracker.services import groups, meetings
from tracker.services.context import Actor, ServiceContext

DATA = Path(__file__).parent / "data"
OSLO = ZoneInfo("Europe/Oslo")
IMPORTER = Actor.system_actor(Channel.IMPORT)


def import_file(ctx: ServiceContext, name: str, *, dry_run: bool = False) -> ImportReport:
    path = DATA / name
    return import_invitation(
        ctx,
        actor=IMPORTER,
        text=path.read_text(encoding="utf-8"),
        filename=path.name,
        dry_run=dry_run,
    )


def table_counts(ctx: ServiceContext) -> dict[str, int]:
    from tracker.db import Base

    with ctx.uow() as uow:
        return {
            table.name: uow.session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def test_the_seed_yields_the_roster_of_45_people_from_32_organisations(
    ctx: ServiceContext, seeded: ImportReport
) -> None:
    with ctx.uow() as uow:
        on_roster = uow.session.execute(
            select(Person, Organisation.name)
            .join(GroupMembership, GroupMembership.person_id == Person.id)
            .outerjoin(Organisation, Person.organisation_id == Organisation.id)
            .where(GroupMembership.on_roster.is_(True))
        ).all()
    assert len(on_roster) == 45
    assert len({org for _, org in on_roster}) == 32
    assert (seeded.roster_size, seeded.organisations) == (45, 32)


def test_the_seed_yields_five_workgroups_with_their_leads(
    ctx: ServiceContext, seeded: ImportReport
) -> None:
    found = [
        (wg.number, wg.name, wg.lead_name)
        for wg in groups.list_workgroups(ctx, group_id=seeded.group_id)
    ]
    assert found == [
        (1, "Internasjonal rekruttering og kompetansebygging", "Asbjørn Flo"),
        (2, "Sirkulærøkonomi", "Asbjørn Lunde"),
        (3, "Næringsutviklingsprosjekter", "Dag Aanensen"),
        (4, "Kompetansebehov og læringsmuligheter", "Harriet Slaaen"),
        (5, "Attraktivitet og tilflytting", "Ove Gjesdal"),
    ]
    (harriet,) = groups.find_people(ctx, name="Harriet Slaaen")
    roster_ids = {m.person.id for m in groups.roster(ctx, group_id=seeded.group_id) if m.on_roster}
    assert harriet.id not in roster_ids  # the lead who is not on the roster


def test_the_seed_yields_the_meeting_with_its_times_in_oslo(
    ctx: ServiceContext, seeded: ImportReport
) -> None:
    (meeting,) = meetings.list_meetings(ctx, group_id=seeded.group_id)
    assert meeting.starts_at == datetime(2025, 1, 16, 9, 0, tzinfo=OSLO)
    assert meeting.ends_at == datetime(2025, 1, 16, 12, 30, tzinfo=OSLO)
    assert meeting.place == "Teams"
    assert meeting.previous_meeting_on == date(2024, 11, 7)
    common, group_part = meeting.parts
    assert (common.starts_at.astimezone(OSLO).time(), common.ends_at.astimezone(OSLO).time()) == (
        time(9, 0),
        time(9, 30),
    )
    assert [i.number for i in common.items] == [1, 2, 3, 4]
    assert group_part.starts_at.astimezone(OSLO).time() == time(9, 40)
    assert [i.number for i in group_part.items] == [1, 2, 3, 4, 5, 6, 7]


def test_the_seed_yields_the_deadline_of_23_january_and_four_events(
    ctx: ServiceContext, seeded: ImportReport
) -> None:
    deadlines = meetings.list_deadlines(ctx, group_id=seeded.group_id)
    assert {(d.agenda_item_label, d.resolved_on, d.offset_days) for d in deadlines} == {
        ("3", date(2025, 1, 23), 7),
        ("4", date(2025, 1, 23), 7),
    }
    events = [
        (e.title, e.starts_on, e.ends_on)
        for e in meetings.list_events(ctx, group_id=seeded.group_id)
    ]
    assert events == [
        ("Den Store Sirkulærkonferansen 2025", date(2025, 5, 4), date(2025, 5, 5)),
        ("BEST 2025", date(2025, 6, 4), None),
        ("Arendalsuken", date(2025, 8, 14), None),
        ("Felles fagsamling", date(2025, 8, 28), date(2025, 8, 29)),
    ]


def test_the_seed_yields_the_contact_change_on_30_january(
    ctx: ServiceContext, seeded: ImportReport
) -> None:
    before = groups.contact_on(ctx, group_id=seeded.group_id, day=date(2025, 1, 30))
    after = groups.contact_on(ctx, group_id=seeded.group_id, day=date(2025, 1, 31))
    assert before is not None
    assert after is not None
    assert (before.person.full_name, before.person.phone) == (
        "Karoline Holmstrøm Ulateig",
        "41203424",
    )
    assert after.person.full_name == "Målfrid Baik"
    with ctx.uow() as uow:
        roles = dict(
            uow.session.execute(
                select(Person.last_name, GroupMembership.role)
                .join(GroupMembership, GroupMembership.person_id == Person.id)
                .where(Person.last_name.in_(["Holmstrøm Ulateig", "Baik"]))
            ).all()
        )
    assert roles == {"Holmstrøm Ulateig": Role.SECRETARIAT, "Baik": Role.SECRETARIAT}


def test_importing_the_same_file_twice_changes_nothing(
    ctx: ServiceContext, seeded: ImportReport
) -> None:
    before = table_counts(ctx)
    again = import_file(ctx, "invitation_seed.txt")
    assert again.changes == 0
    assert table_counts(ctx) == before


def test_a_dry_run_reports_the_changes_and_writes_nothing(ctx: ServiceContext) -> None:
    before = table_counts(ctx)
    report = import_file(ctx, "invitation_seed.txt", dry_run=True)
    assert report.dry_run
    assert report.changes > 100
    assert table_counts(ctx) == before


def test_a_second_invitation_laid_out_differently_imports_too(ctx: ServiceContext) -> None:
    report = import_file(ctx, "invitation_baerum_2025.md")
    assert report.group_name == "Areal og transport"
    workgroups = [
        (wg.number, wg.name, wg.lead_name)
        for wg in groups.list_workgroups(ctx, group_id=report.group_id)
    ]
    assert workgroups == [
        (1, "Kollektivknutepunkter", "Per Olav Moen"),
        (2, "Sirkulærøkonomi", "Asbjørn Lunde"),
        (3, "Gange og sykkel", "Siri Dahl"),
    ]
    emails = {
        m.person.full_name: m.person.email
        for m in groups.roster(ctx, group_id=report.group_id)
        if m.on_roster
    }
    assert emails["Per Olav Moen"] == "per.olav.moen@asker.kommune.no"
    assert emails["Jonas Berg"] is None
    assert "Ola Nordmann" not in emails  # a malformed row is reported, not guessed
    assert any("Ola Nordmann" in u.text for u in report.unplaced)
    (meeting,) = meetings.list_meetings(ctx, group_id=report.group_id)
    assert meeting.starts_at == datetime(2025, 3, 13, 9, 0, tzinfo=OSLO)
    due = {d.resolved_on for d in meetings.list_deadlines(ctx, group_id=report.group_id)}
    assert {date(2025, 4, 1), date(2025, 3, 27)} <= due
    assert import_file(ctx, "invitation_baerum_2025.md").changes == 0


def test_a_file_that_is_no_invitation_is_refused_and_nothing_is_written(
    ctx: ServiceContext,
) -> None:
    before = table_counts(ctx)
    with pytest.raises(NotAnInvitationError):
        import_invitation(ctx, actor=IMPORTER, text="id;sum\n1;2\n3;4\n", filename="tall.csv")
    assert table_counts(ctx) == before


def test_the_cli_refuses_a_non_invitation_with_a_non_zero_exit(
    tmp_path: Path, settings: object, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("TILTAK_VAR_DIR", str(tmp_path / "var"))
    junk = tmp_path / "handleliste.txt"
    junk.write_text("melk\nbrød\nost\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", str(junk)])
    assert result.exit_code != 0
    assert "ser ikke ut som en møteinnkalling" in result.output
    seed = CliRunner().invoke(main, ["import", str(DATA / "invitation_seed.txt"), "--dry-run"])
    assert seed.exit_code == 0, seed.output
    assert "Prøvekjøring: ingenting er lagret." in seed.output
    assert "Deltakerliste: 45 personer fra 32 organisasjoner." in seed.output


def test_a_deadline_relative_to_the_meeting_moves_when_the_meeting_moves(
    ctx: ServiceContext, seeded: ImportReport
) -> None:
    (meeting,) = meetings.list_meetings(ctx, group_id=seeded.group_id)
    later = meeting.starts_at + timedelta(days=7)
    meetings.update_meeting(
        ctx,
        actor=IMPORTER,
        meeting_id=meeting.id,
        data=s.MeetingUpdate(starts_at=later, ends_at=None),
    )
    resolved = {d.resolved_on for d in meetings.list_deadlines(ctx, group_id=seeded.group_id)}
    assert resolved == {date(2025, 1, 30)}
    moved = meetings.get_meeting(ctx, meeting_id=meeting.id)
    assert moved.parts[1].starts_at == datetime(2025, 1, 23, 8, 40, tzinfo=UTC)
