"""Finding the date expression in a text and reading it: `parse_due`, `find_due`, `scan_due`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from tracker.dates.absolute import MONTHS, find_dates, make_date, resolve_year
from tracker.dates.relative import (
    _ABBREVIATED_MONTHS,
    _MEETING_TRIGGERS,
    _RULES,
    _Candidate,
    _Context,
)
from tracker.dates.values import (
    INVALID_DATE,
    UNRECOGNISED,
    DueDate,
    DueDateError,
    MeetingRef,
    _Outcome,
)
from tracker.dates.words import (
    _ABBREVIATED_MONTH_FIRST,
    _DATE_FILLERS,
    _DIGIT,
    _DIGIT_SEPARATOR,
    _EN_LEAD,
    _EN_WORDS,
    _FOLD_FIXES,
    _KEYWORDS,
    _MONTH_WORDS,
    _NB_LEAD,
    _NB_WORDS,
    _NEEDS_FOLD,
    _NO_FILLERS,
    _NUMERIC_RUN,
    _SEPARATORS,
    _SHORT_SLASH,
    _TRAILING,
    _WEEKDAY_INDEX,
    _WORD,
)


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
        yield from _absolute_singles(text, 0, today)
    else:
        # Without a month name only `absolute`'s numeric forms can match, each inside one run of
        # digits and separators; scanning just those runs is several times faster.
        for run in _NUMERIC_RUN.finditer(text):
            if _DIGIT_SEPARATOR.search(run[0]):
                yield from _absolute_singles(run[0], run.start(), today)
    if "/" in text:
        for match in _SHORT_SLASH.finditer(text):
            outcome = _day_month(int(match["d"]), int(match["m"]), None, today)
            yield _Absolute(match.start(), match.end(), outcome, numeric_without_year=True)
    if not _ABBREVIATED_MONTHS.isdisjoint(words):
        for match in _ABBREVIATED_MONTH_FIRST.finditer(text):
            month = MONTHS[match["mon"].casefold()]
            outcome = _day_month(int(match["d"]), month, match["y"], today)
            yield _Absolute(match.start(), match.end(), outcome, False, english_order=True)


def _absolute_singles(text: str, offset: int, today: date) -> Iterator[_Absolute]:
    """`absolute`'s single dates in `text`, which starts at `offset` in the command."""
    for found in find_dates(text, today, short_numeric=True):
        if found.end is not None:
            continue  # a range ("28-29. august") is no single due date
        outcome: _Outcome = found.start if found.start is not None else INVALID_DATE
        numeric = not found.has_year and not _WORD.search(found.text)
        # Only English puts the month first ("April 14"); `absolute` matches it no other way.
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
