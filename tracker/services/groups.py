"""Groups, workgroups and the overview. People and organisations live in `people`, rosters and
the secretariat contact in `rosters`; their names are re-exported here, where callers find them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import Session, joinedload

from tracker import schemas as s
from tracker.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from tracker.i18n import N_
from tracker.models import (
    OPEN_STATUSES,
    Group,
    GroupMembership,
    Person,
    Task,
    Workgroup,
)
from tracker.services import history, permissions
from tracker.services.context import Actor, ServiceContext
from tracker.services.meetings import list_deadlines, next_meeting
from tracker.services.people import check_email_free as check_email_free
from tracker.services.people import find_people as find_people
from tracker.services.people import flush_person as flush_person
from tracker.services.people import get_or_create_organisation as get_or_create_organisation
from tracker.services.people import get_person as get_person
from tracker.services.people import list_organisations as list_organisations
from tracker.services.people import list_people as list_people
from tracker.services.people import load_person as load_person
from tracker.services.people import name_key as name_key
from tracker.services.people import update_person as update_person
from tracker.services.rosters import contact_on as contact_on
from tracker.services.rosters import contacts as contacts
from tracker.services.rosters import linked_members as linked_members
from tracker.services.rosters import load_group as load_group
from tracker.services.rosters import member_names as member_names
from tracker.services.rosters import roster as roster
from tracker.services.rosters import workgroup_names as workgroup_names
from tracker.services.views import group_view, person_view, task_view, workgroup_view


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


def add_person(
    ctx: ServiceContext, *, actor: Actor, group_id: int, data: s.PersonCreate
) -> s.PersonView:
    """Add a person to a group's roster (the secretariat's job)."""
    with ctx.uow() as uow:
        session = uow.session
        load_group(session, group_id)
        permissions.require_secretariat(session, actor, group_id)
        check_email_free(session, data.email, None)
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
        flush_person(uow, data.email)
        session.add(GroupMembership(group_id=group_id, person_id=person.id, role=data.role))
        view = person_view(person)
        uow.commit()
        return view


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
            load_person(session, data.lead_id)
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
            load_person(session, changes["lead_id"])
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
