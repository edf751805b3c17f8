"""Dates as people write them, in Norwegian (Bokmål, some Nynorsk) or English: the one date
module of the chat, the web forms and (through `tracker.importer.nbdates`) the importer.

`parse_due` reads a text that is exactly one expression ("frist fredag", "om to uker", "14.02");
`find_due` finds the best one inside a longer command and returns its span so the caller can cut
it out; `scan_shift` finds a move of a date ("en uke", "+3 dager", "two days earlier"). Absolute
dates and the one rule for a year-less date come from `nbdates`; this module adds the relative
forms (weekdays, "om N uker", "uke 7", the next meeting). Pure functions, no clock: `today` is
given.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Final

from tracker.i18n import N_
from tracker.importer.nbdates import MONTHS, find_dates, make_date, resolve_year, shift_days

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

_FRIDAY: Final = 4


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

# --- Vocabulary -----------------------------------------------------------------------------

_NB_WEEKDAYS: Final = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")
_EN_WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_INDEX: Final[dict[str, int]] = {
    **{name: i for i, name in enumerate(_NB_WEEKDAYS)},
    **{name: i for i, name in enumerate(_EN_WEEKDAYS)},
    "lordag": 5,
    "sondag": 6,
    # Nynorsk
    "måndag": 0,
    "tysdag": 1,
    "laurdag": 5,
    "sundag": 6,
}
# "denne fredagen": Norwegian definite forms name the same day.
_WEEKDAY_FORMS: Final[dict[str, int]] = {
    **_WEEKDAY_INDEX,
    **{name + "en": i for name, i in _WEEKDAY_INDEX.items() if not name.endswith("day")},
}

_NB_NUMBERS: Final[dict[str, int]] = {
    "en": 1, "ei": 1, "et": 1, "ett": 1, "én": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5,
    "seks": 6, "sju": 7, "syv": 7, "åtte": 8, "atte": 8, "ni": 9, "ti": 10, "elleve": 11,
    "tolv": 12, "fjorten": 14,
}  # fmt: skip
_EN_NUMBERS: Final[dict[str, int]] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14,
}  # fmt: skip
_NUMBER_WORDS: Final = {**_NB_NUMBERS, **_EN_NUMBERS}

_NB_KEYWORDS: Final = frozenset({"frist", "fristen", "innen", "til", "senest", "før"})
_EN_KEYWORDS: Final = frozenset(
    {"due", "by", "before", "until", "till", "deadline", "to", "within"}
)
_KEYWORDS: Final = _NB_KEYWORDS | _EN_KEYWORDS
# "før neste møte" is a day before the meeting, so "før" must not be read as a mere keyword there.
_MEETING_KEYWORDS: Final = _KEYWORDS - {"før", "before"}
# Words that may stand between a keyword and an absolute date: "frist fredag den 14. februar".
_DATE_FILLERS: Final = frozenset({"den", "the", "on", "på", "pa"}) | frozenset(_WEEKDAY_INDEX)
_NO_FILLERS: Final[frozenset[str]] = frozenset()

_EN_MONTHS: Final = frozenset(
    {"january", "february", "march", "may", "june", "july", "october", "december", "oct", "dec"}
)
# Names both languages write the same ("april", "aug") decide nothing.
_SHARED_MONTHS: Final = frozenset(
    {"april", "august", "september", "sept", "sep", "jan", "feb", "mar", "apr", "jun", "jul"}
    | {"aug", "nov"}
)
_EN_WORDS: Final = (
    frozenset(_EN_WEEKDAYS)
    | _EN_MONTHS
    | frozenset(_EN_NUMBERS)
    | {"today", "tomorrow", "the", "day", "days", "week", "weeks", "month", "months"}
    | {"in", "next", "this", "coming", "on", "at", "meeting", "before", "after", "end", "of"}
    | {"st", "nd", "rd", "th"}
)
_NB_WORDS: Final = (
    (frozenset(_WEEKDAY_FORMS) - frozenset(_EN_WEEKDAYS))
    | (frozenset(MONTHS) - _EN_MONTHS - _SHARED_MONTHS)
    | frozenset(_NB_NUMBERS)
    | {"i", "dag", "idag", "morgen", "imorgen", "overmorgen", "om", "dager", "døgn", "dogn"}
    | {"uke", "uker", "uka", "uken", "måned", "måneder", "måneden", "maned", "maneder"}
    | {"maneden", "mnd", "månedsslutt", "manedsslutt", "neste", "denne", "førstkommende"}
    | {"forstkommende", "på", "pa", "møte", "møtet", "mote", "motet", "det", "før", "etter"}
    | {"dagen", "slutten", "av", "den"}
)

# In front of a core, "to" is the English keyword, not the Norwegian number.
_EN_LEAD: Final = _EN_KEYWORDS | _EN_WORDS
_NB_LEAD: Final = (_NB_KEYWORDS | _NB_WORDS) - _EN_KEYWORDS

# Letters that re.IGNORECASE equates with i or s but str.casefold() does not; mapping them first
# keeps word look-ups total and spans unchanged (each maps to one character).
_FOLD_FIXES: Final = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})

# --- Patterns --------------------------------------------------------------------------------


def _alternation(words: Iterable[str]) -> str:
    # Longest first, so "fredagen" wins over "fredag" and "måneder" over "måned".
    return "|".join(sorted(words, key=len, reverse=True))


_WD = rf"(?P<wd>{_alternation(_WEEKDAY_FORMS)})"
_NUM = rf"(?P<n>[0-9]{{1,4}}|{_alternation(_NUMBER_WORDS)})"
_UNIT = (
    r"(?:(?P<ud>dager|dag|døgn|dogn|days|day)|(?P<uw>uker|uke|weeks|week)"
    r"|(?P<um>måneder|måned|maneder|maned|mnd|months|month))\b"
)
_MEETING = r"(?:(?:the\s+)?next\s+meeting|the\s+meeting|(?:det\s+)?neste\s+m[øo]tet?|m[øo]tet)\b"
_THIS_WEEK = r"denne\s+uk(?:a|en)|this\s+week"
_NEXT_WEEK = r"neste\s+uke|next\s+week"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w@#])" + pattern, re.IGNORECASE)


_DAY_WORD: Final = _compile(
    r"(?:(?P<d0>i\s*dag|today)|(?P<d1>i\s*morgen|tomorrow)"
    r"|(?P<d2>i\s*overmorgen|(?:the\s+)?day\s+after\s+tomorrow))\b"
)
_WEEKDAY: Final = _compile(
    r"(?:(?:på|pa|on)\s+)?"
    r"(?:(?P<mod>neste|next|denne|this(?:\s+coming)?|førstkommende|forstkommende|coming)\s+)?"
    rf"{_WD}\b(?:\s+(?:(?:i|in)\s+)?(?:(?P<wknext>{_NEXT_WEEK})|(?P<wkthis>{_THIS_WEEK}))\b)?"
)
_IN_UNITS: Final = _compile(rf"(?:om|in)\s+{_NUM}\s+{_UNIT}")
_BARE_UNITS: Final = _compile(rf"{_NUM}\s+{_UNIT}")
_WEEK_NUMBER: Final = _compile(
    r"(?:(?:i|in)\s+)?(?:uke|week)\s*(?P<wn>[0-9]{1,2})(?![0-9])"
    r"(?:(?:,?\s+|/)(?P<y>[0-9]{4})(?![0-9]))?"
)
_PERIOD_END: Final = _compile(
    r"(?:(?:i|in|at)\s+)?(?:"
    rf"(?P<next>{_NEXT_WEEK})|(?P<this>{_THIS_WEEK}"
    r"|slutten\s+av\s+(?:denne\s+)?uk(?:a|en)|(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?week)"
    r"|(?P<month>slutten\s+av\s+(?:denne\s+)?m[åa]neden|m[åa]nedsslutt"
    r"|(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?month))\b"
)
_MEETING_SHIFT: Final = _compile(
    rf"(?:{_NUM}\s+{_UNIT}|(?P<one>dagen|the\s+day))\s+(?P<dir>før|etter|before|after)\s+"
    + _MEETING
)
_MEETING_BEFORE: Final = _compile(r"(?:før|before)\s+" + _MEETING)
_MEETING_AT: Final = _compile(r"(?:på|pa|at)\s+" + _MEETING)
_MEETING_BARE: Final = _compile(_MEETING)

# Absolute forms nbdates does not read: year-less "14/2" and abbreviated "Feb 14 2025".
_SHORT_SLASH: Final = re.compile(r"(?<![0-9./])(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})(?![0-9]|/[0-9])")
_ABBREVIATED_MONTH_FIRST: Final = _compile(
    r"(?P<mon>jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?\s+(?P<d>[0-9]{1,2})"
    r"(?:st|nd|rd|th)?(?![0-9\w])(?:,?\s+(?P<y>[0-9]{4})(?![0-9]))?"
)

_WORD: Final = re.compile(r"[^\W\d_]+")
_DIGIT: Final = re.compile(r"[0-9]")
# nbdates needs a month name or a separator between digits ("14.02", "16/01/2025", "2025-01-16").
_DIGIT_SEPARATOR: Final = re.compile(r"[0-9][./-][0-9]")
_NUMERIC_RUN: Final = re.compile(r"[0-9./:-]+")
_MONTH_WORDS: Final = frozenset(MONTHS)
_NEEDS_FOLD: Final = re.compile("[İıſ]")
_SEPARATORS: Final = " \t\r\n:,"
_TRAILING: Final = " \t\r\n.!?,;:"


# --- Candidates ------------------------------------------------------------------------------


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


# --- Scanning --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Lead:
    """What stands in front of a core expression: keywords, and for dates also fillers."""

    start: int
    expression_start: int  # after the keywords, before any fillers
    keyword: bool = False
    filler: bool = False
    weekday: int | None = None


def _word_before(text: str, pos: int) -> tuple[int, str] | None:
    """The whole word ending just before the separators in front of `pos`, if there is one."""
    end = pos
    while end > 0 and text[end - 1] in _SEPARATORS:
        end -= 1
    if end == pos:
        return None
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    if start == end or (start > 0 and (text[start - 1].isalnum() or text[start - 1] in "@#_")):
        return None
    return start, text[start:end].casefold()


def _lead(text: str, pos: int, keywords: frozenset[str], fillers: frozenset[str]) -> _Lead:
    lead = _Lead(pos, pos)
    while (found := _word_before(text, lead.start)) is not None:
        start, word = found
        if word in keywords:
            lead.keyword = True
        elif word in fillers and not lead.keyword:
            if word in _WEEKDAY_INDEX:
                if lead.weekday is not None:
                    break
                lead.weekday = _WEEKDAY_INDEX[word]
            lead.filler = True
            lead.expression_start = start
        else:
            break
        lead.start = start
    return lead


def _relative_candidates(text: str, words: frozenset[str], ctx: _Context) -> Iterator[_Candidate]:
    for rule in _RULES:
        if rule.triggers.isdisjoint(words):
            continue
        for match in rule.pattern.finditer(text):
            lead = _lead(text, match.start(), rule.keywords, _NO_FILLERS)
            yield _Candidate(
                start=lead.start,
                expression_start=match.start(),
                core_start=match.start(),
                end=match.end(),
                introduced=lead.keyword or not rule.needs_keyword,
                keyword=lead.keyword,
                outcome=rule.resolve(match, ctx),
            )


def _day_month(day: int, month: int, year: str | None, today: date) -> _Outcome:
    if year is not None:
        return make_date(int(year), month, day) or INVALID_DATE
    if make_date(2000, month, day) is None:  # a leap year, so 29 February passes
        return INVALID_DATE
    return resolve_year(day, month, today) or INVALID_DATE


@dataclass(frozen=True, slots=True)
class _Absolute:
    start: int
    end: int
    outcome: _Outcome
    numeric_without_year: bool  # "14.02" is also a clock time or a version number
    english_order: bool = False


def _absolute_dates(text: str, words: frozenset[str], today: date) -> Iterator[_Absolute]:
    if _DIGIT.search(text) is None:
        return  # every absolute form has a day number
    if not _MONTH_WORDS.isdisjoint(words):
        yield from _nbdates(text, 0, today)
    else:
        # Without a month name only nbdates' numeric forms can match, each inside one run of
        # digits and separators; scanning just those runs is several times faster.
        for run in _NUMERIC_RUN.finditer(text):
            if _DIGIT_SEPARATOR.search(run[0]):
                yield from _nbdates(run[0], run.start(), today)
    if "/" in text:
        for match in _SHORT_SLASH.finditer(text):
            outcome = _day_month(int(match["d"]), int(match["m"]), None, today)
            yield _Absolute(match.start(), match.end(), outcome, numeric_without_year=True)
    if not _ABBREVIATED_MONTHS.isdisjoint(words):
        for match in _ABBREVIATED_MONTH_FIRST.finditer(text):
            month = MONTHS[match["mon"].casefold()]
            outcome = _day_month(int(match["d"]), month, match["y"], today)
            yield _Absolute(match.start(), match.end(), outcome, False, english_order=True)


def _nbdates(text: str, offset: int, today: date) -> Iterator[_Absolute]:
    """nbdates' single dates in `text`, which starts at `offset` in the command."""
    for found in find_dates(text, today, short_numeric=True):
        if found.end is not None:
            continue  # a range ("28-29. august") is no single due date
        outcome: _Outcome = found.start if found.start is not None else INVALID_DATE
        numeric = not found.has_year and not _WORD.search(found.text)
        # Only English puts the month first ("April 14"); nbdates matches it no other way.
        start, end = offset + found.pos, offset + found.end_pos
        yield _Absolute(start, end, outcome, numeric, found.text[:1].isalpha())


def _absolute_candidates(text: str, words: frozenset[str], today: date) -> Iterator[_Candidate]:
    for found in _absolute_dates(text, words, today):
        lead = _lead(text, found.start, _KEYWORDS, _DATE_FILLERS)
        outcome = found.outcome
        if isinstance(outcome, date) and lead.weekday not in {None, outcome.weekday()}:
            outcome = INVALID_DATE  # "fredag 15. februar 2025" names two different days
        yield _Candidate(
            start=lead.start,
            expression_start=lead.expression_start,
            core_start=found.start,
            end=found.end,
            introduced=lead.keyword or lead.filler or not found.numeric_without_year,
            keyword=lead.keyword,
            outcome=outcome,
            english_order=found.english_order,
        )


def _candidates(text: str, ctx: _Context) -> list[_Candidate]:
    words = frozenset(_WORD.findall(text.casefold()))
    return [*_relative_candidates(text, words, ctx), *_absolute_candidates(text, words, ctx.today)]


# --- Results ---------------------------------------------------------------------------------


def _vote(text: str, english: frozenset[str], norwegian: frozenset[str]) -> str | None:
    words = _WORD.findall(text.casefold())
    balance = sum((word in english) - (word in norwegian) for word in words)
    return None if balance == 0 else "en" if balance > 0 else "nb"


def _language(text: str, candidate: _Candidate) -> str:
    """The core's words decide; a numeric core falls back to the words in front ("due 14.02")."""
    if candidate.english_order:
        return "en"
    core = text[candidate.core_start : candidate.end]
    lead = text[candidate.start : candidate.core_start]
    return _vote(core, _EN_WORDS, _NB_WORDS) or _vote(lead, _EN_LEAD, _NB_LEAD) or "nb"


def _result(text: str, folded: str, candidate: _Candidate) -> DueDate | DueDateError:
    outcome = candidate.outcome
    if isinstance(outcome, str):
        return DueDateError(outcome, text[candidate.expression_start : candidate.end])
    language = _language(folded, candidate)
    if isinstance(outcome, date):
        return DueDate(outcome, language=language)
    day, meeting = outcome
    return DueDate(day, meeting.meeting_id, (day - meeting.day).days, language)


def _fold(text: str) -> str:
    # Most chat lines are ASCII or plain Norwegian; only translate when a troublesome letter is in.
    if text.isascii() or _NEEDS_FOLD.search(text) is None:
        return text
    return text.translate(_FOLD_FIXES)


def _choose(candidates: list[_Candidate]) -> list[_Candidate]:
    """The candidates that survive, best first, dropping any that overlaps a better one."""
    kept: list[_Candidate] = []
    for candidate in sorted(candidates, key=_Candidate.rank, reverse=True):
        if all(candidate.end <= k.start or k.end <= candidate.start for k in kept):
            kept.append(candidate)
    return kept


def _in_command(
    text: str, today: date, next_meeting: MeetingRef | None
) -> Iterator[tuple[DueDate | DueDateError, int, int]]:
    """The expressions in a command, best first, none overlapping a better one."""
    folded = _fold(text)
    found = [c for c in _candidates(folded, _Context(today, next_meeting)) if c.introduced]
    for candidate in _choose(found):
        yield _result(text, folded, candidate), candidate.start, candidate.end


def scan_due(
    text: str, *, today: date, next_meeting: MeetingRef | None = None
) -> tuple[DueDate | DueDateError, int, int] | None:
    """Find the best due expression in a command, errors included, with its (start, end) span."""
    return next(_in_command(text, today, next_meeting), None)


def find_due(
    text: str, *, today: date, next_meeting: MeetingRef | None = None
) -> tuple[DueDate, int, int] | None:
    """Find the best valid due expression in a command, with its (start, end) span in `text`."""
    for result, start, end in _in_command(text, today, next_meeting):
        # Skip errors; _choose already dropped what overlapped them, so "fredag 15. februar"
        # (no Friday) never falls back to the "fredag" inside it.
        if isinstance(result, DueDate):
            return result, start, end
    return None


def parse_due(text: str, *, today: date, next_meeting: MeetingRef | None = None) -> DueDate:
    """Parse a text that is exactly one due expression; raise DueDateError otherwise."""
    folded = _fold(text)
    start = len(folded) - len(folded.lstrip())
    whole = [
        c
        for c in _candidates(folded, _Context(today, next_meeting))
        if c.start == start and not folded[c.end :].strip(_TRAILING)
    ]
    if not whole:
        raise DueDateError(UNRECOGNISED, text.strip())
    result = _result(text, folded, max(whole, key=_Candidate.rank))
    if isinstance(result, DueDateError):
        raise result
    return result


def mentions_meeting(text: str) -> bool:
    """Whether a text may count from the next meeting, so the caller knows to look it up."""
    return not _MEETING_TRIGGERS.isdisjoint(_WORD.findall(_fold(text).casefold()))


# --- Shifts ----------------------------------------------------------------------------------

LATER: Final = 1
EARLIER: Final = -1
UNSAID: Final = 0


@dataclass(frozen=True, slots=True)
class DateShift:
    """A move of a date by whole days and calendar months (both counted up from zero).

    `direction` is LATER or EARLIER when the words say so ("senere", "earlier", "+3"), UNSAID
    when they do not: the caller's verb decides (utsett/postpone later, fremskynd earlier), and
    «flytt fram» says nothing either way, so the caller asks.
    """

    days: int
    months: int = 0
    direction: int = UNSAID

    def apply(self, day: date, *, default: int = UNSAID) -> date | None:
        """The date moved; `default` is the verb's direction; None when none is known or the
        calendar ends."""
        direction = self.direction or default
        if direction not in (LATER, EARLIER):
            return None
        return shift_date(day, days=direction * self.days, months=direction * self.months)


def shift_date(day: date, *, days: int = 0, months: int = 0) -> date | None:
    """`day` moved by calendar months (the day clamped to the month's end), then by days;
    None past the calendar's ends."""
    moved = _add_months(day, months) if months else day
    return shift_days(moved, days) if moved is not None else None


_SHIFT_NUMBERS: Final[dict[str, int]] = {
    **_NUMBER_WORDS,
    "ein": 1, "eitt": 1, "tretten": 13, "femten": 15, "tjue": 20, "thirteen": 13,
    "fifteen": 15, "twenty": 20, "another": 1,
}  # fmt: skip
_MONTH_UNITS: Final = frozenset(
    {"måned", "måneder", "maned", "maneder", "månad", "månader", "mnd", "md", "month", "months"}
)
# Unit words (Bokmål, Nynorsk, English) and how many days or months each one is.
_SHIFT_UNITS: Final[dict[str, tuple[int, int]]] = {
    **dict.fromkeys(("dag", "dager", "dagar", "døgn", "dogn", "day", "days", "d", "dg"), (1, 0)),
    **dict.fromkeys(
        ("uke", "uker", "uka", "veke", "veker", "veka", "week", "weeks", "u", "w", "wk"), (7, 0)
    ),
    **dict.fromkeys(("fortnight", "fortnights"), (14, 0)),
    # Slips people make typing them in a hurry, seen in the chat corpus.
    **dict.fromkeys(("dagr", "dgr", "dagre", "dger", "dys", "dayz"), (1, 0)),
    **dict.fromkeys(("uek", "ukke", "ukee", "ukr", "ueker", "ukker", "weak", "wek"), (7, 0)),
    **dict.fromkeys(_MONTH_UNITS, (0, 1)),
    **dict.fromkeys(("år", "year", "years"), (0, 12)),
}
# "en ukes utsettelse", "a week's extension": a genitive unit names a shift only before these.
_GENITIVE_UNITS: Final[dict[str, tuple[int, int]]] = {
    **dict.fromkeys(("dags", "dagers", "dagars", "day's", "days'"), (1, 0)),
    **dict.fromkeys(("ukes", "ukers", "vekes", "vekers", "week's", "weeks'"), (7, 0)),
    **dict.fromkeys(("måneds", "måneders", "maneds", "maneders", "month's", "months'"), (0, 1)),
}
_EXTENSIONS: Final = ("utsettelse", "forlengelse", "utsetjing", "ekstra", "extension", "delay")
_LATER_WORDS: Final = frozenset(
    {"senere", "seinere", "seinare", "later", "utover", "fremover", "framover", "til", "ekstra"}
    | {"extra", "more", "mer", "meir", "lenger", "lengre"}
)
# Words after the amount that say which way. "fram", "frem", "forward" and "back" say nothing:
# «flytte fram» means earlier to some and later to others, «bring forward» is earlier and
# «push back» later, so the verb decides or the caller asks.
_SHIFT_DIRECTIONS: Final[dict[str, int]] = {
    **dict.fromkeys(_LATER_WORDS, LATER),
    **dict.fromkeys(("tidligere", "tidlegare", "earlier", "sooner", "tilbake", "bakover"), EARLIER),
    **dict.fromkeys(("fram", "frem", "forward", "forwards", "back"), UNSAID),
}
# Words that make the amount a date, not a shift: "om to uker", "to uker etter møtet",
# "two weeks from now", "3 days ago".
_DATE_BEFORE: Final = frozenset({"om", "in", "innen", "within", "innan", "av"})
_DATE_AFTER: Final = frozenset(
    {"før", "for", "etter", "before", "after", "fra", "frå", "from", "ago", "siden", "sidan"}
)

_SHIFT_NUM = rf"(?:[0-9]{{1,4}}|{_alternation(_SHIFT_NUMBERS)})"
_SHIFT_UNIT = rf"(?:{_alternation(_SHIFT_UNITS.keys() - {'d', 'dg', 'u', 'w', 'wk'})})"
_SHIFT_AMOUNT = (
    rf"(?:[0-9]{{1,4}}\s*(?:mnd|md)|{_SHIFT_NUM}\s+{_SHIFT_UNIT}|[0-9]{{1,4}}{_SHIFT_UNIT})"
    r"(?![\w'])"
)
_SHIFT_JOIN = r"(?:\s*,\s*|\s+(?:og|and|&)\s+|\s+)"
_SHIFT_DIRECTION = rf"(?:\s+(?P<dir>{_alternation(_SHIFT_DIRECTIONS)})(?:\s+i\s+tid)?(?![\w']))?"
# A shift in words: "med to uker og tre dager senere", "by a week", "one month".
_SHIFT_WORDS: Final = re.compile(
    r"(?<![\w@#+\-−./:])(?:(?P<prep>med|by|with)\s+)?"
    rf"(?P<amount>{_SHIFT_AMOUNT}(?:{_SHIFT_JOIN}{_SHIFT_AMOUNT})*)" + _SHIFT_DIRECTION,
    re.IGNORECASE,
)
# A signed shift: "+3 dager", "-2", "+7d", "+1 mnd". Not a phone number ("+47 22 …") or a
# date ("+14.02").
_SHIFT_SIGNED: Final = re.compile(
    r"(?<![\w@#+\-−./:])(?P<sign>[+\-−])(?P<n>[0-9]{1,4})"
    rf"(?:\s*(?P<unit>{_alternation(_SHIFT_UNITS)}))?(?![\w'])(?![.,/:]?[0-9])(?!\s+[0-9])",
    re.IGNORECASE,
)
_SHIFT_GENITIVE: Final = re.compile(
    rf"(?<![\w@#+\-−./:])(?P<n>{_SHIFT_NUM})[\s-]+(?P<unit>{_alternation(_GENITIVE_UNITS)})"
    rf"\s+(?P<ext>{_alternation(_EXTENSIONS)})(?![\w'])",
    re.IGNORECASE,
)
_SHIFT_PART: Final = re.compile(
    rf"(?P<n>[0-9]{{1,4}}|{_alternation(_SHIFT_NUMBERS)})\s*(?P<unit>{_SHIFT_UNIT}|mnd|md)"
    r"(?![\w'])",
    re.IGNORECASE,
)
# Every shift has a number and a unit, or a sign: lines without one are done at once.
_SHIFT_QUICK: Final = re.compile(
    r"[0-9]|dag|døgn|dogn|uk|vek|mån|man|day|week|fortn|month|år|year|uek|dg|dy|wea|wek"
)


@dataclass(frozen=True, slots=True)
class _ShiftFound:
    shift: DateShift
    start: int
    end: int
    said: bool  # a sign, a preposition or a direction word marks it as a shift

    def rank(self) -> tuple[bool, int, int]:
        return (self.said, self.end - self.start, self.start)


def _count(word: str) -> int | None:
    return int(word) if word.isdigit() else _SHIFT_NUMBERS.get(word.casefold())


def _words_around(text: str, start: int, end: int) -> tuple[str, str]:
    before = _WORD_OR_APOSTROPHE.findall(text[max(0, start - 20) : start])
    after = _WORD_OR_APOSTROPHE.findall(text[end : end + 20])
    return (before[-1].casefold() if before else "", after[0].casefold() if after else "")


_WORD_OR_APOSTROPHE: Final = re.compile(r"[^\W\d_]+")


def _in_words(text: str, match: re.Match[str]) -> _ShiftFound | None:
    days = months = 0
    for part in _SHIFT_PART.finditer(match["amount"]):
        count = _count(part["n"])
        unit = _SHIFT_UNITS.get(part["unit"].casefold())
        if count is None or unit is None:
            return None
        days, months = days + count * unit[0], months + count * unit[1]
    end, word = match.end(), (match["dir"] or "").casefold()
    if word == "til" and text[end:].strip(_TRAILING):
        # "en uke til" is one more week, but "en uke til fredag" is no shift by a week.
        end, word = match.end("amount"), ""
    # "another week" says later by itself.
    another = match["amount"].casefold().startswith("another")
    direction = _SHIFT_DIRECTIONS.get(word, LATER if another else UNSAID)
    before, after = _words_around(text, match.start(), end)
    if not match["prep"] and before in _DATE_BEFORE:
        return None
    if not word and after in _DATE_AFTER:
        return None
    said = bool(match["prep"] or word or another)
    return _ShiftFound(DateShift(days, months, direction), match.start(), end, said)


def _signed(match: re.Match[str]) -> _ShiftFound | None:
    unit = _SHIFT_UNITS.get((match["unit"] or "d").casefold())
    if unit is None:
        return None
    count = int(match["n"])
    direction = LATER if match["sign"] == "+" else EARLIER
    shift = DateShift(count * unit[0], count * unit[1], direction)
    return _ShiftFound(shift, match.start(), match.end(), True)


def _genitive(match: re.Match[str]) -> _ShiftFound | None:
    count = _count(match["n"])
    unit = _GENITIVE_UNITS.get(match["unit"].casefold())
    if count is None or unit is None:
        return None
    shift = DateShift(count * unit[0], count * unit[1], LATER)
    return _ShiftFound(shift, match.start(), match.end(), True)


def scan_shift(text: str) -> tuple[DateShift, int, int] | None:
    """Find the best shift of a date in a line ("en uke", "+3 dager", "two days earlier"), with
    its (start, end) span; a date ("14.02", "om to uker") is no shift."""
    folded = _fold(text)
    if _SHIFT_QUICK.search(folded.casefold()) is None:
        return None
    found = [
        *(_in_words(folded, m) for m in _SHIFT_WORDS.finditer(folded)),
        *(_signed(m) for m in _SHIFT_SIGNED.finditer(folded)),
        *(_genitive(m) for m in _SHIFT_GENITIVE.finditer(folded)),
    ]
    kept = [f for f in found if f is not None and (f.shift.days or f.shift.months)]
    if not kept:
        return None
    best = max(kept, key=_ShiftFound.rank)
    return best.shift, best.start, best.end
