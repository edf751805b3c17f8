"""Creating and editing a task in the browser; a refusal shows beside its field, input kept."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import redirect, request, url_for
from pydantic import ValidationError
from werkzeug.wrappers import Response

from tracker import schemas as s
from tracker.errors import DomainError
from tracker.i18n import N_
from tracker.models import TaskStatus
from tracker.services import tasks
from tracker.web.common import (
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
from tracker.web.day_off import day_off_note
from tracker.web.forms import FormErrors, form_errors, parse_id
from tracker.web.task_support import (
    FORM_FIELDS,
    TYPED_FIELDS,
    due_day,
    parse_target,
    people_of,
    status_choices,
    target_value,
    targets,
    task_anchor,
    task_in_group,
    workgroup_in_group,
)

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
        people=people_of(group_id) if can_manage else [],
        targets=targets(group_id, task.meeting_id if task else None),
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
        "target": target_value(task),
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
    workgroup = workgroup_in_group(user, workgroup_id)
    values = _form_values(None)
    if not user.can_manage(workgroup.id):
        values["owner_id"] = str(user.person.id)
    return _form_page(workgroup=workgroup, task=None, values=values)


@bp.post("/workgroups/<int:workgroup_id>/tasks/new")
def create_task(workgroup_id: int) -> Response:
    """Create the task."""
    user = require_user()
    workgroup = workgroup_in_group(user, workgroup_id)
    typed = _typed()
    owner = parse_id(typed.get("owner_id")) if user.can_manage(workgroup.id) else user.person.id
    meeting_id, item_id = parse_target(typed.get("target", ""))
    try:
        status = TaskStatus(typed.get("status") or "todo")
        data = s.TaskCreate(
            title=typed.get("title", ""),
            description=typed.get("description", ""),
            workgroup_id=workgroup.id,
            owner_id=owner,
            due_on=due_day(typed.get("due_on", ""), workgroup.group_id),
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
            "task", {"status": t(N_("Give one of: {choices}."), choices=status_choices())}
        )
        return _form_page(workgroup=workgroup, task=None, values=typed, errors=errors)
    said = t(N_("Task #{id} was created."), id=created.id)
    flash_at(_with_day_off(said, created.due_on), task_anchor(created.id))
    return redirect(url_for("web.task", task_id=created.id, _anchor=task_anchor(created.id)), 303)


def _with_day_off(message: str, day: date | None) -> str:
    """A confirmation, and the note when the due date set is a holiday or in the summer break."""
    note = day_off_note(day)
    return f"{message} {note}" if note else message


@bp.get("/tasks/<int:task_id>/edit")
def edit_task(task_id: int) -> Response:
    """The form that edits a task."""
    user = require_user()
    current = task_in_group(user, task_id)
    workgroup = workgroup_in_group(user, current.workgroup_id)
    return _form_page(workgroup=workgroup, task=current, values=_form_values(current))


@bp.post("/tasks/<int:task_id>/edit")
def save_task(task_id: int) -> Response:
    """Save the fields that changed (only those: a member may edit their own task's text and
    dates without tripping over the fields only the lead may change)."""
    user = require_user()
    current = task_in_group(user, task_id)
    workgroup = workgroup_in_group(user, current.workgroup_id)
    typed = _typed()
    before = _form_values(current)
    try:
        changes: dict[str, Any] = {}
        for name in ("title", "description", "blocked_reason"):
            if name in typed and typed[name].strip() != before[name].strip():
                changes[name] = typed[name]
        if "due_on" in typed and typed["due_on"].strip() != before["due_on"]:
            changes["due_on"] = due_day(typed["due_on"], workgroup.group_id)
        if "status" in typed and typed["status"] != before["status"]:
            changes["status"] = TaskStatus(typed["status"])
            if changes["status"] == TaskStatus.BLOCKED:
                changes["blocked_reason"] = typed.get("blocked_reason", "")
        if "owner_id" in typed and typed["owner_id"] != before["owner_id"]:
            changes["owner_id"] = parse_id(typed["owner_id"])
        if "target" in typed and typed["target"] != before["target"]:
            changes["meeting_id"], changes["agenda_item_id"] = parse_target(typed["target"])
        if changes:
            data = s.TaskUpdate(version=parse_id(typed.get("version")), **changes)
            tasks.update_task(service_context(), actor=web_actor(), task_id=task_id, data=data)
    except (DomainError, ValidationError) as error:
        errors = form_errors("task", error, current_language(), fields=FORM_FIELDS["task"])
        return _form_page(workgroup=workgroup, task=current, values=typed, errors=errors)
    except ValueError:
        errors = FormErrors(
            "task", {"status": t(N_("Give one of: {choices}."), choices=status_choices())}
        )
        return _form_page(workgroup=workgroup, task=current, values=typed, errors=errors)
    said = t(N_("Task #{id} was saved."), id=task_id) if changes else t(N_("Nothing was changed."))
    if "due_on" in changes:
        said = _with_day_off(said, changes["due_on"])
    flash_at(said, task_anchor(task_id))
    return redirect(url_for("web.task", task_id=task_id, _anchor=task_anchor(task_id)), 303)
