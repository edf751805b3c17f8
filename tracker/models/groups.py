"""Groups, their roster and secretariat, and the workgroups inside them."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base
from tracker.models.people import Organisation, Person


class Role(enum.StrEnum):
    """What a person may do in a group."""

    SECRETARIAT = "secretariat"
    MEMBER = "member"
    READONLY = "readonly"


class Group(Base):
    """A standing professional group ("faggruppe") of an alliance."""

    __tablename__ = "group"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    timezone: Mapped[str] = mapped_column(String(64), default="Europe/Oslo")
    workgroup_mandate: Mapped[str] = mapped_column(Text, default="")
    # When the weekly summary goes out, in the group's zone (0 = Monday).
    summary_weekday: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    summary_hour: Mapped[int] = mapped_column(Integer, default=8, server_default="8")
    # Reminders: how many days before a due date; never sent in the quiet hours [start, end).
    reminder_days_before: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    quiet_hours_start: Mapped[int] = mapped_column(Integer, default=20, server_default="20")
    quiet_hours_end: Mapped[int] = mapped_column(Integer, default=8, server_default="8")

    organisation: Mapped[Organisation | None] = relationship()
    workgroups: Mapped[list[Workgroup]] = relationship(
        back_populates="group", order_by="Workgroup.number", cascade="all, delete-orphan"
    )
    memberships: Mapped[list[GroupMembership]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )
    contacts: Mapped[list[SecretariatContact]] = relationship(
        back_populates="group",
        order_by="SecretariatContact.valid_from",
        cascade="all, delete-orphan",
    )


class GroupMembership(Base):
    """A person on a group's roster, with their role."""

    __tablename__ = "group_membership"
    __table_args__ = (UniqueConstraint("group_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(String(20), default=Role.MEMBER)
    # True for people on the invitation's list of invitees, False for e.g. a lead added later.
    on_roster: Mapped[bool] = mapped_column(default=True)

    group: Mapped[Group] = relationship(back_populates="memberships")
    person: Mapped[Person] = relationship()


class SecretariatContact(Base):
    """Who the secretariat's contact person is over a date range (inclusive)."""

    __tablename__ = "secretariat_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    group: Mapped[Group] = relationship(back_populates="contacts")
    person: Mapped[Person] = relationship()


class Workgroup(Base):
    """An ad hoc working group ("arbeidsgruppe") with a lead, inside a group."""

    __tablename__ = "workgroup"
    __table_args__ = (UniqueConstraint("group_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    # The letter as the invitation writes it ("B" for "Arbeidsgruppe B"); number counts A as 1.
    letter: Mapped[str | None] = mapped_column(String(2))
    name: Mapped[str] = mapped_column(String(200))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))

    group: Mapped[Group] = relationship(back_populates="workgroups")
    lead: Mapped[Person | None] = relationship()
    members: Mapped[list[WorkgroupMember]] = relationship(
        back_populates="workgroup", cascade="all, delete-orphan"
    )


class WorkgroupMember(Base):
    """A person who works in a workgroup."""

    __tablename__ = "workgroup_member"
    __table_args__ = (UniqueConstraint("workgroup_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workgroup_id: Mapped[int] = mapped_column(ForeignKey("workgroup.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)

    workgroup: Mapped[Workgroup] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()
