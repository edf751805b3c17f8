"""Chat state the tracker owns: which platform events were handled (at most once), which room
talks about which workgroup, and one-time codes that link a chat identity to a person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
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
