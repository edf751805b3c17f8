"""The weekly status summary, built from the database in a fixed number of queries whatever the
number of tasks. The chat, the worker, the web page and the CLI all render this one value."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, or_, select
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
from tracker.services.views import group_view, task_view, workgroup_view

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
        query = (
            select(Workgroup)
            .options(joinedload(Workgroup.lead))
            .where(Workgroup.group_id == group_id)
        )
        if workgroup_id is not None:
            query = query.where(Workgroup.id == workgroup_id)
        workgroups = list(session.scalars(query.order_by(Workgroup.number)))
        ids = [wg.id for wg in workgroups]
        tasks = list(
            session.scalars(
                select(Task)
                .options(
                    joinedload(Task.workgroup),
                    joinedload(Task.owner).joinedload(Person.organisation),
                )
                .where(
                    Task.workgroup_id.in_(ids),
                    or_(Task.status != TaskStatus.DONE.value, Task.completed_at >= since),
                )
                .order_by(Task.due_on.is_(None), Task.due_on, Task.id)
            ).unique()
        )
        changes = dict(
            session.execute(
                select(Task.workgroup_id, func.count(Change.id))
                .join(Task, (Change.entity == "task") & (Change.entity_id == Task.id))
                .where(Task.workgroup_id.in_(ids), Change.at >= since)
                .group_by(Task.workgroup_id)
            ).all()
        )
        contributions = dict(
            session.execute(
                select(WorkgroupMember.workgroup_id, func.count(Contribution.id))
                .join(Contribution, Contribution.person_id == WorkgroupMember.person_id)
                .where(WorkgroupMember.workgroup_id.in_(ids), Contribution.submitted_at >= since)
                .group_by(WorkgroupMember.workgroup_id)
            ).all()
        )
        by_workgroup: dict[int, list[s.TaskView]] = {wg_id: [] for wg_id in ids}
        for task in tasks:
            by_workgroup[task.workgroup_id].append(task_view(task))
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
