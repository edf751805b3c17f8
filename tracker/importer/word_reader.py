"""A Word (.docx) file as the parser's lines: headings, emphasis, numbered lists and table rows."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from tracker.i18n import N_
from tracker.importer.unreadable import UnreadableInvitation

# --- Word ---------------------------------------------------------------------------------------

_HEADING_STYLE: Final = re.compile(r"^(?:Heading|Overskrift)\s*(\d)$", re.IGNORECASE)


def read_docx(data: bytes, name: str) -> str:
    from zipfile import BadZipFile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableInvitation(
            N_("{file} cannot be opened as a Word document."), field="file", file=name
        ) from exc
    numbering = _Numbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_table_rows(block))
        else:
            lines.extend(_paragraph_lines(block, numbering))
    return "\n".join(lines) + "\n"


def _table_rows(table: Any) -> Iterator[str]:
    """Each row as its cells' text joined by tabs; a merged cell counts once."""
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        yield "\t".join(cells)


def _paragraph_lines(paragraph: Any, numbering: _Numbering) -> list[str]:
    level = _heading_level(paragraph)
    marker, depth = numbering.marker(paragraph)
    depth = max(depth, _style_depth(paragraph))
    # Word breaks a paragraph into lines with Shift+Enter; each is a line of the text.
    lines = _runs_as_markdown(paragraph, emphasis=level == 0)
    if not any(line.strip() for line in lines):
        return [""]
    if level:
        return ["#" * level + " " + " ".join(" ".join(lines).split())]
    if marker is not None:
        indent = "  " * depth
        first = f"{indent}{marker} {lines[0].strip()}"
        return [first, *(f"{indent}  {line.strip()}" for line in lines[1:])]
    return lines


def _heading_level(paragraph: Any) -> int:
    style = paragraph.style
    while style is not None:
        if style.name == "Title":
            return 1
        if match := _HEADING_STYLE.match(style.name or ""):
            return int(match.group(1))
        style = style.base_style
    return 0


_LIST_STYLE: Final = re.compile(r"^List(?: Bullet| Number| Paragraph)?\s*(\d)$", re.IGNORECASE)


def _style_depth(paragraph: Any) -> int:
    """Word's built-in list styles nest by name: «List Bullet 2» is one level in."""
    match = _LIST_STYLE.match(paragraph.style.name or "")
    return int(match.group(1)) - 1 if match else 0


@dataclass
class Span:
    """A run of text with its emphasis, as Word and PDF both give it."""

    text: str
    bold: bool
    italic: bool


def _runs_as_markdown(paragraph: Any, *, emphasis: bool) -> list[str]:
    """The paragraph's lines with bold and italic runs as markdown emphasis, links as links."""
    from docx.text.hyperlink import Hyperlink

    spans: list[Span] = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            address = item.address + (f"#{item.fragment}" if item.fragment else "")
            text = item.text
            if not address:
                spans.append(Span(text, False, False))
            elif address == text:
                spans.append(Span(f"<{address}>", False, False))
            else:
                spans.append(Span(f"[{text}]({address or '#'})", False, False))
            continue
        spans.append(Span(item.text, bool(item.bold) and emphasis, bool(item.italic) and emphasis))
    lines: list[list[Span]] = [[]]
    for span in spans:
        for index, part in enumerate(span.text.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append(Span(part, span.bold, span.italic))
    return [emphasised(line) for line in lines]


def emphasised(spans: list[Span]) -> str:
    """The spans as one line with markdown emphasis, neighbours of the same kind merged."""
    merged: list[Span] = []
    for span in spans:
        if merged and (merged[-1].bold, merged[-1].italic) == (span.bold, span.italic):
            merged[-1] = Span(merged[-1].text + span.text, span.bold, span.italic)
        else:
            merged.append(span)
    out: list[str] = []
    for span in merged:
        marker = ("**" if span.bold else "") + ("*" if span.italic else "")
        core = span.text.strip()
        if not marker or not core:
            out.append(span.text)
            continue
        # Markers hug the words, as markdown wants; the spaces stay outside.
        leading = span.text[: len(span.text) - len(span.text.lstrip())]
        trailing = span.text[len(span.text.rstrip()) :]
        out.append(f"{leading}{marker}{core}{marker[::-1]}{trailing}")
    return "".join(out).rstrip()


_ROMAN: Final = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def _format_number(value: int, fmt: str) -> str:
    if fmt in {"lowerLetter", "upperLetter"}:
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in {"lowerRoman", "upperRoman"}:
        roman = ""
        for size, numeral in _ROMAN:
            while value >= size:
                roman, value = roman + numeral, value - size
        return roman.upper() if fmt == "upperRoman" else roman
    return str(value)


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class _Numbering:
    """Word's list numbering, counted as Word counts it: per list, restarted by an override."""

    document: Any
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstract id -> levels
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        try:
            root = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        for abstract in root.findall(_w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in abstract.findall(_w("lvl")):
                levels[int(_attr(lvl, "ilvl") or 0)] = _Level(
                    fmt=_child_val(lvl, "numFmt") or "decimal",
                    text=_child_val(lvl, "lvlText") or "",
                    start=int(_child_val(lvl, "start") or 1),
                )
            self.levels[_attr(abstract, "abstractNumId") or ""] = levels
        for num in root.findall(_w("num")):
            overrides = {
                int(_attr(override, "ilvl") or 0): int(_child_val(override, "startOverride") or 1)
                for override in num.findall(_w("lvlOverride"))
                if override.find(_w("startOverride")) is not None
            }
            self.nums[_attr(num, "numId") or ""] = (
                _child_val(num, "abstractNumId") or "",
                overrides,
            )

    def marker(self, paragraph: Any) -> tuple[str | None, int]:
        """The list marker Word shows before the paragraph («1.», «a)», «-»), and its depth."""
        num_id, ilvl = _num_properties(paragraph)
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None, 0
        abstract_id, overrides = self.nums[num_id]
        levels = self.levels.get(abstract_id, {})
        level = levels.get(ilvl)
        if level is None:
            return None, 0
        if level.fmt == "bullet":
            return "-", ilvl
        if level.fmt == "none":
            return None, ilvl
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for override_level, start in overrides.items():
                counters[override_level] = start - 1
                for deeper in [k for k in counters if k > override_level]:
                    del counters[deeper]
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def number(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            at_level = levels.get(at, level)
            return _format_number(counters.get(at, at_level.start), at_level.fmt)

        return re.sub(r"%(\d)", number, level.text) or None, ilvl


def _num_properties(paragraph: Any) -> tuple[str | None, int]:
    """The list a paragraph belongs to: on the paragraph itself, or through its style."""
    holders = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        holders.append(style.element.pPr)
        style = style.base_style
    for ppr in holders:
        if ppr is None or ppr.numPr is None:
            continue
        num_id = ppr.numPr.numId
        ilvl = ppr.numPr.ilvl
        return (
            str(num_id.val) if num_id is not None else None,
            int(ilvl.val) if ilvl is not None else 0,
        )
    return None, 0


def _attr(element: Any, name: str) -> str | None:
    value = element.get(f"{{{_W}}}{name}")
    return str(value) if value is not None else None


def _child_val(element: Any, name: str) -> str | None:
    child = element.find(_w(name))
    return _attr(child, "val") if child is not None else None


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


_W: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
