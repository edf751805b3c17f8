"""Outbound messages and platform bookkeeping: the transactional outbox (each message delivered
at most once per idempotency key), the Matrix sync position, direct-message rooms, and which
posted message shows which tasks (so a reaction or a button can act on the right one)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base, UTCDateTime


class OutboxStatus(enum.StrEnum):
    """Where an outbound message is in its life."""

    PENDING = "pending"  # written, not yet handed to the queue
    QUEUED = "queued"  # on the delivery queue
    SENT = "sent"  # the platform accepted it
    FAILED = "failed"  # gave up after retries; kept with its reason, retryable by hand


class OutboxMessage(Base):
    """A message someone must be told, written in the same transaction as its cause."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_status_due", "status", "not_before"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    platform: Mapped[str] = mapped_column(String(20))
    # A room id, or a platform user id when `direct` (the sender finds or opens the DM room).
    destination: Mapped[str] = mapped_column(String(255))
    direct: Mapped[bool] = mapped_column(default=False)
    thread_id: Mapped[str | None] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(5), default="nb")
    # What to render from (ids and parameters), never rendered text: rendering happens at
    # delivery, for the destination's platform.
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[OutboxStatus] = mapped_column(String(20), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    not_before: Mapped[datetime] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    platform_message_id: Mapped[str | None] = mapped_column(String(255))


class SyncState(Base):
    """A platform client's saved string by key: its resume position (Matrix `next_batch`), saved
    after handling, or what it needs to write first in a room (a Teams conversation reference)."""

    __tablename__ = "sync_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(255), unique=True)
    position: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DirectRoom(Base):
    """The direct-message room the bot uses for a platform user, created once."""

    __tablename__ = "direct_room"
    __table_args__ = (UniqueConstraint("platform", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(255))
    room_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PostedMessage(Base):
    """A message the bot posted that shows one task, so a reaction on it acts on that task."""

    __tablename__ = "posted_message"
    __table_args__ = (UniqueConstraint("platform", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    room_id: Mapped[str] = mapped_column(String(255))
    message_id: Mapped[str] = mapped_column(String(255))
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime)
