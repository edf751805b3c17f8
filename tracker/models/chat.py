"""Chat state the tracker owns: which platform events were handled (at most once), which room
talks about which workgroup, one-time codes that link a chat identity to a person, and the
question the bot asked someone and waits for an answer to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, UTCDateTime
from tracker.models.groups import Group, Workgroup
from tracker.models.people import Person


class ProcessedEvent(Base):
    """A platform event id that has been handled; the unique key makes a retry a no-op."""

    __tablename__ = "processed_event"
    __table_args__ = (UniqueConstraint("platform", "event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    event_id: Mapped[str] = mapped_column(String(255))
    handled_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class RoomBinding(Base):
    """A chat room bound to a whole group or to one workgroup of it."""

    __tablename__ = "room_binding"
    __table_args__ = (UniqueConstraint("platform", "room_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    room_id: Mapped[str] = mapped_column(String(255))
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"), index=True)
    workgroup_id: Mapped[int | None] = mapped_column(
        ForeignKey("workgroup.id", ondelete="CASCADE"), index=True
    )
    bound_at: Mapped[datetime] = mapped_column(UTCDateTime)

    group: Mapped[Group] = relationship()
    workgroup: Mapped[Workgroup | None] = relationship()


class LinkCode(Base):
    """A one-time code that links the chat identity that types it to a person."""

    __tablename__ = "link_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()


class AskedQuestion(Base):
    """A question back the bot asked one person in one room, with the typed command of each
    reading it offered; the answer («1», «ja») picks one. One per person and room: a new
    question replaces the earlier one."""

    __tablename__ = "asked_question"
    __table_args__ = (UniqueConstraint("platform", "room_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    room_id: Mapped[str] = mapped_column(String(255))
    user_id: Mapped[str] = mapped_column(String(255))
    # The typed command lines, in the order they were offered (choice 1 first).
    commands: Mapped[list[str]] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(5))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime)
