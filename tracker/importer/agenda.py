"""Step 3b: the agenda ("Sakskart"): parts, numbered items with their bullets as sub-points, the
workgroups and their leads, and the deadlines, events and consultations the bullets state.

Each line goes to the first handler that takes it; bullets nest by indent under the open item.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import Final

from tracker.importer import nbdates
from tracker.importer.draft import ConsultationDraft, Draft, ItemDraft, PartDraft
from tracker.importer.fields import label_of, match_item, tidy_title
from tracker.importer.lines import SourceLine
from tracker.importer.names import group_candidate, lead_label, lead_name
from tracker.importer.parsed import (
    DUPLICATE_FIELD,
    NO_AGENDA_ITEM,
    NOTE_ITEM_OUT_OF_SEQUENCE,
    NOTE_LABEL_READ_AS,
    ParsedEvent,
    ParsedSubPoint,
    ParsedWorkgroup,
)
from tracker.importer.prose import contact_change, deadline_draft, find_deadlines, sentences
from tracker.importer.sections import is_agenda_heading

_WORKGROUP: Final = re.compile(
    r"^(?:arbeids)?gruppe\s+(?P<number>[0-9]{1,2})\s*[-–—:.)]\s*(?P<name>\S.*)$",
    re.IGNORECASE,
)
_INLINE_LEAD: Final = re.compile(
    r"\s*(?:[(\[]\s*(?P<l1>[^\W\d_]+)\s*:\s*(?P<n1>[^)\]]+?)\s*[)\]]"
    r"|[,;–-]\s*(?P<l2>[^\W\d_]+)\s*:\s*(?P<n2>.+?))\s*$"
)
_LEAD_LINE: Final = re.compile(r"^(?P<label>[^\W\d_]+)\s*:\s*(?P<name>\S.*)$")
_CONSULTATION: Final = re.compile(r"^høring(?:en)?\b", re.IGNORECASE)
_GENERIC_LINK: Final = re.compile(r"^(?:lenke|link|les mer|her|mer info|påmelding)\b", re.I)
_PREVIOUS_MEETING: Final = re.compile(
    r"\breferat\w*\s+(?:fra|frå)\s+(?:forrige\s+)?møte\w*\s+(?:den\s+)?", re.IGNORECASE
)


class AgendaParser:
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
        # Tried in order; the first that takes the line wins.
        self.handlers: tuple[Callable[[SourceLine], bool], ...] = (
            self._part_heading,
            self._part_time,
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
        dates = [d for d in nbdates.find_dates(line.text, self.d.reference) if d.start]
        self.d.parts.append(PartDraft(line.text, line.number, dates[0].start if dates else None))
        if (name := group_candidate(line.text, self.d.reference)) is not None:
            self.d.group_candidates.append((line.number, name))
        self.item, self.consultation = None, None
        self.d.ledger.place(line)
        return True

    def _part_time(self, line: SourceLine) -> bool:
        part = self.part
        label = label_of(line)
        value = label[2] if label is not None and label[0] == "when" else line.text
        times = nbdates.parse_time_range(value)
        if part is None or part.items or times is None:
            return False
        if part.start is not None:
            self.d.ledger.refuse(line, DUPLICATE_FIELD)
            return True
        part.start, part.end = times
        self.d.ledger.place(line)
        return True

    def _workgroup(self, line: SourceLine) -> bool:
        match = _WORKGROUP.match(line.text)
        if match is None:
            return False
        name, lead = match.group("name"), None
        if inline := _INLINE_LEAD.search(name):
            label = inline.group("l1") or inline.group("l2")
            if self._lead_label(line, label) is not None:
                lead = lead_name(inline.group("n1") or inline.group("n2"))
                name = name[: inline.start()]
        number = int(match.group("number"))
        self.d.workgroups.append(ParsedWorkgroup(number, tidy_title(name), lead, line.number))
        self.in_workgroups = True
        self.d.ledger.place(line)
        return True

    def _lead(self, line: SourceLine) -> bool:
        match = _LEAD_LINE.match(line.text)
        if not self.was_in_workgroups or match is None or self.d.workgroups[-1].lead_name:
            return False
        if self._lead_label(line, match.group("label")) is None:
            return False
        last = self.d.workgroups[-1]
        self.d.workgroups[-1] = dataclasses.replace(last, lead_name=lead_name(match.group("name")))
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
        self._deadlines(line, line.text)
        self.d.ledger.place(line)
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
        self._deadlines(line, title)
        self._previous_meeting(title)
        self.d.ledger.place(line)
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
        if not line.prose or following is None or not _WORKGROUP.match(following.text):
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
        self.d.ledger.place(line)

    def _consultation(self, line: SourceLine) -> bool:
        lead = line.lead if line.lead and line.lead != line.text else ""
        if not _CONSULTATION.match(lead or line.text):
            return False
        title = lead or sentences(line.text)[0][1]
        rest = line.text[len(title) :].strip()
        draft = ConsultationDraft(tidy_title(title), [rest] if rest else [], None, line.number)
        self.d.consultations.append(draft)
        self.consultation = draft
        self._deadlines(line, line.text, draft)
        return True

    def _inspect(self, line: SourceLine, text: str) -> None:
        """Deadlines, a contact change, the previous meeting, or else an event."""
        spans = self._deadlines(line, text)
        if change := contact_change(text, self.d.reference, line.number):
            self.d.contact_changes.append(change)
        elif not self._previous_meeting(text):
            self._event(line, text, spans)

    def _deadlines(
        self, line: SourceLine, text: str, consultation: ConsultationDraft | None = None
    ) -> list[tuple[int, int]]:
        index = len(self.d.parts) - 1 if self.d.parts else None
        label = self.item.label if self.item else None
        found = find_deadlines(text, self.d.reference)
        for hit in found:
            self.d.deadlines.append(deadline_draft(hit, line.number, label, index))
            if consultation is not None and consultation.deadline is None and hit.due:
                consultation.deadline = hit.due
        return [(hit.pos, hit.end_pos) for hit in found]

    def _previous_meeting(self, text: str) -> bool:
        match = _PREVIOUS_MEETING.search(text)
        if match is None:
            return False
        anchor = self.d.meeting_date or self.d.reference
        dates = nbdates.find_dates(text[match.end() :], anchor, before=True)
        if dates and dates[0].start is not None and self.d.previous_meeting_date is None:
            self.d.previous_meeting_date = dates[0].start
        return True

    def _event(self, line: SourceLine, text: str, skip: list[tuple[int, int]]) -> None:
        for day in nbdates.find_dates(text, self.d.reference):
            if day.start is None or any(a <= day.pos < b for a, b in skip):
                continue
            title = _event_title(line, text, day)
            if title:
                self.d.events.append(ParsedEvent(title, day.start, day.end, line.number))
            return


def _next_non_blank(lines: Sequence[SourceLine]) -> list[SourceLine | None]:
    """For each line, the next line with text (None at the end)."""
    followers: list[SourceLine | None] = []
    following: SourceLine | None = None
    for line in reversed(lines):
        followers.append(following)
        if line.text:
            following = line
    return followers[::-1]


def _event_title(line: SourceLine, text: str, day: nbdates.DateMatch) -> str:
    """The linked name if there is one, else the words before the date (or after it)."""
    for label, _ in line.links:
        if label and not _GENERIC_LINK.match(label):
            return label
    before = text[: day.pos].strip(" ,:;-–—(")
    words = before.split()
    while words and (words[-1].casefold() in nbdates.WEEKDAYS or words[-1].casefold() == "den"):
        words.pop()
    title = " ".join(words).strip(" ,:;-–—(")
    return title or text[day.end_pos :].strip(" ,:;-–—).")
