"""The minutes draft page: the secretariat sees each item with its minutes lines (the
round-the-table line of the seed's Sak 4 under that item) and downloads the same draft as .docx and
Markdown; a member who leads nothing cannot open it."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import UTC, datetime

from docx import Document
from flask.testing import FlaskClient
from web_support import MEMBER, SECRETARIAT, nb, text_of

from tracker import schemas as s
from tracker.clock import FixedClock
from tracker.models import Channel, ContributionKind
from tracker.services import contributions, meetings
from tracker.services.context import Actor, ServiceContext

ROUND_LINE = "Gjøvik ansetter 250 i nytt batterianlegg"


def test_the_secretariat_sees_the_round_the_table_line_under_its_item_and_downloads_the_draft(
    ctx: ServiceContext,
    client: FlaskClient,
    clock: FixedClock,
    as_person: Callable[[str], int],
    person_id: Callable[[str], int],
) -> None:
    (meeting,) = meetings.list_meetings(ctx)
    group_part = next(p for p in meeting.parts if p.is_group_part)
    sak4 = next(i for i in group_part.items if i.label == "4")
    clock.set(datetime(2025, 1, 16, 10, 15, tzinfo=UTC))
    contributions.submit_contribution(
        ctx,
        actor=Actor(person_id=person_id(MEMBER), channel=Channel.WEB),
        data=s.ContributionCreate(
            agenda_item_id=sak4.id, body=ROUND_LINE, kind=ContributionKind.MINUTES
        ),
    )
    as_person(SECRETARIAT)
    assert nb("Minutes draft") in text_of(client.get(f"/meetings/{meeting.id}"))
    response = client.get(f"/meetings/{meeting.id}/minutes")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    section = html.split(f'id="item-{sak4.id}"')[1].split("</section>")[0]
    section_text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert f"{MEMBER}: {ROUND_LINE}" in section_text
    assert nb("Decision: …") in section_text
    assert text_of(response).count(ROUND_LINE) == 1
    markdown = client.get(f"/meetings/{meeting.id}/minutes.md")
    assert markdown.status_code == 200
    sak4_heading = nb("Item {label}: {title}", label=sak4.label, title=sak4.title)
    after = markdown.get_data(as_text=True).split(f"### {sak4_heading}")[1].split("\n### ")[0]
    assert f"- {MEMBER}: {ROUND_LINE}" in after
    word = client.get(f"/meetings/{meeting.id}/minutes.docx")
    assert word.status_code == 200
    headings = [
        p.text for p in Document(io.BytesIO(word.data)).paragraphs if p.style.name == "Heading 2"
    ]
    assert headings[: len(group_part.items)] == [
        nb("Item {label}: {title}", label=i.label, title=i.title) for i in group_part.items
    ]


def test_a_member_who_leads_nothing_cannot_open_the_minutes_draft(
    ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    (meeting,) = meetings.list_meetings(ctx)
    as_person(MEMBER)
    assert nb("Minutes draft") not in text_of(client.get(f"/meetings/{meeting.id}"))
    for suffix in ("", ".md", ".docx"):
        assert client.get(f"/meetings/{meeting.id}/minutes{suffix}").status_code == 403
