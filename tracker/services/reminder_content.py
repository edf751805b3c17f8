"""What a reminder or a digest says, read again at delivery so stale ones send nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import schemas as s
from tracker.models import (
    AgendaItem,
    Contribution,
    ContributionKind,
    Deadline,
    DeadlineKind,
    Group,
    Meeting,
    MeetingPart,
    Person,
    Task,
    TaskStatus,
    Workgroup,
)
from tracker.services.context import ServiceContext
from tracker.services.meetings import _meeting_query, local_day
from tracker.services.reminder_plan import members_waiting
from tracker.services.task_reads import TASK_COLUMNS
from tracker.services.views import meeting_view, person_view, task_row_view

# --- what to say, checked again at delivery -------------------------------------------------


@dataclass(frozen=True)
class TaskReminder:
    """A task its owner is reminded of: due soon, or overdue."""

    task: s.TaskView
    occasion: str


@dataclass(frozen=True)
class ContributionReminder:
    """Written input a member has yet to send for an agenda item, and by when."""

    deadline_id: int
    due_on: date
    item_label: str | None
    item_title: str | None
    meeting_title: str | None


@dataclass(frozen=True)
class ReminderBundle:
    """What is still worth reminding a person of, as it stands at delivery."""

    person: s.PersonView
    tasks: list[TaskReminder]
    contributions: list[ContributionReminder]


def reminder_bundle(ctx: ServiceContext, *, payload: dict[str, Any]) -> ReminderBundle | None:
    """The items of a reminder message that still hold: the task is open, still the person's and
    still due on the date the item was made for; the member still has not contributed.

    None when nothing is left (the message is not sent)."""
    person_id = int(payload["person_id"])
    items = list(payload.get("items", []))
    task_items = {int(i["task_id"]): i for i in items if "task_id" in i}
    deadline_items = {int(i["deadline_id"]): i for i in items if "deadline_id" in i}
    with ctx.uow() as uow:
        session = uow.session
        person = session.get(Person, person_id)
        if person is None:
            return None
        rows = session.connection().execute(
            select(*TASK_COLUMNS)
            .join(Workgroup, Task.workgroup_id == Workgroup.id)
            .outerjoin(Person, Task.owner_id == Person.id)
            .where(Task.id.in_(task_items))
            .order_by(Task.due_on, Task.id)
        )
        tasks = [
            TaskReminder(view, task_items[view.id]["occasion"])
            for view in map(task_row_view, rows)
            if view.status != TaskStatus.DONE
            and view.owner_id == person_id
            and view.due_on is not None
            and str(view.due_on) == task_items[view.id]["due_on"]
        ]
        contributions = _contribution_reminders(ctx, session, person_id, deadline_items)
        view = person_view(person)
    if not tasks and not contributions:
        return None
    return ReminderBundle(view, tasks, contributions)


def _contribution_reminders(
    ctx: ServiceContext, session: Session, person_id: int, items: dict[int, dict[str, Any]]
) -> list[ContributionReminder]:
    if not items:
        return []
    rows = session.execute(
        select(Deadline, Meeting, AgendaItem)
        .outerjoin(Meeting, Deadline.meeting_id == Meeting.id)
        .outerjoin(AgendaItem, Deadline.agenda_item_id == AgendaItem.id)
        .where(Deadline.id.in_(items))
        .order_by(Deadline.id)
    ).all()
    found = []
    zones = dict(session.execute(select(Group.id, Group.timezone)).all())
    for deadline, meeting, item in rows:
        zone = ZoneInfo(zones.get(deadline.group_id, ctx.zone.key))
        resolved = deadline.resolve(local_day(meeting.starts_at, zone) if meeting else None)
        if resolved is None or str(resolved) != items[deadline.id]["due_on"]:
            continue  # the deadline moved: a new reminder comes for the new date
        organisation_id = session.scalar(
            select(Person.organisation_id).where(Person.id == person_id)
        )
        if not members_waiting(session, {person_id: organisation_id}, deadline):
            continue  # the person's organisation has answered since
        found.append(
            ContributionReminder(
                deadline_id=deadline.id,
                due_on=resolved,
                item_label=item.label if item else None,
                item_title=item.title if item else None,
                meeting_title=meeting.title if meeting else None,
            )
        )
    return found


@dataclass(frozen=True)
class ItemContributions:
    """An agenda item, who has sent written input for it, and its deadline."""

    label: str
    title: str
    names: list[str]
    deadline: date | None


@dataclass(frozen=True)
class MeetingDigest:
    """A week before a meeting: what is due for it, what is missing, the input received."""

    meeting: s.MeetingView
    day: date
    open_tasks: list[s.TaskView]
    done_tasks: list[s.TaskView]
    items: list[ItemContributions]


def meeting_digest(ctx: ServiceContext, *, meeting_id: int, day: date) -> MeetingDigest | None:
    """The digest of a meeting, or None if the meeting is gone or no longer on that day."""
    with ctx.uow() as uow:
        session = uow.session
        meeting = session.scalar(_meeting_query().where(Meeting.id == meeting_id))
        if meeting is None:
            return None
        zone = ZoneInfo(session.get_one(Group, meeting.group_id).timezone)
        if local_day(meeting.starts_at, zone) != day:
            return None  # rescheduled: its digest comes a week before the new day
        rows = session.connection().execute(
            select(*TASK_COLUMNS)
            .join(Workgroup, Task.workgroup_id == Workgroup.id)
            .outerjoin(Person, Task.owner_id == Person.id)
            .where(Task.meeting_id == meeting_id)
            .order_by(Task.due_on.is_(None), Task.due_on, Task.id)
        )
        tasks = [task_row_view(row) for row in rows]
        deadlines: dict[int, date | None] = {}
        for deadline in session.scalars(
            select(Deadline).where(
                Deadline.meeting_id == meeting_id,
                Deadline.kind == DeadlineKind.CONTRIBUTION.value,
                Deadline.agenda_item_id.is_not(None),
            )
        ):
            deadlines[deadline.agenda_item_id or 0] = deadline.resolve(day)
        names: dict[int, list[str]] = defaultdict(list)
        for item_id, first, last in session.execute(
            select(Contribution.agenda_item_id, Person.first_name, Person.last_name)
            .join(Person, Contribution.person_id == Person.id)
            .join(AgendaItem, Contribution.agenda_item_id == AgendaItem.id)
            .join(MeetingPart, AgendaItem.part_id == MeetingPart.id)
            .where(
                MeetingPart.meeting_id == meeting_id,
                Contribution.kind == ContributionKind.INPUT.value,
            )
            .order_by(Contribution.submitted_at, Contribution.id)
        ):
            name = f"{first} {last}".strip()
            if name not in names[item_id]:
                names[item_id].append(name)
        view = meeting_view(meeting)
    items = [
        ItemContributions(item.label, item.title, names.get(item.id, []), deadlines.get(item.id))
        for part in view.parts
        for item in part.items
        if item.id in deadlines or item.id in names
    ]
    return MeetingDigest(
        meeting=view,
        day=day,
        open_tasks=[t for t in tasks if t.status != TaskStatus.DONE],
        done_tasks=[t for t in tasks if t.status == TaskStatus.DONE],
        items=items,
    )
