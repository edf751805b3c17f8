"""What the invitation parser returns: frozen values, no database, no clock.

Every value carries the 1-based source line it came from, so a person can check it against the
letter. Dates are calendar dates and times are naive wall-clock times in the group's zone
(Europe/Oslo); the caller attaches the zone. Nothing is dropped silently: a non-blank line that
lands in no value is listed in `ParsedInvitation.unplaced` with one of `UNPLACED_REASONS`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from tracker.dates.absolute import DATE_INVALID as DATE_INVALID
from tracker.dates.absolute import YEAR_UNKNOWN as DATE_YEAR_UNKNOWN

# Why a line is in `unplaced`. Also DATE_INVALID (a date that does not exist, "Tid: 31.02.2025")
# and DATE_YEAR_UNKNOWN (no year written and no letter or meeting date to infer it from).
UNRECOGNISED_LINE: Final = "unrecognised_line"  # matched no known form in its section
ROSTER_ROW_MALFORMED: Final = "roster_row_malformed"  # wrong number of cells, or no name
NO_AGENDA_ITEM: Final = "no_agenda_item"  # agenda content before the first numbered item
DUPLICATE_FIELD: Final = "duplicate_field"  # a second "Tid:", "Sted:", "Dato:" ... line
SIGNATURE_LINE_EXTRA: Final = "signature_line_extra"  # a line under the signature not read

UNPLACED_REASONS: Final = frozenset(
    {
        UNRECOGNISED_LINE,
        ROSTER_ROW_MALFORMED,
        DATE_INVALID,
        DATE_YEAR_UNKNOWN,
        NO_AGENDA_ITEM,
        DUPLICATE_FIELD,
        SIGNATURE_LINE_EXTRA,
    }
)

# Why a line kept only as text (a sub-point, the letter's prose) is in `kept_as_text`: it carries
# a cue of structure that no parser turned into a value, so a person should look at it.
CUE_WORKGROUP: Final = "cue_workgroup"  # "arbeidsgruppe", "gruppe 3"
CUE_LEAD: Final = "cue_lead"  # "leder", "ansvarlig", "koordinator"
CUE_DATE: Final = "cue_date"  # a date
CUE_DEADLINE: Final = "cue_deadline"  # "frist", "innen", "senest"
CUE_ROSTER_NAME: Final = "cue_roster_name"  # the name of someone on the roster

CUE_REASONS: Final = frozenset({CUE_WORKGROUP, CUE_LEAD, CUE_DATE, CUE_DEADLINE, CUE_ROSTER_NAME})

# What a `Note` reports: a correction the parser made, or a fact a person should check.
NOTE_GROUP_NAME_CORRECTED: Final = "group_name_corrected"
NOTE_LABEL_READ_AS: Final = "label_read_as"  # "Ansvarelig:" read as "ansvarlig:"
NOTE_LEAD_NOT_ON_ROSTER: Final = "lead_not_on_roster"
NOTE_WORKGROUP_COUNT_MISMATCH: Final = "workgroup_count_mismatch"
NOTE_PART_DATE_MISMATCH: Final = "part_date_mismatch"
NOTE_ITEM_OUT_OF_SEQUENCE: Final = "item_out_of_sequence"
NOTE_ROSTER_NAME_SPLIT: Final = "roster_name_split"  # full names split at the last space
NOTE_MEETING_DATE_FROM_AGENDA: Final = "meeting_date_from_agenda"

# `ParsedDeadline.kind`
KIND_CONTRIBUTION: Final = "contribution"
KIND_MINUTES: Final = "minutes"
KIND_GENERAL: Final = "general"


@dataclass(frozen=True, slots=True)
class ParsedPerson:
    """One row of the roster."""

    first_name: str
    last_name: str
    organisation: str | None
    email: str | None
    phone: str | None
    line: int

    @property
    def full_name(self) -> str:
        """First and last name, as written."""
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class ParsedSubPoint:
    """A bullet or paragraph under an agenda item; level 0 hangs directly under the item."""

    text: str
    level: int
    line: int


@dataclass(frozen=True, slots=True)
class ParsedAgendaItem:
    """A numbered agenda item ("sak"); `label` is the number as written ("3", "3/25")."""

    number: int
    label: str
    title: str
    sub_points: tuple[ParsedSubPoint, ...]
    line: int


@dataclass(frozen=True, slots=True)
class ParsedPart:
    """A block of the meeting with its own agenda: a common part or the group's own part."""

    title: str
    start: dt.time | None
    end: dt.time | None
    link_label: str | None
    items: tuple[ParsedAgendaItem, ...]
    is_group_part: bool
    line: int
    link_url: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedWorkgroup:
    """An ad hoc workgroup ("arbeidsgruppe") and the name of its lead as written.

    `letter` is set for lettered groups ("Arbeidsgruppe B"), numbered in letter order; a named
    group ("Arbeidsgruppe for ledningsnett") is numbered in the order it is listed.
    """

    number: int
    name: str
    lead_name: str | None
    line: int
    letter: str | None = None
    lead_organisation: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedDeadline:
    """A due date stated in the letter; relative ones stay relative to the meeting date.

    `offset_days` (after the meeting when positive) is kept so that the deadline moves when the
    meeting moves; `due` is the date it gives today, or the absolute date written. With
    `next_meeting` the offset counts from the next meeting ("en uke før neste møte"). `about` is
    what is due, in the letter's words ("påmelding til fagsamlingen").
    """

    text: str
    agenda_item_label: str | None
    part_is_group: bool
    kind: str
    due: dt.date | None
    offset_days: int | None
    line: int
    about: str = ""
    next_meeting: bool = False


@dataclass(frozen=True, slots=True)
class ParsedEvent:
    """A dated event (conference, webinar) mentioned in the agenda, with its times if written."""

    title: str
    start: dt.date
    end: dt.date | None
    line: int
    start_time: dt.time | None = None
    end_time: dt.time | None = None


@dataclass(frozen=True, slots=True)
class ParsedConsultation:
    """A public consultation ("høring") members are invited to answer."""

    title: str
    text: str
    deadline: dt.date | None
    line: int


@dataclass(frozen=True, slots=True)
class ParsedContactChange:
    """The secretariat's contact person changes after `last_day`."""

    outgoing_name: str | None
    last_day: dt.date
    incoming_name: str
    line: int

    @property
    def first_day(self) -> dt.date:
        """The first day the incoming person is the contact."""
        return self.last_day + dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ParsedContact:
    """The case officer ("saksbehandler") named in the letter head."""

    name: str
    phone: str | None
    email: str | None
    line: int


@dataclass(frozen=True, slots=True)
class ParsedMeeting:
    """When and where the meeting is; `description` holds the letter's free prose."""

    date: dt.date | None
    start: dt.time | None
    end: dt.time | None
    place: str | None
    links: tuple[str, ...]
    description: str
    previous_meeting_date: dt.date | None
    line: int


@dataclass(frozen=True, slots=True)
class Unplaced:
    """A source line the parser could not place; `reason_code` is one of `UNPLACED_REASONS`.

    In `ParsedInvitation.kept_as_text` the code is one of `CUE_REASONS` instead, and `detail`
    names what the cue was (the date or the name as written).
    """

    line: int
    text: str
    reason_code: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    """A correction the parser made, or something it wants a person to check.

    `detail` is the English text for logs; `params` are the name/value pairs a translated
    message for `code` fills its placeholders with.
    """

    line: int
    code: str
    detail: str
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedInvitation:
    """Everything read from one invitation."""

    letter_date: dt.date | None
    group_name: str | None
    organisation_name: str | None
    contact: ParsedContact | None
    signature_name: str | None
    secretariat_organisation: str | None
    meeting: ParsedMeeting
    parts: tuple[ParsedPart, ...]
    workgroups: tuple[ParsedWorkgroup, ...]
    workgroup_mandate: str | None
    roster: tuple[ParsedPerson, ...]
    deadlines: tuple[ParsedDeadline, ...]
    events: tuple[ParsedEvent, ...]
    consultations: tuple[ParsedConsultation, ...]
    contact_changes: tuple[ParsedContactChange, ...]
    unplaced: tuple[Unplaced, ...]
    notes: tuple[Note, ...]
    workgroup_intro: str | None = None
    our_reference: str | None = None
    your_reference: str | None = None
    archive_code: str | None = None
    next_meeting_date: dt.date | None = None
    next_meeting_start: dt.time | None = None
    next_meeting_line: int | None = None
    signature_title: str | None = None
    kept_as_text: tuple[Unplaced, ...] = ()

    @property
    def every_line_placed(self) -> bool:
        """True only when no line is unplaced and no line with a structure cue stayed text."""
        return not self.unplaced and not self.kept_as_text

    @property
    def group_part(self) -> ParsedPart | None:
        """The part that belongs to the group itself, if any."""
        return next((part for part in self.parts if part.is_group_part), None)
