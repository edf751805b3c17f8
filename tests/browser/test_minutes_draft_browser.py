"""The minutes draft page in Chromium: the secretariat sees the round-the-table line under
Sak 4, axe finds no serious or critical violation, and screenshots at desktop and phone width
(with nothing sticking out sideways on the phone)."""

from __future__ import annotations

from datetime import UTC, datetime

from browser_support import PHONE, SCREENSHOTS, LiveServer, nb, serious_violations, sign_in
from playwright.sync_api import Browser, Page, expect

from tracker import schemas as s
from tracker.clock import FixedClock
from tracker.models import Channel, ContributionKind
from tracker.services import contributions, groups, meetings
from tracker.services.context import Actor, ServiceContext

ROUND_LINE = "Gjøvik ansetter 250 i nytt batterianlegg"


def test_the_minutes_draft_shows_the_round_the_table_line_passes_axe_and_fits_a_phone(
    browser: Browser, page: Page, ctx: ServiceContext, server: LiveServer, clock: FixedClock
) -> None:
    (secretariat,) = groups.find_people(ctx, name="Målfrid Baik")
    (member,) = groups.find_people(ctx, name="Eli Bryhni")
    (meeting,) = meetings.list_meetings(ctx)
    sak4 = next(i for p in meeting.parts if p.is_group_part for i in p.items if i.label == "4")
    clock.set(datetime(2025, 1, 16, 10, 15, tzinfo=UTC))
    contributions.submit_contribution(
        ctx,
        actor=Actor(person_id=member.id, channel=Channel.SLACK),
        data=s.ContributionCreate(
            agenda_item_id=sak4.id, body=ROUND_LINE, kind=ContributionKind.MINUTES
        ),
    )
    sign_in(page, ctx, server, secretariat.id)
    page.goto(f"/meetings/{meeting.id}")
    page.get_by_role("link", name=nb("Minutes draft"), exact=True).click()
    heading = nb("Item {label}: {title}", label=sak4.label, title=sak4.title)
    section = page.get_by_role("region", name=heading)
    expect(section.get_by_role("listitem")).to_have_text([f"Eli Bryhni: {ROUND_LINE}"])
    assert serious_violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "minutes-draft-desktop.png"), full_page=True)
    phone_context = browser.new_context(
        viewport=PHONE, locale="nb-NO", base_url=server.url, is_mobile=True, has_touch=True
    )
    try:
        phone = phone_context.new_page()
        sign_in(phone, ctx, server, secretariat.id)
        phone.goto(f"/meetings/{meeting.id}/minutes")
        path = SCREENSHOTS / "minutes-draft-phone.png"
        phone.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow == 0
    finally:
        phone_context.close()
