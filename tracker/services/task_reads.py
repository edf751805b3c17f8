"""Reading tasks: one task, the filtered lists and which task numbers exist, as Core rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, false, or_, select
from sqlalchemy.orm import Session, joinedload

from tracker import schemas as s
from tracker.errors import NotFound
from tracker.i18n import N_
from tracker.models import GroupMembership, Person, Task, TaskStatus, Workgroup
from tracker.services.context import ServiceContext
from tracker.services.views import task_row_view, task_summary_view

# Reads go through Core rows, not ORM objects: a chat command lists tasks on its hot path and
# hydrating entities costs several times more than the query itself.
TASK_COLUMNS = (
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


# The actor's role in the task's group comes along, so the permission check needs no query.
ACTOR_ROLE = (
    select(GroupMembership.role)
    .where(
        GroupMembership.group_id == Workgroup.group_id,
        GroupMembership.person_id == bindparam("person_id"),
    )
    .correlate(Workgroup)
    .scalar_subquery()
)
TASK_ROW = (
    select(*TASK_COLUMNS)
    .join(Workgroup, Task.workgroup_id == Workgroup.id)
    .outerjoin(Person, Task.owner_id == Person.id)
    .where(Task.id == bindparam("task_id"))
)

# The SET clause comes from the parameters of each call (the compiled form is cached per set


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


_EXISTING = (
    select(Task.id)
    .join(Workgroup, Task.workgroup_id == Workgroup.id)
    .where(
        Workgroup.group_id == bindparam("group_id"), Task.id.in_(bindparam("ids", expanding=True))
    )
)
# A line names one task far more often than several: an «IN» of one is rendered anew on every
# call (SQLAlchemy expands it after the cache), a plain «=» is not.
_EXISTING_ONE = (
    select(Task.id)
    .join(Workgroup, Task.workgroup_id == Workgroup.id)
    .where(Workgroup.group_id == bindparam("group_id"), Task.id == bindparam("id"))
)


def existing_task_ids(ctx: ServiceContext, *, group_id: int, task_ids: Iterable[int]) -> set[int]:
    """Which of these task numbers are tasks of the group."""
    ids = [t for t in task_ids if 0 < t < 2**31]
    if not ids:
        return set()
    with ctx.read() as conn:
        if len(ids) == 1:
            return set(conn.scalars(_EXISTING_ONE, {"group_id": group_id, "id": ids[0]}))
        return set(conn.scalars(_EXISTING, {"group_id": group_id, "ids": ids}))


def get_task(ctx: ServiceContext, *, task_id: int) -> s.TaskView:
    """One task."""
    with ctx.read() as conn:
        row = conn.execute(TASK_ROW, {"task_id": task_id}).first()
    if row is None:
        raise NotFound(N_("Task #{id} does not exist."), id=task_id)
    return task_row_view(row)


# What a line of a chat list shows, in the order `task_summary_view` unpacks it.
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
        select(*(_SUMMARY_COLUMNS if summary else TASK_COLUMNS))
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
    return [task_row_view(row) for row in _list_rows(ctx, False, filters, statuses, limit, offset)]


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
    return [task_summary_view(row) for row in _list_rows(ctx, True, filters, statuses, limit, 0)]
