"""Tasks in the browser: the board of a workgroup, a task with its full history, "my tasks",
creating and editing, and the small forms that move a task on (status, due date, owner, comment).

Every change goes through `tracker.services.tasks`, so the web refuses exactly what the chat and
the API refuse, with the same message. A form that came from a list (the board, "my tasks")
returns there with a notice; a form on the task page is shown again with the message beside the
field and what the person typed still in it. The creating and editing forms (`task_forms`) and the
CSV of any list (`task_csv`) live beside this module and are registered with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import redirect, request, url_for
from pydantic import ValidationError
from werkzeug.wrappers import Response

from tracker import schemas as s
from tracker.calendar_no import due_note
from tracker.errors import DomainError, InvalidInput
from tracker.i18n import N_
from tracker.models import OPEN_STATUSES, TaskStatus
from tracker.services import groups, history, meetings, reads, tasks
from tracker.web import task_csv, task_forms  # noqa: F401  (their routes join the blueprint with these)
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
from tracker.web.forms import FormErrors, form_errors, parse_id
from tracker.web.task_csv import meeting_tasks as meeting_tasks
from tracker.web.task_support import (
    CHANNEL_LABELS,
    FIELD_LABELS,
    FORM_FIELDS,
    back_to,
    due_day,
    form_version,
    people_of,
    status_choices,
    task_anchor,
    task_in_group,
    workgroup_in_group,
)

# --- the board ------------------------------------------------------------------------------


@bp.get("/workgroups/<int:workgroup_id>")
def board(workgroup_id: int) -> Response:
    """A workgroup's tasks in one column per status, each with buttons that move it on."""
    user = require_user()
    workgroup = workgroup_in_group(user, workgroup_id)
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
    # Only tasks of groups the person reads, as everywhere: owning one elsewhere shows nothing.
    found = reads.list_tasks(
        service_context(),
        actor=web_actor(),
        owner_id=user.person.id,
        statuses=OPEN_STATUSES,
        limit=LIST_LIMIT,
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
    task = task_in_group(user, task_id)
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
        people=people_of(group_id) if can_manage else [],
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
            flash_at(message, task_anchor(task_id), "error")
        back = safe_next(target, url_for("web.task", task_id=task_id))
        return redirect(with_anchor(back, task_anchor(task_id)), 303)
    return _task_page(task_id, errors, values)


def _done(task_id: int, message: str) -> Response:
    """Back where the person acted, at the task, with the confirmation beside it."""
    flash_at(message, task_anchor(task_id))
    return redirect(
        with_anchor(back_to(url_for("web.task", task_id=task_id)), task_anchor(task_id)), 303
    )


@bp.post("/tasks/<int:task_id>/status")
def set_status(task_id: int) -> Response:
    """Move a task to another status (blocked needs a reason)."""
    user = require_user()
    task_in_group(user, task_id)
    wanted = request.form.get("status", "")
    reason = request.form.get("blocked_reason", "").strip() or None
    values = {"status": wanted, "blocked_reason": reason or ""}
    try:
        status = TaskStatus(wanted)
        fields: dict[str, Any] = {"status": status, "version": form_version()}
        if status == TaskStatus.BLOCKED:
            fields["blocked_reason"] = reason
        data = s.TaskUpdate(**fields)
        changed = tasks.update_task(
            service_context(), actor=web_actor(), task_id=task_id, data=data
        )
    except (DomainError, ValidationError) as error:
        return _refused(task_id, "status", error, values)
    except ValueError:  # a status that does not exist
        unknown = InvalidInput(
            N_("Give one of: {choices}."), field="status", choices=status_choices()
        )
        return _refused(task_id, "status", unknown, values)
    return _done(
        task_id,
        t(N_("#{id} is now {status}."), id=changed.id, status=formatter().status(changed.status)),
    )


@bp.post("/tasks/<int:task_id>/due")
def move_due(task_id: int) -> Response:
    """Set, move or clear a task's due date."""
    user = require_user()
    task_in_group(user, task_id)
    typed = request.form.get("due_on", "")
    try:
        due = due_day(typed, group_id_of(user))
        data = s.TaskUpdate(due_on=due, version=form_version())
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
    task_in_group(user, task_id)
    owner = parse_id(request.form.get("owner_id"))
    try:
        data = s.TaskUpdate(owner_id=owner, version=form_version())
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
    task_in_group(user, task_id)
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
