"""Write an invitation's text as a Word document or a PDF, the way a secretariat's would look.

Markdown headings and the lines that open a section become Word headings, numbered lines real
Word numbering (restarted per list), bullets Word bullets, rosters (tab text or a markdown table)
real tables, bold and italic runs bold and italic, links hyperlinks. The PDF is set with
reportlab's standard fonts: real text, bold headings, bullets, a ruled table.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from tracker.importer.lines import normalise_lines
from tracker.importer.sections import ROSTER, split_sections

_NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(.*)$")
_INLINE = re.compile(
    r"\*\*(?P<bold>.+?)\*\*|(?<![\w*])\*(?P<italic>[^*\s][^*]*?)\*(?!\*)"
    r"|\[(?P<label>[^\]]*)\]\((?P<url>[^)\s]*)\)|<(?P<auto>https?://[^>\s]+)>"
)
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}")


@dataclass
class Block:
    """One thing to write: a heading, a paragraph, a list item or a table."""

    kind: str  # heading, paragraph, blank, bullet, number, table
    text: str = ""
    level: int = 0
    number: int = 0
    rows: tuple[tuple[str, ...], ...] = ()


def blocks(text: str) -> Iterator[Block]:
    """The text read as Word-like blocks."""
    lines = normalise_lines(text)
    roster_lines = {
        line.number
        for section in split_sections(lines)
        if section.kind == ROSTER
        for line in section.lines
    }
    table: list[tuple[str, ...]] = []
    for line in lines:
        raw = line.raw.rstrip()
        body = raw.strip()
        cells = _cells(body) if line.number in roster_lines else None
        if cells is not None:
            if not _TABLE_RULE.match(body):
                table.append(cells)
            continue
        if table:
            yield Block("table", rows=tuple(table))
            table = []
        if not body:
            yield Block("blank")
            continue
        if line.heading:
            yield Block("heading", line.text, level=line.heading)
            continue
        content = raw.strip()
        level = line.indent // 2
        if line.bullet:
            content = re.sub(r"^[-*+•‣–]\s+", "", content)
            numbered = _NUMBERED.match(content)
            if numbered:
                yield Block("number", numbered.group(2), level=level, number=int(numbered.group(1)))
            else:
                yield Block("bullet", content, level=level)
            continue
        numbered = _NUMBERED.match(content)
        if numbered and not line.emphasised:
            yield Block("number", numbered.group(2), level=level, number=int(numbered.group(1)))
            continue
        yield Block("paragraph", content)
    if table:
        yield Block("table", rows=tuple(table))


def _cells(body: str) -> tuple[str, ...] | None:
    if "\t" in body:
        return tuple(cell.strip() for cell in body.split("\t"))
    if body.startswith("|"):
        return tuple(cell.strip() for cell in body.strip().strip("|").split("|"))
    return None


def inline(text: str) -> Iterator[tuple[str, bool, bool, str | None]]:
    """Markdown emphasis and links as (text, bold, italic, url) runs."""
    text = text.replace("\\", "")
    at = 0
    for match in _INLINE.finditer(text):
        if match.start() > at:
            yield text[at : match.start()], False, False, None
        if match.group("bold") is not None:
            for part, _, italic, url in inline(match.group("bold")):
                yield part, True, italic, url
        elif match.group("italic") is not None:
            for part, bold, _, url in inline(match.group("italic")):
                yield part, bold, True, url
        elif match.group("auto") is not None:
            yield match.group("auto"), False, False, match.group("auto")
        else:
            yield match.group("label"), False, False, match.group("url")
        at = match.end()
    if at < len(text):
        yield text[at:], False, False, None


# --- Word ---------------------------------------------------------------------------------------


def docx_from_text(text: str) -> bytes:
    """The invitation as a Word document."""
    document = docx.Document()
    numbering = _WordLists(document)
    for block in blocks(text):
        if block.kind == "blank":
            document.add_paragraph()
        elif block.kind == "heading":
            document.add_heading(block.text, level=min(block.level, 9))
        elif block.kind == "table":
            width = max(len(row) for row in block.rows)
            table = document.add_table(rows=len(block.rows), cols=width)
            table.style = "Table Grid"
            for row, cells in zip(table.rows, block.rows, strict=True):
                for cell, value in zip(row.cells, cells, strict=False):
                    cell.text = value
                if len(cells) < width:  # a short row: its last cell spans the rest, as in Word
                    row.cells[len(cells) - 1].merge(row.cells[width - 1])
                    row.cells[len(cells) - 1].text = cells[-1]
        else:
            paragraph = document.add_paragraph()
            if block.kind == "bullet":
                paragraph.style = "List Bullet" if block.level == 0 else "List Bullet 2"
            elif block.kind == "number":
                numbering.number(paragraph, block.number, block.level)
            _add_runs(paragraph, block.text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_runs(paragraph: docx.text.paragraph.Paragraph, text: str) -> None:
    parts = text.split("  \n")
    for index, part in enumerate(parts):
        if index:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        for run_text, bold, italic, url in inline(part):
            if url is not None:
                _add_hyperlink(paragraph, run_text, url)
                continue
            run = paragraph.add_run(run_text)
            run.bold = bold or None
            run.italic = italic or None


def _add_hyperlink(paragraph: docx.text.paragraph.Paragraph, text: str, url: str) -> None:
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


class _WordLists:
    """Numbered paragraphs as Word numbers them: a new list (restarted) where the count breaks."""

    def __init__(self, document: docx.document.Document) -> None:
        self.root = document.part.numbering_part.element
        self.abstract_id = self._decimal_abstract()
        self.current: dict[int, tuple[str, int]] = {}  # level -> (numId, last number)

    def _decimal_abstract(self) -> str:
        abstract = OxmlElement("w:abstractNum")
        abstract_id = str(900)
        abstract.set(qn("w:abstractNumId"), abstract_id)
        for ilvl in range(3):
            lvl = OxmlElement("w:lvl")
            lvl.set(qn("w:ilvl"), str(ilvl))
            for tag, value in (
                ("w:start", "1"),
                ("w:numFmt", "decimal"),
                ("w:lvlText", f"%{ilvl + 1}."),
            ):
                child = OxmlElement(tag)
                child.set(qn("w:val"), value)
                lvl.append(child)
            abstract.append(lvl)
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.root.append(abstract)
        return abstract_id

    def number(self, paragraph: docx.text.paragraph.Paragraph, number: int, level: int) -> None:
        current = self.current.get(level)
        if current is None or current[1] + 1 != number:
            num = self.root.add_num(int(self.abstract_id))
            override = num.add_lvlOverride(ilvl=level)
            override.add_startOverride(number)
            num_id = str(num.numId)
        else:
            num_id = current[0]
        self.current[level] = (num_id, number)
        for deeper in [k for k in self.current if k > level]:
            del self.current[deeper]
        ppr = paragraph._p.get_or_add_pPr()
        num_pr = ppr.get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = int(num_id)


# --- PDF ----------------------------------------------------------------------------------------


def pdf_from_text(text: str) -> bytes:
    """The invitation as a PDF with real text (reportlab's standard fonts)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    body.spaceBefore = body.spaceAfter = 0
    story: list[object] = []
    for block in blocks(text):
        if block.kind == "blank":
            story.append(Spacer(1, 4 * mm))
        elif block.kind == "heading":
            story.append(Paragraph(_escape(block.text), styles[f"Heading{min(block.level, 4)}"]))
        elif block.kind == "table":
            width = max(len(row) for row in block.rows)
            rows = [list(row) + [""] * (width - len(row)) for row in block.rows]
            table = Table(rows, hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                        ("FONTSIZE", (0, 0), (-1, -1), 9),
                    ]
                )
            )
            story.append(table)
        else:
            markup = _markup(block.text)
            if block.kind == "paragraph":
                story.append(Paragraph(markup, body))
                continue
            bullet = "•" if block.kind == "bullet" else f"{block.number}."
            indent = 6 * mm * (block.level + 1)
            style = body.clone(
                f"list{block.level}", leftIndent=indent, bulletIndent=indent - 5 * mm
            )
            story.append(Paragraph(markup, style, bulletText=bullet))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title="Innkalling").build(story)  # type: ignore[arg-type]
    return out.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _markup(text: str) -> str:
    out: list[str] = []
    for part in text.split("  \n"):
        for run_text, bold, italic, url in inline(part):
            piece = _escape(run_text)
            if url and "://" in url:  # a PDF link needs an address; «#» stays plain text
                piece = f'<link href="{_escape(url)}">{piece}</link>'
            if italic:
                piece = f"<i>{piece}</i>"
            if bold:
                piece = f"<b>{piece}</b>"
            out.append(piece)
    return "".join(out)
