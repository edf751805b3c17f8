"""Step 3b: the agenda ("Sakskart"): parts, numbered items with their bullets as sub-points, the
workgroups and their leads, and the deadlines, events and consultations the bullets state.

Each line goes to the first handler that takes it; bullets nest by indent under the open item.
What a line states beside the structure (deadlines, events, consultations) is read by the
parser's part in `agenda_facts`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import Final

from tracker.dates import absolute
from tracker.importer.agenda_facts import BulletFacts
from tracker.importer.draft import ConsultationDraft, Draft, ItemDraft, PartDraft
from tracker.importer.fields import label_of, match_item, tidy_title
from tracker.importer.lines import SourceLine, clean
from tracker.importer.names import group_candidate, lead_label, lead_name, lead_organisation
from tracker.importer.parsed import (
    DUPLICATE_FIELD,
    NO_AGENDA_ITEM,
    NOTE_ITEM_OUT_OF_SEQUENCE,
    NOTE_LABEL_READ_AS,
    ROSTER_ROW_MALFORMED,
    ParsedSubPoint,
    ParsedWorkgroup,
)
from tracker.importer.sections import is_agenda_heading

_WORKGROUP: Final = re.compile(
    r"^(?:arbeids)?gruppe\s+(?:(?P<number>[0-9]{1,2})|(?P<letter>[A-ZÆØÅ])(?![\w.]))"
    r"\s*[-–—:.)]\s*(?P<name>\S.*)$",
    re.IGNORECASE,
)
# "Arbeidsgruppe for ledningsnett", "Arbeidsgruppe Infrastruktur – leder: …": a group named only.
_NAMED_WORKGROUP: Final = re.compile(
    r"^arbeidsgruppe\s+(?:for\s+)?(?P<name>[^\W\d_].*)$", re.IGNORECASE
)
_NAMED_WORDS_MAX: Final = 6
_INLINE_LEAD: Final = re.compile(
    r"\s*(?:[(\[]\s*(?P<l1>[^\W\d_]+)\s*:\s*(?P<n1>[^)\]]+?)\s*[)\]]"
    r"|[,;–-]\s*(?P<l2>[^\W\d_]+)\s*:\s*(?P<n2>.+?))\s*$"
)
_LEAD_LINE: Final = re.compile(r"^(?P<label>[^\W\d_]+)\s*:\s*(?P<name>\S.*)$")


class AgendaParser(BulletFacts):
    """Reads "Sakskart" parts: numbered items with their bullets, and what the bullets say."""

    def __init__(self, draft: Draft) -> None:
        self.d = draft
        self.item: ItemDraft | None = None
        self.base = 0  # sub-point level of bullets: 1 under an unnumbered sub-heading
        self.indents: list[int] = []  # bullet indents seen under the current (sub-)heading
        self.in_workgroups = False  # the previous line belonged to the workgroups block
        self.was_in_workgroups = False
        self.consultation: ConsultationDraft | None = None  # open for continuation paragraphs
        self.following: SourceLine | None = None  # the next non-blank line
        self.table: dict[str, int] | None = None  # a workgroup table's columns while inside it
        # Tried in order; the first that takes the line wins.
        self.handlers: tuple[Callable[[SourceLine], bool], ...] = (
            self._part_heading,
            self._part_time,
            self._workgroup_table,
            self._workgroup,
            self._lead,
            self._workgroup_intro,
            self._mandate,
            self._item,
            self._orphan,
            self._sub_heading,
            self._sub_point,
        )

    def run(self, lines: Sequence[SourceLine]) -> None:
        """Read the section line by line (with a look at the next line for the workgroups)."""
        followers = _next_non_blank(lines)
        for line, following in zip(lines, followers, strict=True):
            if not line.text:
                if line.raw.strip():
                    self.d.ledger.place(line)
                continue
            self.following = following
            self.was_in_workgroups, self.in_workgroups = self.in_workgroups, False
            any(handler(line) for handler in self.handlers)

    @property
    def part(self) -> PartDraft | None:
        """The part being read."""
        return self.d.parts[-1] if self.d.parts else None

    def _part_heading(self, line: SourceLine) -> bool:
        if not is_agenda_heading(line):
            return False
        dates = [d for d in absolute.find_dates(line.text, self.d.reference) if d.start]
        title = line.text.rstrip(":").strip()
        self.d.parts.append(PartDraft(title, line.number, dates[0].start if dates else None))
        if (name := group_candidate(line.text, self.d.reference)) is not None:
            self.d.group_candidates.append((line.number, name))
        self.item, self.consultation = None, None
        self.d.ledger.place(line)
        return True

    def _part_time(self, line: SourceLine) -> bool:
        part = self.part
        label = label_of(line)
        value = label[2] if label is not None and label[0] == "when" else line.text
        times = absolute.parse_time_range(value)
        if part is None or part.items or times is None:
            return False
        if part.start is not None:
            self.d.ledger.refuse(line, DUPLICATE_FIELD)
            return True
        part.start, part.end = times
        self.d.ledger.place(line)
        return True

    def _workgroup(self, line: SourceLine) -> bool:
        found = self._read_workgroup(line)
        if found is None:
            return False
        number, letter, name, lead, organisation = found
        self.d.workgroups.append(
            ParsedWorkgroup(
                number,
                tidy_title(name),
                lead,
                line.number,
                letter=letter,
                lead_organisation=organisation,
            )
        )
        self.in_workgroups = True
        self.d.ledger.place(line)
        return True

    def _read_workgroup(
        self, line: SourceLine
    ) -> tuple[int, str | None, str, str | None, str | None] | None:
        """(number, letter, name, lead, lead's organisation) of a workgroup line, else None."""
        text, letter = line.text, None
        if match := _WORKGROUP.match(text):
            name = match.group("name")
            if match.group("letter"):
                letter = match.group("letter").upper()
                number = ord(letter) - ord("A") + 1
            else:
                number = int(match.group("number"))
        elif match := _NAMED_WORKGROUP.match(text):
            name, number = match.group("name"), len(self.d.workgroups) + 1
        else:
            return None
        lead = organisation = None
        if inline := _INLINE_LEAD.search(name):
            label = inline.group("l1") or inline.group("l2")
            if self._lead_label(line, label) is not None:
                written = inline.group("n1") or inline.group("n2")
                lead, organisation = lead_name(written), lead_organisation(written)
                name = name[: inline.start()]
        if letter is None and not match.groupdict().get("number"):
            # Named only: a short name, and a lead inline or on the next line, or it is prose.
            short = len(name.split()) <= _NAMED_WORDS_MAX and not re.search(r"[.:;]\s*$", name)
            if not short or (lead is None and not self._lead_follows()):
                return None
            name = name.strip()
            name = name[:1].upper() + name[1:]
        return number, letter, name, lead, organisation

    def _lead_follows(self) -> bool:
        following = self.following
        match = _LEAD_LINE.match(following.text) if following is not None else None
        return match is not None and lead_label(match.group("label")) is not None

    def _workgroup_table(self, line: SourceLine) -> bool:
        """A markdown table of workgroups: | Nr | Arbeidsgruppe | Leder | Organisasjon |."""
        if not line.raw.strip().startswith("|"):
            self.table = None
            return False
        cells = [clean(cell) for cell in line.raw.strip().strip("|").split("|")]
        if self.table is None:
            self.table = _workgroup_columns(cells)
            if self.table is None:
                return False
            self.in_workgroups = True
            self.d.ledger.place(line)
            return True
        self.in_workgroups = True
        if all(re.fullmatch(r":?-{2,}:?", cell) for cell in cells):
            self.d.ledger.place(line)
            return True
        row = self._table_workgroup(line, cells, self.table)
        if row is None:
            self.d.ledger.refuse(line, ROSTER_ROW_MALFORMED)
        else:
            self.d.workgroups.append(row)
            self.d.ledger.place(line)
        return True

    def _table_workgroup(
        self, line: SourceLine, cells: Sequence[str], columns: dict[str, int]
    ) -> ParsedWorkgroup | None:
        if len(cells) != columns["width"] or not cells[columns["name"]]:
            return None
        name = cells[columns["name"]]
        number, letter = len(self.d.workgroups) + 1, None
        label = cells[columns["number"]] if "number" in columns else ""
        if numbered := re.match(r"^(?:([0-9]{1,2})|([A-ZÆØÅ]))\s*[.)–—:-]\s*(\S.*)$", name):
            label, name = numbered.group(1) or numbered.group(2), numbered.group(3)
        if label.isdigit():
            number = int(label)
        elif len(label) == 1 and label.isalpha():
            letter = label.upper()
            number = ord(letter) - ord("A") + 1
        lead = cells[columns["lead"]] if "lead" in columns else ""
        organisation = cells[columns["organisation"]] if "organisation" in columns else ""
        return ParsedWorkgroup(
            number,
            tidy_title(name),
            lead_name(lead) or None,
            line.number,
            letter=letter,
            lead_organisation=organisation or lead_organisation(lead),
        )

    def _lead(self, line: SourceLine) -> bool:
        match = _LEAD_LINE.match(line.text)
        if not self.was_in_workgroups or match is None or self.d.workgroups[-1].lead_name:
            return False
        if self._lead_label(line, match.group("label")) is None:
            return False
        last, written = self.d.workgroups[-1], match.group("name")
        self.d.workgroups[-1] = dataclasses.replace(
            last,
            lead_name=lead_name(written),
            lead_organisation=last.lead_organisation or lead_organisation(written),
        )
        self.in_workgroups = True
        self.d.ledger.place(line)
        return True

    def _lead_label(self, line: SourceLine, label: str) -> str | None:
        known = lead_label(label)
        if known is not None and known != label.casefold():
            detail = f"read {label!r} as {known!r}"
            self.d.note(line.number, NOTE_LABEL_READ_AS, detail, written=label, read_as=known)
        return known

    def _mandate(self, line: SourceLine) -> bool:
        if not self.was_in_workgroups or not line.prose or match_item(line.text):
            return False
        self.d.workgroup_mandate = line.text
        self.d.ledger.place(line)
        self._inspect(line, line.text)
        return True

    def _item(self, line: SourceLine) -> bool:
        found = match_item(line.text)
        if found is None or not self._is_new_item(line, found[0]):
            return False
        number, label, title = found
        part = self.part
        if part is None or (number == 1 and part.items):
            # An agenda without a "Sakskart" heading, or numbering that starts again.
            part = PartDraft("", line.number)
            self.d.parts.append(part)
        if part.items and number != part.items[-1].number + 1:
            previous = part.items[-1].label
            detail = f"item {label} follows item {previous}"
            self.d.note(
                line.number, NOTE_ITEM_OUT_OF_SEQUENCE, detail, item=label, previous=previous
            )
        self.item = ItemDraft(number, label, title, line.number, line.indent, line.heading > 0)
        part.items.append(self.item)
        self.base, self.indents, self.consultation = 0, [], None
        self.d.ledger.place(line)
        self._inspect(line, title)
        return True

    def _is_new_item(self, line: SourceLine, number: int) -> bool:
        current = self.item
        if line.heading or current is None:
            return True
        if current.is_heading:
            # Numbered bullets under a heading item are its sub-points, unless they continue.
            return line.indent == 0 and number == current.number + 1
        return line.indent <= current.indent

    def _orphan(self, line: SourceLine) -> bool:
        if self.item is not None:
            return False
        self.d.ledger.refuse(line, NO_AGENDA_ITEM)
        return True

    def _workgroup_intro(self, line: SourceLine) -> bool:
        following = self.following
        if not line.prose or following is None or match_item(line.text):
            return False
        if not _WORKGROUP.match(following.text) and not _NAMED_WORKGROUP.match(following.text):
            return False
        self.d.workgroup_intro = line.text
        self.d.ledger.place(line)
        return True

    def _sub_heading(self, line: SourceLine) -> bool:
        if not line.heading:
            return False
        self._add_sub_point(line, 0)
        self.base, self.indents, self.consultation = 1, [], None
        self._inspect(line, line.text)
        return True

    def _sub_point(self, line: SourceLine) -> bool:
        level = self._bullet_level(line) if line.bullet else self.base
        self._add_sub_point(line, level)
        # A paragraph right after a consultation bullet continues it (the seed's line 119).
        consultation = self.consultation if line.prose else None
        if consultation is not None:
            consultation.texts.append(line.text)
            self._deadlines(line, line.text, consultation)
        elif not self._consultation(line):
            self.consultation = None
            self._inspect(line, line.text)
        return True

    def _bullet_level(self, line: SourceLine) -> int:
        while self.indents and self.indents[-1] > line.indent:
            self.indents.pop()
        if not self.indents or self.indents[-1] < line.indent:
            self.indents.append(line.indent)
        return self.base + len(self.indents) - 1

    def _add_sub_point(self, line: SourceLine, level: int) -> None:
        assert self.item is not None
        self.item.sub_points.append(ParsedSubPoint(line.text, level, line.number))
        self.d.ledger.keep(line)


_TABLE_COLUMNS: Final[dict[str, frozenset[str]]] = {
    "number": frozenset({"nr", "nr.", "nummer", "gruppe"}),
    "name": frozenset({"arbeidsgruppe", "arbeidsgrupper", "tema", "navn på gruppen"}),
    "lead": frozenset({"leder", "ansvarlig", "koordinator", "gruppeleder", "leiar"}),
    "organisation": frozenset({"organisasjon", "kommune", "virksomhet", "org"}),
}


def _workgroup_columns(cells: Sequence[str]) -> dict[str, int] | None:
    """Which cell holds what in a workgroup table's header; None unless a name and a lead."""
    columns: dict[str, int] = {"width": len(cells)}
    for index, cell in enumerate(cells):
        folded = " ".join(cell.casefold().split())
        for kind, words in _TABLE_COLUMNS.items():
            if folded in words and kind not in columns:
                columns[kind] = index
    return columns if {"name", "lead"} <= columns.keys() else None


def _next_non_blank(lines: Sequence[SourceLine]) -> list[SourceLine | None]:
    """For each line, the next line with text (None at the end)."""
    followers: list[SourceLine | None] = []
    following: SourceLine | None = None
    for line in reversed(lines):
        followers.append(following)
        if line.text:
            following = line
    return followers[::-1]
