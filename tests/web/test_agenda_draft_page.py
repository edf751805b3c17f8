"""The draft agenda page: the secretariat sees the numbered draft with the five workgroups and
the missing work flagged, linked from the meeting page, and downloads it as .docx and Markdown;
no one else sees it."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO

from docx import Document
from flask.testing import FlaskClient
from web_support import MEMBER, SECRETARIAT, nb, post_form, text_of

from chatops.reply import BulletList, Heading
from tracker.demo.activity import add_demo_tasks
from tracker.importer.apply import ImportReport
from tracker.models import Channel
from tracker.services import agenda_draft, meetings, outbox, rooms
from tracker.services.context import Actor, ServiceContext
from worker import replies


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
    assert "Eventuelt" in items
    # The two parts of the meeting stay apart, each with its own heading and list.
    parts = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert parts == [p.title for p in sorted(meeting.parts, key=lambda p: not p.is_group_part)]
    html = page.get_data(as_text=True)
    assert html.count('<ol class="agenda-draft">') == 2
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


def test_the_secretariat_posts_the_draft_to_the_group_s_room_as_numbered_items(
    ctx: ServiceContext,
    seeded: ImportReport,
    client: FlaskClient,
    as_person: Callable[[str], int],
) -> None:
    add_demo_tasks(ctx, group_id=seeded.group_id, actor=Actor.system_actor(Channel.IMPORT))
    (meeting, *_) = meetings.list_meetings(ctx)
    rooms.bind_room(
        ctx,
        actor=Actor.system_actor(),
        platform="matrix",
        room_id="!styret:example.org",
        group_id=seeded.group_id,
        workgroup_id=None,
    )
    as_person(SECRETARIAT)
    page = f"/meetings/{meeting.id}/agenda"
    posted = post_form(client, page, f"{page}/publish", {})
    assert posted.status_code == 303
    assert posted.headers["Location"].endswith(f"{page}#publish")
    assert nb("The draft agenda goes to {count} room(s).", count=1) in text_of(client.get(page))
    (entry,) = [e for e in outbox.list_entries(ctx) if e.kind == agenda_draft.PUBLISHED]
    assert (entry.platform, entry.destination) == ("matrix", "!styret:example.org")
    reply = replies.build(ctx, entry)
    assert reply is not None
    assert reply.title is not None
    assert reply.title.startswith("Utkast til saksliste: ")
    headings = [b.text for b in reply.blocks if isinstance(b, Heading)]
    # Each part of the meeting under its title, numbered from 1; «Eventuelt» closes the group's.
    own, shared = sorted(meeting.parts, key=lambda p: not p.is_group_part)
    assert headings[0] == own.title
    assert headings[1] == "1. Godkjenning av innkalling og saksliste"
    at = headings.index(shared.title)
    assert headings[at - 1].endswith(". Eventuelt")
    assert headings[at + 1] == "1. Ny møteform med en felles del og parallelle faggruppemøter"
    points = [line for b in reply.blocks if isinstance(b, BulletList) for _, line in b.items]
    assert any(p.startswith("MANGLER: Samle erfaringer") for p in points)


def test_the_secretariat_renames_moves_drops_and_adds_items_and_the_docx_follows(
    ctx: ServiceContext,
    seeded: ImportReport,
    client: FlaskClient,
    as_person: Callable[[str], int],
) -> None:
    (meeting, *_) = meetings.list_meetings(ctx)
    as_person(SECRETARIAT)
    page = f"/meetings/{meeting.id}/agenda"
    edit = f"{page}/edit"
    draft = agenda_draft.build_agenda_draft(ctx, meeting_id=meeting.id, language="nb")
    second, third = draft.items[1].key, draft.items[2].key
    renamed = post_form(
        client, page, edit, {"action": "rename", "key": third, "title": "Status fra gruppe 1"}
    )
    assert renamed.headers["Location"].endswith(f"{page}#item-{third}")
    post_form(client, page, edit, {"action": "up", "key": third})
    post_form(client, page, edit, {"action": "drop", "key": second})
    added = post_form(client, page, edit, {"action": "add", "title": "Besøk fra fylkeskommunen"})
    # Back to the new item itself, which takes focus (tabindex) with the confirmation inside.
    assert added.headers["Location"].endswith(f"{page}#item-custom:1")
    html = client.get(page).get_data(as_text=True)
    new_item = html.split('<li id="item-custom:1" tabindex="-1">')[1].split("</form>")[0]
    assert "Besøk fra fylkeskommunen" in new_item
    assert nb("The draft agenda was changed.") in new_item
    document = Document(BytesIO(client.get(f"{page}.docx").data))
    items = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert items[:2] == ["Godkjenning av innkalling og saksliste", "Status fra gruppe 1"]
    assert not any(i.startswith("Godkjenning av referat") for i in items)
    own = items[: items.index("Eventuelt") + 1]
    assert own[-2:] == ["Besøk fra fylkeskommunen", "Eventuelt"]
    # The renamed workgroup item still carries its deliverables.
    edited = agenda_draft.build_agenda_draft(ctx, meeting_id=meeting.id, language="nb")
    assert edited.items[1].workgroup_number == 1
    empty = post_form(client, page, edit, {"action": "add", "title": " "})
    assert empty.status_code == 303
    assert "kan ikke være tom" in text_of(client.get(page))
