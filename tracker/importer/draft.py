"""The mutable draft the section parsers write into, and the ledger of placed lines.

Parsers only add to the draft; `assemble` turns it into frozen values. The ledger accounts for
every non-blank line: placed, or refused with a reason, or else reported as unrecognised.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from tracker.importer.lines import SourceLine
from tracker.importer.parsed import (
    UNRECOGNISED_LINE,
    Note,
    ParsedContactChange,
    ParsedEvent,
    ParsedPerson,
    ParsedSubPoint,
    ParsedWorkgroup,
    Unplaced,
)


class Ledger:
    """Which lines were placed, kept as text, skipped as formatting, or refused (and why).

    A line is kept as text when it lives on only as words (a sub-point, the letter's prose);
    placing it later (a deadline read from it) makes it structure. Kept lines are checked for
    cues of structure at the end, so a line that looked like structure is never silent.
    """

    def __init__(self) -> None:
        self._done: set[int] = set()
        self._kept: set[int] = set()
        self._structure: set[int] = set()
        self._refused: dict[int, str] = {}

    def place(self, line: SourceLine) -> None:
        """The line's content lives in some parsed value (or is pure formatting)."""
        self._done.add(line.number)
        self._structure.add(line.number)

    def keep(self, line: SourceLine) -> None:
        """The line is kept as text only (a sub-point, prose): placed, but not as structure."""
        self._done.add(line.number)
        self._kept.add(line.number)

    def kept_only(self) -> set[int]:
        """Numbers of the lines kept as text that gave no structure."""
        return self._kept - self._structure

    def refuse(self, line: SourceLine, reason: str) -> None:
        """The line was understood well enough to say why it cannot be used."""
        self._refused[line.number] = reason

    def unplaced(self, lines: Sequence[SourceLine]) -> tuple[Unplaced, ...]:
        """Every non-blank line not placed, with its reason."""
        return tuple(
            Unplaced(
                line.number, line.raw.strip(), self._refused.get(line.number, UNRECOGNISED_LINE)
            )
            for line in lines
            if line.raw.strip() and line.number not in self._done
        )


@dataclass(slots=True)
class ItemDraft:
    """A numbered agenda item being read; `is_heading` when written as a markdown heading."""

    number: int
    label: str
    title: str
    line: int
    indent: int
    is_heading: bool
    sub_points: list[ParsedSubPoint] = field(default_factory=list)


@dataclass(slots=True)
class PartDraft:
    """A part of the agenda being read; `heading_date` is a date written in its heading."""

    title: str
    line: int
    heading_date: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    items: list[ItemDraft] = field(default_factory=list)


@dataclass(slots=True)
class DeadlineDraft:
    """A deadline before its part is known: by index, or by the "Sak" label and title."""

    text: str
    kind: str
    due: dt.date | None
    offset_days: int | None
    line: int
    item_label: str | None
    part_index: int | None
    sak_title: str | None = None
    about: str = ""
    next_meeting: bool = False


@dataclass(slots=True)
class ConsultationDraft:
    """A consultation that later paragraphs may still add text or a deadline to."""

    title: str
    texts: list[str]
    deadline: dt.date | None
    line: int


@dataclass(slots=True)
class ContactDraft:
    """The case officer, filled in from one line or from the lines of a block."""

    line: int
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    title: str | None = None


@dataclass(slots=True)
class Draft:
    """Everything read so far; `reference` is the date year-less dates count from."""

    today: dt.date | None
    reference: dt.date | None
    ledger: Ledger = field(default_factory=Ledger)
    notes: list[Note] = field(default_factory=list)
    letter_date: dt.date | None = None
    our_reference: str | None = None
    your_reference: str | None = None
    archive_code: str | None = None
    contact: ContactDraft | None = None
    signature_name: str | None = None
    signature: ContactDraft | None = None
    secretariat_organisation: str | None = None
    organisation_name: str | None = None
    group_candidates: list[tuple[int, str]] = field(default_factory=list)
    meeting_line: int | None = None
    meeting_date: dt.date | None = None
    meeting_start: dt.time | None = None
    meeting_end: dt.time | None = None
    place: str | None = None
    links: list[tuple[int, str]] = field(default_factory=list)  # (line, url)
    part_links: list[tuple[SourceLine, str, str]] = field(default_factory=list)
    description: list[tuple[int, str]] = field(default_factory=list)
    previous_meeting_date: dt.date | None = None
    next_meeting_date: dt.date | None = None
    next_meeting_start: dt.time | None = None
    next_meeting_line: int | None = None
    parts: list[PartDraft] = field(default_factory=list)
    workgroups: list[ParsedWorkgroup] = field(default_factory=list)
    workgroup_intro: str | None = None
    workgroup_mandate: str | None = None
    roster: list[ParsedPerson] = field(default_factory=list)
    deadlines: list[DeadlineDraft] = field(default_factory=list)
    events: list[ParsedEvent] = field(default_factory=list)
    consultations: list[ConsultationDraft] = field(default_factory=list)
    contact_changes: list[ParsedContactChange] = field(default_factory=list)

    def note(self, line: int, code: str, detail: str, **params: str) -> None:
        """Record a correction or a fact to check: English `detail`, `params` to translate."""
        self.notes.append(Note(line, code, detail, tuple(params.items())))
