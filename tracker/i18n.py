"""The message catalog: English message ids in code, Norwegian Bokmål (the default) from
`locale/nb/LC_MESSAGES/messages.po`, read with Babel so no compile step is needed."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from babel.messages.pofile import read_po

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
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and message.string and not message.fuzzy
    }


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
