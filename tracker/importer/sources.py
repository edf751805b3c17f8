"""Read an invitation file into the line-oriented text the parser reads, whatever it was written in.

Plain text and markdown pass through; Word (.docx) and text PDFs become the same lines: headings
as markdown headings, bold and italic runs as emphasis, lists with their bullets and numbers
(«1.», «a)»), a table row as tab-separated cells. So one parser reads all of them, and a line
number in the report is a line of this text.
"""

from __future__ import annotations

import io
import re
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from tracker.errors import InvalidInput
from tracker.i18n import N_

TEXT_SUFFIXES: Final = (".txt", ".md", ".markdown")
DOCX_SUFFIX: Final = ".docx"
PDF_SUFFIX: Final = ".pdf"
SUPPORTED_SUFFIXES: Final = (*TEXT_SUFFIXES, DOCX_SUFFIX, PDF_SUFFIX)


class UnreadableInvitation(InvalidInput):
    """The file cannot be read as text: wrong type, broken, or a PDF with no text in it."""

    code = "unreadable_invitation"


def read_invitation(source: Path | bytes, filename: str | None = None) -> str:
    """The invitation's text from a .txt/.md, .docx or text .pdf file (a path, or its bytes)."""
    if isinstance(source, Path):
        filename = filename or source.name
        data = source.read_bytes()
    else:
        data = source
    name = filename or ""
    suffix = Path(name).suffix.casefold()
    if suffix in TEXT_SUFFIXES:
        return _read_text(data, name)
    if suffix == DOCX_SUFFIX:
        return _read_docx(data, name)
    if suffix == PDF_SUFFIX:
        return _read_pdf(data, name)
    raise UnreadableInvitation(
        N_("{file} is not a file type the importer reads; use {types}."),
        field="file",
        file=name,
        types=", ".join(SUPPORTED_SUFFIXES[:2] + SUPPORTED_SUFFIXES[3:]),
    )


def _read_text(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableInvitation(
            N_("{file} is not a UTF-8 text file."), field="file", file=name
        ) from exc


# --- Word ---------------------------------------------------------------------------------------

_HEADING_STYLE: Final = re.compile(r"^(?:Heading|Overskrift)\s*(\d)$", re.IGNORECASE)


def _read_docx(data: bytes, name: str) -> str:
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
class _Span:
    text: str
    bold: bool
    italic: bool


def _runs_as_markdown(paragraph: Any, *, emphasis: bool) -> list[str]:
    """The paragraph's lines with bold and italic runs as markdown emphasis, links as links."""
    from docx.text.hyperlink import Hyperlink

    spans: list[_Span] = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Hyperlink):
            address = item.address + (f"#{item.fragment}" if item.fragment else "")
            text = item.text
            if not address:
                spans.append(_Span(text, False, False))
            elif address == text:
                spans.append(_Span(f"<{address}>", False, False))
            else:
                spans.append(_Span(f"[{text}]({address or '#'})", False, False))
            continue
        spans.append(_Span(item.text, bool(item.bold) and emphasis, bool(item.italic) and emphasis))
    lines: list[list[_Span]] = [[]]
    for span in spans:
        for index, part in enumerate(span.text.split("\n")):
            if index:
                lines.append([])
            if part:
                lines[-1].append(_Span(part, span.bold, span.italic))
    return [_emphasised(line) for line in lines]


def _emphasised(spans: list[_Span]) -> str:
    merged: list[_Span] = []
    for span in spans:
        if merged and (merged[-1].bold, merged[-1].italic) == (span.bold, span.italic):
            merged[-1] = _Span(merged[-1].text + span.text, span.bold, span.italic)
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


# --- PDF ----------------------------------------------------------------------------------------

# What PDF writers set as a list bullet: the glyphs, and Symbol-font bullets pdfminer cannot map.
_BULLET_WORD: Final = re.compile(r"^(?:[•‣◦▪·\uf0b7\uf0a7\uf076]|\(cid:\d+\))$")


def _read_pdf(data: bytes, name: str) -> str:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            rows = [row for page in pdf.pages for row in _page_rows(page)]
    except (PDFSyntaxError, PdfminerException, ValueError) as exc:
        raise UnreadableInvitation(
            N_("{file} cannot be opened as a PDF."), field="file", file=name
        ) from exc
    if not any(row.text.strip() for row in rows):
        raise UnreadableInvitation(
            N_(
                "{file} has no text to read: it looks like a scanned PDF. "
                "Save the invitation from Word as .docx or as PDF, and upload that."
            ),
            field="file",
            file=name,
        )
    return _pdf_text(rows)


@dataclass
class _Row:
    """One printed line of a PDF page (or a table row), with where and how it is set."""

    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    first_word: float = 0.0  # width of the first word, to tell a wrapped line from a short one
    bullet: bool = False
    table: bool = False


def _page_rows(page: Any) -> list[_Row]:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    rows: list[_Row] = []
    for table in tables:
        for cells, row in zip(table.extract(), table.rows, strict=False):
            text = "\t".join(" ".join((cell or "").split()) for cell in cells)
            x0, top, x1, bottom = row.bbox
            rows.append(_Row(text, top, bottom, x0, x1, 0.0, table=True))
    words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False)
    words = [w for w in words if not any(_inside(w, box) for box in boxes)]
    links = [link for link in page.hyperlinks if link.get("uri")]
    for line in _lines_of(words):
        rows.append(_row_of(line, links))
    rows.sort(key=lambda row: (row.top, row.x0))
    return rows


def _inside(word: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    middle_x = (word["x0"] + word["x1"]) / 2
    middle_y = (word["top"] + word["bottom"]) / 2
    return bool(x0 <= middle_x <= x1 and top <= middle_y <= bottom)


def _lines_of(words: Iterable[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    lines: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= word["size"] * 0.4:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _row_of(words: list[dict[str, Any]], links: list[dict[str, Any]]) -> _Row:
    bullet = bool(_BULLET_WORD.match(words[0]["text"])) and len(words) > 1
    if bullet:
        words = words[1:]
    spans: list[_Span] = []
    link_of: list[str | None] = []
    previous: dict[str, Any] | None = None
    for word in words:
        separator = ""
        if previous is not None:
            # A gap of about an em or more is a column break, as a tab would have made.
            separator = "\t" if word["x0"] - previous["x1"] > word["size"] * 0.9 else " "
        font = word["fontname"].casefold()
        uri = next((link["uri"] for link in links if _inside(word, _box(link))), None)
        bold, italic = "bold" in font, "italic" in font or "oblique" in font
        if (
            spans
            and (spans[-1].bold, spans[-1].italic, link_of[-1]) == (bold, italic, uri)
            and separator != "\t"
        ):
            spans[-1].text += separator + word["text"]
        else:
            spans.append(_Span(separator + word["text"], bold, italic))
            link_of.append(uri)
        previous = word
    for span, uri in zip(spans, link_of, strict=True):
        if uri is not None:
            label = span.text.strip()
            separator = span.text[: len(span.text) - len(span.text.lstrip())]
            span.text = separator + (f"<{uri}>" if label == uri else f"[{label}]({uri})")
    return _Row(
        _emphasised(spans),
        min(w["top"] for w in words),
        max(w["bottom"] for w in words),
        words[0]["x0"],
        words[-1]["x1"],
        max(w["size"] for w in words),
        first_word=words[0]["x1"] - words[0]["x0"],
        bullet=bullet,
    )


def _box(link: dict[str, Any]) -> tuple[float, float, float, float]:
    return (link["x0"], link["top"], link["x1"], link["bottom"])


def _pdf_text(rows: list[_Row]) -> str:
    """Rows to lines: headings by size, bullets and indents by position, wrapped lines joined."""
    body_rows = [row for row in rows if not row.table]
    sizes = [round(row.size, 1) for row in body_rows] or [10.0]
    body = statistics.mode(sizes)
    heading_sizes = sorted({s for s in sizes if s > body * 1.1}, reverse=True)
    right = max((row.x1 for row in body_rows), default=0.0)
    # Nesting is where the text after a bullet starts: each further stop is a level deeper.
    stops = sorted({round(row.x0 / 4) for row in body_rows if row.bullet})
    lines: list[str] = []
    previous: _Row | None = None
    kind = ""  # what the previous line was: a heading, a line that may go on, or other
    start = 0.0  # where the text of the line that may go on starts
    for row in rows:
        gap = row.top - previous.bottom if previous is not None else 0.0
        if previous is not None and gap > max(row.size, previous.size, body) * 0.6:
            lines.append("")
            kind = ""
        size = round(row.size, 1)
        level = heading_sizes.index(size) + 1 if size in heading_sizes and not row.table else 0
        if level:
            text = row.text.replace("*", "")
            if kind == f"heading{level}":  # a long heading set on two lines
                lines[-1] += " " + text
            else:
                lines.append("#" * min(level, 6) + " " + text)
            kind = f"heading{level}"
        elif (
            kind == "text"
            and previous is not None
            and not row.table
            and not row.bullet
            and abs(row.x0 - start) < 2
            # The line was wrapped if the next line's first word would not have fitted on it.
            and previous.x1 + row.first_word + row.size * 0.5 > right
            # A sentence that ends where the next begins with a capital is two lines, likely.
            and not (re.search(r"[.!?:;)]\**$", lines[-1]) and row.text.lstrip("*")[:1].isupper())
        ):
            lines[-1] = _join(lines[-1], row.text)
        elif row.bullet:
            depth = stops.index(round(row.x0 / 4)) if round(row.x0 / 4) in stops else 0
            lines.append("  " * depth + "- " + row.text)
            kind, start = "text", row.x0
        else:
            lines.append(row.text)
            kind, start = ("" if row.table else "text"), row.x0
        previous = row
    return "\n".join(lines) + "\n"


def _join(line: str, more: str) -> str:
    """A wrapped line goes on; emphasis running over the break is one emphasis again."""
    for marker in ("**", "*"):
        if line.endswith(marker) and more.startswith(marker):
            return f"{line[: -len(marker)]} {more[len(marker) :]}"
    return f"{line} {more}"
