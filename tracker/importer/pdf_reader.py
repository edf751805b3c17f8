"""A text PDF as the parser's lines: rows of words rebuilt into lines, bullets, links and tables."""

from __future__ import annotations

import io
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from tracker.i18n import N_
from tracker.importer.unreadable import UnreadableInvitation
from tracker.importer.word_reader import Span, emphasised

# --- PDF ----------------------------------------------------------------------------------------

# What PDF writers set as a list bullet: the glyphs, and Symbol-font bullets pdfminer cannot map.
_BULLET_WORD: Final = re.compile(r"^(?:[•‣◦▪·\uf0b7\uf0a7\uf076]|\(cid:\d+\))$")


def read_pdf(data: bytes, name: str) -> str:
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
    spans: list[Span] = []
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
            spans.append(Span(separator + word["text"], bold, italic))
            link_of.append(uri)
        previous = word
    for span, uri in zip(spans, link_of, strict=True):
        if uri is not None:
            label = span.text.strip()
            separator = span.text[: len(span.text) - len(span.text.lstrip())]
            span.text = separator + (f"<{uri}>" if label == uri else f"[{label}]({uri})")
    return _Row(
        emphasised(spans),
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
