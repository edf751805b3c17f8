"""Meetings with their parts and numbered agendas, deadlines that may be relative to a meeting,
events, consultations and contributions."""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, UTCDateTime
from tracker.models.groups import Group
from tracker.models.people import Person


class Meeting(Base):
    """A dated meeting of a group."""

    __tablename__ = "meeting"
    __table_args__ = (UniqueConstraint("group_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    previous_meeting_on: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)

    group: Mapped[Group] = relationship()
    parts: Mapped[list[MeetingPart]] = relationship(
        back_populates="meeting", order_by="MeetingPart.position", cascade="all, delete-orphan"
    )
    deadlines: Mapped[list[Deadline]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class MeetingPart(Base):
    """A part of a meeting (a common part, a group part) with its own time and agenda."""

    __tablename__ = "meeting_part"
    __table_args__ = (UniqueConstraint("meeting_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    is_group_part: Mapped[bool] = mapped_column(default=True)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    link_label: Mapped[str | None] = mapped_column(String(300))

    meeting: Mapped[Meeting] = relationship(back_populates="parts")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="part", order_by="AgendaItem.number", cascade="all, delete-orphan"
    )


class AgendaItem(Base):
    """A numbered item ("sak") of a meeting part."""

    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("part_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    part_id: Mapped[int] = mapped_column(ForeignKey("meeting_part.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(500))

    part: Mapped[MeetingPart] = relationship(back_populates="items")
    sub_points: Mapped[list[AgendaSubPoint]] = relationship(
        back_populates="item", order_by="AgendaSubPoint.position", cascade="all, delete-orphan"
    )


class AgendaSubPoint(Base):
    """A sub-point of an agenda item, in order, with its indentation level."""

    __tablename__ = "agenda_sub_point"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)

    item: Mapped[AgendaItem] = relationship(back_populates="sub_points")


class DeadlineKind(enum.StrEnum):
    """What a deadline is for."""

    CONTRIBUTION = "contribution"
    MINUTES = "minutes"
    GENERAL = "general"


class Deadline(Base):
    """A deadline, either a fixed date or days relative to its meeting (so it moves with it)."""

    __tablename__ = "deadline"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    kind: Mapped[DeadlineKind] = mapped_column(String(20), default=DeadlineKind.GENERAL)
    title: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    offset_days: Mapped[int | None] = mapped_column(Integer)

    meeting: Mapped[Meeting | None] = relationship(back_populates="deadlines")
    agenda_item: Mapped[AgendaItem | None] = relationship()

    def resolve(self, meeting_day: date | None) -> date | None:
        """The calendar date this deadline falls on, given its meeting's local date."""
        return deadline_day(self.due_on, self.offset_days, meeting_day)


def deadline_day(
    due_on: date | None, offset_days: int | None, meeting_day: date | None
) -> date | None:
    """The calendar date a deadline falls on: days from its meeting's local date where it is
    relative to the meeting (so it moves with the meeting), else its own date."""
    if offset_days is not None and meeting_day is not None:
        return meeting_day + timedelta(days=offset_days)
    return due_on


class Event(Base):
    """A dated event (conference, webinar) the group takes part in."""

    __tablename__ = "event"
    __table_args__ = (UniqueConstraint("group_id", "title", "starts_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date | None] = mapped_column(Date)
    # Wall-clock times in the group's zone, when the letter gives them ("kl 13:00–14:30").
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    description: Mapped[str] = mapped_column(Text, default="")


class Consultation(Base):
    """A public consultation ("høring") members are invited to answer."""

    __tablename__ = "consultation"
    __table_args__ = (UniqueConstraint("group_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None] = mapped_column(Date)


class ContributionKind(enum.StrEnum):
    """Written input to an item, or a line for the minutes."""

    INPUT = "input"
    MINUTES = "minutes"


class Contribution(Base):
    """Written input ("innspill") or a minutes line from a member to an agenda item."""

    __tablename__ = "contribution"
    __table_args__ = (Index("ix_contribution_item_submitted", "agenda_item_id", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ContributionKind] = mapped_column(String(20), default=ContributionKind.INPUT)
    body: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(20))

    agenda_item: Mapped[AgendaItem] = relationship()
    person: Mapped[Person] = relationship()
