"""Meetings, deadlines and the roster in the browser: the meeting page with both agenda parts,
what is due for it and the contributions per item (who, when, late or not), a timeline of
everything dated by ISO week (the week numbers Norwegians use), and the roster by organisation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from flask import abort, redirect, request, url_for
from pydantic import ValidationError
from werkzeug.wrappers import Response

from tracker import schemas as s
from tracker.errors import DomainError, NotFound
from tracker.i18n import N_
from tracker.models import OPEN_STATUSES, ContributionKind
from tracker.services import contributions, groups, meetings, tasks
from tracker.web.common import (
    LIST_LIMIT,
    bp,
    current_language,
    flash_at,
    formatter,
    group_id_of,
    render,
    require_user,
    service_context,
    t,
    web_actor,
)
from tracker.web.forms import FormErrors, form_errors, parse_id
from tracker.web.task_pages import meeting_tasks

CONTRIBUTION_FIELDS = {"body", "kind"}
KIND_LABELS = {
    "task": N_("Task"),
    "deadline": N_("Deadline"),
    "meeting": N_("Meeting"),
    "event": N_("Event"),
}


def _meeting(group_id: int, meeting_id: int) -> s.MeetingView:
    try:
        meeting = meetings.get_meeting(service_context(), meeting_id=meeting_id)
    except NotFound:
        abort(404)
    if meeting.group_id != group_id:
        abort(404)
    return meeting


@bp.get("/meetings")
def meeting_list() -> Response:
    """The group's meetings, the next one marked."""
    user = require_user()
    ctx = service_context()
    found = meetings.list_meetings(ctx, group_id=group_id_of(user))
    upcoming = meetings.next_meeting_ref(ctx, group_id=group_id_of(user))
    return render("meetings.html", meetings=found, next_id=upcoming[0] if upcoming else None)


@bp.get("/meetings/next")
def next_meeting() -> Response:
    """The next meeting's page, or the list when none is planned."""
    user = require_user()
    upcoming = meetings.next_meeting_ref(service_context(), group_id=group_id_of(user))
    if upcoming is None:
        return redirect(url_for("web.meeting_list"))
    return redirect(url_for("web.meeting", meeting_id=upcoming[0]))


def _meeting_page(
    meeting_id: int, errors: FormErrors | None = None, values: dict[str, str] | None = None
) -> Response:
    user = require_user()
    ctx = service_context()
    group_id = group_id_of(user)
    meeting = _meeting(group_id, meeting_id)
    fmt = formatter()
    day = fmt.local_day(meeting.starts_at)
    items = {item.id for part in meeting.parts for item in part.items}
    by_item: dict[int | None, list[s.ContributionView]] = defaultdict(list)
    for contribution in contributions.list_contributions(ctx, meeting_id=meeting.id):
        by_item[contribution.agenda_item_id].append(contribution)
    deadlines: dict[int | None, list[s.DeadlineView]] = defaultdict(list)
    for deadline in meetings.list_deadlines(ctx, meeting_id=meeting.id):
        deadlines[deadline.agenda_item_id if deadline.agenda_item_id in items else None].append(
            deadline
        )
    linked: dict[int | None, list[s.TaskView]] = defaultdict(list)
    for task in meeting_tasks(group_id, meeting.id):
        linked[task.agenda_item_id if task.agenda_item_id in items else None].append(task)
    linked_ids = {task.id for found in linked.values() for task in found}
    due_before = [
        task
        for task in tasks.list_tasks(
            ctx, group_id=group_id, statuses=OPEN_STATUSES, due_before=day, limit=LIST_LIMIT
        )
        if task.id not in linked_ids
    ]
    return render(
        "meeting.html",
        errors.status if errors else 200,
        meeting=meeting,
        day=day,
        contributions=by_item,
        deadlines=deadlines,
        linked=linked,
        due_before=due_before,
        today=ctx.today(),
        can_write=user.can_write,
        errors=errors or FormErrors(),
        values=values or {},
        csv_url=url_for("web.tasks_csv", view="meeting", id=meeting.id),
    )


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int) -> Response:
    """A meeting: when and where, both agenda parts, what is due, contributions per item."""
    return _meeting_page(meeting_id)


@bp.post("/meetings/<int:meeting_id>/contributions")
def contribute(meeting_id: int) -> Response:
    """Submit written input, or a line for the minutes, to an agenda item."""
    user = require_user()
    meeting = _meeting(group_id_of(user), meeting_id)
    item_id = parse_id(request.form.get("agenda_item_id"))
    if item_id not in {item.id for part in meeting.parts for item in part.items}:
        abort(404)
    body = request.form.get("body", "")
    kind_text = request.form.get("kind", ContributionKind.INPUT.value)
    values = {"body": body, "kind": kind_text}
    try:
        kind = ContributionKind(kind_text)
        contributions.submit_contribution(
            service_context(),
            actor=web_actor(),
            data=s.ContributionCreate(agenda_item_id=item_id, body=body, kind=kind),
        )
    except (DomainError, ValidationError) as error:
        errors = form_errors(
            f"item-{item_id}", error, current_language(), fields=CONTRIBUTION_FIELDS
        )
        return _meeting_page(meeting_id, errors, values)
    except ValueError:
        errors = FormErrors(f"item-{item_id}", {"kind": t(N_("Choose input or minutes."))})
        return _meeting_page(meeting_id, errors, values)
    flash_at(t(N_("Thank you! Your contribution was recorded.")), f"item-{item_id}")
    return redirect(url_for("web.meeting", meeting_id=meeting_id, _anchor=f"item-{item_id}"), 303)


# --- the timeline ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Dated:
    """Something on the timeline: a task's due date, a deadline, a meeting or an event."""

    day: date
    last_day: date | None
    kind: str
    title: str
    url: str | None
    meta: str
    late: bool = False


@dataclass(frozen=True)
class Week:
    """One ISO week of the timeline."""

    year: int
    number: int
    monday: date
    entries: list[Dated]


def _timeline(group_id: int, today: date) -> tuple[list[Dated], list[Week], list[s.TaskView]]:
    ctx = service_context()
    fmt = formatter()
    open_tasks = [
        task
        for task in tasks.list_tasks(
            ctx, group_id=group_id, statuses=OPEN_STATUSES, limit=LIST_LIMIT
        )
        if task.due_on is not None
    ]
    overdue: list[Dated] = []
    dated: list[Dated] = []
    for task in open_tasks:
        assert task.due_on is not None
        entry = Dated(
            day=task.due_on,
            last_day=None,
            kind="task",
            title=task.title,
            url=url_for("web.task", task_id=task.id),
            meta=" · ".join(
                part
                for part in (
                    t(N_("Workgroup {number}"), number=task.workgroup_number),
                    task.owner_name or "",
                    fmt.status(task.status),
                )
                if part
            ),
            late=task.due_on < today,
        )
        (overdue if entry.late else dated).append(entry)
    for deadline in meetings.list_deadlines(ctx, group_id=group_id):
        if deadline.resolved_on is None:
            continue
        dated.append(
            Dated(
                day=deadline.resolved_on,
                last_day=None,
                kind="deadline",
                title=deadline.title,
                url=url_for("web.meeting", meeting_id=deadline.meeting_id)
                if deadline.meeting_id
                else None,
                meta=t(N_("Item {label}"), label=deadline.agenda_item_label)
                if deadline.agenda_item_label
                else "",
            )
        )
    for meeting in meetings.list_meetings(ctx, group_id=group_id):
        dated.append(
            Dated(
                day=fmt.local_day(meeting.starts_at),
                last_day=None,
                kind="meeting",
                title=meeting.title,
                url=url_for("web.meeting", meeting_id=meeting.id),
                meta=fmt.span(meeting.starts_at, meeting.ends_at)
                + (f" · {meeting.place}" if meeting.place else ""),
            )
        )
    for event in meetings.list_events(ctx, group_id=group_id):
        dated.append(
            Dated(
                day=event.starts_on,
                last_day=event.ends_on,
                kind="event",
                title=event.title,
                url=None,
                meta=event.description,
            )
        )
    this_monday = today - timedelta(days=today.weekday())
    weeks: dict[tuple[int, int], Week] = {}
    for entry in sorted(dated, key=lambda e: (e.day, e.kind, e.title)):
        if (entry.last_day or entry.day) < this_monday:
            continue
        year, number, _ = entry.day.isocalendar()
        monday = entry.day - timedelta(days=entry.day.weekday())
        weeks.setdefault((year, number), Week(year, number, monday, [])).entries.append(entry)
    return sorted(overdue, key=lambda e: (e.day, e.title)), list(weeks.values()), open_tasks


@bp.get("/deadlines")
def timeline() -> Response:
    """Everything dated, week by week from this week on; overdue tasks first."""
    user = require_user()
    today = service_context().today()
    overdue, weeks, _ = _timeline(group_id_of(user), today)
    return render(
        "timeline.html",
        overdue=overdue,
        weeks=weeks,
        today=today,
        this_week=today.isocalendar()[:2],
        kind_labels=KIND_LABELS,
        csv_url=url_for("web.tasks_csv", view="deadlines"),
    )


# --- the roster -----------------------------------------------------------------------------


@bp.get("/roster")
def roster() -> Response:
    """Everyone in the group by organisation, with their role and the workgroups they lead."""
    user = require_user()
    ctx = service_context()
    group_id = group_id_of(user)
    led: dict[int, list[s.WorkgroupView]] = defaultdict(list)
    for workgroup in groups.list_workgroups(ctx, group_id=group_id):
        if workgroup.lead_id is not None:
            led[workgroup.lead_id].append(workgroup)
    by_organisation: dict[str, list[s.MemberView]] = {}
    without: list[s.MemberView] = []
    for member in groups.roster(ctx, group_id=group_id):
        if member.person.organisation:
            by_organisation.setdefault(member.person.organisation, []).append(member)
        else:
            without.append(member)
    if without:
        by_organisation[t(N_("No organisation"))] = without
    return render(
        "roster.html",
        organisations=by_organisation,
        led=led,
        count=sum(len(members) for members in by_organisation.values()),
    )
