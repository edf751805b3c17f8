"""What sentences of prose state: deadlines ("innen 14. februar", "to uker etter møtet") and a
change of contact person ("X har siste dag 30. januar, Y vil deretter være kontaktperson").

Text is read sentence by sentence; a sentence gives one deadline at most, a relative one first.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Final

from tracker.dates import absolute
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
    r"weeks?|days?)\s+(?P<direction>etter|før|after|before)\s+(?:the\s+)?"
    r"(?P<next>(?:neste|next)\s+)?(?:møtet?|meeting)\b",
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
    """A deadline found in prose: its sentence, the span it covers and when it falls.

    `about` is what is due in the letter's words; `next_meeting` when the offset counts from the
    next meeting rather than this one.
    """

    sentence: str
    pos: int
    end_pos: int
    due: dt.date | None
    offset_days: int | None
    about: str = ""
    next_meeting: bool = False


def find_deadlines(text: str, reference: dt.date | None) -> list[Found]:
    """Deadlines in a text, one per sentence at most, relative ones before absolute ones."""
    found: list[Found] = []
    for offset, sentence in sentences(text):
        hit = _relative_deadline(sentence) or _absolute_deadline(sentence, reference)
        if hit is not None:
            found.append(
                Found(
                    sentence.strip(),
                    offset + hit.pos,
                    offset + hit.end_pos,
                    hit.due,
                    hit.offset_days,
                    hit.about,
                    hit.next_meeting,
                )
            )
    return found


_TRAILING_CUE: Final = re.compile(
    r"(?:\s+(?:senest|seinast|innen|og|eller|i\s+god\s+tid|deadline|due|by))+\s*$", re.IGNORECASE
)
_STRIP: Final = " ,.:;-–—()"
# "Frist for påmelding til fagsamlingen ... er 20. juni": what the deadline is for, and the verb
# that joins it to the date.
_FRIST_FOR: Final = re.compile(r"^\s*for\s+(?P<about>.+?)\s+(?:er|blir|settes\s+til)\s*$", re.I)
_JOINING_VERBS: Final = frozenset({"er", "blir", "til"})


def _before(sentence: str, pos: int) -> str:
    return _TRAILING_CUE.sub("", sentence[:pos].rstrip(_STRIP)).strip(_STRIP)


def _relative_deadline(sentence: str) -> Found | None:
    match = _RELATIVE.search(sentence)
    if match is None:
        return None
    raw = match.group("n").casefold()
    count = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    unit = 1 if match.group("unit").casefold().startswith(("d", "dag")) else 7
    sign = 1 if match.group("direction").casefold() in {"etter", "after"} else -1
    about = _before(sentence, match.start()) or sentence[match.end() :].strip(_STRIP)
    return Found(
        sentence,
        match.start(),
        match.end(),
        None,
        sign * count * unit,
        about,
        next_meeting=match.group("next") is not None,
    )


def _absolute_deadline(sentence: str, reference: dt.date | None) -> Found | None:
    cues = list(_ABSOLUTE_CUE.finditer(sentence))
    for day in absolute.find_dates(sentence, reference, short_numeric=True):
        cue = next((c for c in reversed(cues) if c.end() <= day.pos), None)
        if cue is None or day.start is None:
            continue
        between = re.findall(r"[^\W\d_]+", sentence[cue.end() : day.pos].casefold())
        # Only a weekday may stand between the cue and the date: "innen fredag 14. februar";
        # after a "frist" noun the date may close the sentence: "Frist for X er 20. juni".
        is_frist = "frist" in cue.group(0).casefold()
        if all(word in absolute.WEEKDAYS or word == "den" for word in between) or (
            is_frist and between and between[-1] in _JOINING_VERBS
        ):
            about = _about_absolute(sentence, cue, day)
            return Found(sentence, cue.start(), day.end_pos, day.start, None, about)
    return None


def _about_absolute(sentence: str, cue: re.Match[str], day: absolute.DateMatch) -> str:
    """What a dated deadline is for: "Frist for X er ...", "Høringsfrist ...", "X innen ..."."""
    if for_what := _FRIST_FOR.match(sentence[cue.end() : day.pos]):
        return for_what.group("about").strip(_STRIP)
    word = cue.group(0).split()[0].rstrip(":").casefold()
    if "frist" in word and not word.startswith("frist"):
        prefix = word.split("frist")[0].removesuffix("s")  # "påmeldingsfrist" -> "påmelding"
        return prefix[:1].upper() + prefix[1:]
    return _before(sentence, cue.start()) or sentence[day.end_pos :].strip(_STRIP)


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
        about=found.about,
        next_meeting=found.next_meeting,
    )


_NEXT_MEETING: Final = re.compile(
    r"\b(?:neste|kommende|next)\s+(?:møte|meeting)(?:t)?\b\s*(?:er\s+|blir\s+|den\s+|is\s+|:\s*)?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class NextMeeting:
    """The next meeting's date (and time, if written) as a sentence plans it."""

    pos: int
    end_pos: int
    day: dt.date
    start: dt.time | None


def next_meeting(text: str, reference: dt.date | None) -> NextMeeting | None:
    """Read "rapporterer på neste møte 15. mai", "Neste møte: 15. mai kl. 10"."""
    for cue in _NEXT_MEETING.finditer(text):
        dates = absolute.find_dates(text[cue.end() : cue.end() + 60], reference)
        if not dates or dates[0].start is None:
            continue
        words = re.findall(r"[^\W\d_]+", text[cue.end() : cue.end() + dates[0].pos].casefold())
        if any(word not in absolute.WEEKDAYS for word in words):
            continue
        end = cue.end() + dates[0].end_pos
        clock = absolute.find_time_range(text[end : end + 25])
        if clock is not None and text[end : end + clock.pos].strip(" ,"):
            clock = None
        if clock is not None:
            end += clock.end_pos
        return NextMeeting(cue.start(), end, dates[0].start, clock.start if clock else None)
    return None


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
    dates = [d.start for d in absolute.find_dates(text[last.end() :], reference) if d.start]
    if outgoing is None or name is None or not dates:
        return None
    return ParsedContactChange(outgoing, dates[0], name, line)


def _from_date_change(
    text: str, reference: dt.date | None, line: int
) -> ParsedContactChange | None:
    for cue in _FROM_CUE.finditer(text):
        dates = absolute.find_dates(text[cue.end() : cue.end() + 40], reference)
        if not dates or dates[0].pos != 0 or dates[0].start is None:
            continue
        tail = _FROM_TAIL.match(text, cue.end() + dates[0].end_pos)
        last_day = absolute.shift_days(dates[0].start, -1)
        if tail is not None and last_day is not None:
            return ParsedContactChange(None, last_day, tail.group("incoming"), line)
    return None
