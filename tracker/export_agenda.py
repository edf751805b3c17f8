"""The draft agenda as a Word document: a heading, each part of the meeting with its items
numbered from 1, and their sub-points."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from tracker.i18n import translate
from tracker.services.agenda_draft import AgendaDraft, item_lines


def _restart_numbering(document: Any, paragraph: Any) -> None:
    """Number this paragraph's list from 1 again: a new numbering instance of the same list
    definition, starting over (Word would otherwise go on counting from the previous part)."""
    numbering = document.part.numbering_part.numbering_definitions._numbering
    style = paragraph.style
    num_pr = style.element.pPr.numPr if style.element.pPr is not None else None
    if num_pr is None or num_pr.numId is None:
        return
    old = numbering.num_having_numId(num_pr.numId.val)
    new = numbering.add_num(old.abstractNumId.val)
    override = new.add_lvlOverride(ilvl=0)
    override.add_startOverride(1)
    p_pr = paragraph._p.get_or_add_pPr()
    own = OxmlElement("w:numPr")
    level = OxmlElement("w:ilvl")
    level.set(qn("w:val"), "0")
    number = OxmlElement("w:numId")
    number.set(qn("w:val"), str(new.numId))
    own.append(level)
    own.append(number)
    p_pr.append(own)


def _add(document: Any, text: str, style_id: str) -> Any:
    """A paragraph in a style given by id: python-docx's own style setter compares the style
    with every style of the document first, which made a draft's export take half a second."""
    paragraph = document.add_paragraph(text)
    paragraph._p.style = style_id
    return paragraph


def agenda_docx(draft: AgendaDraft, language: str) -> bytes:
    """The draft agenda as .docx bytes, items as a numbered list and sub-points as bullets."""
    document = Document()
    document.add_heading(translate("Draft agenda: {title}", language, title=draft.title), level=1)
    document.add_paragraph(
        translate("{date}, {place}", language, date=f"{draft.day:%d.%m.%Y}", place=draft.place)
    )
    number_style = document.styles["List Number"].style_id
    bullet_style = document.styles["List Bullet 2"].style_id
    for index, (part, items) in enumerate(draft.parts()):
        if part and len(draft.part_titles) > 1:
            document.add_heading(part, level=2)
        for number, item in enumerate(items):
            paragraph = _add(document, item.title, number_style)
            if number == 0 and index > 0:
                _restart_numbering(document, paragraph)
            for line in item_lines(item, language):
                _add(document, line, bullet_style)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
