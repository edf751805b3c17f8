"""Read an invitation file into the line-oriented text the parser reads, whatever it was written in.

Plain text and markdown pass through; Word (.docx) and text PDFs become the same lines: headings
as markdown headings, bold and italic runs as emphasis, lists with their bullets and numbers
(«1.», «a)»), a table row as tab-separated cells. So one parser reads all of them, and a line
number in the report is a line of this text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from tracker.i18n import N_
from tracker.importer.pdf_reader import read_pdf
from tracker.importer.unreadable import UnreadableInvitation as UnreadableInvitation
from tracker.importer.word_reader import read_docx

TEXT_SUFFIXES: Final = (".txt", ".md", ".markdown")
DOCX_SUFFIX: Final = ".docx"
PDF_SUFFIX: Final = ".pdf"
SUPPORTED_SUFFIXES: Final = (*TEXT_SUFFIXES, DOCX_SUFFIX, PDF_SUFFIX)


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
        return read_docx(data, name)
    if suffix == PDF_SUFFIX:
        return read_pdf(data, name)
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
