"""What agenda lines state beside their structure: deadlines, events, consultations, meetings."""

from __future__ import annotations

import re
from typing import Final

from tracker.dates import absolute
from tracker.importer.draft import ConsultationDraft, Draft, ItemDraft
from tracker.importer.fields import tidy_title
from tracker.importer.lines import SourceLine
from tracker.importer.parsed import (
    ParsedEvent,
)
from tracker.importer.prose import (
    contact_change,
    deadline_draft,
    find_deadlines,
    next_meeting,
    sentences,
)

_CONSULTATION: Final = re.compile(r"^høring(?:en)?\b", re.IGNORECASE)
_GENERIC_LINK: Final = re.compile(r"^(?:lenke|link|les mer|her|mer info|påmelding)\b", re.I)
_PREVIOUS_MEETING: Final = re.compile(
    r"\breferat\w*\s+(?:fra|frå)\s+(?:forrige\s+)?møte\w*\s+(?:den\s+)?", re.IGNORECASE
)


class BulletFacts:
    """The agenda parser's part that reads the facts a line states; the parser keeps the state."""

    d: Draft
    item: ItemDraft | None
    consultation: ConsultationDraft | None

    def _consultation(self, line: SourceLine) -> bool:
        lead = line.lead if line.lead and line.lead != line.text else ""
        if not _CONSULTATION.match(lead or line.text):
            return False
        title = lead or sentences(line.text)[0][1]
        rest = line.text[len(title) :].strip()
        draft = ConsultationDraft(tidy_title(title), [rest] if rest else [], None, line.number)
        self.d.consultations.append(draft)
        self.consultation = draft
        self.d.ledger.place(line)
        self._deadlines(line, line.text, draft)
        return True

    def _inspect(self, line: SourceLine, text: str) -> None:
        """Deadlines, the next meeting, a contact change, the previous meeting, or an event."""
        spans = self._deadlines(line, text)
        if (planned := next_meeting(text, self.d.reference)) is not None:
            spans.append((planned.pos, planned.end_pos))
            if self.d.next_meeting_date is None:
                self.d.next_meeting_date, self.d.next_meeting_start = planned.day, planned.start
                self.d.next_meeting_line = line.number
            self.d.ledger.place(line)
        if change := contact_change(text, self.d.reference, line.number):
            self.d.contact_changes.append(change)
            self.d.ledger.place(line)
        elif self._previous_meeting(text):
            self.d.ledger.place(line)
        else:
            self._event(line, text, spans)

    def _deadlines(
        self, line: SourceLine, text: str, consultation: ConsultationDraft | None = None
    ) -> list[tuple[int, int]]:
        index = len(self.d.parts) - 1 if self.d.parts else None
        label = self.item.label if self.item else None
        found = find_deadlines(text, self.d.reference)
        for hit in found:
            self.d.deadlines.append(deadline_draft(hit, line.number, label, index))
            self.d.ledger.place(line)
            if consultation is not None and consultation.deadline is None and hit.due:
                consultation.deadline = hit.due
        return [(hit.pos, hit.end_pos) for hit in found]

    def _previous_meeting(self, text: str) -> bool:
        match = _PREVIOUS_MEETING.search(text)
        if match is None:
            return False
        anchor = self.d.meeting_date or self.d.reference
        dates = absolute.find_dates(text[match.end() :], anchor, before=True)
        if dates and dates[0].start is not None and self.d.previous_meeting_date is None:
            self.d.previous_meeting_date = dates[0].start
        return True

    def _event(self, line: SourceLine, text: str, skip: list[tuple[int, int]]) -> None:
        for day in absolute.find_dates(text, self.d.reference):
            if day.start is None or any(a <= day.pos < b for a, b in skip):
                continue
            title = _event_title(line, text, day)
            if title:
                # "Webinar om X 9. april kl 13:00–14:30": the time right after the date.
                clock = absolute.find_time_range(text[day.end_pos : day.end_pos + 30])
                if clock is not None and text[day.end_pos : day.end_pos + clock.pos].strip(" ,"):
                    clock = None
                self.d.events.append(
                    ParsedEvent(
                        title,
                        day.start,
                        day.end,
                        line.number,
                        start_time=clock.start if clock else None,
                        end_time=clock.end if clock else None,
                    )
                )
                self.d.ledger.place(line)
            return


def _event_title(line: SourceLine, text: str, day: absolute.DateMatch) -> str:
    """The linked name if there is one, else the words before the date (or after it)."""
    for label, _ in line.links:
        if label and not _GENERIC_LINK.match(label):
            return label
    before = text[: day.pos].strip(" ,:;-–—(")
    words = before.split()
    while words and (words[-1].casefold() in absolute.WEEKDAYS or words[-1].casefold() == "den"):
        words.pop()
    title = " ".join(words).strip(" ,:;-–—(")
    return title or text[day.end_pos :].strip(" ,:;-–—).")
