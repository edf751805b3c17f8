"""Dates as people write them, in Norwegian (Bokmål, some Nynorsk) or English: the one date
module of the chat, the web forms and the importer.

`parse_due` reads a text that is exactly one expression ("frist fredag", "om to uker", "14.02");
`find_due` finds the best one inside a longer command and returns its span so the caller can cut
it out; `scan_shift` finds a move of a date ("en uke", "+3 dager", "two days earlier"). Absolute
dates and the one rule for a year-less date are in `absolute` (the importer reads prose with
it); the other modules add the relative forms (weekdays, "om N uker", "uke 7", the next
meeting). Pure functions, no clock: `today` is given. One module per concern in this package;
every public name of the chat and the web is here too.
"""

from __future__ import annotations

from tracker.dates.scanning import find_due, mentions_meeting, parse_due, scan_due
from tracker.dates.shifts import EARLIER, LATER, UNSAID, DateShift, scan_shift, shift_date
from tracker.dates.values import (
    ERROR_MESSAGES,
    INVALID_DATE,
    NO_MEETING,
    UNRECOGNISED,
    DueDate,
    DueDateError,
    MeetingRef,
)

__all__ = [
    "EARLIER",
    "ERROR_MESSAGES",
    "INVALID_DATE",
    "LATER",
    "NO_MEETING",
    "UNRECOGNISED",
    "UNSAID",
    "DateShift",
    "DueDate",
    "DueDateError",
    "MeetingRef",
    "find_due",
    "mentions_meeting",
    "parse_due",
    "scan_due",
    "scan_shift",
    "shift_date",
]
