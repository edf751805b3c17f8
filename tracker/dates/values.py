"""What reading a date gives: a due date, the next meeting it may count from, or an error code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from tracker.i18n import N_

INVALID_DATE: Final = "invalid_date"
NO_MEETING: Final = "no_meeting"
UNRECOGNISED: Final = "unrecognised"

# What each error code tells a person, beside a form field or in a reply; {text} is what they
# wrote.
ERROR_MESSAGES: Final[dict[str, str]] = {
    INVALID_DATE: N_("«{text}» is not a date that exists."),
    NO_MEETING: N_("«{text}» counts from the next meeting, and no meeting is planned."),
    UNRECOGNISED: N_("«{text}» is not a date I can read. Write e.g. friday, 14.02 or 1 March."),
}


@dataclass(frozen=True, slots=True)
class MeetingRef:
    """The next meeting, as the caller knows it."""

    meeting_id: int
    day: date


@dataclass(frozen=True, slots=True)
class DueDate:
    """A resolved due date; meeting-relative ones also keep the meeting and the offset."""

    day: date
    meeting_id: int | None = None
    offset_days: int | None = None
    language: str = "nb"


class DueDateError(ValueError):
    """A due-date expression that names no usable date; `text` is the offending expression."""

    def __init__(self, code: str, text: str) -> None:
        # Both in args so the error pickles (workers) and compares by content in tests.
        super().__init__(code, text)
        self.code = code
        self.text = text

    def __str__(self) -> str:
        return f"{self.code}: {self.text!r}"


# A date, a date relative to a meeting, or an error code.
_Outcome = date | tuple[date, MeetingRef] | str
