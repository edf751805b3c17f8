"""Task use cases: create, change, comment, list. The only code that writes tasks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Select, bindparam, false, insert, or_, select, update
from sqlalchemy.orm import Session, aliased, joinedload

from tracker import schemas as s
from tracker.dates import shift_date
from tracker.errors import Conflict, InvalidInput, NotFound
from tracker.i18n import N_
from tracker.models import (
    AgendaItem,
    Comment,
    GroupMembership,
    Meeting,
    MeetingPart,
    Person,
    Task,
    TaskStatus,
    Workgroup,
)
from tracker.services import history, permissions
from tracker.services.context import Actor, ServiceContext
from tracker.services.views import comment_view, task_view

# Fields a task's owner may change; the rest need the lead or the secretariat.
OWNER_FIELDS = frozenset({"title", "description", "due_on", "status", "blocked_reason", "version"})
TRACKED_FIELDS = (
    "title",
    "description",
    "workgroup_id",
    "owner_id",
    "status",
    "blocked_reason",
    "due_on",
    "meeting_id",
    "agenda_item_id",
)


# Reads go through Core rows, not ORM objects: a chat command lists tasks on its hot path and
# hydrating entities costs several times more than the query itself.
_TASK_COLUMNS = (
    Task.id,
    Task.title,
    Task.description,
    Task.status,
    Task.blocked_reason,
    Task.due_on,
    Task.workgroup_id,
    Workgroup.number.label("workgroup_number"),
    Workgroup.name.label("workgroup_name"),
    Task.owner_id,
    Person.first_name.label("owner_first"),
    Person.last_name.label("owner_last"),
    Task.meeting_id,
    Task.agenda_item_id,
    Task.source_link,
    Task.created_at,
    Task.updated_at,
    Task.completed_at,
    Task.version,
)


def _row_view(row: Any) -> s.TaskView:
    owner = f"{row.owner_first} {row.owner_last}".strip() if row.owner_id is not None else None
    return s.TaskView.model_construct(
        id=row.id,
        title=row.title,
        description=row.description,
        status=TaskStatus(row.status),
        blocked_reason=row.blocked_reason,
        due_on=row.due_on,
        workgroup_id=row.workgroup_id,
        workgroup_number=row.workgroup_number,
        workgroup_name=row.workgroup_name,
        owner_id=row.owner_id,
        owner_name=owner,
        meeting_id=row.meeting_id,
        agenda_item_id=row.agenda_item_id,
        source_link=row.source_link,
        created_at=row.created_at,
        updated_at=row.updated_at,
        completed_at=row.completed_at,
        version=row.version,
    )


def _task_query() -> Select[Task]:
    # The view needs the workgroup and the owner's name, nothing deeper.
    return select(Task).options(joinedload(Task.workgroup), joinedload(Task.owner))


def load_task(session: Session, task_id: int) -> Task:
    """Load a task with what its view needs, or raise NotFound."""
    task = session.scalar(_task_query().where(Task.id == task_id))
    if task is None:
        raise NotFound(N_("Task #{id} does not exist."), id=task_id)
    return task


def load_workgroup(session: Session, workgroup_id: int) -> Workgroup:
    """Load a workgroup or raise NotFound."""
    workgroup = session.get(Workgroup, workgroup_id)
    if workgroup is None:
        raise NotFound(N_("Workgroup {id} does not exist."), id=workgroup_id, field="workgroup_id")
    return workgroup


def _check_owner(session: Session, owner_id: int | None) -> None:
    if owner_id is not None and session.get(Person, owner_id) is None:
        raise InvalidInput(N_("Person {id} does not exist."), id=owner_id, field="owner_id")


def _check_links(
    session: Session, group_id: int, meeting_id: int | None, agenda_item_id: int | None
) -> int | None:
    """Validate the meeting and agenda item a task is due for; return the meeting id."""
    if agenda_item_id is not None:
        item = session.get(AgendaItem, agenda_item_id)
        if item is None:
            raise InvalidInput(
                N_("Agenda item {id} does not exist."), id=agenda_item_id, field="agenda_item_id"
            )
        part = session.get(MeetingPart, item.part_id)
        item_meeting = part.meeting_id if part else None
        if meeting_id is not None and meeting_id != item_meeting:
            raise InvalidInput(
                N_("Agenda item {id} is not on that meeting's agenda."),
                id=agenda_item_id,
                field="agenda_item_id",
            )
        meeting_id = item_meeting
    if meeting_id is not None:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None or meeting.group_id != group_id:
            raise InvalidInput(
                N_("Meeting {id} does not exist in this group."), id=meeting_id, field="meeting_id"
            )
    return meeting_id


def _check_blocked(status: TaskStatus, reason: str | None) -> None:
    if status == TaskStatus.BLOCKED and not (reason or "").strip():
        raise InvalidInput(
            N_("Say what the task is blocked by, e.g. «blocked: waiting for the budget»."),
            field="blocked_reason",
        )


def create_task(ctx: ServiceContext, *, actor: Actor, data: s.TaskCreate) -> s.TaskView:
    """Create a task in a workgroup."""
    with ctx.uow() as uow:
        session = uow.session
        workgroup = load_workgroup(session, data.workgroup_id)
        permissions.require_task_create(session, actor, workgroup, data.owner_id)
        _check_owner(session, data.owner_id)
        meeting_id = _check_links(session, workgroup.group_id, data.meeting_id, data.agenda_item_id)
        _check_blocked(data.status, data.blocked_reason)
        now = ctx.clock.now()
        task = Task(
            workgroup_id=workgroup.id,
            title=data.title,
            description=data.description,
            owner_id=data.owner_id,
            status=data.status,
            blocked_reason=data.blocked_reason if data.status == TaskStatus.BLOCKED else None,
            due_on=data.due_on,
            meeting_id=meeting_id,
            agenda_item_id=data.agenda_item_id,
            source_link=data.source_link,
            created_by_id=actor.person_id,
            created_at=now,
            updated_at=now,
            completed_at=now if data.status == TaskStatus.DONE else None,
        )
        session.add(task)
        uow.flush()
        history.record(
            session,
            actor=actor,
            at=now,
            entity="task",
            entity_id=task.id,
            old={"created": None},
            new={"created": task.title},
        )
        view = task_view(load_task(session, task.id))
        uow.commit()
        return view


@dataclass(frozen=True, slots=True)
class _WorkgroupScope:
    id: int
    group_id: int
    number: int
    lead_id: int | None


@dataclass(frozen=True, slots=True)
class _TaskScope:
    id: int
    owner_id: int | None
    workgroup: _WorkgroupScope


# The actor's role in the task's group comes along, so the permission check needs no query.
_ACTOR_ROLE = (
    select(GroupMembership.role)
    .where(
        GroupMembership.group_id == Workgroup.group_id,
        GroupMembership.person_id == bindparam("person_id"),
    )
    .correlate(Workgroup)
    .scalar_subquery()
)
_TASK_FOR_UPDATE = (
    select(*_TASK_COLUMNS, Workgroup.group_id, Workgroup.lead_id, _ACTOR_ROLE.label("actor_role"))
    .join(Workgroup, Task.workgroup_id == Workgroup.id)
    .outerjoin(Person, Task.owner_id == Person.id)
    .where(Task.id == bindparam("task_id"))
)
_TASK_ROW = (
    select(*_TASK_COLUMNS)
    .join(Workgroup, Task.workgroup_id == Workgroup.id)
    .outerjoin(Person, Task.owner_id == Person.id)
    .where(Task.id == bindparam("task_id"))
)

# The SET clause comes from the parameters of each call (the compiled form is cached per set
# of changed fields); the version in the WHERE refuses a lost update.
_UPDATE_TASK = update(Task).where(
    Task.id == bindparam("task_id"), Task.version == bindparam("expected_version")
)


def _conflict(task_id: int) -> Conflict:
    return Conflict(
        N_("Task #{id} was changed by someone else meanwhile; reload and try again."),
        id=task_id,
        field="version",
    )


@dataclass(frozen=True, slots=True)
class TaskChange:
    """A task as a change left it, and as it was before; equal versions mean nothing was written."""

    task: s.TaskView
    before: s.TaskView

    @property
    def changed(self) -> bool:
        """Whether anything differed, i.e. a new version and history rows were written."""
        return self.task.version != self.before.version


class NoDueDate(InvalidInput):
    """A shift of the due date of a task that has none: there is nothing to shift from."""


# What to change, decided from the task's row as read in the same transaction.
_ChangesOf = Callable[[Any], dict[str, Any]]


def update_task(
    ctx: ServiceContext, *, actor: Actor, task_id: int, data: s.TaskUpdate
) -> s.TaskView:
    """Change some fields of a task, keeping the history and refusing lost updates."""
    return apply_task_update(ctx, actor=actor, task_id=task_id, data=data).task


def apply_task_update(
    ctx: ServiceContext, *, actor: Actor, task_id: int, data: s.TaskUpdate
) -> TaskChange:
    """Like `update_task`, and says whether anything changed (a change to what is, is none)."""
    changes: dict[str, Any] = {name: getattr(data, name) for name in data.model_fields_set}
    return _apply(ctx, actor, task_id, lambda _row: changes)


def move_due(
    ctx: ServiceContext,
    *,
    actor: Actor,
    task_id: int,
    due_on: date,
    meeting_id: int | None = None,
    version: int | None = None,
) -> TaskChange:
    """Set a task's due date; a date not tied to a meeting unties the task from its meeting.

    Moved to the day it already has, the task keeps its meeting and nothing is written."""

    def changes_of(row: Any) -> dict[str, Any]:
        changes: dict[str, Any] = {"due_on": due_on, "version": version}
        if meeting_id is not None or row.due_on != due_on:
            changes["meeting_id"] = meeting_id
        return changes

    return _apply(ctx, actor, task_id, changes_of)


def shift_due(
    ctx: ServiceContext, *, actor: Actor, task_id: int, days: int = 0, months: int = 0
) -> TaskChange:
    """Move a task's current due date by days or months (negative: earlier), in one transaction.

    The shifted date no longer stands in a relation to a meeting, so the meeting link goes
    (unless the task belongs to an agenda item, whose meeting it keeps). A task without a due
    date raises NoDueDate."""

    def changes_of(row: Any) -> dict[str, Any]:
        if row.due_on is None:
            raise NoDueDate(N_("Task #{id} has no due date yet."), id=task_id, field="due_on")
        day = shift_date(row.due_on, days=days, months=months)
        if day is None:
            raise InvalidInput(N_("That date does not exist."), field="due_on")
        changes: dict[str, Any] = {"due_on": day}
        if day != row.due_on:
            changes["meeting_id"] = None
        return changes

    return _apply(ctx, actor, task_id, changes_of)


def _apply(ctx: ServiceContext, actor: Actor, task_id: int, changes_of: _ChangesOf) -> TaskChange:
    """Read the task, decide the changes from it, check them, and write them if any differ.

    Core statements with a version check in the UPDATE: a status change from chat runs this on
    every button press, and the ORM's flush machinery costs more than the update itself."""
    with ctx.uow() as uow:
        session = uow.session
        conn = session.connection()
        row = conn.execute(
            _TASK_FOR_UPDATE, {"task_id": task_id, "person_id": actor.person_id}
        ).first()
        if row is None:
            raise NotFound(N_("Task #{id} does not exist."), id=task_id)
        if actor.person_id is not None:
            permissions.remember_role(session, actor.person_id, row.group_id, row.actor_role)
        scope = _TaskScope(
            row.id,
            row.owner_id,
            _WorkgroupScope(row.workgroup_id, row.group_id, row.workgroup_number, row.lead_id),
        )
        changes = changes_of(row)
        if _needs_manage(changes):
            permissions.require_task_manage(session, actor, scope)
        else:
            permissions.require_task_edit(session, actor, scope)
        expected = changes.pop("version", None)
        if expected is not None and expected != row.version:
            raise _conflict(task_id)
        old = {field: getattr(row, field) for field in TRACKED_FIELDS}
        values = _validated(session, scope, old, changes)
        now = ctx.clock.now()
        before = _row_view(row)
        if not history.record(
            session,
            actor=actor,
            at=now,
            entity="task",
            entity_id=task_id,
            old=old,
            new={**old, **values},
        ):
            return TaskChange(before, before)  # nothing differs: no write, no new version
        if "status" in values and values["status"] != old["status"]:
            values["completed_at"] = now if values["status"] == TaskStatus.DONE else None
        values.update(updated_at=now, version=row.version + 1)
        result = conn.execute(
            _UPDATE_TASK, {**values, "task_id": task_id, "expected_version": row.version}
        )
        if result.rowcount != 1:
            raise _conflict(task_id)
        if values.keys() & {"workgroup_id", "owner_id"}:
            view = _row_view(conn.execute(_TASK_ROW, {"task_id": task_id}).one())
        else:
            # Nothing the row joined to has changed: the row read above plus the change is it.
            view = _row_view(SimpleNamespace(**(row._asdict() | values)))
        uow.commit()
        return TaskChange(view, before)


def _needs_manage(changes: dict[str, Any]) -> bool:
    """Whether the changes go beyond what a task's owner may do themselves."""
    beyond = changes.keys() - OWNER_FIELDS
    if "due_on" in changes:
        # A due date before a meeting carries that meeting: it is part of the due date.
        beyond -= {"meeting_id"}
    return bool(beyond)


def _validated(
    session: Session, scope: _TaskScope, old: dict[str, Any], changes: dict[str, Any]
) -> dict[str, Any]:
    """The changes as they will be written, after every rule about them is checked."""
    for required in ("title", "status", "workgroup_id", "description"):
        if required in changes and changes[required] is None:
            raise InvalidInput(N_("{field} cannot be empty."), field=required)
    group_id = scope.workgroup.group_id
    if "workgroup_id" in changes:
        target = load_workgroup(session, changes["workgroup_id"])
        if target.group_id != group_id:
            raise InvalidInput(
                N_("A task can only move to a workgroup of the same group."), field="workgroup_id"
            )
    if "owner_id" in changes:
        _check_owner(session, changes["owner_id"])
    if "meeting_id" in changes or "agenda_item_id" in changes:
        meeting_id = changes.get("meeting_id", old["meeting_id"])
        item_id = changes.get("agenda_item_id", old["agenda_item_id"])
        changes["meeting_id"] = _check_links(session, group_id, meeting_id, item_id)
    status = TaskStatus(changes.get("status", old["status"]))
    if "status" in changes:
        _check_blocked(status, changes.get("blocked_reason", old["blocked_reason"]))
    if status != TaskStatus.BLOCKED:
        changes["blocked_reason"] = None
    return {field: value for field, value in changes.items() if value != old[field]}


def change_status(
    ctx: ServiceContext,
    *,
    actor: Actor,
    task_id: int,
    status: TaskStatus,
    reason: str | None = None,
    version: int | None = None,
) -> s.TaskView:
    """Move a task to a new status (a reason is required for blocked)."""
    return apply_status(
        ctx, actor=actor, task_id=task_id, status=status, reason=reason, version=version
    ).task


def apply_status(
    ctx: ServiceContext,
    *,
    actor: Actor,
    task_id: int,
    status: TaskStatus,
    reason: str | None = None,
    version: int | None = None,
) -> TaskChange:
    """Like `change_status`, and says whether anything changed (the status it has is none)."""
    fields: dict[str, Any] = {"status": status, "version": version}
    if reason is not None:
        fields["blocked_reason"] = reason
    return apply_task_update(ctx, actor=actor, task_id=task_id, data=s.TaskUpdate(**fields))


def delete_task(ctx: ServiceContext, *, actor: Actor, task_id: int) -> None:
    """Delete a task; the history keeps a record that it existed."""
    with ctx.uow() as uow:
        session = uow.session
        task = load_task(session, task_id)
        permissions.require_task_manage(session, actor, task)
        history.record(
            session,
            actor=actor,
            at=ctx.clock.now(),
            entity="task",
            entity_id=task.id,
            old={"deleted": task.title},
            new={"deleted": None},
        )
        session.delete(task)
        uow.commit()


_EXISTING = (
    select(Task.id)
    .join(Workgroup, Task.workgroup_id == Workgroup.id)
    .where(
        Workgroup.group_id == bindparam("group_id"), Task.id.in_(bindparam("ids", expanding=True))
    )
)


def existing_task_ids(ctx: ServiceContext, *, group_id: int, task_ids: Iterable[int]) -> set[int]:
    """Which of these task numbers are tasks of the group."""
    ids = [t for t in task_ids if 0 < t < 2**31]
    if not ids:
        return set()
    with ctx.read() as conn:
        return set(conn.scalars(_EXISTING, {"group_id": group_id, "ids": ids}))


def get_task(ctx: ServiceContext, *, task_id: int) -> s.TaskView:
    """One task."""
    with ctx.read() as conn:
        row = conn.execute(_TASK_ROW, {"task_id": task_id}).first()
    if row is None:
        raise NotFound(N_("Task #{id} does not exist."), id=task_id)
    return _row_view(row)


# What a line of a chat list shows, in the order `_summary` unpacks it.
_SUMMARY_COLUMNS = (
    Task.id,
    Task.title,
    Task.status,
    Task.blocked_reason,
    Task.due_on,
    Task.workgroup_id,
    Workgroup.number,
    Task.owner_id,
    Person.first_name,
    Person.last_name,
    Task.meeting_id,
    Task.version,
)


@cache
def _list_statement(
    summary: bool,
    group: bool,
    workgroup: bool,
    owner: bool,
    statuses: tuple[TaskStatus, ...] | None,
    due_before: bool,
) -> Select[*tuple[Any, ...]]:
    """The list query for one combination of filters, built once with bind parameters."""
    query = (
        select(*(_SUMMARY_COLUMNS if summary else _TASK_COLUMNS))
        .join(Workgroup, Task.workgroup_id == Workgroup.id)
        .outerjoin(Person, Task.owner_id == Person.id)
    )
    if group:
        query = query.where(Workgroup.group_id == bindparam("group_id"))
    if workgroup:
        query = query.where(Task.workgroup_id == bindparam("workgroup_id"))
    if owner:
        query = query.where(Task.owner_id == bindparam("owner_id"))
    if statuses is not None:
        # One equality per status, not an expanding IN: an IN list is re-rendered on every
        # execution, and the statuses are few enough to key this cache.
        query = query.where(or_(false(), *(Task.status == status.value for status in statuses)))
    if due_before:
        query = query.where(Task.due_on <= bindparam("due_before"))
    return (
        query.order_by(Task.due_on.is_(None), Task.due_on, Task.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


def _list_rows(
    ctx: ServiceContext,
    summary: bool,
    filters: dict[str, Any],
    statuses: Iterable[TaskStatus] | None,
    limit: int,
    offset: int,
) -> list[Any]:
    present = {k: v for k, v in filters.items() if v is not None}
    statement = _list_statement(
        summary,
        "group_id" in present,
        "workgroup_id" in present,
        "owner_id" in present,
        tuple(sorted(set(statuses))) if statuses is not None else None,
        "due_before" in present,
    )
    with ctx.read() as conn:
        return list(conn.execute(statement, {**present, "limit": limit, "offset": offset}).all())


def list_tasks(
    ctx: ServiceContext,
    *,
    group_id: int | None = None,
    workgroup_id: int | None = None,
    owner_id: int | None = None,
    statuses: Iterable[TaskStatus] | None = None,
    due_before: date | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[s.TaskView]:
    """Tasks matching the filters, soonest due first, in one query whatever their number."""
    filters = {
        "group_id": group_id,
        "workgroup_id": workgroup_id,
        "owner_id": owner_id,
        "due_before": due_before,
    }
    return [_row_view(row) for row in _list_rows(ctx, False, filters, statuses, limit, offset)]


def list_task_summaries(
    ctx: ServiceContext,
    *,
    group_id: int | None = None,
    workgroup_id: int | None = None,
    owner_id: int | None = None,
    statuses: Iterable[TaskStatus] | None = None,
    limit: int = 200,
) -> list[s.TaskSummary]:
    """Like `list_tasks`, as the lines of a list: what chat lists show, and nothing more."""
    filters = {"group_id": group_id, "workgroup_id": workgroup_id, "owner_id": owner_id}
    return [
        s.TaskSummary(
            id=id_,
            title=title,
            status=TaskStatus(status),
            blocked_reason=reason,
            due_on=due_on,
            workgroup_id=workgroup_id_,
            workgroup_number=number,
            owner_id=owner,
            owner_name=f"{first} {last}".strip() if owner is not None else None,
            meeting_id=meeting_id,
            version=version,
        )
        for (
            id_,
            title,
            status,
            reason,
            due_on,
            workgroup_id_,
            number,
            owner,
            first,
            last,
            meeting_id,
            version,
        ) in _list_rows(ctx, True, filters, statuses, limit, 0)
    ]


_AUTHOR = aliased(Person)
_TASK_GROUP = (
    select(
        Task.id,
        Workgroup.group_id,
        _ACTOR_ROLE.label("actor_role"),
        _AUTHOR.first_name,
        _AUTHOR.last_name,
    )
    .join(Workgroup, Task.workgroup_id == Workgroup.id)
    .outerjoin(_AUTHOR, _AUTHOR.id == bindparam("person_id"))
    .where(Task.id == bindparam("task_id"))
)
_INSERT_COMMENT = insert(Comment).returning(Comment.id)


def add_comment(
    ctx: ServiceContext, *, actor: Actor, task_id: int, data: s.CommentCreate
) -> s.CommentView:
    """Comment on a task (any member of its group may).

    Core statements, the actor's role read along with the task: a comment from chat is one
    short transaction, like a status change."""
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        conn = session.connection()
        row = conn.execute(_TASK_GROUP, {"task_id": task_id, "person_id": actor.person_id}).first()
        if row is None:
            raise NotFound(N_("Task #{id} does not exist."), id=task_id)
        if actor.person_id is not None:
            permissions.remember_role(session, actor.person_id, row.group_id, row.actor_role)
        permissions.require_member(session, actor, row.group_id)
        comment_id = conn.execute(
            _INSERT_COMMENT,
            {
                "task_id": task_id,
                "author_id": actor.person_id,
                "body": data.body,
                "created_at": now,
                "channel": actor.channel.value,
            },
        ).scalar_one()
        history.record(
            session,
            actor=actor,
            at=now,
            entity="task",
            entity_id=task_id,
            old={"comment": None},
            new={"comment": data.body},
        )
        uow.commit()
    author = f"{row.first_name} {row.last_name}".strip() if row.first_name is not None else None
    return s.CommentView.model_construct(
        id=comment_id,
        task_id=task_id,
        author_id=actor.person_id,
        author_name=author,
        body=data.body,
        created_at=now,
        channel=actor.channel.value,
    )


def list_comments(ctx: ServiceContext, *, task_id: int) -> list[s.CommentView]:
    """A task's comments, oldest first."""
    with ctx.uow() as uow:
        load_task(uow.session, task_id)
        rows = uow.session.scalars(
            select(Comment)
            .options(joinedload(Comment.author))
            .where(Comment.task_id == task_id)
            .order_by(Comment.created_at, Comment.id)
        )
        return [comment_view(row) for row in rows]
