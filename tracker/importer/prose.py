"""What sentences of prose state: deadlines ("innen 14. februar", "to uker etter møtet") and a
change of contact person ("X har siste dag 30. januar, Y vil deretter være kontaktperson").

Text is read sentence by sentence; a sentence gives one deadline at most, a relative one first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from tracker.importer import nbdates
from tracker.importer.draft import DeadlineDraft
from tracker.importer.parsed import (
    KIND_CONTRIBUTION,
    KIND_GENERAL,
    KIND_MINUTES,
    ParsedContactChange,
)

_SENTENCE_END: Final = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9«\"])")
_ORDINAL_BEFORE: Final = re.compile(r"(?:^|\s)[0-9]{1,2}\.$")


def sentences(text: str) -> list[tuple[int, str]]:
    """Sentences of a text with their start offsets."""
    found: list[tuple[int, str]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        # "30. Januar", "Sak 3. Handlingsprogram": a day or item number, not a sentence's end.
        if _ORDINAL_BEFORE.search(text, max(start, match.start() - 4), match.start()):
            continue
        found.append((start, text[start : match.start()]))
        start = match.end()
    found.append((start, text[start:]))
    return found


NUMBER_WORDS: Final[dict[str, int]] = {
    "en": 1, "ei": 1, "ett": 1, "én": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6,
    "sju": 7, "syv": 7, "åtte": 8, "ni": 9, "ti": 10, "one": 1, "two": 2, "three": 3,
}  # fmt: skip
_RELATIVE: Final = re.compile(
    r"\b(?P<n>[0-9]{1,3}|" + "|".join(NUMBER_WORDS) + r")\s+(?P<unit>uker?|veker?|dager?|dagar|"
    r"weeks?|days?)\s+(?P<direction>etter|før|after|before)\s+(?:the\s+)?(?:møtet|meeting)\b",
    re.IGNORECASE,
)
_ABSOLUTE_CUE: Final = re.compile(
    r"\b(?:innen|senest|seinast|frist(?:en)?(?:\s+er)?|høringsfrist(?:en)?(?:\s+er)?|svarfrist|"
    r"påmeldingsfrist|deadline|due)\b\s*:?",
    re.IGNORECASE,
)
_MINUTES_WORDS: Final = re.compile(r"\breferat", re.IGNORECASE)
_CONTRIBUTION_WORDS: Final = re.compile(
    r"\b(?:innspill|skriftlig|send(?:es|er|e)?\s+inn|bidrag|synspunkter|kommentarer)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Found:
    """A deadline found in prose: its sentence, the span it covers and when it falls."""

    sentence: str
    pos: int
    end_pos: int
    due: dt.date | None
    offset_days: int | None


def find_deadlines(text: str, reference: dt.date | None) -> list[Found]:
    """Deadlines in a text, one per sentence at most, relative ones before absolute ones."""
    found: list[Found] = []
    for offset, sentence in sentences(text):
        hit = _relative_deadline(sentence) or _absolute_deadline(sentence, reference)
        if hit is not None:
            pos, end_pos, due, days = hit
            found.append(Found(sentence.strip(), offset + pos, offset + end_pos, due, days))
    return found


def _relative_deadline(sentence: str) -> tuple[int, int, None, int] | None:
    match = _RELATIVE.search(sentence)
    if match is None:
        return None
    raw = match.group("n").casefold()
    count = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    unit = 1 if match.group("unit").casefold().startswith(("d", "dag")) else 7
    sign = 1 if match.group("direction").casefold() in {"etter", "after"} else -1
    return match.start(), match.end(), None, sign * count * unit


def _absolute_deadline(
    sentence: str, reference: dt.date | None
) -> tuple[int, int, dt.date, None] | None:
    cues = list(_ABSOLUTE_CUE.finditer(sentence))
    for day in nbdates.find_dates(sentence, reference, short_numeric=True):
        cue = next((c for c in reversed(cues) if c.end() <= day.pos), None)
        if cue is None or day.start is None:
            continue
        between = re.findall(r"[^\W\d_]+", sentence[cue.end() : day.pos].casefold())
        # Only a weekday may stand between the cue and the date: "innen fredag 14. februar".
        if all(word in nbdates.WEEKDAYS or word == "den" for word in between):
            return cue.start(), day.end_pos, day.start, None
    return None


def _deadline_kind(sentence: str) -> str:
    if _MINUTES_WORDS.search(sentence):
        return KIND_MINUTES
    if _CONTRIBUTION_WORDS.search(sentence):
        return KIND_CONTRIBUTION
    return KIND_GENERAL


def deadline_draft(
    found: Found,
    line: int,
    label: str | None,
    part_index: int | None,
    *,
    sak_title: str | None = None,
) -> DeadlineDraft:
    """The draft of a found deadline, with what is known of its agenda item and part."""
    return DeadlineDraft(
        text=found.sentence,
        kind=_deadline_kind(found.sentence),
        due=found.due,
        offset_days=found.offset_days,
        line=line,
        item_label=label,
        part_index=part_index,
        sak_title=sak_title,
    )


# Names are read backwards from a cue phrase, a few capitalised words at most, so that a long
# line of capitalised words costs linear time.
_LAST_DAY_CUE: Final = re.compile(r"\s+har\s+(?:sin\s+)?siste\s+(?:arbeids)?dag\b")
_INCOMING_CUE: Final = re.compile(
    r"\s+(?:vil\s+(?:deretter\s+|så\s+)?(?:være|bli)|blir|er|overtar\s+som)\s+"
    r"(?:ny\s+|vår\s+)?kontaktperson"
)
_FROM_CUE: Final = re.compile(r"\b[Ff]ra\s+")
_FROM_TAIL: Final = re.compile(
    r",?\s+(?:er|blir|overtar)\s+(?P<incoming>[A-ZÆØÅ][\w'’.-]*(?:\s+[A-ZÆØÅ][\w'’.-]*){0,3})"
    r"\s+(?:som\s+)?(?:ny\s+)?kontaktperson"
)
_NAME_WORD: Final = re.compile(r"[A-ZÆØÅ][\w'’.-]*")
_NAME_WORDS_MAX: Final = 4


def _name_before(text: str, end: int) -> str | None:
    """The capitalised words (at most four) that end at `end`: "Målfrid Baik"."""
    words = text[max(0, end - 160) : end].split()[-_NAME_WORDS_MAX:]
    name: list[str] = []
    for word in reversed(words):
        if not _NAME_WORD.fullmatch(word):
            break
        name.insert(0, word)
    return " ".join(name) or None


def contact_change(text: str, reference: dt.date | None, line: int) -> ParsedContactChange | None:
    """Read "X har siste dag 30. januar, Y vil deretter være kontaktperson" or "Fra 1. mars ..."."""
    for _, sentence in sentences(text):
        if "kontaktperson" in sentence.casefold():
            found = _last_day_change(sentence, reference, line) or _from_date_change(
                sentence, reference, line
            )
            if found is not None:
                return found
    return None


def _last_day_change(text: str, reference: dt.date | None, line: int) -> ParsedContactChange | None:
    last = _LAST_DAY_CUE.search(text)
    incoming = _INCOMING_CUE.search(text, last.end()) if last else None
    if last is None or incoming is None:
        return None
    outgoing = _name_before(text, last.start())
    name = _name_before(text, incoming.start())
    dates = [d.start for d in nbdates.find_dates(text[last.end() :], reference) if d.start]
    if outgoing is None or name is None or not dates:
        return None
    return ParsedContactChange(outgoing, dates[0], name, line)


def _from_date_change(
    text: str, reference: dt.date | None, line: int
) -> ParsedContactChange | None:
    for cue in _FROM_CUE.finditer(text):
        dates = nbdates.find_dates(text[cue.end() : cue.end() + 40], reference)
        if not dates or dates[0].pos != 0 or dates[0].start is None:
            continue
        tail = _FROM_TAIL.match(text, cue.end() + dates[0].end_pos)
        last_day = nbdates.shift_days(dates[0].start, -1)
        if tail is not None and last_day is not None:
            return ParsedContactChange(None, last_day, tail.group("incoming"), line)
    return None
