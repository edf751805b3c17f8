"""The corpus of the genre: each invitation in tests/data/invitations/ is read to exactly the
facts in the `.expected.yaml` beside it, and imported into the database to the same facts, where
importing it a second time changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from sqlalchemy import func, select

from tracker.db import Base
from tracker.importer.apply import import_invitation
from tracker.importer.parse import parse_invitation
from tracker.importer.parsed import ParsedInvitation
from tracker.models import (
    AgendaItem,
    Channel,
    Deadline,
    Event,
    Group,
    GroupMembership,
    Meeting,
    MeetingPart,
    Organisation,
    Person,
    SecretariatContact,
    Workgroup,
)
from tracker.services.context import Actor, ServiceContext

CORPUS = Path(__file__).parent.parent / "data" / "invitations"
INVITATIONS = sorted(p for p in CORPUS.iterdir() if p.suffix in {".txt", ".md"})
OSLO = ZoneInfo("Europe/Oslo")


def expected(path: Path) -> dict[str, Any]:
    facts: dict[str, Any] = yaml.safe_load(path.with_suffix(".expected.yaml").read_text())
    return facts


def clock(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def parsed_facts(p: ParsedInvitation) -> dict[str, Any]:
    """The facts an `.expected.yaml` states, read from the parsed invitation."""
    return {
        "group": p.group_name,
        "meeting": {
            "date": p.meeting.date,
            "start": clock(p.meeting.start),
            "end": clock(p.meeting.end),
            "place": p.meeting.place,
            "previous": p.meeting.previous_meeting_date,
            "next": p.next_meeting_date,
        },
        "parts": [
            {
                "title": part.title,
                "start": clock(part.start),
                "end": clock(part.end),
                "items": [[i.label, i.title, len(i.sub_points)] for i in part.items],
            }
            for part in p.parts
        ],
        "workgroups": [
            {
                "number": w.number,
                "letter": w.letter,
                "name": w.name,
                "lead": w.lead_name,
                "organisation": w.lead_organisation,
            }
            for w in p.workgroups
        ],
        "roster": len(p.roster),
        "deadlines": [
            {"due": d.due, "about": d.about, "item": d.agenda_item_label} for d in p.deadlines
        ],
        "events": [
            {
                "title": e.title,
                "start": e.start,
                "end": e.end,
                "from": clock(e.start_time),
                "to": clock(e.end_time),
            }
            for e in p.events
        ],
        "contact": (
            {"name": p.contact.name, "phone": p.contact.phone, "email": p.contact.email}
            if p.contact
            else None
        ),
        "contact_changes": [[c.incoming_name, c.first_day] for c in p.contact_changes],
        "unplaced": [u.line for u in p.unplaced],
        "kept_as_text": [u.line for u in p.kept_as_text],
    }


@pytest.fixture(params=INVITATIONS, ids=[p.name for p in INVITATIONS])
def invitation(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    return path


def test_the_corpus_has_eight_layouts_each_with_its_expected_facts() -> None:
    assert len(INVITATIONS) >= 8
    assert all(p.with_suffix(".expected.yaml").exists() for p in INVITATIONS)


def test_an_invitation_of_the_genre_is_read_to_exactly_its_facts(invitation: Path) -> None:
    want = expected(invitation)
    parsed = parse_invitation(invitation.read_text(encoding="utf-8"))
    got = parsed_facts(parsed)
    for key in got:
        assert got[key] == want[key], key
    people = {person.full_name: person for person in parsed.roster}
    for person in want["people"]:
        found = people[person["name"]]
        assert (found.organisation, found.email, found.phone) == (
            person["organisation"],
            person.get("email"),
            person.get("phone"),
        ), person["name"]


def table_counts(ctx: ServiceContext) -> dict[str, int]:
    with ctx.uow() as uow:
        return {
            table.name: uow.session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def stored_facts(ctx: ServiceContext, group_name: str) -> dict[str, Any]:
    """The same facts, read back from the database after an import."""
    with ctx.uow() as uow:
        s = uow.session
        group = s.scalars(select(Group).where(Group.name == group_name)).one()
        meetings = s.scalars(
            select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.starts_at)
        ).all()
        meeting, *later = meetings
        starts = meeting.starts_at.astimezone(OSLO)
        parts = s.scalars(
            select(MeetingPart)
            .where(MeetingPart.meeting_id == meeting.id)
            .order_by(MeetingPart.position)
        ).all()
        workgroups = s.scalars(
            select(Workgroup).where(Workgroup.group_id == group.id).order_by(Workgroup.number)
        ).all()
        deadlines = s.scalars(select(Deadline).where(Deadline.group_id == group.id)).all()
        meeting_days = {m.id: m.starts_at.astimezone(OSLO).date() for m in meetings}
        events = s.scalars(
            select(Event).where(Event.group_id == group.id).order_by(Event.starts_on)
        ).all()
        contacts = s.scalars(
            select(Person.first_name + " " + Person.last_name)
            .join(SecretariatContact, SecretariatContact.person_id == Person.id)
            .where(SecretariatContact.group_id == group.id)
        ).all()
        roster = s.execute(
            select(Person, Organisation.name)
            .join(GroupMembership, GroupMembership.person_id == Person.id)
            .outerjoin(Organisation, Person.organisation_id == Organisation.id)
            .where(GroupMembership.group_id == group.id, GroupMembership.on_roster.is_(True))
        ).all()
        return {
            "meeting": {
                "date": starts.date(),
                "start": clock(starts.time()),
                "end": clock(meeting.ends_at.astimezone(OSLO).time()) if meeting.ends_at else None,
                "place": meeting.place or None,
                "previous": meeting.previous_meeting_on,
                "next": later[0].starts_at.astimezone(OSLO).date() if later else None,
            },
            "items": [
                [
                    [item.label, item.title, len(item.sub_points)]
                    for item in s.scalars(
                        select(AgendaItem)
                        .where(AgendaItem.part_id == part.id)
                        .order_by(AgendaItem.number)
                    )
                ]
                for part in parts
            ],
            "workgroups": [
                {
                    "number": w.number,
                    "letter": w.letter,
                    "name": w.name,
                    "lead": w.lead.full_name if w.lead else None,
                    "organisation": (
                        w.lead.organisation.name if w.lead and w.lead.organisation else None
                    ),
                }
                for w in workgroups
            ],
            "deadlines": sorted(
                (d.resolve(meeting_days.get(d.meeting_id or 0)), d.title) for d in deadlines
            ),
            "events": [
                {
                    "title": e.title,
                    "start": e.starts_on,
                    "end": e.ends_on,
                    "from": clock(e.start_time),
                    "to": clock(e.end_time),
                }
                for e in events
            ],
            "contacts": sorted(contacts),
            "roster": {
                person.full_name: (org, person.email, person.phone) for person, org in roster
            },
        }


def test_an_invitation_of_the_genre_imports_to_the_same_facts_and_twice_changes_nothing(
    ctx: ServiceContext, invitation: Path
) -> None:
    want = expected(invitation)
    text = invitation.read_text(encoding="utf-8")
    actor = Actor.system_actor(Channel.IMPORT)
    first = import_invitation(ctx, actor=actor, text=text, filename=invitation.name)
    assert first.changes > 0
    assert first.every_line_placed == (not want["unplaced"] and not want["kept_as_text"])
    stored = stored_facts(ctx, want["group"])
    assert stored["meeting"] == want["meeting"]
    assert stored["items"] == [part["items"] for part in want["parts"]]
    assert stored["workgroups"] == want["workgroups"]
    assert [(due, title) for due, title in stored["deadlines"]] == sorted(
        (d.due, d.text) for d in parse_invitation(text).deadlines
    )
    for deadline in want["deadlines"]:
        assert any(
            due == deadline["due"] and deadline["about"] in title
            for due, title in stored["deadlines"]
        ), deadline
    assert stored["events"] == sorted(want["events"], key=lambda e: e["start"])
    wanted_contacts = {want["contact"]["name"], *(name for name, _ in want["contact_changes"])}
    assert set(stored["contacts"]) == wanted_contacts
    assert len(stored["roster"]) == want["roster"]
    for person in want["people"]:
        assert stored["roster"][person["name"]] == (
            person["organisation"],
            person.get("email"),
            person.get("phone"),
        ), person["name"]

    before = table_counts(ctx)
    again = import_invitation(ctx, actor=actor, text=text, filename=invitation.name)
    assert again.changes == 0
    assert table_counts(ctx) == before
    assert stored_facts(ctx, want["group"]) == stored
