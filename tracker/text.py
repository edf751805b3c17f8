"""The one normalisation of text that comes in from outside (API, web forms, chat, importer):
e-mail addresses in one comparable form. The schemas apply it; lookups reuse it."""

from __future__ import annotations

import unicodedata


def normalise_email(value: str) -> str:
    """The one form an e-mail address is stored and compared in: trimmed, case-folded in full
    Unicode (not ASCII only, as SQLite's lower() is) and NFC-composed."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", value).strip().casefold())
