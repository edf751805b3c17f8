"""Read-only views of the domain that every edge (API, chat, web) renders alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tracker.models import ContributionKind, DeadlineKind, Role, TaskStatus
from tracker.schemas.fields import (
    View,
)


class OrganisationView(View):
    """An organisation."""

    id: int
    name: str


class PersonView(View):
    """A person as others see them."""

    id: int
    first_name: str
    last_name: str
    full_name: str
    organisation: str | None
    email: str | None
    phone: str | None
    language: str


class MemberView(View):
    """A person on a group's roster."""

    person: PersonView
    role: Role
    on_roster: bool


class WorkgroupView(View):
    """A workgroup with its lead."""

    id: int
    group_id: int
    number: int
    name: str
    lead_id: int | None
    lead_name: str | None


class GroupView(View):
    """A group."""

    id: int
    name: str
    slug: str
    organisation: str | None
    timezone: str
    workgroup_mandate: str


class ContactView(View):
    """The secretariat's contact over a date range."""

    person: PersonView
    valid_from: date | None
    valid_to: date | None


class TaskView(View):
    """A task as every edge shows it."""

    id: int
    title: str
    description: str
    status: TaskStatus
    blocked_reason: str | None
    due_on: date | None
    workgroup_id: int
    workgroup_number: int
    workgroup_name: str
    owner_id: int | None
    owner_name: str | None
    meeting_id: int | None
    agenda_item_id: int | None
    source_link: str | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    version: int


@dataclass(frozen=True, slots=True)
class TaskSummary:
    """A task as a line of a list shows it; a plain value, cheap to build by the hundred."""

    id: int
    title: str
    status: TaskStatus
    blocked_reason: str | None
    due_on: date | None
    workgroup_id: int
    workgroup_number: int
    owner_id: int | None
    owner_name: str | None
    meeting_id: int | None
    version: int


class CommentView(View):
    """A comment."""

    id: int
    task_id: int
    author_id: int | None
    author_name: str | None
    body: str
    created_at: datetime
    channel: str


class ChangeView(View):
    """One entry of the history."""

    id: int
    at: datetime
    actor_id: int | None
    actor_name: str | None
    channel: str
    entity: str
    entity_id: int
    field: str
    old_value: str | None
    new_value: str | None


class SubPointView(View):
    """A sub-point of an agenda item."""

    level: int
    text: str


class AgendaItemView(View):
    """An agenda item with its sub-points."""

    id: int
    number: int
    label: str
    title: str
    sub_points: list[SubPointView]


class MeetingPartView(View):
    """A part of a meeting."""

    id: int
    position: int
    title: str
    is_group_part: bool
    starts_at: datetime | None
    ends_at: datetime | None
    items: list[AgendaItemView]


class MeetingView(View):
    """A meeting with its parts and agenda."""

    id: int
    group_id: int
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    description: str
    previous_meeting_on: date | None
    version: int
    parts: list[MeetingPartView]


class DeadlineView(View):
    """A deadline with the date it falls on now."""

    id: int
    group_id: int
    meeting_id: int | None
    agenda_item_id: int | None
    agenda_item_label: str | None
    kind: DeadlineKind
    title: str
    due_on: date | None
    offset_days: int | None
    resolved_on: date | None


class EventView(View):
    """An event."""

    id: int
    group_id: int
    title: str
    starts_on: date
    ends_on: date | None
    description: str


class ConsultationView(View):
    """A consultation."""

    id: int
    group_id: int
    title: str
    description: str
    due_on: date | None


class ContributionView(View):
    """A contribution, marked late when it came after its item's deadline."""

    id: int
    agenda_item_id: int
    person_id: int
    person_name: str
    kind: ContributionKind
    body: str
    submitted_at: datetime
    channel: str
    late: bool
