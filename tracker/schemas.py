"""Pydantic models at the service boundary: validated inputs, and read-only views that every
edge (API, chat, web) renders, so they all show the same thing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from tracker.i18n import N_
from tracker.models import ContributionKind, DeadlineKind, Role, TaskStatus
from tracker.text import multi_line, normalise_email, single_line

Title = Field(min_length=1, max_length=300)
# An address in the one form it is stored and compared in, whoever typed it how.
Email = Annotated[
    str,
    Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    AfterValidator(normalise_email),
]

# What every column can store: no NUL or other control characters (tab and newlines are text),
# no lone surrogates, numbers within INTEGER, dates within reason (no overflow in UTC).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
INTEGER_MAX = 2**31 - 1
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999
# A database id, as every edge takes it.
Id = Annotated[int, Field(ge=1, le=INTEGER_MAX)]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ].+")
# What the document promises: a year from EARLIEST_YEAR to LATEST_YEAR.
_YEAR_PATTERN = r"^(19\d\d|2\d\d\d)-"


def _written_as_iso_date(value: object) -> object:
    # pydantic alone takes a number, or a string of digits such as ?on=0, as seconds since 1970.
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_parsing", N_("Give a date as YYYY-MM-DD."))
    if not isinstance(value, str | date):
        raise PydanticCustomError("date_type", N_("Give a date as YYYY-MM-DD."))
    return value


def _written_as_iso_datetime(value: object) -> object:
    if isinstance(value, str) and not _ISO_DATETIME.fullmatch(value):
        raise PydanticCustomError(
            "datetime_parsing",
            N_("Give a date and time with a time zone, e.g. 2025-03-04T10:00:00+01:00."),
        )
    if not isinstance(value, str | datetime):
        raise PydanticCustomError(
            "datetime_type",
            N_("Give a date and time with a time zone, e.g. 2025-03-04T10:00:00+01:00."),
        )
    return value


# A day written YYYY-MM-DD, never a number.
IsoDate = Annotated[
    date,
    BeforeValidator(_written_as_iso_date),
    Field(json_schema_extra={"pattern": _YEAR_PATTERN + r"\d\d-\d\d$"}),
]
# A moment written in ISO 8601, never a number.
IsoDateTime = Annotated[
    datetime,
    BeforeValidator(_written_as_iso_datetime),
    Field(json_schema_extra={"pattern": _YEAR_PATTERN}),
]


class Input(BaseModel):
    """Base of inputs: unknown fields are errors, text is stripped, values fit the database."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)
    # Text fields that keep their lines; every other one is a single line (tracker.text).
    multi_line_fields: ClassVar[frozenset[str]] = frozenset({"description", "body"})

    @field_validator("*", mode="before")
    @classmethod
    def _one_form_of_text(cls, value: object, info: ValidationInfo) -> object:
        # Before the length checks, so a title of nothing but such characters is empty. A line
        # break, a control or a bidi override in a title could show as a fake line or reversed
        # text in summaries, reminders and Slack cards; in a description it keeps its lines.
        if not isinstance(value, str):
            return value
        return multi_line(value) if info.field_name in cls.multi_line_fields else single_line(value)

    @field_validator("*")
    @classmethod
    def _storable(cls, value: object) -> object:
        if isinstance(value, str) and _CONTROL.search(value):
            raise PydanticCustomError(
                "text_control_character", N_("Text cannot contain control characters.")
            )
        if isinstance(value, int) and not -INTEGER_MAX <= value <= INTEGER_MAX:
            raise PydanticCustomError("number_out_of_range", N_("The number is too large."))
        if isinstance(value, date) and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise PydanticCustomError(
                "date_out_of_range",
                N_("Give a date between the years {earliest} and {latest}."),
                {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
            )
        return value


class View(BaseModel):
    """Base of views, built from ORM objects."""

    model_config = ConfigDict(from_attributes=True, frozen=True)


# --- inputs ---------------------------------------------------------------------------------


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


# --- views ----------------------------------------------------------------------------------


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


class StatusCount(View):
    """How many tasks of a workgroup are in each status."""

    todo: int = 0
    doing: int = 0
    blocked: int = 0
    done: int = 0


class WorkgroupOverview(View):
    """A workgroup's line in the group overview."""

    workgroup: WorkgroupView
    counts: StatusCount
    next_due: list[TaskView]
    overdue: int


class GroupOverview(View):
    """The group at a glance: workgroups, counts, next deadlines."""

    group: GroupView
    today: date
    workgroups: list[WorkgroupOverview]
    upcoming_deadlines: list[DeadlineView]
    next_meeting: MeetingView | None
    contact: ContactView | None


class WorkgroupSummary(View):
    """A workgroup's week: what got done, what moves, what is stuck, what is due."""

    workgroup: WorkgroupView
    period_start: date
    today: date
    done: list[TaskView]
    in_progress: list[TaskView]
    blocked: list[TaskView]
    due_soon: list[TaskView]
    overdue: list[TaskView]
    contributions: int
    changes: int

    @property
    def quiet(self) -> bool:
        """Nothing changed and nothing is due: not worth a message of its own."""
        return not (self.changes or self.done or self.due_soon or self.overdue or self.blocked)

    def sections(self) -> list[tuple[str, list[TaskView]]]:
        """The non-empty sections (a message id and its tasks) in the order every edge shows.

        Each task once, in the first section it belongs to: a blocked task due this week is
        blocked, not also due. By id, because comparing whole views costs more."""
        found = (
            (N_("Overdue"), self.overdue),
            (N_("Blocked"), self.blocked),
            (N_("Due in the next two weeks"), self.due_soon),
            (N_("In progress"), self.in_progress),
            (N_("Done in the last week"), self.done),
        )
        shown: set[int] = set()
        result = []
        for title, tasks in found:
            fresh = [task for task in tasks if task.id not in shown]
            shown.update(task.id for task in fresh)
            if fresh:
                result.append((title, fresh))
        return result


class GroupSummary(View):
    """The overview across a group's workgroups for one week."""

    group: GroupView
    today: date
    iso_week: int
    workgroups: list[WorkgroupSummary]
    next_meeting: MeetingView | None
