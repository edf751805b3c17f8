"""The draft agenda as a Word document: a heading, the items numbered in order, their sub-points."""

from __future__ import annotations

from io import BytesIO

from docx import Document

from tracker.i18n import translate
from tracker.services.agenda_draft import AgendaDraft, item_lines


def agenda_docx(draft: AgendaDraft, language: str) -> bytes:
    """The draft agenda as .docx bytes, items as a numbered list and sub-points as bullets."""
    document = Document()
    document.add_heading(translate("Draft agenda: {title}", language, title=draft.title), level=1)
    document.add_paragraph(
        translate("{date}, {place}", language, date=f"{draft.day:%d.%m.%Y}", place=draft.place)
    )
    for item in draft.items:
        document.add_paragraph(item.title, style="List Number")
        for line in item_lines(item, language):
            document.add_paragraph(line, style="List Bullet 2")
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
