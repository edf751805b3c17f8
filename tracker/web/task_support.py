"""What the task pages share: form fields, loading within the user's group, targets, returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort, request

from tracker import schemas as s
from tracker.dates import MeetingRef, mentions_meeting
from tracker.errors import NotFound
from tracker.i18n import N_
from tracker.services import groups, meetings, tasks
from tracker.services.access import WebUser
from tracker.web.common import (
    STATUS_COLUMNS,
    formatter,
    safe_next,
    service_context,
    t,
)
from tracker.web.forms import parse_day, parse_id

# The fields each form shows, by the services' name for them; other messages top the form.
FORM_FIELDS: dict[str, dict[str, str]] = {
    "status": {"status": "status", "blocked_reason": "blocked_reason"},
    "due": {"due_on": "due_on"},
    "owner": {"owner_id": "owner_id"},
    "comment": {"body": "body"},
    "task": {
        "title": "title",
        "description": "description",
        "due_on": "due_on",
        "owner_id": "owner_id",
        "meeting_id": "target",
        "agenda_item_id": "target",
        "status": "status",
        "blocked_reason": "blocked_reason",
    },
}
TYPED_FIELDS = (
    "title",
    "description",
    "due_on",
    "owner_id",
    "target",
    "status",
    "blocked_reason",
    "version",
)
FIELD_LABELS = {
    "title": N_("Title"),
    "description": N_("Description"),
    "workgroup_id": N_("Workgroup"),
    "owner_id": N_("Owner"),
    "status": N_("Status"),
    "blocked_reason": N_("Blocked by"),
    "due_on": N_("Due date"),
    "meeting_id": N_("Meeting"),
    "agenda_item_id": N_("Agenda item"),
    "created": N_("Created"),
    "deleted": N_("Deleted"),
    "comment": N_("Comment"),
}
CHANNEL_LABELS = {
    "web": N_("web"),
    "api": N_("API"),
    "slack": "Slack",
    "matrix": "Matrix",
    "teams": "Teams",
    "console": N_("console"),
    "import": N_("import"),
    "cli": N_("command line"),
    "system": N_("system"),
}


# --- loading, scoped to the signed-in person's group ----------------------------------------


def workgroup_in_group(user: WebUser, workgroup_id: int) -> s.WorkgroupView:
    try:
        workgroup = groups.get_workgroup(service_context(), workgroup_id=workgroup_id)
    except NotFound:
        abort(404)
    if workgroup.group_id != user.group_id:
        abort(404)
    return workgroup


def task_in_group(user: WebUser, task_id: int) -> s.TaskView:
    try:
        task = tasks.get_task(service_context(), task_id=task_id)
    except NotFound:
        abort(404)
    workgroup_in_group(user, task.workgroup_id)
    return task


@dataclass(frozen=True)
class Target:
    """A meeting or one of its agenda items that a task can be due for, as a choice in a form."""

    value: str
    label: str
    is_item: bool


def targets(group_id: int, keep_meeting: int | None) -> list[Target]:
    """Upcoming meetings and their agenda items (and the one a task is already due for)."""
    fmt = formatter()
    today = service_context().today()
    choices: list[Target] = []
    for meeting in meetings.list_meetings(service_context(), group_id=group_id):
        if fmt.local_day(meeting.starts_at) < today and meeting.id != keep_meeting:
            continue
        day = fmt.day(fmt.local_day(meeting.starts_at))
        choices.append(Target(f"m:{meeting.id}", t(N_("Meeting on {date}"), date=day), False))
        for part in meeting.parts:
            for item in part.items:
                label = t(N_("Item {label}"), label=item.label) + f": {item.title}"
                choices.append(Target(f"i:{item.id}", label, True))
    return choices


def target_value(task: s.TaskView | None) -> str:
    if task is None:
        return ""
    if task.agenda_item_id:
        return f"i:{task.agenda_item_id}"
    if task.meeting_id:
        return f"m:{task.meeting_id}"
    return ""


def parse_target(value: str) -> tuple[int | None, int | None]:
    """(meeting id, agenda item id) of a choice in the "due for" list."""
    kind, _, number = value.partition(":")
    record = parse_id(number)
    if kind == "m":
        return record, None
    if kind == "i":
        return None, record
    return None, None


def people_of(group_id: int) -> list[s.PersonView]:
    """Everyone on the group's roster (leads who are not invited included), by name."""
    people = [m.person for m in groups.roster(service_context(), group_id=group_id)]
    return sorted(people, key=lambda p: (p.first_name.casefold(), p.last_name.casefold()))


def due_day(typed: str, group_id: int) -> date | None:
    """A typed due date, read as the chat reads it: from today and the group's next meeting."""
    ctx = service_context()
    meeting = None
    if mentions_meeting(typed):  # the one query only where the words count from a meeting
        found = meetings.next_meeting_ref(ctx, group_id=group_id)
        meeting = MeetingRef(*found) if found else None
    return parse_day(typed, today=ctx.today(), next_meeting=meeting)


def back_to(fallback: str) -> str:
    return safe_next(request.form.get("next"), fallback)


def form_version() -> int | None:
    return parse_id(request.form.get("version"))


def task_anchor(task_id: int) -> str:
    """The id of a task's card on a list, and of its heading on its own page."""
    return f"task-{task_id}"


def status_choices() -> str:
    return ", ".join(formatter().status(key) for key, _ in STATUS_COLUMNS)
