"""Validated inputs of the use cases: what a create or an update may carry."""

from __future__ import annotations

from pydantic import (
    Field,
)

from tracker.models import ContributionKind, DeadlineKind, Role, TaskStatus
from tracker.schemas.fields import (
    Email,
    Id,
    Input,
    IsoDate,
    IsoDateTime,
    Title,
)


class TaskCreate(Input):
    """A new task or deliverable."""

    title: str = Title
    workgroup_id: Id
    description: str = Field(default="", max_length=20_000)
    owner_id: Id | None = None
    due_on: IsoDate | None = None
    meeting_id: Id | None = None
    agenda_item_id: Id | None = None
    status: TaskStatus = TaskStatus.TODO
    blocked_reason: str | None = Field(default=None, max_length=2000)
    source_link: str | None = Field(default=None, max_length=500)


class TaskUpdate(Input):
    """A change to some fields of a task; `version` guards against lost updates."""

    version: int | None = Field(default=None, ge=1)
    title: str | None = Field(default=None, min_length=1, max_length=300)
    description: str | None = Field(default=None, max_length=20_000)
    owner_id: Id | None = None
    due_on: IsoDate | None = None
    meeting_id: Id | None = None
    agenda_item_id: Id | None = None
    status: TaskStatus | None = None
    blocked_reason: str | None = Field(default=None, max_length=2000)
    workgroup_id: Id | None = None


class CommentCreate(Input):
    """A comment on a task."""

    body: str = Field(min_length=1, max_length=10_000)


class ContributionCreate(Input):
    """Written input or a minutes line for an agenda item."""

    agenda_item_id: Id
    body: str = Field(min_length=1, max_length=20_000)
    kind: ContributionKind = ContributionKind.INPUT


class MeetingUpdate(Input):
    """A change of a meeting's time or place; its relative deadlines move with it."""

    version: int | None = Field(default=None, ge=1)
    title: str | None = Field(default=None, min_length=1, max_length=300)
    starts_at: IsoDateTime | None = None
    ends_at: IsoDateTime | None = None
    place: str | None = Field(default=None, max_length=200)


class EventCreate(Input):
    """A dated event."""

    title: str = Title
    starts_on: IsoDate
    ends_on: IsoDate | None = None
    description: str = Field(default="", max_length=5000)


class EventUpdate(Input):
    """A change to an event."""

    title: str | None = Field(default=None, min_length=1, max_length=300)
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    description: str | None = Field(default=None, max_length=5000)


class DeadlineCreate(Input):
    """A deadline: a fixed date, or days relative to a meeting."""

    title: str = Field(min_length=1, max_length=2000)
    meeting_id: Id | None = None
    agenda_item_id: Id | None = None
    kind: DeadlineKind = DeadlineKind.GENERAL
    due_on: IsoDate | None = None
    offset_days: int | None = Field(default=None, ge=-365, le=365)


class DeadlineUpdate(Input):
    """A change to a deadline."""

    title: str | None = Field(default=None, min_length=1, max_length=2000)
    kind: DeadlineKind | None = None
    due_on: IsoDate | None = None
    offset_days: int | None = Field(default=None, ge=-365, le=365)


class PersonCreate(Input):
    """A person to add to a group's roster."""

    first_name: str = Field(min_length=1, max_length=120)
    last_name: str = Field(default="", max_length=120)
    organisation: str | None = Field(default=None, min_length=1, max_length=200)
    email: Email | None = None
    phone: str | None = Field(default=None, max_length=40)
    language: str = Field(default="nb", pattern=r"^(nb|en)$")
    role: Role = Role.MEMBER


class PersonUpdate(Input):
    """A change to a person's details."""

    first_name: str | None = Field(default=None, min_length=1, max_length=120)
    last_name: str | None = Field(default=None, max_length=120)
    email: Email | None = None
    phone: str | None = Field(default=None, max_length=40)
    language: str | None = Field(default=None, pattern=r"^(nb|en)$")


class WorkgroupCreate(Input):
    """A new workgroup."""

    number: int = Field(ge=1, le=999)
    name: str = Field(min_length=1, max_length=200)
    lead_id: Id | None = None


class WorkgroupUpdate(Input):
    """A change to a workgroup."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    lead_id: Id | None = None
