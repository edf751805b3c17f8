"""What a chat adapter must remember between runs, kept in SQL: its sync position, the direct
room it uses for each person, and which posted message shows which task. Platform-neutral; each
function is one short transaction, so an adapter's hot path pays one round trip per call."""

from __future__ import annotations

from contextlib import suppress

from sqlalchemy import bindparam, delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from tracker.models import DirectRoom, PostedMessage, SyncState, Task
from tracker.services.context import ServiceContext

# Built once: this runs after every sync of a chat client.
_POSITION = select(SyncState.position).where(SyncState.account == bindparam("account"))
_MOVE = (
    update(SyncState)
    .where(SyncState.account == bindparam("which"))
    .values(position=bindparam("to"), updated_at=bindparam("at"))
)
_POSTED_TASK = select(PostedMessage.task_id).where(
    PostedMessage.platform == bindparam("platform"),
    PostedMessage.message_id == bindparam("message_id"),
)


def sync_position(ctx: ServiceContext, *, account: str) -> str | None:
    """Where a client's last fully handled sync ended, or None before its first one."""
    with ctx.uow() as uow:
        return uow.session.connection().scalar(_POSITION, {"account": account})


def save_sync_position(ctx: ServiceContext, *, account: str, position: str) -> None:
    """Remember where a client's sync ended; call only once that sync's events are handled."""
    now = ctx.clock.now()
    with ctx.uow() as uow:
        conn = uow.session.connection()
        moved = conn.execute(_MOVE, {"which": account, "to": position, "at": now})
        if moved.rowcount == 0:
            uow.session.add(SyncState(account=account, position=position, updated_at=now))
        uow.commit()


def direct_room(ctx: ServiceContext, *, platform: str, user_id: str) -> str | None:
    """The direct-message room the bot uses for a platform user, if there is one."""
    with ctx.uow() as uow:
        return uow.session.scalar(
            select(DirectRoom.room_id).where(
                DirectRoom.platform == platform, DirectRoom.user_id == user_id
            )
        )


def remember_direct_room(ctx: ServiceContext, *, platform: str, user_id: str, room_id: str) -> str:
    """Record a user's direct room unless one is known already; returns the room to use."""
    with ctx.uow() as uow:
        uow.session.add(
            DirectRoom(
                platform=platform, user_id=user_id, room_id=room_id, created_at=ctx.clock.now()
            )
        )
        try:
            uow.commit()
        except IntegrityError:
            pass
        else:
            return room_id
    # Someone recorded one first (another worker, or an earlier invitation): that one wins.
    known = direct_room(ctx, platform=platform, user_id=user_id)
    return known or room_id


def forget_room(
    ctx: ServiceContext, *, platform: str, room_id: str, key: str, user_id: str | None = None
) -> list[str]:
    """Forget a room the bot was removed from, in one transaction: the string kept under `key`
    (what it needed to write first there) and the room as anyone's direct room on the platform,
    with `user_id`'s direct room. The rows are deleted, so a later install records them afresh.
    Returns the users whose direct room was forgotten."""
    mine = DirectRoom.platform == platform
    which = (
        or_(DirectRoom.room_id == room_id, DirectRoom.user_id == user_id)
        if user_id
        else (DirectRoom.room_id == room_id)
    )
    with ctx.uow() as uow:
        conn = uow.session.connection()
        users = list(
            conn.scalars(delete(DirectRoom).where(mine, which).returning(DirectRoom.user_id))
        )
        conn.execute(delete(SyncState).where(SyncState.account == key))
        uow.commit()
    return users


def direct_room_ids(ctx: ServiceContext, *, platform: str) -> set[str]:
    """Every room known as a direct-message room on a platform."""
    with ctx.uow() as uow:
        return set(
            uow.session.scalars(select(DirectRoom.room_id).where(DirectRoom.platform == platform))
        )


def record_posted_message(
    ctx: ServiceContext, *, platform: str, room_id: str, message_id: str, task_id: int
) -> None:
    """Remember that a posted message shows one task, so a reaction on it can act on the task."""
    with ctx.uow() as uow:
        session = uow.session
        if session.get(Task, task_id) is None:
            return
        session.add(
            PostedMessage(
                platform=platform,
                room_id=room_id,
                message_id=message_id,
                task_id=task_id,
                posted_at=ctx.clock.now(),
            )
        )
        with suppress(IntegrityError):  # recorded already (a retried delivery)
            uow.commit()


def task_of_posted_message(ctx: ServiceContext, *, platform: str, message_id: str) -> int | None:
    """The task a message the bot posted shows, or None when it showed none or several."""
    with ctx.uow() as uow:
        return uow.session.connection().scalar(
            _POSTED_TASK, {"platform": platform, "message_id": message_id}
        )
