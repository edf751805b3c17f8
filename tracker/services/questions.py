"""The question back the bot asked one person in one room, kept until it is answered.

A question offers readings as typed command lines; the answer («1», «ja») picks one. Each call is
one statement in one short transaction: remembering is an upsert, taking is a DELETE … RETURNING,
so two answers racing for one question cannot both get it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete, select
from sqlalchemy.sql import Executable
from sqlalchemy.sql.elements import BindParameter

from tracker.db import conflict_insert
from tracker.models import AskedQuestion
from tracker.services.context import ServiceContext

# Long enough to read the question and answer it; short enough that a «ja» typed much later
# about something else does not set off a change nobody remembers asking for.
QUESTION_TTL = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class PendingQuestion:
    """A question waiting for its answer: the typed command of each reading, in offered order."""

    commands: tuple[str, ...]
    language: str
    asked_at: datetime


# Built once: an answer is taken on the chat's hot path.
_KEY = (
    AskedQuestion.platform == bindparam("platform"),
    AskedQuestion.room_id == bindparam("room_id"),
    AskedQuestion.user_id == bindparam("user_id"),
)
_TAKE = (
    delete(AskedQuestion)
    .where(*_KEY)
    .returning(AskedQuestion.commands, AskedQuestion.language, AskedQuestion.asked_at)
)
_PENDING = select(AskedQuestion.id).where(*_KEY, AskedQuestion.asked_at > bindparam("since"))
_FORGET_EXPIRED = delete(AskedQuestion).where(AskedQuestion.asked_at <= bindparam("since"))
_ROW: dict[str, BindParameter[Any]] = {
    "platform": bindparam("platform"),
    "room_id": bindparam("room_id"),
    "user_id": bindparam("user_id"),
    "commands": bindparam("commands"),
    "language": bindparam("language"),
    "asked_at": bindparam("asked_at"),
}
_KEY_COLUMNS = ["platform", "room_id", "user_id"]


@cache
def _upsert(dialect: str) -> Executable:
    """One statement whatever was there: a new question replaces the person's earlier one in
    the room. Built once per dialect (the same object keeps its cache key)."""
    insert = conflict_insert(dialect, AskedQuestion).values(**_ROW)
    return insert.on_conflict_do_update(
        index_elements=_KEY_COLUMNS,
        set_={c: insert.excluded[c] for c in ("commands", "language", "asked_at")},
    )


def remember_question(
    ctx: ServiceContext,
    *,
    platform: str,
    room_id: str,
    user_id: str,
    commands: list[str],
    language: str,
) -> None:
    """Remember a question asked of one person in one room, replacing an earlier one there."""
    now = ctx.clock.now()
    with ctx.connect() as conn:
        conn.execute(
            _upsert(conn.dialect.name),
            {
                "platform": platform,
                "room_id": room_id,
                "user_id": user_id,
                "commands": list(commands),
                "language": language,
                "asked_at": now,
            },
        )
        # Questions nobody answered would otherwise stay forever; asking is rare enough to pay
        # for the sweep.
        conn.execute(_FORGET_EXPIRED, {"since": now - QUESTION_TTL})
        conn.commit()


def take_question(
    ctx: ServiceContext, *, platform: str, room_id: str, user_id: str
) -> PendingQuestion | None:
    """The question waiting for this person's answer in this room, forgotten as it is taken."""
    with ctx.connect() as conn:
        row = conn.execute(
            _TAKE, {"platform": platform, "room_id": room_id, "user_id": user_id}
        ).one_or_none()
        conn.commit()
    # An expired question is forgotten all the same: its answer is treated as any other line.
    if row is None or row.asked_at <= ctx.clock.now() - QUESTION_TTL:
        return None
    return PendingQuestion(tuple(row.commands), row.language, row.asked_at)


def has_question(ctx: ServiceContext, *, platform: str, room_id: str, user_id: str) -> bool:
    """Whether the bot waits for this person's answer in this room (read only)."""
    since = ctx.clock.now() - QUESTION_TTL
    with ctx.read() as conn:
        found = conn.scalar(
            _PENDING,
            {"platform": platform, "room_id": room_id, "user_id": user_id, "since": since},
        )
    return found is not None
