"""Comments on tasks: adding one (any member of the task's group may) and listing them."""

from __future__ import annotations

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import aliased, joinedload

from tracker import schemas as s
from tracker.errors import NotFound
from tracker.i18n import N_
from tracker.models import Comment, Person, Task, Workgroup
from tracker.services import history, permissions
from tracker.services.context import Actor, ServiceContext
from tracker.services.task_reads import ACTOR_ROLE, load_task
from tracker.services.views import comment_view

_AUTHOR = aliased(Person)
_TASK_GROUP = (
    select(
        Task.id,
        Workgroup.group_id,
        ACTOR_ROLE.label("actor_role"),
        _AUTHOR.first_name,
        _AUTHOR.last_name,
    )
    .join(Workgroup, Task.workgroup_id == Workgroup.id)
    .outerjoin(_AUTHOR, _AUTHOR.id == bindparam("person_id"))
    .where(Task.id == bindparam("task_id"))
)
_INSERT_COMMENT = insert(Comment).returning(Comment.id)


def add_comment(
    ctx: ServiceContext, *, actor: Actor, task_id: int, data: s.CommentCreate
) -> s.CommentView:
    """Comment on a task (any member of its group may).

    Core statements, the actor's role read along with the task: a comment from chat is one
    short transaction, like a status change."""
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        conn = session.connection()
        row = conn.execute(_TASK_GROUP, {"task_id": task_id, "person_id": actor.person_id}).first()
        if row is None:
            raise NotFound(N_("Task #{id} does not exist."), id=task_id)
        if actor.person_id is not None:
            permissions.remember_role(session, actor.person_id, row.group_id, row.actor_role)
        permissions.require_member(session, actor, row.group_id)
        comment_id = conn.execute(
            _INSERT_COMMENT,
            {
                "task_id": task_id,
                "author_id": actor.person_id,
                "body": data.body,
                "created_at": now,
                "channel": actor.channel.value,
            },
        ).scalar_one()
        history.record(
            session,
            actor=actor,
            at=now,
            entity="task",
            entity_id=task_id,
            old={"comment": None},
            new={"comment": data.body},
        )
        uow.commit()
    author = f"{row.first_name} {row.last_name}".strip() if row.first_name is not None else None
    return s.CommentView.model_construct(
        id=comment_id,
        task_id=task_id,
        author_id=actor.person_id,
        author_name=author,
        body=data.body,
        created_at=now,
        channel=actor.channel.value,
    )


def list_comments(ctx: ServiceContext, *, task_id: int) -> list[s.CommentView]:
    """A task's comments, oldest first."""
    with ctx.uow() as uow:
        load_task(uow.session, task_id)
        rows = uow.session.scalars(
            select(Comment)
            .options(joinedload(Comment.author))
            .where(Comment.task_id == task_id)
            .order_by(Comment.created_at, Comment.id)
        )
        return [comment_view(row) for row in rows]
