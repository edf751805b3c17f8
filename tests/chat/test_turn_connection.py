"""A chat turn holds one pooled connection: the claim, the reading of the line, the change and the
home refresh share it (taking and giving back a connection for each cost more than their SQL),
while each block still commits or is undone on its own, as with a connection of its own."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from chat_support import Chat
from database_support import lead_task
from sqlalchemy import event, func, select

from chatops.core import ChatCore
from chatops.messages import IncomingMessage
from tracker import schemas as s
from tracker.models import ProcessedEvent, TaskStatus
from tracker.services import groups, identity, tasks
from tracker.services.context import ServiceContext


@contextmanager
def checkouts(ctx: ServiceContext) -> Iterator[list[int]]:
    """Count the connections taken from the pool while the block runs."""
    taken: list[int] = []

    def count(*_args: object) -> None:
        taken.append(1)

    event.listen(ctx.engine, "checkout", count)
    try:
        yield taken
    finally:
        event.remove(ctx.engine, "checkout", count)


@pytest.fixture
def lunde_task(ctx: ServiceContext, seeded: object) -> s.TaskView:
    return lead_task(ctx)


def test_a_status_change_from_chat_takes_one_connection_from_the_pool(
    ctx: ServiceContext, lunde_task: s.TaskView
) -> None:
    (lunde,) = groups.find_people(ctx, name="Asbjørn Lunde")
    identity.link_identity(ctx, person_id=lunde.id, platform="slack", user_id="ULUNDE")
    # With home tabs on, the change also writes the outbox row that republishes Lunde's home.
    core = ChatCore(ctx, home_tabs=True)
    message = IncomingMessage(
        platform="slack",
        room_id="CGENERAL",
        sender_id="ULUNDE",
        text=f"#{lunde_task.id} ferdig",
        event_id="command:one-connection",
    )
    with checkouts(ctx) as taken:
        reply = core.handle(message)
    assert reply is not None
    assert not reply.is_error
    assert tasks.get_task(ctx, task_id=lunde_task.id).status == TaskStatus.DONE
    assert len(taken) == 1


def test_a_refused_change_is_undone_and_the_next_turn_still_commits(
    chat: Chat, ctx: ServiceContext, lunde_task: s.TaskView
) -> None:
    # A member who is not the task's owner nor a lead may not change it: refused, and nothing of
    # that turn's block is left for the next turn's commit to carry along.
    other = chat("Dag Aanensen")
    refused = other.say(f"#{lunde_task.id} ferdig")
    assert tasks.get_task(ctx, task_id=lunde_task.id).status == TaskStatus.TODO, refused
    lunde = chat("Asbjørn Lunde")
    assert "pågår" in lunde.say(f"#{lunde_task.id} pågår")
    assert tasks.get_task(ctx, task_id=lunde_task.id).status == TaskStatus.DOING
    with ctx.uow() as uow:
        claimed = uow.session.scalar(select(func.count()).select_from(ProcessedEvent))
    assert claimed == 2, "each turn's claim is kept, the refused one's too"


def _write_and_fail(ctx: ServiceContext) -> None:
    with ctx.connect() as conn:
        conn.execute(
            ProcessedEvent.__table__.insert(),
            {"platform": "test", "event_id": "undone", "handled_at": ctx.clock.now()},
        )
        raise RuntimeError("the block fails before it commits")


def test_a_block_that_does_not_commit_is_undone_inside_a_turn(ctx: ServiceContext) -> None:
    with ctx.turn():
        with pytest.raises(RuntimeError):
            _write_and_fail(ctx)
        with ctx.connect() as conn:
            conn.execute(
                ProcessedEvent.__table__.insert(),
                {"platform": "test", "event_id": "kept", "handled_at": ctx.clock.now()},
            )
            conn.commit()
    with ctx.read() as conn:
        kept = set(conn.scalars(select(ProcessedEvent.event_id)))
    assert kept == {"kept"}


def test_another_thread_does_not_borrow_the_turns_connection(ctx: ServiceContext) -> None:
    seen: dict[str, object] = {}

    def elsewhere() -> None:
        with ctx.connect() as conn:
            seen["other"] = conn.connection.dbapi_connection

    with ctx.turn(), ctx.connect() as conn:
        seen["turn"] = conn.connection.dbapi_connection
        with ctx.turn(), ctx.read() as nested:  # a turn inside a turn keeps the outer one's
            assert nested.connection.dbapi_connection is seen["turn"]
        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join()
    assert seen["other"] is not seen["turn"]
