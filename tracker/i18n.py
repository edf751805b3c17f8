"""The message catalog: English message ids in code, Norwegian Bokmål (the default) from
`locale/nb/LC_MESSAGES/messages.po`, read as it is so no compile step is needed. The .po file is
read here, not with Babel (which writes it): Babel's catalog machinery is about 1.5 MiB that
every long-running process (the bots above all) would hold for one read at start-up."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

Language = Literal["nb", "en"]
LANGUAGES: tuple[Language, ...] = ("nb", "en")
DEFAULT_LANGUAGE: Language = "nb"
LOCALE_DIR = Path(__file__).parent / "locale"


def N_(message: str) -> str:
    """Mark a message id for extraction without translating it yet."""
    return message


@cache
def _catalog(language: str) -> dict[str, str]:
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    return read_catalog(path.read_text(encoding="utf-8"))


_ESCAPE = re.compile(r'\\([\\trn"])')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


def _unquote(quoted: str) -> str:
    # Babel's unescaping: \n, \t, \r, \" and \\ only.
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), quoted.strip()[1:-1])


def read_catalog(text: str) -> dict[str, str]:
    """msgid → msgstr of a .po file's translated messages; fuzzy, obsolete (#~) and untranslated
    ones and the header are left out, as the catalog has always read them."""
    catalog: dict[str, str] = {}
    parts: dict[str, list[str]] = {}
    field: str | None = None
    fuzzy = False

    def finish() -> None:
        msgid, msgstr = "".join(parts.get("msgid", ())), "".join(parts.get("msgstr", ()))
        if msgid and msgstr and not fuzzy:
            catalog[msgid] = msgstr

    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith('"'):
            if field is not None:
                parts[field].append(_unquote(line))
            continue
        keyword, _, rest = line.partition(" ")
        if "msgstr" in parts and (line.startswith("#") or keyword in {"msgid", "msgctxt"}):
            finish()  # the next message begins
            parts, field, fuzzy = {}, None, False
        if line.startswith("#"):
            field = None
            if line.startswith("#,"):
                fuzzy = fuzzy or "fuzzy" in (f.strip() for f in line[2:].split(","))
        elif keyword in {"msgid", "msgstr", "msgctxt"}:
            field = keyword
            parts[field] = [_unquote(rest)]
    if "msgstr" in parts:
        finish()
    return catalog


def normalise_language(value: str | None) -> Language:
    """Map a language tag (nb, no, nn, nb-NO, en-GB, …) to one we speak."""
    tag = (value or "").lower().replace("_", "-").split("-")[0]
    if tag in {"nb", "no", "nn", "norsk"}:
        return "nb"
    if tag in {"en", "english"}:
        return "en"
    return DEFAULT_LANGUAGE


def translate(message: str, language: str, /, **params: object) -> str:
    """Translate a message id into the language and fill in its named parameters."""
    text = _catalog(normalise_language(language)).get(message, message)
    return text.format(**params) if params else text
