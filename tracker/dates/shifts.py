"""Moves of a date («en uke», «+3 dager», «two days earlier»): reading them and applying them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Final

from tracker.dates.absolute import shift_days
from tracker.dates.relative import (
    _add_months,
)
from tracker.dates.scanning import (
    _fold,
)
from tracker.dates.words import (
    _NUMBER_WORDS,
    _TRAILING,
    _alternation,
)

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
