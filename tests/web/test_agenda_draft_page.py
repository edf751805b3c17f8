"""The draft agenda page: the secretariat sees the numbered draft with the five workgroups and
the missing work flagged, linked from the meeting page, and downloads it as .docx and Markdown;
no one else sees it."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from docx import Document
from flask.testing import FlaskClient
from web_support import MEMBER, SECRETARIAT, nb, text_of

from tracker.demo.activity import add_demo_tasks
from tracker.importer.apply import ImportReport
from tracker.models import Channel
from tracker.services import meetings
from tracker.services.context import Actor, ServiceContext


def test_the_secretariat_sees_the_draft_agenda_and_downloads_it(
    ctx: ServiceContext,
    seeded: ImportReport,
    client: FlaskClient,
    as_person: Callable[[str], int],
) -> None:
    add_demo_tasks(ctx, group_id=seeded.group_id, actor=Actor.system_actor(Channel.IMPORT))
    (meeting, *_) = meetings.list_meetings(ctx)
    as_person(SECRETARIAT)
    assert nb("Draft agenda") in text_of(client.get(f"/meetings/{meeting.id}"))
    page = client.get(f"/meetings/{meeting.id}/agenda")
    assert page.status_code == 200
    text = text_of(page)
    assert "Godkjenning av innkalling og saksliste" in text
    positions = [text.index(f"Arbeidsgruppe {number}: ") for number in range(1, 6)]
    assert positions == sorted(positions)
    assert "MANGLER: Samle erfaringer med internasjonal rekruttering i kommunene" in text
    assert text.index("Godkjenning av innkalling") < positions[0] < text.rindex("Eventuelt")
    docx = client.get(f"/meetings/{meeting.id}/agenda.docx")
    assert docx.status_code == 200
    assert "attachment" in docx.headers["Content-Disposition"]
    document = Document(BytesIO(docx.data))
    items = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert items[0] == "Godkjenning av innkalling og saksliste"
    assert items[2].startswith("Arbeidsgruppe 1: ")
    assert items[-1] == "Eventuelt"
    markdown = client.get(f"/meetings/{meeting.id}/agenda.md").get_data(as_text=True)
    assert markdown.startswith("# Utkast til saksliste: ")
    assert "1. Godkjenning av innkalling og saksliste" in markdown


def test_a_member_cannot_open_the_draft_agenda(
    ctx: ServiceContext,
    seeded: ImportReport,
    client: FlaskClient,
    as_person: Callable[[str], int],
) -> None:
    (meeting, *_) = meetings.list_meetings(ctx)
    as_person(MEMBER)
    assert nb("Draft agenda") not in text_of(client.get(f"/meetings/{meeting.id}"))
    assert client.get(f"/meetings/{meeting.id}/agenda").status_code == 403
    assert client.get(f"/meetings/{meeting.id}/agenda.docx").status_code == 403
