"""Step 1: read each source line's markdown once, into a `SourceLine`.

A line keeps its 1-based number (as editors count) and its raw text; everything later reads the
plain `text`, with emphasis, escapes, links and list markers taken off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from tracker.text import multi_line


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One source line with its markdown read: `text` is plain, `raw` as written."""

    number: int
    raw: str
    text: str
    indent: int
    heading: int
    bullet: bool
    lead: str
    links: tuple[tuple[str, str], ...]

    @property
    def emphasised(self) -> bool:
        """Whether the whole line is bold or italic (a heading in Word-made markdown)."""
        return bool(self.lead) and self.lead == self.text

    @property
    def heading_like(self) -> bool:
        """A markdown heading, or a line that is bold or italic from end to end."""
        return self.heading > 0 or (self.emphasised and not self.bullet)

    @property
    def prose(self) -> bool:
        """Neither a heading nor a list item."""
        return not self.heading and not self.bullet


_HEADING: Final = re.compile(r"^(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$")
_RULE: Final = re.compile(r"^([-*_])(?:\s*\1){2,}$")
_BULLET: Final = re.compile(r"^[-*+•‣–]\s+(.*)$")
_LINK: Final = re.compile(r"!?\[([^\]]*)\]\(\s*([^)\s]*)(?:\s+[\"'][^)]*[\"'])?\s*\)")
_AUTOLINK: Final = re.compile(r"<((?:https?://|mailto:)[^>\s]+)>")
_ESCAPE: Final = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_EMPHASIS: Final = re.compile(r"\*+|~~|`+|(?<!\w)_+|_+(?!\w)")
_LEAD: Final = re.compile(r"^(\*\*|__|\*|_)(?P<lead>.+?)\1")


def normalise_lines(text: str) -> list[SourceLine]:
    """Split at line breaks into lines numbered from 1 (as editors count them) and read each;
    controls and bidi overrides go first (tracker.text), as from every other edge."""
    raws = multi_line(text.removeprefix("\ufeff")).split("\n")
    return [_normalise(number, raw) for number, raw in enumerate(raws, start=1)]


def _normalise(number: int, raw: str) -> SourceLine:
    body = raw.strip()
    indent = len(raw[: len(raw) - len(raw.lstrip(" \t"))].expandtabs(4))
    heading = 0
    if match := _HEADING.match(body):
        heading, body = len(match.group(1)), match.group(2) or ""
    if _RULE.match(body):
        body = ""
    bullet = False
    if match := _BULLET.match(body):
        bullet, body = True, match.group(1)
    links = tuple((clean(m.group(1)), m.group(2)) for m in _LINK.finditer(body))
    links += tuple((m.group(1), m.group(1)) for m in _AUTOLINK.finditer(body))
    plain = _AUTOLINK.sub(lambda m: m.group(1).removeprefix("mailto:"), _LINK.sub(r"\1", body))
    lead_match = _LEAD.match(plain)
    lead = clean(lead_match.group("lead")) if lead_match else ""
    return SourceLine(number, raw, clean(plain), indent, heading, bullet, lead, links)


def clean(text: str) -> str:
    """Drop emphasis markers and escapes, collapse whitespace."""
    return " ".join(_EMPHASIS.sub("", _ESCAPE.sub(r"\1", text)).split())


def first_word(text: str) -> str:
    """The first run of letters, case-folded ("" if there is none)."""
    words = re.findall(r"[^\W\d_]+", text.casefold())
    return words[0] if words else ""
