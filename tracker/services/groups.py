"""Groups, rosters, people, organisations, workgroups, the secretariat contact and the overview."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from tracker import schemas as s
from tracker.db import UnitOfWork
from tracker.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tracker.i18n import N_
from tracker.models import (
    OPEN_STATUSES,
    Group,
    GroupMembership,
    Organisation,
    Person,
    Role,
    SecretariatContact,
    Task,
    Workgroup,
)
from tracker.services import history, permissions
from tracker.services.context import Actor, ServiceContext
from tracker.services.meetings import list_deadlines, next_meeting
from tracker.services.views import group_view, person_view, task_view, workgroup_view
from tracker.text import normalise_email


def name_key(first_name: str, last_name: str) -> str:
    """The key people are found by: case-folded, single-spaced 'first last'."""
    return " ".join(f"{first_name} {last_name}".split()).casefold()


def load_group(session: Session, group_id: int) -> Group:
    """Load a group or raise NotFound."""
    group = session.scalar(
        select(Group).options(joinedload(Group.organisation)).where(Group.id == group_id)
    )
    if group is None:
        raise NotFound(N_("Group {id} does not exist."), id=group_id)
    return group


def list_groups(ctx: ServiceContext) -> list[s.GroupView]:
    """All groups."""
    with ctx.uow() as uow:
        rows = uow.session.scalars(
            select(Group).options(joinedload(Group.organisation)).order_by(Group.id)
        )
        return [group_view(row) for row in rows]


def get_group(ctx: ServiceContext, *, group_id: int) -> s.GroupView:
    """One group."""
    with ctx.uow() as uow:
        return group_view(load_group(uow.session, group_id))


def slugify(name: str) -> str:
    """A URL-safe slug of a group name (Norwegian letters spelt out)."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})
    words = "".join(c if c.isalnum() else " " for c in name.casefold().translate(table)).split()
    return "-".join(words)[:100] or "group"


def create_group(
    ctx: ServiceContext, *, actor: Actor, name: str, organisation: str | None = None
) -> s.GroupView:
    """Create a group; only trusted callers (the CLI, an import) may."""
    if not actor.system:
        raise PermissionDenied(N_("Only an administrator can create groups."))
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(N_("{field} cannot be empty."), field="name")
    with ctx.uow() as uow:
        session = uow.session
        slug = slugify(name)
        if session.scalar(select(Group.id).where(Group.slug == slug)) is not None:
            raise Conflict(N_("A group named {name} already exists."), name=name, field="name")
        org = get_or_create_organisation(session, organisation) if organisation else None
        group = Group(name=name, slug=slug, organisation=org, timezone=ctx.zone.key)
        session.add(group)
        uow.flush()
        view = group_view(group)
        uow.commit()
        return view


def group_of_person(ctx: ServiceContext, *, person_id: int) -> int | None:
    """The group a person belongs to (the first, when several)."""
    with ctx.uow() as uow:
        found = uow.session.scalar(
            select(GroupMembership.group_id)
            .where(GroupMembership.person_id == person_id)
            .order_by(GroupMembership.group_id)
            .limit(1)
        )
        if found is None:
            found = uow.session.scalar(
                select(Workgroup.group_id).where(Workgroup.lead_id == person_id).limit(1)
            )
        return found


def default_group_id(ctx: ServiceContext) -> int | None:
    """The group to show when only one exists (the common case), else the first."""
    with ctx.uow() as uow:
        return uow.session.scalar(select(Group.id).order_by(Group.id).limit(1))


# --- organisations and people ---------------------------------------------------------------


def list_organisations(ctx: ServiceContext) -> list[s.OrganisationView]:
    """All organisations by name."""
    with ctx.uow() as uow:
        rows = uow.session.scalars(select(Organisation).order_by(Organisation.name))
        return [s.OrganisationView.model_validate(row) for row in rows]


def get_or_create_organisation(session: Session, name: str) -> Organisation:
    """Find an organisation by exact name or create it."""
    organisation = session.scalar(select(Organisation).where(Organisation.name == name))
    if organisation is None:
        organisation = Organisation(name=name)
        session.add(organisation)
        session.flush()
    return organisation


def _load_person(session: Session, person_id: int) -> Person:
    person = session.scalar(
        select(Person).options(joinedload(Person.organisation)).where(Person.id == person_id)
    )
    if person is None:
        raise NotFound(N_("Person {id} does not exist."), id=person_id)
    return person


def get_person(ctx: ServiceContext, *, person_id: int) -> s.PersonView:
    """One person."""
    with ctx.uow() as uow:
        return person_view(_load_person(uow.session, person_id))


def list_people(ctx: ServiceContext) -> list[s.PersonView]:
    """Everyone, by name."""
    with ctx.uow() as uow:
        rows = uow.session.scalars(
            select(Person)
            .options(joinedload(Person.organisation))
            .order_by(Person.last_name, Person.first_name, Person.id)
        )
        return [person_view(row) for row in rows]


def find_people(ctx: ServiceContext, *, name: str) -> list[s.PersonView]:
    """People whose full name, first name or last name matches what was typed."""
    wanted = " ".join(name.split()).casefold()
    with ctx.uow() as uow:
        rows = uow.session.scalars(
            select(Person).options(joinedload(Person.organisation)).order_by(Person.id)
        )
        exact = [p for p in rows if p.name_key == wanted]
        if exact:
            return [person_view(p) for p in exact]
        rows = uow.session.scalars(
            select(Person).options(joinedload(Person.organisation)).order_by(Person.id)
        )
        return [
            person_view(p)
            for p in rows
            if wanted in (p.first_name.casefold(), p.last_name.casefold())
            or p.name_key.startswith(wanted + " ")
        ]


def _check_email_free(session: Session, email: str | None, person_id: int | None) -> None:
    if email is None:
        return
    # Addresses are stored normalised (the schemas and the Person model see to it), so equality
    # finds every spelling; SQL lower() would fold ASCII only on SQLite.
    email = normalise_email(email)
    other = session.scalar(select(Person.id).where(Person.email == email))
    if other is not None and other != person_id:
        raise _email_taken(email)


def _email_taken(email: str) -> Conflict:
    return Conflict(
        N_("Someone else already has the e-mail address {email}."), email=email, field="email"
    )


def _flush_person(uow: UnitOfWork, email: str | None) -> None:
    """Flush, turning a unique address taken meanwhile by a concurrent request into a Conflict."""
    try:
        uow.flush()
    except IntegrityError as exc:
        if email is not None and "email" in str(exc.orig).lower():
            raise _email_taken(normalise_email(email)) from None
        raise


def add_person(
    ctx: ServiceContext, *, actor: Actor, group_id: int, data: s.PersonCreate
) -> s.PersonView:
    """Add a person to a group's roster (the secretariat's job)."""
    with ctx.uow() as uow:
        session = uow.session
        load_group(session, group_id)
        permissions.require_secretariat(session, actor, group_id)
        _check_email_free(session, data.email, None)
        organisation = (
            get_or_create_organisation(session, data.organisation) if data.organisation else None
        )
        person = Person(
            first_name=data.first_name,
            last_name=data.last_name,
            name_key=name_key(data.first_name, data.last_name),
            organisation=organisation,
            email=data.email,
            phone=data.phone,
            language=data.language,
        )
        session.add(person)
        _flush_person(uow, data.email)
        session.add(GroupMembership(group_id=group_id, person_id=person.id, role=data.role))
        view = person_view(person)
        uow.commit()
        return view


def update_person(
    ctx: ServiceContext, *, actor: Actor, person_id: int, data: s.PersonUpdate
) -> s.PersonView:
    """Change a person's details: themselves, or the secretariat of a group they are in."""
    changes: dict[str, Any] = {name: getattr(data, name) for name in data.model_fields_set}
    with ctx.uow() as uow:
        session = uow.session
        person = _load_person(session, person_id)
        if actor.person_id != person.id and not actor.system:
            group_ids = session.scalars(
                select(GroupMembership.group_id).where(GroupMembership.person_id == person.id)
            ).all()
            if not any(permissions.is_secretariat(session, actor, gid) for gid in group_ids):
                permissions.require_secretariat(session, actor, -1)
        for required in ("first_name", "language"):
            if required in changes and changes[required] is None:
                raise InvalidInput(N_("{field} cannot be empty."), field=required)
        if "email" in changes:
            _check_email_free(session, changes["email"], person.id)
        tracked = ("first_name", "last_name", "email", "phone", "language")
        old = {name: getattr(person, name) for name in tracked}
        for name, value in changes.items():
            setattr(person, name, value if value is not None or name != "last_name" else "")
        person.name_key = name_key(person.first_name, person.last_name)
        history.record(
            session,
            actor=actor,
            at=ctx.clock.now(),
            entity="person",
            entity_id=person.id,
            old=old,
            new={name: getattr(person, name) for name in tracked},
        )
        _flush_person(uow, changes.get("email"))
        view = person_view(person)
        uow.commit()
        return view


def roster(ctx: ServiceContext, *, group_id: int) -> list[s.MemberView]:
    """The group's roster by organisation and name."""
    with ctx.uow() as uow:
        load_group(uow.session, group_id)
        rows = uow.session.scalars(
            select(GroupMembership)
            .options(joinedload(GroupMembership.person).joinedload(Person.organisation))
            .where(GroupMembership.group_id == group_id)
        )
        members = [
            s.MemberView(
                person=person_view(row.person), role=Role(row.role), on_roster=row.on_roster
            )
            for row in rows
        ]
    return sorted(
        members,
        key=lambda m: (
            (m.person.organisation or "").casefold(),
            m.person.last_name.casefold(),
            m.person.first_name.casefold(),
        ),
    )


_MEMBER_NAMES = (
    select(Person.id, Person.first_name, Person.last_name)
    .join(GroupMembership, GroupMembership.person_id == Person.id)
    .where(GroupMembership.group_id == bindparam("group_id"))
    .order_by(Person.id)
)


def member_names(ctx: ServiceContext, *, group_id: int) -> list[tuple[int, str, str]]:
    """Id, first and last name of everyone in the group: what names in chat are read against."""
    with ctx.read() as conn:
        return [
            (r.id, r.first_name, r.last_name)
            for r in conn.execute(_MEMBER_NAMES, {"group_id": group_id})
        ]


_WORKGROUP_NAMES = (
    select(Workgroup.number, Workgroup.name)
    .where(Workgroup.group_id == bindparam("group_id"))
    .order_by(Workgroup.number)
)


def workgroup_names(ctx: ServiceContext, *, group_id: int) -> list[tuple[int, str]]:
    """Number and name of each of the group's workgroups."""
    with ctx.read() as conn:
        return [(r.number, r.name) for r in conn.execute(_WORKGROUP_NAMES, {"group_id": group_id})]


# --- secretariat contact --------------------------------------------------------------------


def contacts(ctx: ServiceContext, *, group_id: int) -> list[s.ContactView]:
    """The secretariat's contacts over time."""
    with ctx.uow() as uow:
        group = load_group(uow.session, group_id)
        rows = uow.session.scalars(
            select(SecretariatContact)
            .options(joinedload(SecretariatContact.person).joinedload(Person.organisation))
            .where(SecretariatContact.group_id == group.id)
            .order_by(SecretariatContact.valid_from.is_not(None), SecretariatContact.valid_from)
        )
        return [
            s.ContactView(
                person=person_view(r.person), valid_from=r.valid_from, valid_to=r.valid_to
            )
            for r in rows
        ]


def contact_on(
    ctx: ServiceContext, *, group_id: int, day: date | None = None
) -> s.ContactView | None:
    """Who the secretariat's contact person is on a given day (today by default)."""
    day = day or ctx.today()
    for contact in contacts(ctx, group_id=group_id):
        if (contact.valid_from is None or contact.valid_from <= day) and (
            contact.valid_to is None or day <= contact.valid_to
        ):
            return contact
    return None


# --- workgroups -----------------------------------------------------------------------------


def list_workgroups(ctx: ServiceContext, *, group_id: int | None = None) -> list[s.WorkgroupView]:
    """Workgroups by number."""
    query = (
        select(Workgroup)
        .options(joinedload(Workgroup.lead))
        .order_by(Workgroup.group_id, Workgroup.number)
    )
    if group_id is not None:
        query = query.where(Workgroup.group_id == group_id)
    with ctx.uow() as uow:
        return [workgroup_view(row) for row in uow.session.scalars(query)]


# A chat command in a workgroup's room reads its workgroup every time: one prebuilt Core query.
_WORKGROUP = (
    select(
        Workgroup.id,
        Workgroup.group_id,
        Workgroup.number,
        Workgroup.name,
        Workgroup.lead_id,
        Person.first_name,
        Person.last_name,
    )
    .outerjoin(Person, Workgroup.lead_id == Person.id)
    .where(Workgroup.id == bindparam("workgroup_id"))
)


def get_workgroup(ctx: ServiceContext, *, workgroup_id: int) -> s.WorkgroupView:
    """One workgroup."""
    with ctx.uow() as uow:
        row = uow.session.connection().execute(_WORKGROUP, {"workgroup_id": workgroup_id}).first()
    if row is None:
        raise NotFound(N_("Workgroup {id} does not exist."), id=workgroup_id)
    lead = f"{row.first_name} {row.last_name}".strip() if row.lead_id is not None else None
    return s.WorkgroupView.model_construct(
        id=row.id,
        group_id=row.group_id,
        number=row.number,
        name=row.name,
        lead_id=row.lead_id,
        lead_name=lead,
    )


def create_workgroup(
    ctx: ServiceContext, *, actor: Actor, group_id: int, data: s.WorkgroupCreate
) -> s.WorkgroupView:
    """Set up a workgroup (the secretariat's job)."""
    with ctx.uow() as uow:
        session = uow.session
        load_group(session, group_id)
        permissions.require_secretariat(session, actor, group_id)
        taken = session.scalar(
            select(Workgroup.id).where(
                Workgroup.group_id == group_id, Workgroup.number == data.number
            )
        )
        if taken is not None:
            raise Conflict(
                N_("There is already a workgroup {number}."), number=data.number, field="number"
            )
        if data.lead_id is not None:
            _load_person(session, data.lead_id)
        workgroup = Workgroup(group_id=group_id, **data.model_dump())
        session.add(workgroup)
        uow.flush()
        session.refresh(workgroup, ["lead"])
        view = workgroup_view(workgroup)
        uow.commit()
        return view


def update_workgroup(
    ctx: ServiceContext, *, actor: Actor, workgroup_id: int, data: s.WorkgroupUpdate
) -> s.WorkgroupView:
    """Rename a workgroup or change its lead."""
    changes = {name: getattr(data, name) for name in data.model_fields_set}
    with ctx.uow() as uow:
        session = uow.session
        workgroup = session.get(Workgroup, workgroup_id)
        if workgroup is None:
            raise NotFound(N_("Workgroup {id} does not exist."), id=workgroup_id)
        permissions.require_secretariat(session, actor, workgroup.group_id)
        if "name" in changes and changes["name"] is None:
            raise InvalidInput(N_("{field} cannot be empty."), field="name")
        if changes.get("lead_id") is not None:
            _load_person(session, changes["lead_id"])
        old = {"name": workgroup.name, "lead_id": workgroup.lead_id}
        for name, value in changes.items():
            setattr(workgroup, name, value)
        history.record(
            session,
            actor=actor,
            at=ctx.clock.now(),
            entity="workgroup",
            entity_id=workgroup.id,
            old=old,
            new={"name": workgroup.name, "lead_id": workgroup.lead_id},
        )
        uow.flush()
        session.refresh(workgroup, ["lead"])
        view = workgroup_view(workgroup)
        uow.commit()
        return view


# --- overview -------------------------------------------------------------------------------


def overview(ctx: ServiceContext, *, group_id: int, horizon_days: int = 14) -> s.GroupOverview:
    """The group at a glance, in a fixed number of queries whatever the amount of data."""
    today = ctx.today()
    with ctx.uow() as uow:
        session = uow.session
        group = load_group(session, group_id)
        workgroups = list(
            session.scalars(
                select(Workgroup)
                .options(joinedload(Workgroup.lead))
                .where(Workgroup.group_id == group_id)
                .order_by(Workgroup.number)
            )
        )
        counts = _status_counts(session, group_id, today)
        due_soon = _next_due(session, group_id, today + timedelta(days=horizon_days))
        lines = [
            s.WorkgroupOverview(
                workgroup=workgroup_view(wg),
                counts=s.StatusCount(**counts.get(wg.id, {}).get("status", {})),
                overdue=counts.get(wg.id, {}).get("overdue", 0),
                next_due=due_soon.get(wg.id, [])[:3],
            )
            for wg in workgroups
        ]
        view_group = group_view(group)
    deadlines = [
        d
        for d in list_deadlines(ctx, group_id=group_id)
        if d.resolved_on is not None and d.resolved_on >= today
    ]
    return s.GroupOverview(
        group=view_group,
        today=today,
        workgroups=lines,
        upcoming_deadlines=deadlines[:5],
        next_meeting=next_meeting(ctx, group_id=group_id),
        contact=contact_on(ctx, group_id=group_id, day=today),
    )


def _status_counts(session: Session, group_id: int, today: date) -> dict[int, dict[str, Any]]:
    overdue = case(
        (Task.status.in_([st.value for st in OPEN_STATUSES]) & (Task.due_on < today), 1), else_=0
    )
    rows = session.execute(
        select(Task.workgroup_id, Task.status, func.count(), func.sum(overdue))
        .join(Workgroup, Task.workgroup_id == Workgroup.id)
        .where(Workgroup.group_id == group_id)
        .group_by(Task.workgroup_id, Task.status)
    )
    result: dict[int, dict[str, Any]] = {}
    for workgroup_id, status, count, late in rows:
        entry = result.setdefault(workgroup_id, {"status": {}, "overdue": 0})
        entry["status"][str(status)] = int(count)
        entry["overdue"] += int(late or 0)
    return result


def _next_due(
    session: Session, group_id: int, until: date, per_workgroup: int = 3
) -> dict[int, list[s.TaskView]]:
    """The first few open tasks due by `until` in each workgroup, overdue first, in one query."""
    # Rank inside each workgroup so one workgroup's backlog cannot crowd out the others.
    rank = (
        func.row_number()
        .over(partition_by=Task.workgroup_id, order_by=(Task.due_on, Task.id))
        .label("rank")
    )
    ranked = (
        select(Task.id, rank)
        .join(Workgroup, Task.workgroup_id == Workgroup.id)
        .where(
            Workgroup.group_id == group_id,
            Task.status.in_([st.value for st in OPEN_STATUSES]),
            Task.due_on.is_not(None),
            Task.due_on <= until,
        )
        .subquery()
    )
    tasks = session.scalars(
        select(Task)
        .options(joinedload(Task.workgroup), joinedload(Task.owner).joinedload(Person.organisation))
        .join(ranked, ranked.c.id == Task.id)
        .where(ranked.c.rank <= per_workgroup)
        .order_by(Task.due_on, Task.id)
    ).unique()
    grouped: dict[int, list[s.TaskView]] = {}
    for task in tasks:
        grouped.setdefault(task.workgroup_id, []).append(task_view(task))
    return grouped
