"""Step 3a: the letter around the agenda: head fields, addressee, meeting time and place,
prose, and the signature after the greeting.

Each line goes to the first handler that takes it; a field written twice is refused, not merged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Final

from tracker.dates import absolute
from tracker.importer.draft import ContactDraft, Draft
from tracker.importer.fields import (
    PHONE,
    SAK_ITEM,
    dateline,
    first_date,
    is_greeting,
    label_of,
    phone,
    real_url,
    tidy_title,
)
from tracker.importer.lines import SourceLine
from tracker.importer.names import group_candidate
from tracker.importer.parsed import DUPLICATE_FIELD, SIGNATURE_LINE_EXTRA, UNRECOGNISED_LINE
from tracker.importer.prose import contact_change, deadline_draft, find_deadlines, next_meeting
from tracker.text import normalise_email

_SECRETARIAT: Final = re.compile(
    r"sekretariat(?:et)?\s+(?:for|i|til)\s+(?P<org>.+?)\.?$|^(?P<gen>.+?)s\s+sekretariat",
    re.IGNORECASE,
)
_EMAIL: Final = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_GENITIVE_ORG: Final = re.compile(
    r"(?P<org>(?:[A-ZÆØÅ][\w-]*\s+)*[A-ZÆØÅ][\w-]*?)s\s+faggrupp"
)  # "Osloregionens"


class LetterParser:
    """Reads the letter around the agenda: head fields, addressee, prose and signature."""

    def __init__(self, draft: Draft) -> None:
        self.d = draft
        self.block: str | None = None  # "contact" or "signature" while inside one
        self.sak: tuple[str, str] | None = None  # the "Sak 3. Title" a paragraph is about
        self.fields: dict[str, Callable[[SourceLine, str], bool]] = {
            "letter_date": self._field_letter_date,
            "your_reference": self._field_your_reference,
            "our_reference": self._field_our_reference,
            "archive_code": self._field_archive_code,
            "contact": self._field_contact,
            "when": self._field_when,
            "place": self._field_place,
            "subject": self._field_subject,
        }
        # Tried in order; the first that takes the line wins.
        self.handlers: tuple[Callable[[SourceLine], bool], ...] = (
            self._in_block,
            self._labelled,
            self._dateline,
            self._addressee,
            self._greeting,
            self._link_bullet,
            self._heading,
            self._prose,
        )

    def run(self, lines: Sequence[SourceLine]) -> None:
        """Read the section line by line."""
        for line in lines:
            if not line.text:
                self._blank(line)
                continue
            any(handler(line) for handler in self.handlers)

    def _blank(self, line: SourceLine) -> None:
        if line.raw.strip():
            self.d.ledger.place(line)  # pure formatting ("---", "**")
        if self.block == "contact" or (self.block == "signature" and self.d.signature_name):
            self.block = None

    def _in_block(self, line: SourceLine) -> bool:
        if self.block == "contact":
            return self._contact_line(line)
        if self.block == "signature":
            return self._signature_line(line)
        return False

    def _labelled(self, line: SourceLine) -> bool:
        found = label_of(line)
        if found is None:
            return False
        kind, _, value = found
        if kind == "" and value:
            return False
        handler = self.fields.get(kind)
        if handler is None:
            self.d.ledger.place(line)  # an empty label such as "Kopi til:"
            return True
        return handler(line, value)

    def _field_letter_date(self, line: SourceLine, value: str) -> bool:
        if not value:
            self.d.ledger.place(line)
            return True
        found = first_date(value, self.d.today)
        if self.d.letter_date is not None:
            self.d.ledger.refuse(line, DUPLICATE_FIELD)
        elif found is None or found.start is None:
            self.d.ledger.refuse(
                line, found.problem if found and found.problem else UNRECOGNISED_LINE
            )
        else:
            self.d.letter_date = found.start
            self.d.ledger.place(line)
        return True

    def _field_your_reference(self, line: SourceLine, value: str) -> bool:
        self.d.your_reference = value or None
        self.d.ledger.place(line)
        return True

    def _field_our_reference(self, line: SourceLine, value: str) -> bool:
        self.d.our_reference = value or None
        self.d.ledger.place(line)
        return True

    def _field_archive_code(self, line: SourceLine, value: str) -> bool:
        self.d.archive_code = value or None
        self.d.ledger.place(line)
        return True

    def _field_contact(self, line: SourceLine, value: str) -> bool:
        self.d.contact = ContactDraft(line.number)
        self.d.ledger.place(line)
        if value:
            self._contact_fields(value)
        else:
            self.block = "contact"
        return True

    def _field_when(self, line: SourceLine, value: str) -> bool:
        day, time = first_date(value, self.d.reference), absolute.find_time_range(value)
        if self.d.meeting_line is not None:
            self.d.ledger.refuse(line, DUPLICATE_FIELD)
        elif day is not None and day.start is None:
            self.d.ledger.refuse(line, day.problem or UNRECOGNISED_LINE)
        elif day is None and time is None:
            self.d.ledger.refuse(line, UNRECOGNISED_LINE)
        else:
            self.d.meeting_line = line.number
            self.d.meeting_date = day.start if day else None
            self.d.meeting_start, self.d.meeting_end = (
                (time.start, time.end) if time else (None, None)
            )
            self.d.ledger.place(line)
        return True

    def _field_place(self, line: SourceLine, value: str) -> bool:
        if self.d.place is not None:
            self.d.ledger.refuse(line, DUPLICATE_FIELD)
            return True
        self.d.place = value or None
        self.d.links.extend((line.number, url) for _, url in line.links if real_url(url))
        self.d.ledger.place(line)
        return True

    def _field_subject(self, line: SourceLine, value: str) -> bool:
        # An e-mail's subject names the group ("Emne: Innkalling til møte i X regionråd").
        if (name := group_candidate(value, self.d.reference)) is not None:
            self.d.group_candidates.append((line.number, name))
        self.d.description.append((line.number, line.text))
        self.d.ledger.place(line)
        return True

    def _dateline(self, line: SourceLine) -> bool:
        # Only in the letter head: "Sandvika, 3. februar 2025" before the meeting's own lines.
        if self.d.letter_date is not None or self.d.meeting_line is not None:
            return False
        found = dateline(line)
        if found is None:
            return False
        self.d.letter_date = found
        self.d.ledger.place(line)
        return True

    def _addressee(self, line: SourceLine) -> bool:
        if not line.prose or not re.match(r"^til\s", line.text, re.IGNORECASE):
            return False
        if not re.search(
            r"faggrupp|arbeidsgrupp|styringsgrupp|prosjektgrupp|nettverk|regionråd|medlem|deltaker",
            line.text,
            re.IGNORECASE,
        ):
            return False
        if (name := group_candidate(line.text, self.d.reference)) is not None:
            self.d.group_candidates.append((line.number, name))
        if match := _GENITIVE_ORG.search(line.text[3:]):
            self.d.organisation_name = match.group("org")
        self.d.ledger.place(line)
        return True

    def _greeting(self, line: SourceLine) -> bool:
        if not is_greeting(line):
            return False
        self.block, self.sak = "signature", None
        self.d.ledger.place(line)
        return True

    def _signature_line(self, line: SourceLine) -> bool:
        """The block under «Med hilsen»: name, then title, organisation, phone and e-mail."""
        signature = self.d.signature
        if signature is None:
            signature = self.d.signature = ContactDraft(line.number)
        text = line.text
        match = _SECRETARIAT.search(text)
        email = _EMAIL.fullmatch(text.strip(" ,;"))
        number = PHONE.fullmatch(text.strip(" ,;"))
        if match is not None:
            self.d.secretariat_organisation = (match.group("org") or match.group("gen")).strip()
        elif email is not None and signature.email is None:
            signature.email = email.group(0)
        elif number is not None and signature.phone is None:
            signature.phone = phone(text)
        elif signature.name is None:
            signature.name = self.d.signature_name = text
        elif text[:1].islower() and signature.title is None:
            signature.title = text  # "rådgiver", "prosjektleder"
        elif self.d.secretariat_organisation is None:
            self.d.secretariat_organisation = text
        else:
            self.d.ledger.refuse(line, SIGNATURE_LINE_EXTRA)
            return True
        self.d.ledger.place(line)
        return True

    def _contact_line(self, line: SourceLine) -> bool:
        self._contact_fields(line.text)
        self.d.ledger.place(line)
        return True

    def _contact_fields(self, text: str) -> None:
        contact = self.d.contact
        assert contact is not None
        if email := _EMAIL.search(text):
            contact.email = contact.email or normalise_email(email.group(0))
            text = text.replace(email.group(0), " ")
        if number := PHONE.search(text):
            contact.phone = contact.phone or phone(text)
            text = text.replace(number.group(0), " ")
        name = text.strip(" ,;:-–")
        if name and contact.name is None:
            contact.name = name

    def _link_bullet(self, line: SourceLine) -> bool:
        if not line.bullet or not line.links:
            return False
        label_text, url = line.links[0]
        label = line.text.split(":", 1)[0].strip() if ":" in line.text else label_text
        self.d.part_links.append((line, label, url))
        return True  # placed when the link is matched to a part, see assemble.attach_links

    def _heading(self, line: SourceLine) -> bool:
        if not line.heading:
            return False
        self.sak = None
        self.d.description.append((line.number, line.text))
        self.d.ledger.keep(line)
        if (name := group_candidate(line.text, self.d.reference)) is not None:
            self.d.group_candidates.append((line.number, name))
            self.d.ledger.place(line)
        return True

    def _prose(self, line: SourceLine) -> bool:
        body = self._read_sak(line)
        self.d.description.append((line.number, line.text))
        self.d.links.extend((line.number, url) for _, url in line.links if real_url(url))
        self.d.ledger.keep(line)
        label, title = self.sak if self.sak else (None, None)
        for found in find_deadlines(body, self.d.reference):
            self.d.deadlines.append(
                deadline_draft(found, line.number, label, None, sak_title=title)
            )
            self.d.ledger.place(line)
        if change := contact_change(line.text, self.d.reference, line.number):
            self.d.contact_changes.append(change)
            self.d.ledger.place(line)
        if (name := group_candidate(line.text, self.d.reference)) is not None:
            self.d.group_candidates.append((line.number, name))
            self.d.ledger.place(line)
        if (planned := next_meeting(body, self.d.reference)) is not None:
            if self.d.next_meeting_date is None:
                self.d.next_meeting_date, self.d.next_meeting_start = planned.day, planned.start
                self.d.next_meeting_line = line.number
            self.d.ledger.place(line)
        return True

    def _read_sak(self, line: SourceLine) -> str:
        """Track "**Sak 3. Title.** text" paragraphs; return the text after such a lead."""
        match = SAK_ITEM.match(line.lead) if line.lead else None
        if match is None:
            return line.text
        self.sak = match.group("label"), tidy_title(match.group("title"))
        return line.text[len(line.lead) :].strip()
