"""The roster of invited people: a header row naming the columns, then one person per row.

Rows are tab-, semicolon-, pipe- (markdown table) or wide-space-separated; a header needs a name
column and one more known column, and a row with the wrong number of cells is refused.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from tracker.importer.draft import Draft
from tracker.importer.fields import phone
from tracker.importer.lines import SourceLine, clean, first_word
from tracker.importer.parsed import NOTE_ROSTER_NAME_SPLIT, ROSTER_ROW_MALFORMED, ParsedPerson
from tracker.text import normalise_email

_ROSTER_WORDS: Final = frozenset(
    {"inviterte", "deltakere", "deltakerliste", "deltakarar", "invited", "participants"}
)
_COLUMN_SYNONYMS: Final[dict[str, frozenset[str]]] = {
    "first_name": frozenset({"fornavn", "first name", "firstname", "given name"}),
    "last_name": frozenset({"etternavn", "last name", "lastname", "surname", "family name"}),
    "full_name": frozenset({"navn", "name", "fullt navn", "full name", "deltaker", "participant"}),
    "organisation": frozenset(
        {
            "organisasjon",
            "org",
            "virksomhet",
            "organisation",
            "organization",
            "arbeidsgiver",
            "kommune/organisasjon",
            "kommune",
            "employer",
        }
    ),
    "email": frozenset({"e-post", "epost", "e post", "e-mail", "email", "mail"}),
    "phone": frozenset({"telefon", "tlf", "mobil", "phone", "mobile", "tel"}),
}


def is_roster_heading(line: SourceLine) -> bool:
    """A line "Inviterte:", or a heading whose first word is such a word ("Deltakere i ...")."""
    exact = line.text.rstrip(":").strip().casefold() in _ROSTER_WORDS
    return exact or (line.heading_like and first_word(line.text) in _ROSTER_WORDS)


def _cells(raw: str, separator: str) -> list[str]:
    # A tab row keeps its empty last cell: a Word or PDF table row with no e-mail ends in a tab.
    text = raw.strip(" \r\n") if separator == "\t" else raw.strip()
    if separator == "|":
        text = text.removeprefix("|").removesuffix("|")
    if separator == "  ":
        return [clean(cell) for cell in re.split(r"\s{2,}", text)]
    return [clean(cell) for cell in text.split(separator)]


def _separator(raw: str) -> str | None:
    stripped = raw.strip()
    if stripped.startswith("|"):
        return "|"
    for separator in ("\t", ";"):
        if separator in stripped:
            return separator
    return "  " if re.search(r"\S\s{2,}\S", stripped) else None


def _column(header: str) -> str | None:
    folded = " ".join(header.casefold().replace("_", " ").split()).strip(".:")
    return next((name for name, words in _COLUMN_SYNONYMS.items() if folded in words), None)


@dataclass(frozen=True, slots=True)
class RosterHeader:
    """How the rows are separated and which column holds what (None: a column we ignore)."""

    separator: str
    columns: tuple[str | None, ...]


def roster_header(line: SourceLine) -> RosterHeader | None:
    """The column layout if the line is a roster header row ("Fornavn<TAB>Etternavn<TAB>...")."""
    separator = _separator(line.raw)
    if separator is None:
        return None
    columns = tuple(_column(cell) for cell in _cells(line.raw, separator))
    named = "full_name" in columns or {"first_name", "last_name"} <= set(columns)
    known = sum(column is not None for column in columns)
    # Two known columns at least, so that a lone "Navn" line in prose is no header.
    return RosterHeader(separator, columns) if named and known >= 2 else None


class RosterParser:
    """Reads a roster: a header row, then one person per row; blank lines are allowed."""

    def __init__(self, draft: Draft) -> None:
        self.d = draft
        self.header: RosterHeader | None = None

    def run(self, lines: Sequence[SourceLine]) -> None:
        """Read the section line by line."""
        for line in lines:
            if line.raw.strip():
                self._feed(line)

    def _feed(self, line: SourceLine) -> None:
        if is_roster_heading(line) or (not line.text and not line.raw.strip().startswith("|")):
            self.d.ledger.place(line)
        elif self.header is None:
            self._read_header(line)
        elif re.fullmatch(r"\|?(?:\s*:?-{2,}:?\s*\|?)+", line.raw.strip()):
            self.d.ledger.place(line)  # the |---|---| row under a markdown table header
        else:
            self._read_row(line)

    def _read_header(self, line: SourceLine) -> None:
        self.header = roster_header(line)
        if self.header is None:
            return  # unplaced: prose above the table
        self.d.ledger.place(line)
        if "full_name" in self.header.columns:
            detail = "full names split into first and last name at the last space"
            self.d.note(line.number, NOTE_ROSTER_NAME_SPLIT, detail)

    def _read_row(self, line: SourceLine) -> None:
        assert self.header is not None
        cells = _cells(line.raw, self.header.separator)
        while len(cells) > len(self.header.columns) and not cells[-1]:
            cells.pop()
        person = _person(self.header.columns, cells, line.number)
        if person is None:
            self.d.ledger.refuse(line, ROSTER_ROW_MALFORMED)
            return
        self.d.roster.append(person)
        self.d.ledger.place(line)


def _person(columns: Sequence[str | None], cells: Sequence[str], line: int) -> ParsedPerson | None:
    if len(cells) != len(columns):
        return None
    values = {column: cell for column, cell in zip(columns, cells, strict=True) if column}
    first, last = values.get("first_name", ""), values.get("last_name", "")
    if "full_name" in values and not (first or last):
        first, _, last = values["full_name"].rpartition(" ")
        if not first:
            first, last = last, ""
    if not first and not last:
        return None
    email = normalise_email(values.get("email", "").removeprefix("mailto:")) or None
    number = phone(values.get("phone", "")) or values.get("phone") or None
    return ParsedPerson(first, last, values.get("organisation") or None, email, number, line)
