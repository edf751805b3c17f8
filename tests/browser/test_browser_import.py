"""The secretariat imports an invitation written in Word, in headless Chromium: upload the
.docx, correct a lead's name in the preview, confirm; and a member cannot reach the page."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from browser_support import LiveServer, nb, serious_violations, sign_in
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from tracker.models import Group, Person, Workgroup
from tracker.services import groups
from tracker.services.context import ServiceContext


def person(ctx: ServiceContext, name: str) -> int:
    (found,) = groups.find_people(ctx, name=name)
    return found.id


def invitation_docx(path: Path) -> Path:
    """A short invitation as a secretariat writes it in Word: headings, numbered items, a table."""
    document = docx.Document()
    document.add_heading("Innkalling til møte i faggruppe for klima og miljø", level=1)
    document.add_paragraph("Sandvika, 3. februar 2025")
    document.add_paragraph("Til Osloregionens faggruppe for Klima og miljø")
    document.add_paragraph("Tid: torsdag 13. mars 2025 kl. 09.00–12.00")
    document.add_paragraph("Sted: Bærum rådhus")
    document.add_heading("Saksliste", level=2)
    for number, title in enumerate(
        ["Godkjenning av innkalling", "Arbeidsgrupper", "Eventuelt"], start=1
    ):
        document.add_heading(f"Sak {number}/25 {title}", level=3)
        if number == 2:
            document.add_paragraph("Arbeidsgruppe 1: Klimaregnskap (leder: Per Olav Moen)")
            document.add_paragraph("Arbeidsgruppe 2: Massehåndtering (leder: Siri Dahl)")
    document.add_heading("Deltakere", level=2)
    rows = [
        ("Navn", "Organisasjon"),
        ("Per Olav Moen", "Asker kommune"),
        ("Siri Dahl", "Bærum kommune"),
        ("Kari Anne Haugen", "Lillestrøm kommune"),
    ]
    table = document.add_table(rows=len(rows), cols=2)
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    path.write_bytes(out.getvalue())
    return path


def lead_of(ctx: ServiceContext, workgroup_name: str) -> str | None:
    with ctx.uow() as uow:
        workgroup = uow.session.scalar(select(Workgroup).where(Workgroup.name == workgroup_name))
        if workgroup is None or workgroup.lead_id is None:
            return None
        lead = uow.session.get(Person, workgroup.lead_id)
        return lead.full_name if lead else None


def test_the_secretariat_uploads_a_word_invitation_corrects_a_lead_and_confirms(
    page: Page, ctx: ServiceContext, server: LiveServer, tmp_path: Path
) -> None:
    sign_in(page, ctx, server, person(ctx, "Målfrid Baik"))
    page.goto("/import")
    page.get_by_label(nb("Invitation file")).set_input_files(
        invitation_docx(tmp_path / "innkalling.docx")
    )
    page.get_by_role("button", name=nb("Show the preview")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        nb("Preview of {file}", file="innkalling.docx")
    )
    assert serious_violations(page) == []
    assert lead_of(ctx, "Klimaregnskap") is None  # the preview wrote nothing
    lead = page.get_by_label(nb("{field}, line {line}", field=nb("Lead"), line=9))
    expect(lead).to_have_value("Per Olav Moen")
    lead.fill("Kari Anne Haugen")
    page.get_by_role("button", name=nb("Confirm the import")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        nb("Imported {file}", file="innkalling.docx")
    )
    assert lead_of(ctx, "Klimaregnskap") == "Kari Anne Haugen"
    assert lead_of(ctx, "Massehåndtering") == "Siri Dahl"


def test_a_member_cannot_reach_the_import_page(
    page: Page, ctx: ServiceContext, server: LiveServer
) -> None:
    with ctx.uow() as uow:
        before = uow.session.scalar(select(func.count()).select_from(Group))
    sign_in(page, ctx, server, person(ctx, "Eli Bryhni"))
    response = page.goto("/import")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_label(nb("Invitation file"))).to_have_count(0)
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Group)) == before
