"""A group at a glance and a week of its work: counts, overviews and summaries."""

from __future__ import annotations

from datetime import date

from tracker.i18n import N_
from tracker.schemas.fields import (
    View,
)
from tracker.schemas.views import (
    ContactView,
    DeadlineView,
    GroupView,
    MeetingView,
    TaskView,
    WorkgroupView,
)


class StatusCount(View):
    """How many tasks of a workgroup are in each status."""

    todo: int = 0
    doing: int = 0
    blocked: int = 0
    done: int = 0


class WorkgroupOverview(View):
    """A workgroup's line in the group overview."""

    workgroup: WorkgroupView
    counts: StatusCount
    next_due: list[TaskView]
    overdue: int


class GroupOverview(View):
    """The group at a glance: workgroups, counts, next deadlines."""

    group: GroupView
    today: date
    workgroups: list[WorkgroupOverview]
    upcoming_deadlines: list[DeadlineView]
    next_meeting: MeetingView | None
    contact: ContactView | None


class WorkgroupSummary(View):
    """A workgroup's week: what got done, what moves, what is stuck, what is due."""

    workgroup: WorkgroupView
    period_start: date
    today: date
    done: list[TaskView]
    in_progress: list[TaskView]
    blocked: list[TaskView]
    due_soon: list[TaskView]
    overdue: list[TaskView]
    contributions: int
    changes: int

    @property
    def quiet(self) -> bool:
        """Nothing changed and nothing is due: not worth a message of its own."""
        return not (self.changes or self.done or self.due_soon or self.overdue or self.blocked)

    def sections(self) -> list[tuple[str, list[TaskView]]]:
        """The non-empty sections (a message id and its tasks) in the order every edge shows.

        Each task once, in the first section it belongs to: a blocked task due this week is
        blocked, not also due. By id, because comparing whole views costs more."""
        found = (
            (N_("Overdue"), self.overdue),
            (N_("Blocked"), self.blocked),
            (N_("Due in the next two weeks"), self.due_soon),
            (N_("In progress"), self.in_progress),
            (N_("Done in the last week"), self.done),
        )
        shown: set[int] = set()
        result = []
        for title, tasks in found:
            fresh = [task for task in tasks if task.id not in shown]
            shown.update(task.id for task in fresh)
            if fresh:
                result.append((title, fresh))
        return result


class GroupSummary(View):
    """The overview across a group's workgroups for one week."""

    group: GroupView
    today: date
    iso_week: int
    workgroups: list[WorkgroupSummary]
    next_meeting: MeetingView | None
