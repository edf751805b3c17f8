"""Read an invitation ("innkalling") of the Osloregionen genre into `ParsedInvitation` values.

Steps: normalise lines (strip markdown, keep line numbers; `lines`) -> split into sections
(letter, agenda, roster; `sections`) -> one small parser per section writing into a draft
(`letter`, `agenda`, `roster`) -> assemble and cross-check (`assemble`). A ledger accounts for
every non-blank line, so what no parser placed is reported, never dropped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from tracker.importer.agenda import AgendaParser
from tracker.importer.assemble import assemble
from tracker.importer.draft import Draft
from tracker.importer.fields import reference_date
from tracker.importer.letter import LetterParser
from tracker.importer.lines import SourceLine, normalise_lines
from tracker.importer.parsed import ParsedInvitation
from tracker.importer.roster import RosterParser
from tracker.importer.sections import AGENDA, LETTER, ROSTER, Section, split_sections

__all__ = [
    "EMPTY_TEXT",
    "NO_MEETING_OR_AGENDA",
    "NotAnInvitation",
    "Section",
    "SourceLine",
    "normalise_lines",
    "parse_invitation",
    "split_sections",
]

# `NotAnInvitation.reason_code`
EMPTY_TEXT: Final = "empty_text"
NO_MEETING_OR_AGENDA: Final = "no_meeting_or_agenda"

_SECTION_PARSERS: Final[
    dict[str, Callable[[Draft], LetterParser | AgendaParser | RosterParser]]
] = {
    LETTER: LetterParser,
    AGENDA: AgendaParser,
    ROSTER: RosterParser,
}


class NotAnInvitation(ValueError):
    """The text lacks what every invitation has: a meeting date or an agenda."""

    def __init__(self, reason_code: str, detail: str) -> None:
        super().__init__(detail)
        self.reason_code = reason_code


def parse_invitation(text: str, *, today: dt.date | None = None) -> ParsedInvitation:
    """Parse an invitation; `today` dates year-less dates when the letter has no date at all."""
    lines = normalise_lines(text)
    if not any(line.text for line in lines):
        raise NotAnInvitation(EMPTY_TEXT, "the text is empty")
    draft = Draft(today=today, reference=reference_date(lines, today))
    for section in split_sections(lines):
        _SECTION_PARSERS[section.kind](draft).run(section.lines)
    invitation = assemble(draft, lines)
    if invitation.meeting.date is None and not any(part.items for part in invitation.parts):
        raise NotAnInvitation(NO_MEETING_OR_AGENDA, "no meeting date and no agenda items found")
    return invitation
