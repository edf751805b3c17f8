"""Step 2: cut the lines into letter, agenda and roster sections, in source order.

The agenda starts at a "Sakskart" heading (or, with none, at an item numbered 1) and ends at the
letter's closing («Med hilsen»); a roster starts at its heading or header row and runs until the
next heading, where the previous kind resumes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from tracker.importer.fields import is_greeting, match_item
from tracker.importer.lines import SourceLine, first_word
from tracker.importer.roster import is_roster_heading, roster_header

LETTER: Final = "letter"
AGENDA: Final = "agenda"
ROSTER: Final = "roster"

_AGENDA_WORDS: Final = frozenset({"sakskart", "saksliste", "sakliste", "dagsorden", "agenda"})


@dataclass(frozen=True, slots=True)
class Section:
    """A run of lines read by one section parser."""

    kind: str
    lines: tuple[SourceLine, ...]


def split_sections(lines: Sequence[SourceLine]) -> list[Section]:
    """Cut the lines into letter, agenda and roster sections, in source order."""
    has_agenda_heading = any(is_agenda_heading(line) for line in lines)
    sections: list[Section] = []
    kind, resume = LETTER, LETTER
    current: list[SourceLine] = []
    for line in lines:
        new_kind = _next_kind(line, kind, resume, has_agenda_heading)
        if current and (new_kind != kind or is_roster_heading(line)):
            sections.append(Section(kind, tuple(current)))
            current = []
        if new_kind != ROSTER:
            resume = new_kind
        kind = new_kind
        current.append(line)
    if current:
        sections.append(Section(kind, tuple(current)))
    return sections


def _next_kind(line: SourceLine, kind: str, resume: str, has_agenda_heading: bool) -> str:
    if is_roster_heading(line) or (kind != ROSTER and roster_header(line) is not None):
        return ROSTER
    if is_agenda_heading(line):
        return AGENDA
    if kind == ROSTER:
        return resume if line.heading_like else ROSTER
    if kind == AGENDA and is_greeting(line):
        return LETTER  # the closing after the last item belongs to the letter
    if kind == LETTER and not has_agenda_heading and _starts_agenda(line):
        return AGENDA
    return kind


_PLAIN_HEADING_WORDS: Final = 8


def is_agenda_heading(line: SourceLine) -> bool:
    """A heading whose first word is "Sakskart" or a synonym; in plain text, a short line so."""
    if first_word(line.text) not in _AGENDA_WORDS:
        return False
    if line.heading_like:
        return True
    # Plain-text letters have no markup: "SAKSLISTE", "Dagsorden:" on a line of their own.
    short = len(line.text.split()) <= _PLAIN_HEADING_WORDS and not line.text.endswith(".")
    return line.prose and short


def _starts_agenda(line: SourceLine) -> bool:
    """Without an agenda heading, the agenda starts at an item numbered 1."""
    item = match_item(line.text)
    return item is not None and item[0] == 1 and (line.heading > 0 or line.indent == 0)
