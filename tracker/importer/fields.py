"""Recognisers every section parser shares: "Label: value" fields, the letter's dateline,
numbered agenda items ("3.", "Sak 3/25"), phone numbers and real links.

Each is a pure function of one line or value; none writes anywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Final

from tracker.dates import absolute
from tracker.importer.lines import SourceLine, first_word

_LABEL: Final = re.compile(r"^(?P<label>[^\W\d_]+(?:[ .'’/-]+[^\W\d_]+){0,3})\s*:\s*(?P<value>.*)$")
_LABEL_KINDS: Final[dict[str, str]] = {
    "dato": "letter_date", "date": "letter_date",
    "deres ref": "your_reference", "deres referanse": "your_reference",
    "vår ref": "our_reference", "vår referanse": "our_reference",
    "arkivkode": "archive_code", "arkiv": "archive_code",
    "saksbehandler": "contact", "kontaktperson": "contact",
    "tid": "when", "tidspunkt": "when", "møtetid": "when", "dato og tid": "when",
    "møtedato": "when", "når": "when",
    "sted": "place", "møtested": "place", "hvor": "place", "location": "place", "place": "place",
    "emne": "subject", "subject": "subject", "tittel": "subject",
}  # fmt: skip


def label_of(line: SourceLine) -> tuple[str, str, str] | None:
    """(kind or "", label as written, value) for a "Label: value" line; kind "" if unknown."""
    match = _LABEL.match(line.text)
    if match is None:
        return None
    label = match.group("label")
    kind = _LABEL_KINDS.get(" ".join(label.casefold().split()).rstrip("."), "")
    return kind, label, match.group("value").strip()


_DATELINE: Final = re.compile(r"^[A-ZÆØÅ][\w-]*(?:\s[\w-]+){0,2},\s*(?P<date>.+)$")


def dateline(line: SourceLine) -> dt.date | None:
    """The letter's date from a "Sandvika, 3. februar 2025" head line (the year is required)."""
    match = _DATELINE.match(line.text)
    if match is None or not line.prose:
        return None
    return absolute.parse_date(match.group("date"))


def first_date(value: str, reference: dt.date | None) -> absolute.DateMatch | None:
    """The first date written in a field's value ("torsdag 13. mars 2025 kl. 09.00")."""
    dates = absolute.find_dates(value, reference)
    return dates[0] if dates else None


def reference_date(lines: Sequence[SourceLine], today: dt.date | None) -> dt.date | None:
    """The date year-less dates count from: the letter's date, else the meeting's, else today.

    Mirrors what the letter parser accepts: a "Dato:" line anywhere, a head line before "Tid:".
    """
    labelled = [(label[0], label[2]) for line in lines if (label := label_of(line))]
    for kind, value in labelled:
        day = first_date(value, today) if kind == "letter_date" else None
        if day is not None and day.start is not None:
            return day.start
    for line in lines:
        label = label_of(line)
        if label is not None and label[0] == "when":
            break
        if (found := dateline(line)) is not None:
            return found
    for kind, value in labelled:
        day = first_date(value, today) if kind == "when" else None
        if day is not None and day.start is not None:
            return day.start
    return today


SAK_ITEM: Final = re.compile(
    r"^(?:sak|punkt|item)\s+(?P<label>[0-9]{1,3}(?:/[0-9]{2,4})?)(?![0-9/])\s*[.:)]?\s*(?:[-–—:]\s*)?"
    r"(?P<title>\S.*)$",
    re.IGNORECASE,
)
_NUMBERED_ITEM: Final = re.compile(r"^(?P<label>[0-9]{1,2})[.)]\s+(?P<title>\S.*)$")


def match_item(text: str) -> tuple[int, str, str] | None:
    """(number, label as written, title) for "3. Tittel", "Sak 3/25 Tittel"; not "1. april"."""
    match = SAK_ITEM.match(text) or _NUMBERED_ITEM.match(text)
    if match is None:
        return None
    title = match.group("title")
    if first_word(title) in absolute.MONTHS:
        return None
    label = match.group("label")
    return int(label.split("/")[0]), label, tidy_title(title)


def tidy_title(text: str) -> str:
    """A title without surrounding blanks and a trailing full stop or colon."""
    return text.strip().rstrip(".:").strip()


_GREETING: Final = re.compile(
    r"^(?:(?:med\s+)?(?:vennlig\s+|venleg\s+|beste\s+)?(?:hilsen|helsing)|mvh|"
    r"(?:best|kind)\s+regards)\W*$",
    re.IGNORECASE,
)


def is_greeting(line: SourceLine) -> bool:
    """The letter's closing: «Med hilsen», «Vennlig hilsen», «Mvh» on a line of its own."""
    return bool(_GREETING.match(line.text))


PHONE: Final = re.compile(
    r"(?:\b(?:tlf|telefon|tel|mob|mobil|phone)\b\.?:?\s*)?(?P<number>\+?[0-9][0-9 ]{6,14}[0-9])",
    re.IGNORECASE,
)


def phone(text: str) -> str | None:
    """The first phone number in the text, without spaces."""
    match = PHONE.search(text)
    return re.sub(r"\s", "", match.group("number")) if match else None


def real_url(url: str) -> bool:
    """Word exports leave "#" where a meeting link was; such placeholders are not links."""
    return bool(url) and not url.startswith("#")
