"""Write a parsed invitation into the tracker in one transaction, as upserts on natural keys, so
that importing the same file again changes nothing; a dry run does everything and rolls back."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event, or_, select
from sqlalchemy.orm import Session

from tracker.errors import InvalidInput
from tracker.i18n import N_
from tracker.importer.parse import (
    EMPTY_TEXT,
    NO_MEETING_OR_AGENDA,
    NotAnInvitation,
    parse_invitation,
)
from tracker.importer.parsed import (
    Note,
    ParsedAgendaItem,
    ParsedEvent,
    ParsedInvitation,
    ParsedPart,
    ParsedPerson,
    ParsedWorkgroup,
    Unplaced,
)
from tracker.models import (
    AgendaItem,
    AgendaSubPoint,
    Consultation,
    Deadline,
    DeadlineKind,
    Event,
    Group,
    GroupMembership,
    ImportRun,
    Meeting,
    MeetingPart,
    Organisation,
    Person,
    Role,
    SecretariatContact,
    Workgroup,
    WorkgroupMember,
)
from tracker.services import history
from tracker.services.context import Actor, ServiceContext
from tracker.services.groups import get_or_create_organisation, name_key, slugify
from tracker.text import normalise_email


class NotAnInvitationError(InvalidInput):
    """The file is not an invitation of the genre the importer reads."""

    code = "not_an_invitation"


# Why a text is not an invitation, said to the person (the parser's codes never reach them).
_NOT_AN_INVITATION = {
    EMPTY_TEXT: N_("{file} is empty: there is no invitation to read."),
    NO_MEETING_OR_AGENDA: N_(
        "{file} does not look like a meeting invitation: it has neither a meeting date "
        "nor an agenda."
    ),
}


def not_an_invitation(filename: str, refused: NotAnInvitation) -> NotAnInvitationError:
    """The error for a file the parser refused, with the reason in words."""
    message = _NOT_AN_INVITATION.get(
        refused.reason_code, N_("{file} does not look like a meeting invitation.")
    )
    return NotAnInvitationError(message, file=filename)


@dataclass
class ImportReport:
    """What an import did (or would do, on a dry run), and what it could not place."""

    group_id: int
    group_name: str
    dry_run: bool
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    roster_size: int = 0
    organisations: int = 0
    workgroups: int = 0
    agenda_items: int = 0
    deadlines: int = 0
    events: int = 0
    contact_change_on: date | None = None
    unplaced: tuple[Unplaced, ...] = ()
    notes: tuple[Note, ...] = ()
    kept_as_text: tuple[Unplaced, ...] = ()
    next_meeting_on: date | None = None

    @property
    def every_line_placed(self) -> bool:
        """True only when no line is unplaced and no line with a structure cue stayed text."""
        return not self.unplaced and not self.kept_as_text

    @property
    def changes(self) -> int:
        """How many rows were written."""
        return sum(self.created.values()) + sum(self.updated.values())


class _Counter:
    """Counts what each flush inserts or really modifies, by table."""

    def __init__(self, session: Session) -> None:
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()
        event.listen(session, "before_flush", self._before_flush)

    def _before_flush(self, session: Session, _context: Any, _instances: Any) -> None:
        for obj in session.new:
            self.created[type(obj).__tablename__] += 1
        for obj in session.dirty:
            if session.is_modified(obj, include_collections=False):
                self.updated[type(obj).__tablename__] += 1
        for obj in session.deleted:
            self.updated[type(obj).__tablename__] += 1


def import_invitation(
    ctx: ServiceContext, *, actor: Actor, text: str, filename: str, dry_run: bool = False
) -> ImportReport:
    """Import an invitation; raises NotAnInvitationError (and writes nothing) for other files."""
    try:
        parsed = parse_invitation(text)
    except NotAnInvitation as exc:
        raise not_an_invitation(filename, exc) from exc
    if not parsed.group_name:
        raise NotAnInvitationError(
            N_("{file} does not name the group it invites («Til … faggruppe for …»)."),
            file=filename,
        )
    with ctx.uow() as uow:
        session = uow.session
        counter = _Counter(session)
        writer = _Writer(session, ctx.zone, actor, ctx.clock.now(), parsed)
        report = writer.write()
        session.flush()
        report.created, report.updated = counter.created, counter.updated
        report.dry_run = dry_run
        if not dry_run and report.changes:
            session.add(
                ImportRun(
                    group_id=report.group_id,
                    sha256=hashlib.sha256(text.encode()).hexdigest(),
                    filename=filename,
                    imported_at=ctx.clock.now(),
                    changes=report.changes,
                )
            )
            uow.commit()
        return report


_NAME_SPLIT = re.compile(r"[\s.]+")


def _short_key(name: str) -> tuple[str, str]:
    """First and last word of a name: 'Karoline H.Ulateig' and 'Karoline Ulateig' are one person."""
    words = [w for w in _NAME_SPLIT.split(name.casefold()) if w]
    return (words[0], words[-1]) if words else ("", "")


def _merge_ranges(
    ranges: list[tuple[Person, date | None, date | None]],
) -> list[tuple[Person, date | None, date | None]]:
    """Join back-to-back ranges of one person ("from 1 March X is the contact", X already was)."""
    merged: list[tuple[Person, date | None, date | None]] = []
    for person, valid_from, valid_to in ranges:
        if merged and merged[-1][0] is person:
            merged[-1] = (person, merged[-1][1], valid_to)
        else:
            merged.append((person, valid_from, valid_to))
    return merged


def _split_name(name: str) -> tuple[str, str]:
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    return words[0], " ".join(words[1:])


class _Writer:
    """Upserts one parsed invitation; each method handles one kind of fact."""

    def __init__(
        self,
        session: Session,
        zone: ZoneInfo,
        actor: Actor,
        now: datetime,
        parsed: ParsedInvitation,
    ) -> None:
        self.session = session
        self.zone = zone
        self.actor = actor
        self.now = now
        self.parsed = parsed
        self.people: list[Person] = []
        self._memberships: dict[int, GroupMembership] = {}  # by person id, in this group
        self._roster_ids: set[int] = set()  # people whose membership `_memberships` knows

    def write(self) -> ImportReport:
        group = self._group()
        roster = self._roster(group)
        secretariat = self._secretariat(group)
        workgroups = [self._workgroup(group, wg) for wg in self.parsed.workgroups]
        meeting = self._meeting(group)
        next_meeting = self._next_meeting(group, meeting)
        items = self._agenda(meeting) if meeting else {}
        deadlines = [
            self._deadline(group, next_meeting if d.next_meeting else meeting, items, d)
            for d in self.parsed.deadlines
        ]
        events = [self._event(group, e) for e in self.parsed.events]
        for consultation in self.parsed.consultations:
            self._consultation(group, consultation.title, consultation.text, consultation.deadline)
        change = self.parsed.contact_changes[-1] if self.parsed.contact_changes else None
        del secretariat
        return ImportReport(
            group_id=group.id,
            group_name=group.name,
            dry_run=False,
            roster_size=len(roster),
            organisations=len({p.organisation for p in self.parsed.roster if p.organisation}),
            workgroups=len(workgroups),
            agenda_items=len(items),
            deadlines=len([d for d in deadlines if d is not None]),
            events=len(events),
            contact_change_on=change.first_day if change else None,
            unplaced=self.parsed.unplaced,
            notes=self.parsed.notes,
            kept_as_text=self.parsed.kept_as_text,
            next_meeting_on=self.parsed.next_meeting_date,
        )

    # --- group and people -------------------------------------------------------------------

    def _group(self) -> Group:
        name = self.parsed.group_name or ""
        group = self.session.scalar(select(Group).where(Group.slug == slugify(name)))
        org = (
            get_or_create_organisation(self.session, self.parsed.organisation_name)
            if self.parsed.organisation_name
            else None
        )
        if group is None:
            group = Group(name=name, slug=slugify(name), organisation=org, timezone=self.zone.key)
            self.session.add(group)
        elif org is not None and group.organisation_id != org.id:
            group.organisation = org
        mandate = self.parsed.workgroup_mandate or ""
        if mandate and group.workgroup_mandate != mandate:
            group.workgroup_mandate = mandate
        self.session.flush()
        return group

    def _find_person(self, first: str, last: str, organisation_id: int | None) -> Person | None:
        candidates = self.session.scalars(
            select(Person).where(Person.name_key == name_key(first, last))
        ).all()
        for person in candidates:
            if organisation_id is None or person.organisation_id in (None, organisation_id):
                return person
        return None

    def _find_by_short_key(self, name: str) -> Person | None:
        wanted = _short_key(name)
        first = wanted[0]
        for person in self.session.scalars(select(Person).where(Person.name_key.startswith(first))):
            if _short_key(person.full_name) == wanted:
                return person
        return None

    def _roster(self, group: Group) -> list[Person]:
        """Upsert the roster's people and memberships with a few batched statements: people,
        organisations and memberships are read once, new rows flushed together."""
        rows = self.parsed.roster
        emails = {normalise_email(row.email) for row in rows if row.email}
        keys = {name_key(row.first_name, row.last_name) for row in rows}
        found = self.session.scalars(
            select(Person).where(or_(Person.email.in_(emails), Person.name_key.in_(keys)))
        ).all()
        by_email = {person.email: person for person in found if person.email}
        by_key: dict[str, list[Person]] = {}
        for person in found:
            by_key.setdefault(person.name_key, []).append(person)
        names = {row.organisation for row in rows if row.organisation}
        orgs = {
            org.name: org
            for org in self.session.scalars(
                select(Organisation).where(Organisation.name.in_(names))
            )
        }
        self._memberships = {
            m.person_id: m
            for m in self.session.scalars(
                select(GroupMembership).where(GroupMembership.group_id == group.id)
            )
        }
        people = []
        for row in rows:
            org = None
            if row.organisation:
                org = orgs.get(row.organisation)
                if org is None:
                    org = orgs[row.organisation] = Organisation(name=row.organisation)
                    self.session.add(org)
            people.append(self._roster_person(row, org, by_email, by_key))
        self.session.flush()
        self._roster_ids = {person.id for person in people}
        for person in people:
            self._membership(group, person, Role.MEMBER, on_roster=True)
        self.session.flush()
        return people

    def _roster_person(
        self,
        row: ParsedPerson,
        org: Organisation | None,
        by_email: dict[str, Person],
        by_key: dict[str, list[Person]],
    ) -> Person:
        key = name_key(row.first_name, row.last_name)
        person = by_email.get(normalise_email(row.email)) if row.email else None
        if person is None:
            person = next(
                (p for p in by_key.get(key, []) if org is None or p.organisation in (None, org)),
                None,
            )
        if person is None:
            person = Person(
                first_name=row.first_name,
                last_name=row.last_name,
                name_key=key,
                organisation=org,
                email=row.email,
                phone=row.phone,
                language="nb",
            )
            self.session.add(person)
            by_key.setdefault(key, []).append(person)
            if person.email:
                by_email[person.email] = person
        else:
            if org is not None and person.organisation is not org:
                person.organisation = org
            if row.email and person.email != normalise_email(row.email):
                person.email = row.email
            if row.phone and person.phone != row.phone:
                person.phone = row.phone
        return person

    def _membership(self, group: Group, person: Person, role: Role, *, on_roster: bool) -> None:
        membership = self._memberships.get(person.id)
        if membership is None and person.id not in self._roster_ids:
            # Off the roster (a lead, the contact): not among the memberships read in one go.
            membership = self.session.scalar(
                select(GroupMembership).where(
                    GroupMembership.group_id == group.id, GroupMembership.person_id == person.id
                )
            )
        if membership is None:
            membership = GroupMembership(
                group_id=group.id, person=person, role=role, on_roster=on_roster
            )
            self.session.add(membership)
            self._memberships[person.id] = membership
            return
        # The secretariat role outranks member; being on the roster is never taken away here.
        if role == Role.SECRETARIAT and membership.role != Role.SECRETARIAT:
            membership.role = role
        if on_roster and not membership.on_roster:
            membership.on_roster = True

    def _named_person(
        self, group: Group, name: str, *, organisation: str | None, role: Role
    ) -> Person:
        """Find someone named in prose (lead, case officer) or add them, off the roster."""
        person = self._find_by_short_key(name)
        first, last = _split_name(name.replace(".", ". ").replace("  ", " "))
        if person is None:
            org = get_or_create_organisation(self.session, organisation) if organisation else None
            person = Person(
                first_name=first,
                last_name=last,
                name_key=name_key(first, last),
                organisation=org,
                language="nb",
            )
            self.session.add(person)
            self.session.flush()
        elif len(name) > len(person.full_name) and "." not in name:
            # Prefer the fullest spelling ("Karoline Holmstrøm Ulateig" over "Karoline Ulateig").
            person.first_name, person.last_name = first, last
            person.name_key = name_key(first, last)
        self._membership(group, person, role, on_roster=False)
        return person

    def _secretariat(self, group: Group) -> list[Person]:
        parsed = self.parsed
        org = parsed.secretariat_organisation or parsed.organisation_name
        names = [
            n for n in (parsed.signature_name, parsed.contact.name if parsed.contact else None) if n
        ]
        officers: list[Person] = []
        for name in names:
            person = self._named_person(group, name, organisation=org, role=Role.SECRETARIAT)
            if parsed.contact and _short_key(parsed.contact.name) == _short_key(name):
                if parsed.contact.phone and person.phone != parsed.contact.phone:
                    person.phone = parsed.contact.phone
                if parsed.contact.email and person.email != parsed.contact.email:
                    person.email = parsed.contact.email
            officers.append(person)
        ranges: list[tuple[Person, date | None, date | None]] = []
        current = officers[0] if officers else None
        start: date | None = None
        for change in parsed.contact_changes:
            outgoing = (
                self._named_person(
                    group, change.outgoing_name, organisation=org, role=Role.SECRETARIAT
                )
                if change.outgoing_name
                else current
            )
            if outgoing is not None:
                ranges.append((outgoing, start, change.last_day))
            current = self._named_person(
                group, change.incoming_name, organisation=org, role=Role.SECRETARIAT
            )
            start = change.first_day
        if current is not None:
            ranges.append((current, start, None))
        for person, valid_from, valid_to in _merge_ranges(ranges):
            self._contact(group, person, valid_from, valid_to)
        return officers

    def _contact(
        self, group: Group, person: Person, valid_from: date | None, valid_to: date | None
    ) -> None:
        existing = self.session.scalar(
            select(SecretariatContact).where(
                SecretariatContact.group_id == group.id, SecretariatContact.person_id == person.id
            )
        )
        if existing is None:
            self.session.add(
                SecretariatContact(
                    group_id=group.id, person_id=person.id, valid_from=valid_from, valid_to=valid_to
                )
            )
            return
        if (existing.valid_from, existing.valid_to) != (valid_from, valid_to):
            existing.valid_from, existing.valid_to = valid_from, valid_to

    # --- workgroups -------------------------------------------------------------------------

    def _workgroup(self, group: Group, parsed: ParsedWorkgroup) -> Workgroup:
        lead = (
            self._named_person(
                group, parsed.lead_name, organisation=parsed.lead_organisation, role=Role.MEMBER
            )
            if parsed.lead_name
            else None
        )
        number, name = parsed.number, parsed.name
        workgroup = self.session.scalar(
            select(Workgroup).where(Workgroup.group_id == group.id, Workgroup.number == number)
        )
        if workgroup is None:
            workgroup = Workgroup(
                group_id=group.id,
                number=number,
                letter=parsed.letter,
                name=name,
                lead_id=lead.id if lead else None,
            )
            self.session.add(workgroup)
            self.session.flush()
        else:
            _assign(workgroup, {"name": name, "letter": parsed.letter})
            if lead is not None and workgroup.lead_id != lead.id:
                workgroup.lead_id = lead.id
        if lead is not None:
            member = self.session.scalar(
                select(WorkgroupMember).where(
                    WorkgroupMember.workgroup_id == workgroup.id,
                    WorkgroupMember.person_id == lead.id,
                )
            )
            if member is None:
                self.session.add(WorkgroupMember(workgroup_id=workgroup.id, person_id=lead.id))
        return workgroup

    # --- meeting and agenda -----------------------------------------------------------------

    def _at(self, day: date, clock: time | None) -> datetime:
        return datetime.combine(day, clock or time(0, 0), tzinfo=self.zone)

    def _meeting(self, group: Group) -> Meeting | None:
        parsed = self.parsed.meeting
        if parsed.date is None:
            return None
        starts = self._at(parsed.date, parsed.start)
        ends = self._at(parsed.date, parsed.end) if parsed.end else None
        meeting = self.session.scalar(
            select(Meeting).where(Meeting.group_id == group.id, Meeting.starts_at == starts)
        )
        values: dict[str, Any] = {
            "title": f"Møte i faggruppe for {group.name}",
            "ends_at": ends,
            "place": parsed.place or "",
            "description": parsed.description,
            "previous_meeting_on": parsed.previous_meeting_date,
        }
        if meeting is None:
            meeting = Meeting(group_id=group.id, starts_at=starts, **values)
            self.session.add(meeting)
            self.session.flush()
            return meeting
        old = {key: getattr(meeting, key) for key in values}
        _assign(meeting, values)
        history.record(
            self.session,
            actor=self.actor,
            at=self.now,
            entity="meeting",
            entity_id=meeting.id,
            old=old,
            new=values,
        )
        return meeting

    def _next_meeting(self, group: Group, meeting: Meeting | None) -> Meeting | None:
        """The meeting the letter plans ("rapporterer på neste møte 15. mai"), at the time given,
        else at this meeting's time of day (groups meet at a fixed hour)."""
        day = self.parsed.next_meeting_date
        if day is None:
            return None
        clock = self.parsed.next_meeting_start or self.parsed.meeting.start
        starts = self._at(day, clock)
        found = self.session.scalar(
            select(Meeting).where(Meeting.group_id == group.id, Meeting.starts_at == starts)
        )
        if found is not None or (meeting is not None and meeting.starts_at == starts):
            return found or meeting
        found = Meeting(
            group_id=group.id,
            starts_at=starts,
            title=f"Møte i faggruppe for {group.name}",
            place="",
            description="",
        )
        self.session.add(found)
        self.session.flush()
        return found

    def _agenda(self, meeting: Meeting) -> dict[tuple[bool, str], AgendaItem]:
        items: dict[tuple[bool, str], AgendaItem] = {}
        for position, parsed_part in enumerate(self.parsed.parts, start=1):
            part = self._part(meeting, position, parsed_part)
            for parsed_item in parsed_part.items:
                item = self._item(part, parsed_item)
                items[(parsed_part.is_group_part, parsed_item.label)] = item
        return items

    def _part(self, meeting: Meeting, position: int, parsed: ParsedPart) -> MeetingPart:
        day = self.parsed.meeting.date
        assert day is not None
        values: dict[str, Any] = {
            "title": parsed.title,
            "is_group_part": parsed.is_group_part,
            "starts_at": self._at(day, parsed.start) if parsed.start else None,
            "ends_at": self._at(day, parsed.end) if parsed.end else None,
            "link_label": parsed.link_label,
        }
        part = self.session.scalar(
            select(MeetingPart).where(
                MeetingPart.meeting_id == meeting.id, MeetingPart.position == position
            )
        )
        if part is None:
            part = MeetingPart(meeting_id=meeting.id, position=position, **values)
            self.session.add(part)
            self.session.flush()
        else:
            _assign(part, values)
        return part

    def _item(self, part: MeetingPart, parsed: ParsedAgendaItem) -> AgendaItem:
        item = self.session.scalar(
            select(AgendaItem).where(
                AgendaItem.part_id == part.id, AgendaItem.number == parsed.number
            )
        )
        if item is None:
            item = AgendaItem(
                part_id=part.id, number=parsed.number, label=parsed.label, title=parsed.title
            )
            self.session.add(item)
            self.session.flush()
        else:
            _assign(item, {"label": parsed.label, "title": parsed.title})
        wanted = [(p.level, p.text) for p in parsed.sub_points]
        current = self.session.scalars(
            select(AgendaSubPoint)
            .where(AgendaSubPoint.item_id == item.id)
            .order_by(AgendaSubPoint.position)
        ).all()
        if [(p.level, p.text) for p in current] != wanted:
            for old in current:
                self.session.delete(old)
            self.session.flush()
            for position, (level, text) in enumerate(wanted, start=1):
                self.session.add(
                    AgendaSubPoint(item_id=item.id, position=position, level=level, text=text)
                )
        return item

    # --- deadlines, events, consultations ---------------------------------------------------

    def _deadline(
        self,
        group: Group,
        meeting: Meeting | None,
        items: dict[tuple[bool, str], AgendaItem],
        parsed: Any,
    ) -> Deadline | None:
        item = items.get((parsed.part_is_group, parsed.agenda_item_label or ""))
        relative = parsed.offset_days is not None and meeting is not None
        values: dict[str, Any] = {
            "kind": DeadlineKind(parsed.kind),
            "title": parsed.text,
            "due_on": None if relative else parsed.due,
            "offset_days": parsed.offset_days if relative else None,
        }
        if values["due_on"] is None and values["offset_days"] is None:
            return None
        query = select(Deadline).where(Deadline.group_id == group.id, Deadline.title == parsed.text)
        deadline = self.session.scalar(query)
        if deadline is None:
            deadline = Deadline(
                group_id=group.id,
                meeting_id=meeting.id if meeting else None,
                agenda_item_id=item.id if item else None,
                **values,
            )
            self.session.add(deadline)
        else:
            _assign(
                deadline,
                {
                    **values,
                    "meeting_id": meeting.id if meeting else None,
                    "agenda_item_id": item.id if item else None,
                },
            )
        return deadline

    def _event(self, group: Group, parsed: ParsedEvent) -> Event:
        event_row = self.session.scalar(
            select(Event).where(
                Event.group_id == group.id,
                Event.title == parsed.title,
                Event.starts_on == parsed.start,
            )
        )
        values = {
            "ends_on": parsed.end,
            "start_time": parsed.start_time,
            "end_time": parsed.end_time,
        }
        if event_row is None:
            event_row = Event(
                group_id=group.id, title=parsed.title, starts_on=parsed.start, **values
            )
            self.session.add(event_row)
        else:
            _assign(event_row, values)
        return event_row

    def _consultation(self, group: Group, title: str, text: str, due: date | None) -> None:
        row = self.session.scalar(
            select(Consultation).where(
                Consultation.group_id == group.id, Consultation.title == title
            )
        )
        if row is None:
            self.session.add(
                Consultation(group_id=group.id, title=title, description=text, due_on=due)
            )
        else:
            _assign(row, {"description": text, "due_on": due})


def _assign(obj: object, values: dict[str, Any]) -> None:
    """Set only what differs, so an unchanged import leaves no dirty rows behind."""
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
