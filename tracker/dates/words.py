"""The words and patterns of written dates in Norwegian and English, longest alternatives first."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from tracker.dates.absolute import MONTHS

_FRIDAY: Final = 4
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

# Absolute forms `absolute` does not read: year-less "14/2" and abbreviated "Feb 14 2025".
_SHORT_SLASH: Final = re.compile(r"(?<![0-9./])(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})(?![0-9]|/[0-9])")
_ABBREVIATED_MONTH_FIRST: Final = _compile(
    r"(?P<mon>jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?\s+(?P<d>[0-9]{1,2})"
    r"(?:st|nd|rd|th)?(?![0-9\w])(?:,?\s+(?P<y>[0-9]{4})(?![0-9]))?"
)

_WORD: Final = re.compile(r"[^\W\d_]+")
_DIGIT: Final = re.compile(r"[0-9]")
# `absolute` needs a month name or a separator between digits ("14.02", "16/01/2025", "2025-01-16").
_DIGIT_SEPARATOR: Final = re.compile(r"[0-9][./-][0-9]")
_NUMERIC_RUN: Final = re.compile(r"[0-9./:-]+")
_MONTH_WORDS: Final = frozenset(MONTHS)
_NEEDS_FOLD: Final = re.compile("[İıſ]")
_SEPARATORS: Final = " \t\r\n:,"
_TRAILING: Final = " \t\r\n.!?,;:"
