"""Dates relative to today or the next meeting: weekdays, «om N uker», «uke 7», «før møtet»."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Final

from tracker.dates.absolute import shift_days
from tracker.dates.values import (
    INVALID_DATE,
    NO_MEETING,
    MeetingRef,
    _Outcome,
)
from tracker.dates.words import (
    _BARE_UNITS,
    _DAY_WORD,
    _FRIDAY,
    _IN_UNITS,
    _KEYWORDS,
    _MEETING_AT,
    _MEETING_BARE,
    _MEETING_BEFORE,
    _MEETING_KEYWORDS,
    _MEETING_SHIFT,
    _NUMBER_WORDS,
    _PERIOD_END,
    _WEEK_NUMBER,
    _WEEKDAY,
    _WEEKDAY_FORMS,
)


@dataclass(frozen=True, slots=True)
class _Context:
    today: date
    meeting: MeetingRef | None


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], _Context], _Outcome]
    # The pattern cannot match unless one of these words is in the text: a cheap pre-check.
    triggers: frozenset[str]
    keywords: frozenset[str] = _KEYWORDS
    needs_keyword: bool = False  # only counts in a longer text when a keyword introduces it


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int  # including introducing keywords
    expression_start: int  # without the keywords: what an error quotes
    core_start: int
    end: int
    introduced: bool  # counts inside a longer command (see _Rule.needs_keyword)
    keyword: bool  # a real keyword ("frist", "due") stands in front
    outcome: _Outcome
    english_order: bool = False  # "Feb 14": month first is English

    def rank(self) -> tuple[bool, int, int, int]:
        # Keyword-introduced first, then the longest span, then the longest core, then the last.
        return (self.keyword, self.end - self.start, self.end - self.core_start, self.start)


# --- Resolvers -------------------------------------------------------------------------------


def _shift(day: date, days: int) -> date | str:
    return shift_days(day, days) or INVALID_DATE


def _add_months(day: date, months: int) -> date | None:
    """Move by calendar months, clamping the day: 31 January + 1 month = 28/29 February."""
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        return None
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def _add_units(day: date, match: re.Match[str], sign: int) -> date | str:
    raw = match["n"]
    count = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw.casefold()]
    if match["um"]:
        return _add_months(day, sign * count) or INVALID_DATE
    return _shift(day, sign * count * (7 if match["uw"] else 1))


def _week_day(today: date, weekday: int, weeks_ahead: int) -> _Outcome:
    """The given weekday of this ISO week (0) or a later one."""
    return _shift(today, weekday - today.weekday() + 7 * weeks_ahead)


def _day_word(match: re.Match[str], ctx: _Context) -> _Outcome:
    return _shift(ctx.today, 0 if match["d0"] else 1 if match["d1"] else 2)


def _weekday(match: re.Match[str], ctx: _Context) -> _Outcome:
    weekday = _WEEKDAY_FORMS[match["wd"].casefold()]
    mod = (match["mod"] or "").casefold()
    if match["wknext"] or mod in {"neste", "next"}:
        return _week_day(ctx.today, weekday, 1)
    if match["wkthis"] or mod in {"denne", "this"}:
        return _week_day(ctx.today, weekday, 0)
    # A bare weekday is the next one strictly after today: "fredag" said on a Friday is in 7 days.
    return _shift(ctx.today, (weekday - ctx.today.weekday() - 1) % 7 + 1)


def _in_units(match: re.Match[str], ctx: _Context) -> _Outcome:
    return _add_units(ctx.today, match, 1)


def _iso_friday(year: int, week: int) -> date | None:
    try:
        return date.fromisocalendar(year, week, _FRIDAY + 1)
    except ValueError:
        return None


def _week_number(match: re.Match[str], ctx: _Context) -> _Outcome:
    # "uke 7" is due by the end of that working week: its Friday.
    week = int(match["wn"])
    if match["y"]:
        return _iso_friday(int(match["y"]), week) or INVALID_DATE
    year = ctx.today.isocalendar().year
    day = _iso_friday(year, week)
    if day is not None and day < ctx.today:
        day = _iso_friday(year + 1, week)
    return day or INVALID_DATE


def _period_end(match: re.Match[str], ctx: _Context) -> _Outcome:
    if match["month"]:
        today = ctx.today
        return today.replace(day=calendar.monthrange(today.year, today.month)[1])
    return _week_day(ctx.today, _FRIDAY, 1 if match["next"] else 0)


def _at_meeting(ctx: _Context, offset: int) -> _Outcome:
    if ctx.meeting is None:
        return NO_MEETING
    day = shift_days(ctx.meeting.day, offset)
    return (day, ctx.meeting) if day else INVALID_DATE


def _meeting_shift(match: re.Match[str], ctx: _Context) -> _Outcome:
    if ctx.meeting is None:
        return NO_MEETING
    sign = -1 if match["dir"].casefold() in {"før", "before"} else 1
    day = (
        _shift(ctx.meeting.day, sign) if match["one"] else _add_units(ctx.meeting.day, match, sign)
    )
    return (day, ctx.meeting) if isinstance(day, date) else day


def _meeting_before(match: re.Match[str], ctx: _Context) -> _Outcome:
    return _at_meeting(ctx, -1)


def _meeting_on(match: re.Match[str], ctx: _Context) -> _Outcome:
    return _at_meeting(ctx, 0)


_DAY_TRIGGERS: Final = frozenset(
    {"dag", "idag", "morgen", "imorgen", "overmorgen", "iovermorgen", "today", "tomorrow"}
)
_UNIT_TRIGGERS: Final = frozenset(
    {"dag", "dager", "døgn", "dogn", "day", "days", "uke", "uker", "week", "weeks", "mnd"}
    | {"måned", "måneder", "maned", "maneder", "month", "months"}
)
_PERIOD_TRIGGERS: Final = frozenset(
    {"uke", "uka", "uken", "week", "måneden", "maneden", "månedsslutt", "manedsslutt", "month"}
)
_MEETING_TRIGGERS: Final = frozenset({"møte", "møtet", "mote", "motet", "meeting"})
_ABBREVIATED_MONTHS: Final = frozenset(
    {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
_WEEKDAY_TRIGGERS: Final = frozenset(_WEEKDAY_FORMS)

_RULES: Final = (
    _Rule(_DAY_WORD, _day_word, _DAY_TRIGGERS),
    _Rule(_WEEKDAY, _weekday, _WEEKDAY_TRIGGERS),
    _Rule(_IN_UNITS, _in_units, _UNIT_TRIGGERS),
    _Rule(_BARE_UNITS, _in_units, _UNIT_TRIGGERS, needs_keyword=True),
    _Rule(_WEEK_NUMBER, _week_number, frozenset({"uke", "week"})),
    _Rule(_PERIOD_END, _period_end, _PERIOD_TRIGGERS),
    _Rule(_MEETING_SHIFT, _meeting_shift, _MEETING_TRIGGERS),
    _Rule(_MEETING_BEFORE, _meeting_before, _MEETING_TRIGGERS),
    _Rule(_MEETING_AT, _meeting_on, _MEETING_TRIGGERS, keywords=_MEETING_KEYWORDS),
    _Rule(
        _MEETING_BARE,
        _meeting_on,
        _MEETING_TRIGGERS,
        keywords=_MEETING_KEYWORDS,
        needs_keyword=True,
    ),
)
