"""The weekly status summary, built from the database in a fixed number of queries whatever the
number of tasks. The chat, the worker, the web page and the CLI all render this one value."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import joinedload

from tracker import schemas as s
from tracker.models import (
    Change,
    Contribution,
    Person,
    Task,
    TaskStatus,
    Workgroup,
    WorkgroupMember,
)
from tracker.services.context import ServiceContext
from tracker.services.groups import load_group
from tracker.services.meetings import next_meeting
from tracker.services.tasks import _TASK_COLUMNS, _row_view
from tracker.services.views import group_view, workgroup_view

PERIOD_DAYS = 7
HORIZON_DAYS = 14


def group_summary(
    ctx: ServiceContext, *, group_id: int, workgroup_id: int | None = None
) -> s.GroupSummary:
    """This week's summary of a group (or of one of its workgroups)."""
    today = ctx.today()
    period_start = today - timedelta(days=PERIOD_DAYS)
    since = datetime.combine(period_start, time(0, 0), tzinfo=ctx.zone)
    with ctx.uow() as uow:
        session = uow.session
        group = load_group(session, group_id)
        in_scope = Workgroup.group_id == group_id
        if workgroup_id is not None:
            in_scope = in_scope & (Workgroup.id == workgroup_id)
        workgroups = list(
            session.scalars(
                select(Workgroup)
                .options(joinedload(Workgroup.lead))
                .where(in_scope)
                .order_by(Workgroup.number)
            )
        )
        ids = [wg.id for wg in workgroups]
        # Plain rows, not ORM objects (several times faster for thousands of tasks); the scope is
        # a join on the group, so no statement grows with the number of workgroups either.
        rows = session.connection().execute(
            select(*_TASK_COLUMNS)
            .join(Workgroup, Task.workgroup_id == Workgroup.id)
            .outerjoin(Person, Task.owner_id == Person.id)
            .where(in_scope, _shown(since, today + timedelta(days=HORIZON_DAYS)))
            .order_by(Task.due_on.is_(None), Task.due_on, Task.id)
        )
        tasks = [_row_view(row) for row in rows]
        changes = dict(
            session.execute(
                select(Task.workgroup_id, func.count(Change.id))
                .join(Task, (Change.entity == "task") & (Change.entity_id == Task.id))
                .join(Workgroup, Task.workgroup_id == Workgroup.id)
                .where(in_scope, Change.at >= since)
                .group_by(Task.workgroup_id)
            ).all()
        )
        contributions = dict(
            session.execute(
                select(WorkgroupMember.workgroup_id, func.count(Contribution.id))
                .join(Workgroup, WorkgroupMember.workgroup_id == Workgroup.id)
                .join(Contribution, Contribution.person_id == WorkgroupMember.person_id)
                .where(in_scope, Contribution.submitted_at >= since)
                .group_by(WorkgroupMember.workgroup_id)
            ).all()
        )
        by_workgroup: dict[int, list[s.TaskView]] = {wg_id: [] for wg_id in ids}
        for task in tasks:
            by_workgroup[task.workgroup_id].append(task)
        summaries = [
            _summarise(
                workgroup_view(wg),
                by_workgroup[wg.id],
                period_start,
                today,
                changes.get(wg.id, 0),
                contributions.get(wg.id, 0),
            )
            for wg in workgroups
        ]
        view = group_view(group)
    return s.GroupSummary(
        group=view,
        today=today,
        iso_week=today.isocalendar().week,
        workgroups=summaries,
        next_meeting=next_meeting(ctx, group_id=group_id),
    )


def _shown(since: datetime, horizon: date) -> ColumnElement[bool]:
    """The tasks some section of the summary shows: done in the period, in progress, blocked,
    or not started and due by the horizon (others would only be loaded to be left out)."""
    return or_(
        and_(Task.status == TaskStatus.DONE.value, Task.completed_at >= since),
        Task.status.in_((TaskStatus.DOING.value, TaskStatus.BLOCKED.value)),
        and_(Task.status == TaskStatus.TODO.value, Task.due_on <= horizon),
    )


def _summarise(
    workgroup: s.WorkgroupView,
    tasks: list[s.TaskView],
    period_start: date,
    today: date,
    changes: int,
    contributions: int,
) -> s.WorkgroupSummary:
    horizon = today + timedelta(days=HORIZON_DAYS)
    open_tasks = [t for t in tasks if t.status != TaskStatus.DONE]
    return s.WorkgroupSummary(
        workgroup=workgroup,
        period_start=period_start,
        today=today,
        done=[t for t in tasks if t.status == TaskStatus.DONE],
        in_progress=[t for t in open_tasks if t.status == TaskStatus.DOING],
        blocked=[t for t in open_tasks if t.status == TaskStatus.BLOCKED],
        due_soon=[t for t in open_tasks if t.due_on is not None and today <= t.due_on <= horizon],
        overdue=[t for t in open_tasks if t.due_on is not None and t.due_on < today],
        contributions=contributions,
        changes=changes,
    )
