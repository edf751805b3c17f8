"""Task use cases: create, change, delete. The only code that writes tasks; reading them
(`task_reads`) and commenting on them (`task_comments`) live beside it and are named here too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from tracker import schemas as s
from tracker.dates import shift_date
from tracker.errors import Conflict, InvalidInput, NotFound
from tracker.i18n import N_
from tracker.models import Person, Task, TaskStatus, Workgroup
from tracker.services import history, permissions
from tracker.services.context import Actor, ServiceContext
from tracker.services.task_checks import check_blocked, check_links, check_owner
from tracker.services.task_comments import add_comment, list_comments
from tracker.services.task_reads import ACTOR_ROLE as _ACTOR_ROLE
from tracker.services.task_reads import TASK_COLUMNS as _TASK_COLUMNS
from tracker.services.task_reads import TASK_ROW as _TASK_ROW
from tracker.services.task_reads import (
    existing_task_ids,
    get_task,
    list_task_summaries,
    list_tasks,
    load_task,
    load_workgroup,
)
from tracker.services.views import task_row_view as _row_view
from tracker.services.views import task_view

__all__ = [
    "OWNER_FIELDS",
    "TRACKED_FIELDS",
    "_TASK_COLUMNS",
    "NoDueDate",
    "TaskChange",
    "_row_view",
    "add_comment",
    "apply_status",
    "apply_task_update",
    "change_status",
    "create_task",
    "delete_task",
    "existing_task_ids",
    "get_task",
    "list_comments",
    "list_task_summaries",
    "list_tasks",
    "load_task",
    "load_workgroup",
    "move_due",
    "shift_due",
    "update_task",
]

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


def create_task(ctx: ServiceContext, *, actor: Actor, data: s.TaskCreate) -> s.TaskView:
    """Create a task in a workgroup."""
    with ctx.uow() as uow:
        session = uow.session
        workgroup = load_workgroup(session, data.workgroup_id)
        permissions.require_task_create(session, actor, workgroup, data.owner_id)
        check_owner(session, data.owner_id)
        meeting_id = check_links(session, workgroup.group_id, data.meeting_id, data.agenda_item_id)
        check_blocked(data.status, data.blocked_reason)
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


_TASK_FOR_UPDATE = (
    select(*_TASK_COLUMNS, Workgroup.group_id, Workgroup.lead_id, _ACTOR_ROLE.label("actor_role"))
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
    # A bare connection, with a session bound to it for the permission checks' memo and the
    # rarer checks that load rows: the unit of work's session costs more than the statements.
    with ctx.connect() as conn, Session(bind=conn) as session:
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
            conn,
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
        conn.commit()
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
        check_owner(session, changes["owner_id"])
    if "meeting_id" in changes or "agenda_item_id" in changes:
        meeting_id = changes.get("meeting_id", old["meeting_id"])
        item_id = changes.get("agenda_item_id", old["agenda_item_id"])
        changes["meeting_id"] = check_links(session, group_id, meeting_id, item_id)
    status = TaskStatus(changes.get("status", old["status"]))
    if "status" in changes:
        check_blocked(status, changes.get("blocked_reason", old["blocked_reason"]))
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
