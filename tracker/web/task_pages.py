"""Tasks in the browser: the board of a workgroup, a task with its full history, "my tasks",
creating and editing, and the small forms that move a task on (status, due date, owner, comment).

Every change goes through `tracker.services.tasks`, so the web refuses exactly what the chat and
the API refuse, with the same message. A form that came from a list (the board, "my tasks")
returns there with a notice; a form on the task page is shown again with the message beside the
field and what the person typed still in it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import abort, redirect, request, url_for
from pydantic import ValidationError
from werkzeug.wrappers import Response

from tracker import schemas as s
from tracker.calendar_no import due_note
from tracker.dates import MeetingRef, mentions_meeting
from tracker.errors import DomainError, InvalidInput, NotFound
from tracker.export import export_tasks_csv
from tracker.i18n import N_
from tracker.models import OPEN_STATUSES, TaskStatus
from tracker.services import groups, history, meetings, tasks
from tracker.services.access import WebUser
from tracker.web.common import (
    LIST_LIMIT,
    NEXT_STATUSES,
    STATUS_COLUMNS,
    bp,
    current_language,
    flash_at,
    formatter,
    group_id_of,
    render,
    require_user,
    safe_next,
    service_context,
    t,
    web_actor,
    with_anchor,
)
from tracker.web.day_off import day_off_note
from tracker.web.forms import FormErrors, form_errors, parse_day, parse_id

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
    "console": N_("console"),
    "import": N_("import"),
    "cli": N_("command line"),
    "system": N_("system"),
}


# --- loading, scoped to the signed-in person's group ----------------------------------------


def _workgroup(user: WebUser, workgroup_id: int) -> s.WorkgroupView:
    try:
        workgroup = groups.get_workgroup(service_context(), workgroup_id=workgroup_id)
    except NotFound:
        abort(404)
    if workgroup.group_id != user.group_id:
        abort(404)
    return workgroup


def _task(user: WebUser, task_id: int) -> s.TaskView:
    try:
        task = tasks.get_task(service_context(), task_id=task_id)
    except NotFound:
        abort(404)
    _workgroup(user, task.workgroup_id)
    return task


@dataclass(frozen=True)
class Target:
    """A meeting or one of its agenda items that a task can be due for, as a choice in a form."""

    value: str
    label: str
    is_item: bool


def _targets(group_id: int, keep_meeting: int | None) -> list[Target]:
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


def _target_value(task: s.TaskView | None) -> str:
    if task is None:
        return ""
    if task.agenda_item_id:
        return f"i:{task.agenda_item_id}"
    if task.meeting_id:
        return f"m:{task.meeting_id}"
    return ""


def _parse_target(value: str) -> tuple[int | None, int | None]:
    """(meeting id, agenda item id) of a choice in the "due for" list."""
    kind, _, number = value.partition(":")
    record = parse_id(number)
    if kind == "m":
        return record, None
    if kind == "i":
        return None, record
    return None, None


def _people(group_id: int) -> list[s.PersonView]:
    """Everyone on the group's roster (leads who are not invited included), by name."""
    people = [m.person for m in groups.roster(service_context(), group_id=group_id)]
    return sorted(people, key=lambda p: (p.first_name.casefold(), p.last_name.casefold()))


def _due_day(typed: str, group_id: int) -> date | None:
    """A typed due date, read as the chat reads it: from today and the group's next meeting."""
    ctx = service_context()
    meeting = None
    if mentions_meeting(typed):  # the one query only where the words count from a meeting
        found = meetings.next_meeting_ref(ctx, group_id=group_id)
        meeting = MeetingRef(*found) if found else None
    return parse_day(typed, today=ctx.today(), next_meeting=meeting)


def _back(fallback: str) -> str:
    return safe_next(request.form.get("next"), fallback)


def _version() -> int | None:
    return parse_id(request.form.get("version"))


# --- the board ------------------------------------------------------------------------------


@bp.get("/workgroups/<int:workgroup_id>")
def board(workgroup_id: int) -> Response:
    """A workgroup's tasks in one column per status, each with buttons that move it on."""
    user = require_user()
    workgroup = _workgroup(user, workgroup_id)
    found = tasks.list_tasks(service_context(), workgroup_id=workgroup.id, limit=LIST_LIMIT)
    columns: dict[str, list[s.TaskView]] = {key: [] for key, _ in STATUS_COLUMNS}
    for task in found:
        columns[task.status.value].append(task)
    return render(
        "board.html",
        workgroup=workgroup,
        workgroups=groups.list_workgroups(service_context(), group_id=group_id_of(user)),
        columns=columns,
        today=service_context().today(),
        next_statuses=NEXT_STATUSES,
        here=url_for("web.board", workgroup_id=workgroup.id),
        csv_url=url_for("web.tasks_csv", view="workgroup", id=workgroup.id),
    )


@bp.get("/my-tasks")
def my_tasks() -> Response:
    """The signed-in person's open tasks, overdue first, with the buttons that move them on."""
    user = require_user()
    found = tasks.list_tasks(
        service_context(), owner_id=user.person.id, statuses=OPEN_STATUSES, limit=LIST_LIMIT
    )
    today = service_context().today()
    overdue = [task for task in found if task.due_on is not None and task.due_on < today]
    rest = [task for task in found if task not in overdue]
    return render(
        "my_tasks.html",
        overdue=overdue,
        rest=rest,
        today=today,
        next_statuses=NEXT_STATUSES,
        here=url_for("web.my_tasks"),
        csv_url=url_for("web.tasks_csv", view="mine"),
    )


# --- one task -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryLine:
    """One change of a task, in words."""

    at: str
    at_iso: str
    who: str
    channel: str
    field: str
    old: str | None
    new: str | None


def _history(task: s.TaskView, group_id: int) -> list[HistoryLine]:
    fmt = formatter()
    ctx = service_context()
    changes = history.history(ctx, entity="task", entity_id=task.id)
    people = {p.id: p.full_name for p in groups.list_people(ctx)}
    workgroups = {
        w.id: f"{w.number}. {w.name}" for w in groups.list_workgroups(ctx, group_id=group_id)
    }
    meeting_days: dict[int, str] = {}
    items: dict[int, str] = {}
    for meeting in meetings.list_meetings(ctx, group_id=group_id):
        meeting_days[meeting.id] = fmt.day(fmt.local_day(meeting.starts_at))
        for part in meeting.parts:
            for item in part.items:
                items[item.id] = t(N_("Item {label}"), label=item.label) + f": {item.title}"

    def value(field: str, text: str | None) -> str | None:
        if text is None or text == "":
            return None
        try:
            if field == "owner_id":
                return people.get(int(text), text)
            if field == "workgroup_id":
                return workgroups.get(int(text), text)
            if field == "meeting_id":
                return meeting_days.get(int(text), text)
            if field == "agenda_item_id":
                return items.get(int(text), text)
            if field == "due_on":
                return fmt.day(date.fromisoformat(text))
        except ValueError:
            return text
        if field == "status":
            return fmt.status(text)
        return text

    return [
        HistoryLine(
            at=fmt.moment(change.at),
            at_iso=change.at.isoformat(),
            who=change.actor_name or t(N_("the system")),
            channel=t(CHANNEL_LABELS.get(change.channel, change.channel)),
            field=t(FIELD_LABELS.get(change.field, change.field)),
            old=value(change.field, change.old_value),
            new=value(change.field, change.new_value),
        )
        for change in reversed(changes)
    ]


def _task_page(
    task_id: int, errors: FormErrors | None = None, values: dict[str, str] | None = None
) -> Response:
    user = require_user()
    task = _task(user, task_id)
    ctx = service_context()
    group_id = group_id_of(user)
    meeting = meetings.get_meeting(ctx, meeting_id=task.meeting_id) if task.meeting_id else None
    item = None
    if meeting is not None and task.agenda_item_id:
        item = next(
            (i for p in meeting.parts for i in p.items if i.id == task.agenda_item_id), None
        )
    can_manage = user.can_manage(task.workgroup_id)
    shown = {"status", "due"} if user.can_edit(task) else set()
    shown |= {"owner"} if can_manage else set()
    shown |= {"comment"} if user.can_write else set()
    # A refusal of a form this person is not even shown goes at the top of the page.
    orphans = list(errors.messages.values()) if errors and errors.form not in shown else []
    return render(
        "task.html",
        errors.status if errors else 200,
        task=task,
        meeting=meeting,
        item=item,
        comments=tasks.list_comments(ctx, task_id=task.id),
        history=_history(task, group_id),
        can_edit=user.can_edit(task),
        can_manage=can_manage,
        can_comment=user.can_write,
        people=_people(group_id) if can_manage else [],
        today=ctx.today(),
        next_statuses=NEXT_STATUSES,
        errors=errors or FormErrors(),
        orphan_errors=orphans,
        values=values or {},
        here=url_for("web.task", task_id=task.id),
    )


@bp.get("/tasks/<int:task_id>")
def task(task_id: int) -> Response:
    """A task, its comments and its full history: who changed what, when, from where."""
    return _task_page(task_id)


def _refused(task_id: int, form: str, error: Exception, values: dict[str, str]) -> Response:
    """A form on the task page, or a button on a list, that the services refused."""
    errors = form_errors(form, error, current_language(), fields=FORM_FIELDS[form])
    target = request.form.get("next")
    if target and target != url_for("web.task", task_id=task_id):
        for message in errors.messages.values():
            flash_at(message, _anchor(task_id), "error")
        back = safe_next(target, url_for("web.task", task_id=task_id))
        return redirect(with_anchor(back, _anchor(task_id)), 303)
    return _task_page(task_id, errors, values)


def _anchor(task_id: int) -> str:
    """The id of a task's card on a list, and of its heading on its own page."""
    return f"task-{task_id}"


def _done(task_id: int, message: str) -> Response:
    """Back where the person acted, at the task, with the confirmation beside it."""
    flash_at(message, _anchor(task_id))
    return redirect(with_anchor(_back(url_for("web.task", task_id=task_id)), _anchor(task_id)), 303)


@bp.post("/tasks/<int:task_id>/status")
def set_status(task_id: int) -> Response:
    """Move a task to another status (blocked needs a reason)."""
    user = require_user()
    _task(user, task_id)
    wanted = request.form.get("status", "")
    reason = request.form.get("blocked_reason", "").strip() or None
    values = {"status": wanted, "blocked_reason": reason or ""}
    try:
        status = TaskStatus(wanted)
        fields: dict[str, Any] = {"status": status, "version": _version()}
        if status == TaskStatus.BLOCKED:
            fields["blocked_reason"] = reason
        data = s.TaskUpdate(**fields)
        changed = tasks.update_task(
            service_context(), actor=web_actor(), task_id=task_id, data=data
        )
    except (DomainError, ValidationError) as error:
        return _refused(task_id, "status", error, values)
    except ValueError:  # a status that does not exist
        unknown = InvalidInput(N_("Give one of: {choices}."), field="status", choices=_choices())
        return _refused(task_id, "status", unknown, values)
    return _done(
        task_id,
        t(N_("#{id} is now {status}."), id=changed.id, status=formatter().status(changed.status)),
    )


def _choices() -> str:
    return ", ".join(formatter().status(key) for key, _ in STATUS_COLUMNS)


@bp.post("/tasks/<int:task_id>/due")
def move_due(task_id: int) -> Response:
    """Set, move or clear a task's due date."""
    user = require_user()
    _task(user, task_id)
    typed = request.form.get("due_on", "")
    try:
        due = _due_day(typed, group_id_of(user))
        data = s.TaskUpdate(due_on=due, version=_version())
        changed = tasks.update_task(
            service_context(), actor=web_actor(), task_id=task_id, data=data
        )
    except (DomainError, ValidationError) as error:
        return _refused(task_id, "due", error, {"due_on": typed})
    if changed.due_on is None:
        return _done(task_id, t(N_("#{id} has no due date now."), id=changed.id))
    day = formatter().day(changed.due_on)
    note = due_note(service_context().calendar, changed.due_on, current_language())
    if note is not None:
        said = t(N_("#{id} is now due {date} — {note}."), id=changed.id, date=day, note=note)
        return _done(task_id, said)
    return _done(task_id, t(N_("#{id} is now due {date}."), id=changed.id, date=day))


@bp.post("/tasks/<int:task_id>/owner")
def assign(task_id: int) -> Response:
    """Give a task to someone (the lead or the secretariat)."""
    user = require_user()
    _task(user, task_id)
    owner = parse_id(request.form.get("owner_id"))
    try:
        data = s.TaskUpdate(owner_id=owner, version=_version())
        changed = tasks.update_task(
            service_context(), actor=web_actor(), task_id=task_id, data=data
        )
    except (DomainError, ValidationError) as error:
        return _refused(task_id, "owner", error, {"owner_id": request.form.get("owner_id", "")})
    if changed.owner_name is None:
        return _done(task_id, t(N_("#{id} has no owner now."), id=changed.id))
    return _done(
        task_id, t(N_("#{id} now belongs to {name}."), id=changed.id, name=changed.owner_name)
    )


@bp.post("/tasks/<int:task_id>/comments")
def comment(task_id: int) -> Response:
    """Comment on a task."""
    user = require_user()
    _task(user, task_id)
    body = request.form.get("body", "")
    try:
        added = tasks.add_comment(
            service_context(),
            actor=web_actor(),
            task_id=task_id,
            data=s.CommentCreate(body=body),
        )
    except (DomainError, ValidationError) as error:
        return _refused(task_id, "comment", error, {"body": body})
    flash_at(t(N_("Your comment was added.")), f"comment-{added.id}")
    return redirect(url_for("web.task", task_id=task_id, _anchor=f"comment-{added.id}"), 303)


# --- creating and editing -------------------------------------------------------------------


def _form_page(
    *,
    workgroup: s.WorkgroupView,
    task: s.TaskView | None,
    values: dict[str, str],
    errors: FormErrors | None = None,
) -> Response:
    user = require_user()
    group_id = group_id_of(user)
    can_manage = user.can_manage(workgroup.id)
    return render(
        "task_form.html",
        errors.status if errors else 200,
        workgroup=workgroup,
        task=task,
        values=values,
        errors=errors or FormErrors(),
        can_manage=can_manage,
        people=_people(group_id) if can_manage else [],
        targets=_targets(group_id, task.meeting_id if task else None),
    )


def _form_values(task: s.TaskView | None) -> dict[str, str]:
    fmt = formatter()
    if task is None:
        return {"status": "todo"}
    return {
        "title": task.title,
        "description": task.description,
        "due_on": fmt.input_day(task.due_on),
        "owner_id": str(task.owner_id or ""),
        "target": _target_value(task),
        "status": task.status.value,
        "blocked_reason": task.blocked_reason or "",
        "version": str(task.version),
    }


def _typed() -> dict[str, str]:
    return {name: request.form.get(name, "") for name in TYPED_FIELDS if name in request.form}


@bp.get("/workgroups/<int:workgroup_id>/tasks/new")
def new_task(workgroup_id: int) -> Response:
    """The form for a new task in a workgroup."""
    user = require_user()
    workgroup = _workgroup(user, workgroup_id)
    values = _form_values(None)
    if not user.can_manage(workgroup.id):
        values["owner_id"] = str(user.person.id)
    return _form_page(workgroup=workgroup, task=None, values=values)


@bp.post("/workgroups/<int:workgroup_id>/tasks/new")
def create_task(workgroup_id: int) -> Response:
    """Create the task."""
    user = require_user()
    workgroup = _workgroup(user, workgroup_id)
    typed = _typed()
    owner = parse_id(typed.get("owner_id")) if user.can_manage(workgroup.id) else user.person.id
    meeting_id, item_id = _parse_target(typed.get("target", ""))
    try:
        status = TaskStatus(typed.get("status") or "todo")
        data = s.TaskCreate(
            title=typed.get("title", ""),
            description=typed.get("description", ""),
            workgroup_id=workgroup.id,
            owner_id=owner,
            due_on=_due_day(typed.get("due_on", ""), workgroup.group_id),
            meeting_id=meeting_id,
            agenda_item_id=item_id,
            status=status,
            blocked_reason=typed.get("blocked_reason") or None,
        )
        created = tasks.create_task(service_context(), actor=web_actor(), data=data)
    except (DomainError, ValidationError) as error:
        errors = form_errors("task", error, current_language(), fields=FORM_FIELDS["task"])
        return _form_page(workgroup=workgroup, task=None, values=typed, errors=errors)
    except ValueError:
        errors = FormErrors(
            "task", {"status": t(N_("Give one of: {choices}."), choices=_choices())}
        )
        return _form_page(workgroup=workgroup, task=None, values=typed, errors=errors)
    said = t(N_("Task #{id} was created."), id=created.id)
    flash_at(_with_day_off(said, created.due_on), _anchor(created.id))
    return redirect(url_for("web.task", task_id=created.id, _anchor=_anchor(created.id)), 303)


def _with_day_off(message: str, day: date | None) -> str:
    """A confirmation, and the note when the due date set is a holiday or in the summer break."""
    note = day_off_note(day)
    return f"{message} {note}" if note else message


@bp.get("/tasks/<int:task_id>/edit")
def edit_task(task_id: int) -> Response:
    """The form that edits a task."""
    user = require_user()
    current = _task(user, task_id)
    workgroup = _workgroup(user, current.workgroup_id)
    return _form_page(workgroup=workgroup, task=current, values=_form_values(current))


@bp.post("/tasks/<int:task_id>/edit")
def save_task(task_id: int) -> Response:
    """Save the fields that changed (only those: a member may edit their own task's text and
    dates without tripping over the fields only the lead may change)."""
    user = require_user()
    current = _task(user, task_id)
    workgroup = _workgroup(user, current.workgroup_id)
    typed = _typed()
    before = _form_values(current)
    try:
        changes: dict[str, Any] = {}
        for name in ("title", "description", "blocked_reason"):
            if name in typed and typed[name].strip() != before[name].strip():
                changes[name] = typed[name]
        if "due_on" in typed and typed["due_on"].strip() != before["due_on"]:
            changes["due_on"] = _due_day(typed["due_on"], workgroup.group_id)
        if "status" in typed and typed["status"] != before["status"]:
            changes["status"] = TaskStatus(typed["status"])
            if changes["status"] == TaskStatus.BLOCKED:
                changes["blocked_reason"] = typed.get("blocked_reason", "")
        if "owner_id" in typed and typed["owner_id"] != before["owner_id"]:
            changes["owner_id"] = parse_id(typed["owner_id"])
        if "target" in typed and typed["target"] != before["target"]:
            changes["meeting_id"], changes["agenda_item_id"] = _parse_target(typed["target"])
        if changes:
            data = s.TaskUpdate(version=parse_id(typed.get("version")), **changes)
            tasks.update_task(service_context(), actor=web_actor(), task_id=task_id, data=data)
    except (DomainError, ValidationError) as error:
        errors = form_errors("task", error, current_language(), fields=FORM_FIELDS["task"])
        return _form_page(workgroup=workgroup, task=current, values=typed, errors=errors)
    except ValueError:
        errors = FormErrors(
            "task", {"status": t(N_("Give one of: {choices}."), choices=_choices())}
        )
        return _form_page(workgroup=workgroup, task=current, values=typed, errors=errors)
    said = t(N_("Task #{id} was saved."), id=task_id) if changes else t(N_("Nothing was changed."))
    if "due_on" in changes:
        said = _with_day_off(said, changes["due_on"])
    flash_at(said, _anchor(task_id))
    return redirect(url_for("web.task", task_id=task_id, _anchor=_anchor(task_id)), 303)


# --- CSV of any list ------------------------------------------------------------------------


@bp.get("/tasks.csv")
def tasks_csv() -> Response:
    """The tasks a page shows, as a spreadsheet: ?view=group, workgroup&id=, mine, deadlines,
    or meeting&id=."""
    user = require_user()
    ctx = service_context()
    group_id = group_id_of(user)
    view = request.args.get("view", "group")
    record = parse_id(request.args.get("id"))
    rows: list[s.TaskView] | None
    name = view
    if view == "group":
        rows = None
    elif view == "workgroup" and record is not None:
        workgroup = _workgroup(user, record)
        rows = tasks.list_tasks(ctx, workgroup_id=workgroup.id, limit=LIST_LIMIT)
        name = f"workgroup-{workgroup.number}"
    elif view == "mine":
        rows = tasks.list_tasks(ctx, owner_id=user.person.id, limit=LIST_LIMIT)
    elif view == "deadlines":
        rows = [
            task
            for task in tasks.list_tasks(
                ctx, group_id=group_id, statuses=OPEN_STATUSES, limit=LIST_LIMIT
            )
            if task.due_on is not None
        ]
    elif view == "meeting" and record is not None:
        rows = meeting_tasks(group_id, record)
        name = f"meeting-{record}"
    else:
        abort(404)
    out = io.StringIO()
    export_tasks_csv(ctx, group_id, out, task_views=rows, words=formatter())
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="tasks-{name}.csv"'
    return response


def meeting_tasks(group_id: int, meeting_id: int) -> list[s.TaskView]:
    """The tasks due for a meeting: linked to it or to one of its agenda items."""
    try:
        meeting = meetings.get_meeting(service_context(), meeting_id=meeting_id)
    except NotFound:
        abort(404)
    if meeting.group_id != group_id:
        abort(404)
    items = {item.id for part in meeting.parts for item in part.items}
    return [
        task
        for task in tasks.list_tasks(service_context(), group_id=group_id, limit=LIST_LIMIT)
        if task.meeting_id == meeting.id or task.agenda_item_id in items
    ]
