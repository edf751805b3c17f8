"""The input round page: per item asking for written input (Sak 3 of the seed), every
organisation on the roster, the ones that delivered with who and when, the rest not delivered;
for the secretariat and the leads, linked from the meeting page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from flask.testing import FlaskClient
from web_support import LEAD, MEMBER, SECRETARIAT, nb, text_of

from tracker import schemas as s
from tracker.clock import FixedClock
from tracker.models import Channel, Role
from tracker.services import contributions, groups, meetings
from tracker.services.context import Actor, ServiceContext


def rows_of(html: str, item_id: int) -> dict[str, str]:
    """The organisation rows of an item's round: name to the visible text of its cell."""
    section = html.split(f'id="round-{item_id}"')[1].split("</section>")[0]
    found = re.findall(r'<th scope="row">(.*?)</th>\s*<td>(.*?)</td>', section, re.S)
    return {name: " ".join(re.sub(r"<[^>]+>", " ", cell).split()) for name, cell in found}


def test_the_input_round_lists_the_organisations_and_who_has_delivered(
    ctx: ServiceContext,
    client: FlaskClient,
    clock: FixedClock,
    as_person: Callable[[str], int],
    person_id: Callable[[str], int],
) -> None:
    (meeting,) = meetings.list_meetings(ctx)
    sak3 = next(i for p in meeting.parts if p.is_group_part for i in p.items if i.label == "3")
    clock.set(datetime(2025, 1, 20, 13, 5, tzinfo=UTC))
    contributions.submit_contribution(
        ctx,
        actor=Actor(person_id=person_id(MEMBER), channel=Channel.WEB),
        data=s.ContributionCreate(agenda_item_id=sak3.id, body="Vi foreslår et webinar."),
    )
    as_person(SECRETARIAT)
    meeting_page = client.get(f"/meetings/{meeting.id}")
    assert nb("Input round: who has delivered") in text_of(meeting_page)
    response = client.get(f"/meetings/{meeting.id}/input")
    assert response.status_code == 200
    assert f"{nb('Item {label}', label='3')}: {sak3.title}" in text_of(response)
    rows = rows_of(response.get_data(as_text=True), sak3.id)
    organisations = {
        member.person.organisation
        for member in groups.roster(ctx, group_id=meeting.group_id)
        if member.role == Role.MEMBER and member.person.organisation
    }
    assert set(rows) >= organisations
    assert len(organisations) > 3
    assert rows["Hamarregionen Utvikling"] == (
        f"{nb('Delivered')}: {MEMBER}, 20. januar 2025 kl. 14:05"
    )
    others = {name: cell for name, cell in rows.items() if name != "Hamarregionen Utvikling"}
    assert set(others.values()) == {nb("Not delivered")}
    assert nb(
        "{delivered} of {total} organisations have delivered", delivered=1, total=len(rows)
    ) in text_of(response)


def test_a_member_who_leads_nothing_neither_sees_nor_opens_the_input_round(
    ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    (meeting,) = meetings.list_meetings(ctx)
    as_person(MEMBER)
    assert nb("Input round: who has delivered") not in text_of(
        client.get(f"/meetings/{meeting.id}")
    )
    assert client.get(f"/meetings/{meeting.id}/input").status_code == 403
    as_person(LEAD)
    assert client.get(f"/meetings/{meeting.id}/input").status_code == 200
