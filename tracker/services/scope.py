"""What an asker may read, decided here once for every edge (API, chat, web): a person reads the
groups they are on the roster of (in any role) or lead a workgroup in, and nothing of any other
group; the system reads everything. A thing of another group answers exactly as a thing that does
not exist, so that nobody learns what another group holds, not even that it is there."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    Integer,
    Select,
    bindparam,
    exists,
    or_,
    select,
    union,
)
from sqlalchemy.orm import QueryableAttribute, aliased

from tracker.errors import NotFound
from tracker.i18n import N_
from tracker.models import (
    AgendaItem,
    Change,
    Contribution,
    Deadline,
    Event,
    GroupMembership,
    Meeting,
    MeetingPart,
    Role,
    Task,
    Workgroup,
)
from tracker.services.context import Actor, ServiceContext

T = TypeVar("T")

_LEAD_OF = aliased(Workgroup)
_Column = ColumnElement[Any] | QueryableAttribute[Any]


def reads_group(person_id: _Column, group_id: _Column) -> ColumnElement[bool]:
    """The rule as SQL, for a statement that reads more at once: the person is on the group's
    roster (any role) or leads one of its workgroups."""
    return or_(
        exists().where(
            GroupMembership.person_id == person_id, GroupMembership.group_id == group_id
        ),
        exists().where(_LEAD_OF.lead_id == person_id, _LEAD_OF.group_id == group_id),
    )


# The same rule, listing a person's groups.
_READABLE = union(
    select(GroupMembership.group_id).where(GroupMembership.person_id == bindparam("person_id")),
    select(Workgroup.group_id).where(Workgroup.lead_id == bindparam("person_id")),
)

# The group each kind of thing belongs to, by its id; and the words for one that is not there
# (the same words the services use, so that "not yours" and "not there" read alike).
_GROUP_OF: dict[str, Select[Any]] = {
    "group": select(bindparam("id", type_=Integer).label("group_id")),
    "workgroup": select(Workgroup.group_id).where(Workgroup.id == bindparam("id")),
    "task": select(Workgroup.group_id)
    .join(Task, Task.workgroup_id == Workgroup.id)
    .where(Task.id == bindparam("id")),
    "meeting": select(Meeting.group_id).where(Meeting.id == bindparam("id")),
    "agenda_item": select(Meeting.group_id)
    .join(MeetingPart, MeetingPart.meeting_id == Meeting.id)
    .join(AgendaItem, AgendaItem.part_id == MeetingPart.id)
    .where(AgendaItem.id == bindparam("id")),
    "deadline": select(Deadline.group_id).where(Deadline.id == bindparam("id")),
    "event": select(Event.group_id).where(Event.id == bindparam("id")),
    "contribution": select(Meeting.group_id)
    .join(MeetingPart, MeetingPart.meeting_id == Meeting.id)
    .join(AgendaItem, AgendaItem.part_id == MeetingPart.id)
    .join(Contribution, Contribution.agenda_item_id == AgendaItem.id)
    .where(Contribution.id == bindparam("id")),
}
_MISSING: dict[str, str] = {
    "group": N_("Group {id} does not exist."),
    "workgroup": N_("Workgroup {id} does not exist."),
    "task": N_("Task #{id} does not exist."),
    "meeting": N_("Meeting {id} does not exist."),
    "agenda_item": N_("Agenda item {id} does not exist."),
    "deadline": N_("Deadline {id} does not exist."),
    "event": N_("Event {id} does not exist."),
    "person": N_("Person {id} does not exist."),
}
# A deleted task keeps its history: the workgroup it was last in tells whose history it is.
_LAST_WORKGROUP = (
    select(Change.new_value)
    .where(
        Change.entity == "task",
        Change.entity_id == bindparam("id"),
        Change.field == "workgroup_id",
        Change.new_value.is_not(None),
    )
    .order_by(Change.at.desc(), Change.id.desc())
    .limit(1)
)
# Else the one group its deleter manages: only a lead or the secretariat may delete a task.
_DELETER = (
    select(Change.actor_id)
    .where(Change.entity == "task", Change.entity_id == bindparam("id"), Change.field == "deleted")
    .order_by(Change.at.desc(), Change.id.desc())
    .limit(1)
)
_MANAGED: CompoundSelect[Any] = union(
    select(GroupMembership.group_id).where(
        GroupMembership.person_id == bindparam("person_id"),
        GroupMembership.role == Role.SECRETARIAT,
    ),
    select(Workgroup.group_id).where(Workgroup.lead_id == bindparam("person_id")),
)
_PEOPLE_OF_GROUPS: CompoundSelect[Any] = union(
    select(GroupMembership.person_id).where(
        GroupMembership.group_id.in_(bindparam("groups", expanding=True))
    ),
    select(Workgroup.lead_id).where(
        Workgroup.group_id.in_(bindparam("groups", expanding=True)), Workgroup.lead_id.is_not(None)
    ),
)


@dataclass(frozen=True)
class ReadScope:
    """The groups one asker may read; `groups` None means every group (the system)."""

    person_id: int | None
    groups: frozenset[int] | None

    def covers(self, group_id: int | None) -> bool:
        """Whether the asker may read things of the group."""
        if group_id is None:
            return False
        return self.groups is None or group_id in self.groups

    def narrow(self, group_id: int | None) -> list[int] | None:
        """The groups a list asked for `group_id` (None: all) may show; None means no limit."""
        if group_id is not None:
            return [group_id] if self.covers(group_id) else []
        return None if self.groups is None else sorted(self.groups)


def readable_groups(conn: Connection, person_id: int | None) -> frozenset[int]:
    """The groups a person reads: on the roster in any role, or leading one of its workgroups."""
    if person_id is None:
        return frozenset()
    return frozenset(conn.scalars(_READABLE, {"person_id": person_id}))


def read_scope(ctx: ServiceContext, actor: Actor) -> ReadScope:
    """What the actor may read."""
    if actor.system:
        return ReadScope(None, None)
    with ctx.read() as conn:
        return ReadScope(actor.person_id, readable_groups(conn, actor.person_id))


def group_of(ctx: ServiceContext, *, kind: str, id: int) -> int | None:
    """The group a thing belongs to, or None when there is no such thing."""
    with ctx.read() as conn:
        found = conn.scalar(_GROUP_OF[kind], {"id": id})
        if found is None and kind == "task":
            found = _group_of_deleted_task(conn, id)
    return int(found) if found is not None else None


def _group_of_deleted_task(conn: Connection, task_id: int) -> int | None:
    last = conn.scalar(_LAST_WORKGROUP, {"id": task_id})
    if last is not None and last.isdigit():
        found: int | None = conn.scalar(_GROUP_OF["workgroup"], {"id": int(last)})
        return found
    deleter = conn.scalar(_DELETER, {"id": task_id})
    if deleter is None:
        return None  # never there, or deleted by the system: for the system to read
    managed = list(conn.scalars(_MANAGED, {"person_id": deleter}))
    return managed[0] if len(managed) == 1 else None


def missing(kind: str, id: int) -> NotFound:
    """The answer for a thing that is not there, or not the asker's to read."""
    return NotFound(_MISSING[kind], id=id)


def _group_and_rule(kind: str) -> Select[Any]:
    """The thing's group and whether the person reads it, in one statement."""
    found = _GROUP_OF[kind].subquery()
    group_id = next(iter(found.c))
    return select(group_id, reads_group(bindparam("person_id"), group_id))


_READS_THING = {kind: _group_and_rule(kind) for kind in _GROUP_OF}


def require_readable(ctx: ServiceContext, actor: Actor, *, kind: str, id: int) -> None:
    """Go on only if the thing exists and is of a group the actor reads; else NotFound."""
    if actor.system:
        return  # the service says whether it exists
    if actor.person_id is None:
        raise missing(kind, id)
    with ctx.read() as conn:
        row = conn.execute(_READS_THING[kind], {"id": id, "person_id": actor.person_id}).first()
        if row is None and kind == "task":
            home = _group_of_deleted_task(conn, id)
            readable = home is not None and home in readable_groups(conn, actor.person_id)
        else:
            readable = row is not None and bool(row[1])
    if not readable:
        raise missing(kind, id)


def readable_people(ctx: ServiceContext, scope: ReadScope) -> frozenset[int] | None:
    """The people the asker may read (None: everyone): themselves and the people of their
    groups' rosters and workgroup leads."""
    if scope.groups is None:
        return None
    found: set[int] = {scope.person_id} if scope.person_id is not None else set()
    if scope.groups:
        with ctx.read() as conn:
            found.update(
                person_id
                for person_id in conn.scalars(_PEOPLE_OF_GROUPS, {"groups": list(scope.groups)})
                if person_id is not None
            )
    return frozenset(found)


def require_person(ctx: ServiceContext, actor: Actor, *, person_id: int) -> ReadScope:
    """Go on only if the person exists and shares a group with the actor (or is the actor)."""
    scope = read_scope(ctx, actor)
    people = readable_people(ctx, scope)
    if people is not None and person_id not in people:
        raise missing("person", person_id)
    return scope  # whether the person exists at all, the service that reads them says


def filter_groups(
    items: Iterable[T], scope: ReadScope, group_of_item: Callable[[T], int | None]
) -> list[T]:
    """The items whose group the asker reads, in their order."""
    return [item for item in items if scope.covers(group_of_item(item))]
