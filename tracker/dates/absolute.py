"""Absolute Norwegian (and simple English) dates and clock-time ranges found in prose.

Pure functions, no clock: a date written without a year takes its year from a reference date the
caller supplies. A date that does not exist (31.02) is reported as invalid, never raised.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

# Reasons a date expression could not be turned into a date.
DATE_INVALID: Final = "date_invalid"
YEAR_UNKNOWN: Final = "date_year_unknown"

MONTHS: Final[dict[str, int]] = {
    "januar": 1, "january": 1, "jan": 1,
    "februar": 2, "february": 2, "feb": 2,
    "mars": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip

WEEKDAYS: Final = frozenset(
    {
        "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    }
)  # fmt: skip

# How far ahead a year-less 29 February may look for a leap year.
_YEAR_SEARCH_SPAN: Final = 8

# Longest names first so that "september" wins over "sep".
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# Month-first dates ("June 4") only with English names: "i januar 12 personer" is not a date.
_ENGLISH_MONTH = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
_DAY = r"(?<![0-9])(?P<{0}>[0-3]?[0-9])(?![0-9])"
_RANGE_SEP = r"(?:\s*[-–—]\s*|\s+(?:og|til|to|and|&)\s+)"
_YEAR_TAIL = r"(?:,?\s+(?P<y>[0-9]{4})(?![0-9]))?"
_MONTH_END = r"(?![a-zæøå])\.?"

_PATTERNS: Final[tuple[re.Pattern[str], ...]] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # 30. april - 2. mai 2025, 30. desember 2024 - 2. januar 2025
        _DAY.format("d1") + rf"\.?\s*(?P<m1>{_MONTH}){_MONTH_END}"
        + r"(?:,?\s+(?P<y1>[0-9]{4})(?![0-9]))?" + _RANGE_SEP
        + _DAY.format("d2") + rf"\.?\s*(?P<m2>{_MONTH}){_MONTH_END}" + _YEAR_TAIL,
        # 4. juni, 4 juni 2025, 28-29. august, 4 og 5. mai
        _DAY.format("d1") + rf"\.?(?:{_RANGE_SEP}" + _DAY.format("d2") + r"\.?)?"
        + rf"\s*(?P<m2>{_MONTH}){_MONTH_END}" + _YEAR_TAIL,
        # June 4, 2025
        rf"(?<![a-zæøå])(?P<m2>{_ENGLISH_MONTH})\s+" + _DAY.format("d1")
        + r"(?:st|nd|rd|th)?(?![a-zæøå])" + _YEAR_TAIL,
        # 16.01.2025, 16.1.25, 16/01/2025
        r"(?<![0-9.])(?P<d1>[0-9]{1,2})(?P<sep>[./])(?P<mn>[0-9]{1,2})(?P=sep)"
        r"(?P<y>[0-9]{4}|[0-9]{2})(?![0-9]|\.[0-9])",
        # 2025-01-16
        r"(?<![0-9])(?P<y>[0-9]{4})-(?P<mn>[0-9]{2})-(?P<d1>[0-9]{2})(?![0-9])",
    )
)  # fmt: skip

# 14.02 (no year) is easily a clock time; callers opt in where the context says "date".
_SHORT_NUMERIC: Final = re.compile(
    r"(?<![0-9.:])(?P<d1>[0-9]{1,2})\.(?P<mn>[0-9]{1,2})\.?(?![0-9]|\.[0-9])"
)

_TIME = r"(?P<h{0}>[0-2]?[0-9])(?:[:.](?P<m{0}>[0-5][0-9]))?"
_TIME_RANGE: Final = re.compile(
    r"(?:(?P<kl>\bkl(?:okken)?\.?)\s*)?(?<![0-9:])" + _TIME.format(1) + r"(?![0-9])"
    r"(?:\s*(?:-|–|—|\btil\b|\bto\b)\s*" + _TIME.format(2) + r")?(?![0-9]|[:.][0-9])",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date expression found in a text; `start` is None when it names no real date."""

    pos: int
    end_pos: int
    text: str
    start: dt.date | None
    end: dt.date | None
    has_year: bool
    problem: str | None


@dataclass(frozen=True, slots=True)
class TimeMatch:
    """A clock time or time range found in a text."""

    pos: int
    end_pos: int
    start: dt.time
    end: dt.time | None


# Case-insensitive regexes accept "aprıl" (dotless i) and "ſ"; the dictionary must too.
_LOOKALIKES = str.maketrans({"ı": "i", "İ": "I", "ſ": "s"})


def _fold(name: str) -> str:
    """A month name as the MONTHS table spells it."""
    return name.translate(_LOOKALIKES).casefold()


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """Return the date, or None when it does not exist."""
    try:
        return dt.date(year, month, day)
    except (ValueError, OverflowError):
        return None


def resolve_year(
    day: int, month: int, reference: dt.date, *, before: bool = False
) -> dt.date | None:
    """Give a year-less day and month the year of its first occurrence on or after `reference`.

    The one rule for every year-less date: the chat and the web forms pass today, the importer
    the letter's date, so the same reference gives the same date everywhere. With
    `before`, the last occurrence on or before `reference` instead (a past meeting).
    """
    step = -1 if before else 1
    for offset in range(_YEAR_SEARCH_SPAN + 1):
        candidate = make_date(reference.year + step * offset, month, day)
        if candidate is None:
            continue
        if (candidate <= reference) if before else (candidate >= reference):
            return candidate
    return None


def shift_days(day: dt.date, days: int) -> dt.date | None:
    """Move a date by whole days; None past the calendar's ends."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


def find_dates(
    text: str,
    reference: dt.date | None = None,
    *,
    before: bool = False,
    short_numeric: bool = False,
) -> list[DateMatch]:
    """Find every date or date range in `text`, left to right, without overlaps."""
    patterns = _PATTERNS + ((_SHORT_NUMERIC,) if short_numeric else ())
    taken: list[DateMatch] = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            if any(match.start() < m.end_pos and m.pos < match.end() for m in taken):
                continue
            taken.append(_to_date_match(match, reference, before))
    return sorted(taken, key=lambda m: m.pos)


def parse_date(
    text: str, reference: dt.date | None = None, *, before: bool = False
) -> dt.date | None:
    """Parse a text that is exactly one date (a weekday in front is allowed), else None."""
    match = _whole_match(text, reference, before)
    if match is None or match.end is not None:
        return None
    return match.start


def parse_date_range(
    text: str, reference: dt.date | None = None
) -> tuple[dt.date, dt.date | None] | None:
    """Parse a text that is exactly one date or date range into (start, end or None)."""
    match = _whole_match(text, reference, False)
    if match is None or match.start is None:
        return None
    return match.start, match.end


def find_time_range(text: str) -> TimeMatch | None:
    """Find the first clock time range ("kl 09:00-12:30", "09.00–12.30") or "kl 10" time."""
    for match in _TIME_RANGE.finditer(text):
        found = _to_time_match(match)
        if found is not None:
            return found
    return None


def parse_time_range(text: str) -> tuple[dt.time, dt.time | None] | None:
    """Parse a text that is exactly one time range or "kl"-time into (start, end or None)."""
    found = find_time_range(text)
    if found is None or _leftover(text, found.pos, found.end_pos):
        return None
    return found.start, found.end


def _whole_match(text: str, reference: dt.date | None, before: bool) -> DateMatch | None:
    matches = find_dates(text, reference, before=before, short_numeric=True)
    if len(matches) != 1:
        return None
    match = matches[0]
    if _leftover(text, match.pos, match.end_pos):
        return None
    return match


def _leftover(text: str, pos: int, end_pos: int) -> bool:
    """Whether anything but weekdays, "kl", "den" and punctuation surrounds the match."""
    rest = (text[:pos] + " " + text[end_pos:]).casefold()
    words = re.findall(r"[^\W_]+", rest)
    return any(word not in WEEKDAYS and word not in {"den", "the", "kl"} for word in words)


def _to_date_match(match: re.Match[str], reference: dt.date | None, before: bool) -> DateMatch:
    groups = match.groupdict()
    year = _year(groups.get("y"))
    end_month = _month(groups)
    start_month = MONTHS[_fold(groups["m1"])] if groups.get("m1") else end_month
    start_year = _year(groups.get("y1")) or year
    if start_year is not None and not groups.get("y1") and start_month > end_month:
        start_year -= 1  # "30. desember - 2. januar 2025": the year written is the end's
    d1 = int(groups["d1"])
    d2 = int(groups["d2"]) if groups.get("d2") else None
    start, problem = _resolve(d1, start_month, start_year, reference, before)
    end: dt.date | None = None
    if d2 is not None and start is not None:
        end, problem = _range_end(start, d2, end_month, year)
    return DateMatch(
        pos=match.start(),
        end_pos=match.end(),
        text=match.group(0),
        start=start if problem is None else None,
        end=end if problem is None else None,
        has_year=year is not None,
        problem=problem,
    )


def _year(raw: str | None) -> int | None:
    if raw is None:
        return None
    # Two-digit years in invitations are this century ("16.1.25").
    return 2000 + int(raw) if len(raw) == 2 else int(raw)


def _month(groups: dict[str, str | None]) -> int:
    name = groups.get("m2")
    if name is not None:
        return MONTHS[_fold(name)]
    return int(groups["mn"] or "0")


def _resolve(
    day: int, month: int, year: int | None, reference: dt.date | None, before: bool
) -> tuple[dt.date | None, str | None]:
    if year is not None:
        found = make_date(year, month, day)
        return found, None if found else DATE_INVALID
    if make_date(2000, month, day) is None:  # 2000 is a leap year: covers 29 February
        return None, DATE_INVALID
    if reference is None:
        return None, YEAR_UNKNOWN
    found = resolve_year(day, month, reference, before=before)
    return found, None if found else DATE_INVALID


def _range_end(
    start: dt.date, day: int, month: int, year: int | None
) -> tuple[dt.date | None, str | None]:
    end = make_date(year if year is not None else start.year, month, day)
    if end is not None and end < start and year is None:
        # "30. desember - 2. januar": the range crosses the new year.
        end = make_date(start.year + 1, month, day)
    if end is None or end < start:
        return None, DATE_INVALID
    return end, None


def _to_time_match(match: re.Match[str]) -> TimeMatch | None:
    has_kl = match.group("kl") is not None
    has_end = match.group("h2") is not None
    # Without "kl", only hh:mm-hh:mm counts: "28-29" is a day range, "2025" a year.
    if not has_kl and (not has_end or match.group("m1") is None):
        return None
    start = _clock(match.group("h1"), match.group("m1"))
    end = _clock(match.group("h2"), match.group("m2")) if has_end else None
    if start is None or (has_end and (end is None or end <= start)):
        return None
    return TimeMatch(pos=match.start(), end_pos=match.end(), start=start, end=end)


def _clock(hour: str | None, minute: str | None) -> dt.time | None:
    if hour is None or int(hour) > 23:
        return None
    return dt.time(int(hour), int(minute or "0"))
