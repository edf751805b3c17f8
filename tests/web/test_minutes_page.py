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
from web_support import MEMBER, SECRETARIAT, nb, post_form, text_of

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


def _section(html: str, item_id: int) -> str:
    """The visible text of one item's section of the minutes page."""
    section = html.split(f'id="item-{item_id}"')[1].split("</section>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def test_the_secretariat_writes_an_items_text_and_decision_and_comes_back_to_that_item(
    ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    (meeting,) = meetings.list_meetings(ctx)
    group_part = next(p for p in meeting.parts if p.is_group_part)
    sak3 = next(i for i in group_part.items if i.label == "3")
    as_person(SECRETARIAT)
    url = f"/meetings/{meeting.id}/minutes"
    decision = "Faggruppen prioriterer sirkulær økonomi i 2025."
    response = post_form(
        client,
        url,
        f"{url}/{sak3.id}",
        {"text": "Gruppene la fram sine forslag.", "decision": decision},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"{url}#item-{sak3.id}")
    page = client.get(url).get_data(as_text=True)
    section = _section(page, sak3.id)
    # The confirmation sits in the item saved, not at the top of the page.
    assert nb("The minutes of the item were saved.") in section
    assert f"Vedtak: {decision}" in section
    assert "Gruppene la fram sine forslag." in section
    assert f'id="item-{sak3.id}" tabindex="-1"' in page
    # Saved: the next visit shows it too, and the exports carry it.
    assert nb("The minutes of the item were saved.") not in text_of(client.get(url))
    markdown = client.get(f"{url}.md").get_data(as_text=True)
    assert f"**Vedtak: {decision}**" in markdown
    word = Document(io.BytesIO(client.get(f"{url}.docx").data))
    assert f"Vedtak: {decision}" in [p.text for p in word.paragraphs]
    too_long = post_form(client, url, f"{url}/{sak3.id}", {"text": "x" * 20_001, "decision": ""})
    assert too_long.headers["Location"].endswith(f"#item-{sak3.id}")
    after = _section(client.get(url).get_data(as_text=True), sak3.id)
    assert nb("The text can be at most {max_length} characters.", max_length=20_000) in after
    assert f"Vedtak: {decision}" in after  # nothing was lost


def test_a_member_who_leads_nothing_cannot_open_the_minutes_draft(
    ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    (meeting,) = meetings.list_meetings(ctx)
    as_person(MEMBER)
    assert nb("Minutes draft") not in text_of(client.get(f"/meetings/{meeting.id}"))
    for suffix in ("", ".md", ".docx"):
        assert client.get(f"/meetings/{meeting.id}/minutes{suffix}").status_code == 403
    item = meeting.parts[0].items[0]
    saved = post_form(
        client,
        f"/meetings/{meeting.id}",
        f"/meetings/{meeting.id}/minutes/{item.id}",
        {"decision": "x"},
    )
    assert saved.status_code == 403
