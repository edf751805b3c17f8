"""The one normalisation of text that comes in from outside (API, web forms, chat, importer):
e-mail addresses in one comparable form, single-line fields that cannot fake a second line, and
multi-line fields without invisible direction tricks. The schemas apply it; lookups reuse it."""

from __future__ import annotations

import re
import unicodedata

# Embeddings, overrides and isolates (U+202A–202E, U+2066–2069) and the marks U+200E, U+200F and
# U+061C: they reorder what a reader sees, so «#3 ferdig» can be made to look like anything.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Everything a renderer may start a new line at (CR, LF, VT, FF, NEL, line/paragraph separator).
_LINE_BREAKS = "\r\n\x0b\x0c\x85\u2028\u2029"
_BREAK_RUN = re.compile(rf"[ \t]*[{_LINE_BREAKS}][ \t{_LINE_BREAKS}]*")
_NEWLINE = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# C0 and C1 controls other than tab and the line breaks above, DEL, and the bidi controls.
_INVISIBLE = re.compile(rf"[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f{_BIDI}]")


def single_line(value: str) -> str:
    """One line of text: line breaks and tabs become one space, other controls and bidi
    controls go, composed characters are composed (NFC), and the ends are trimmed."""
    value = _BREAK_RUN.sub(" ", unicodedata.normalize("NFC", value))
    return _INVISIBLE.sub("", value).replace("\t", " ").strip()


def multi_line(value: str) -> str:
    """Text of several lines: every line break becomes a plain newline, tabs stay, other
    controls and bidi controls go, and characters are composed (NFC)."""
    value = _NEWLINE.sub("\n", unicodedata.normalize("NFC", value))
    return _INVISIBLE.sub("", value)


def normalise_email(value: str) -> str:
    """The one form an e-mail address is stored and compared in: trimmed, case-folded in full
    Unicode (not ASCII only, as SQLite's lower() is) and NFC-composed."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", value).strip().casefold())
