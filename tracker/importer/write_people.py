"""The import writer's part for the group, its roster, roles, secretariat and workgroups."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import or_, select

from tracker.importer.parsed import (
    ParsedPerson,
    ParsedWorkgroup,
)
from tracker.importer.write_state import WriterState, assign
from tracker.models import (
    Group,
    GroupMembership,
    Organisation,
    Person,
    Role,
    SecretariatContact,
    Workgroup,
    WorkgroupMember,
)
from tracker.services.groups import get_or_create_organisation, name_key, slugify
from tracker.text import normalise_email

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


class PeopleWriter(WriterState):
    """Upserts the group, its people with their memberships and roles, and the workgroups."""

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
            assign(workgroup, {"name": name, "letter": parsed.letter})
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
