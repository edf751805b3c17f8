"""What the web view keeps: one-time sign-in links, signed-in sessions and secret calendar feed
addresses. All are bearer secrets, so only their SHA-256 hashes are stored; a link is used once,
a session ended by signing out, a feed revoked."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, UTCDateTime
from tracker.models.groups import Group, Workgroup
from tracker.models.people import Person


class SignInLink(Base):
    """A short-lived, single-use link that signs a person in to the web view."""

    __tablename__ = "sign_in_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Where it was asked for: a chat platform, "email" or "cli".
    requested_via: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()


class WebSession(Base):
    """A signed-in browser: the cookie carries its secret, and every request looks it up, so a
    sign-out (here or everywhere) shuts out even a copy of the cookie at once."""

    __tablename__ = "web_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()


class FeedScope(enum.StrEnum):
    """Whose dates a calendar feed carries."""

    PERSON = "person"  # the group's meetings, deadlines and events, and the person's own tasks
    WORKGROUP = "workgroup"  # the group's meetings and deadlines, and the workgroup's tasks
    GROUP = "group"  # meetings, deadlines, events and every task's due date


class CalendarFeed(Base):
    """A secret iCalendar address a person made; it works until it is revoked."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Who made it (and, for a personal feed, whose tasks it shows).
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"))
    workgroup_id: Mapped[int | None] = mapped_column(ForeignKey("workgroup.id", ondelete="CASCADE"))
    scope: Mapped[FeedScope] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()
    group: Mapped[Group] = relationship()
    workgroup: Mapped[Workgroup | None] = relationship()
