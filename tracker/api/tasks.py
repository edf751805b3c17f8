"""Tasks, their comments and their history. Handlers parse, call one service, return its view."""

from __future__ import annotations

from flask import Response, url_for
from flask_openapi3.blueprint import APIBlueprint
from flask_openapi3.models.tag import Tag
from pydantic import BaseModel, RootModel

from tracker import schemas as s
from tracker.api.common import (
    SECURITY,
    Follows,
    Page,
    common_problems,
    created,
    current_actor,
    no_content,
    operation_id,
    ours,
    responses,
    service_context,
    view,
    views,
)
from tracker.models import TaskStatus
from tracker.services import reads
from tracker.services import tasks as task_service

# What a client can do next with a task or comment it made (schemathesis follows these too).
LINKS = {
    "create_task": (
        Follows(
            parameter="task_id",
            operations=(
                "get_task",
                "update_task",
                "delete_task",
                "list_comments",
                "add_comment",
                "task_history",
            ),
        ),
    ),
    "add_comment": (
        Follows(parameter="task_id", source="task_id", operations=("get_task", "list_comments")),
    ),
}

bp = APIBlueprint(
    "tasks",
    __name__,
    abp_tags=[Tag(name="tasks", description="Tasks and deliverables, comments, history")],
    abp_security=SECURITY,
    abp_responses=common_problems(),
    operation_id_callback=operation_id,
)

TASK_ID = "<id:task_id>"


class TaskPath(BaseModel):
    """A task's address."""

    task_id: s.Id


class TaskQuery(Page):
    """Filters of the task list; `status` may be repeated."""

    group_id: s.Id | None = None
    workgroup_id: s.Id | None = None
    owner_id: s.Id | None = None
    status: list[TaskStatus] | None = None
    due_before: s.IsoDate | None = None


class TaskList(RootModel[list[s.TaskView]]):
    """Tasks, soonest due first."""


class CommentList(RootModel[list[s.CommentView]]):
    """Comments, oldest first."""


class ChangeList(RootModel[list[s.ChangeView]]):
    """History entries, oldest first."""


@bp.get("/tasks", responses=responses(200, TaskList))
def list_tasks(query: TaskQuery) -> Response:
    """List tasks by group, workgroup, owner, status and due date."""
    return views(
        reads.list_tasks(
            service_context(),
            actor=current_actor(),
            group_id=query.group_id,
            workgroup_id=query.workgroup_id,
            owner_id=query.owner_id,
            statuses=query.status,
            due_before=query.due_before,
            limit=query.limit,
            offset=query.offset,
        )
    )


@bp.get(f"/tasks/{TASK_ID}", responses=responses(200, s.TaskView, 404))
def get_task(path: TaskPath) -> Response:
    """Read one task."""
    return view(reads.get_task(service_context(), actor=current_actor(), task_id=path.task_id))


@bp.post("/tasks", responses=responses(201, s.TaskView, 403))
def create_task(body: s.TaskCreate) -> Response:
    """Create a task in a workgroup."""
    task = task_service.create_task(service_context(), actor=current_actor(), data=body)
    return created(task, url_for(".get_task", task_id=task.id))


@bp.patch(f"/tasks/{TASK_ID}", responses=responses(200, s.TaskView, 403, 404, 409))
def update_task(path: TaskPath, body: s.TaskUpdate) -> Response:
    """Change some fields of a task; send the `version` you read to get 409 on a conflict."""
    ours("task", path.task_id)
    return view(
        task_service.update_task(
            service_context(), actor=current_actor(), task_id=path.task_id, data=body
        )
    )


@bp.delete(f"/tasks/{TASK_ID}", responses=responses(204, None, 403, 404))
def delete_task(path: TaskPath) -> Response:
    """Delete a task (its lead or the secretariat)."""
    ours("task", path.task_id)
    task_service.delete_task(service_context(), actor=current_actor(), task_id=path.task_id)
    return no_content()


@bp.get(f"/tasks/{TASK_ID}/comments", responses=responses(200, CommentList, 404))
def list_comments(path: TaskPath) -> Response:
    """A task's comments, oldest first."""
    return views(
        reads.list_comments(service_context(), actor=current_actor(), task_id=path.task_id)
    )


@bp.post(f"/tasks/{TASK_ID}/comments", responses=responses(201, s.CommentView, 403, 404))
def add_comment(path: TaskPath, body: s.CommentCreate) -> Response:
    """Comment on a task."""
    ours("task", path.task_id)
    comment = task_service.add_comment(
        service_context(), actor=current_actor(), task_id=path.task_id, data=body
    )
    return created(comment, url_for(".list_comments", task_id=path.task_id))


@bp.get(f"/tasks/{TASK_ID}/history", responses=responses(200, ChangeList, 404))
def task_history(path: TaskPath) -> Response:
    """Every change of a task, oldest first (kept after the task is deleted)."""
    return views(reads.task_history(service_context(), actor=current_actor(), task_id=path.task_id))
