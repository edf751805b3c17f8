"""In a real browser: the secretariat follows the meeting page's link to the input round and sees
which organisation has delivered input to Sak 3 (who and when) and which have not."""

from __future__ import annotations

from datetime import UTC, datetime

from browser_support import SCREENSHOTS, LiveServer, nb, sign_in
from playwright.sync_api import Page, expect

from tracker import schemas as s
from tracker.clock import FixedClock
from tracker.models import Channel
from tracker.services import contributions, groups, meetings
from tracker.services.context import Actor, ServiceContext


def person(ctx: ServiceContext, name: str) -> int:
    (found,) = groups.find_people(ctx, name=name)
    return found.id


def test_the_secretariat_sees_who_has_delivered_input_in_the_round(
    page: Page, ctx: ServiceContext, server: LiveServer, clock: FixedClock
) -> None:
    (meeting,) = meetings.list_meetings(ctx)
    sak3 = next(i for p in meeting.parts if p.is_group_part for i in p.items if i.label == "3")
    clock.set(datetime(2025, 1, 20, 13, 5, tzinfo=UTC))
    contributions.submit_contribution(
        ctx,
        actor=Actor(person(ctx, "Eli Bryhni"), Channel.WEB),
        data=s.ContributionCreate(agenda_item_id=sak3.id, body="Hamarregionen støtter forslaget."),
    )
    sign_in(page, ctx, server, person(ctx, "Målfrid Baik"))
    page.goto(f"/meetings/{meeting.id}")
    page.get_by_role("link", name=nb("Input round: who has delivered")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nb("Input round"))
    delivered = page.get_by_role("row", name="Hamarregionen Utvikling")
    expect(delivered).to_contain_text(f"{nb('Delivered')}: Eli Bryhni, 20. januar 2025 kl. 14:05")
    expect(page.get_by_role("row", name="Asker kommune")).to_contain_text(nb("Not delivered"))
    expect(page.get_by_role("row").filter(has_text=nb("Not delivered"))).not_to_have_count(0)
    expect(
        page.get_by_text(
            nb("{delivered} of {total} organisations have delivered", delivered=1, total=33)
        )
    ).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "input-round-delivered.png"), full_page=True)
