"""The draft agenda page in a real browser, signed in as the secretariat: no serious or critical
axe violation (before and after an edit), nothing sticking out sideways on a phone, a moved item
comes back in view, and screenshots for the closing note."""

from __future__ import annotations

from browser_support import PHONE, SCREENSHOTS, LiveServer, nb, serious_violations, sign_in
from playwright.sync_api import Browser, Page, expect

from tracker.demo.activity import add_demo_tasks
from tracker.models import Channel
from tracker.services import groups, meetings
from tracker.services.context import Actor, ServiceContext


def test_the_draft_agenda_page_is_accessible_keeps_its_place_and_fits_a_phone(
    browser: Browser, page: Page, ctx: ServiceContext, server: LiveServer
) -> None:
    (meeting,) = meetings.list_meetings(ctx)
    add_demo_tasks(ctx, group_id=meeting.group_id, actor=Actor.system_actor(Channel.IMPORT))
    (secretariat,) = groups.find_people(ctx, name="Målfrid Baik")
    url = f"/meetings/{meeting.id}/agenda"
    sign_in(page, ctx, server, secretariat.id)
    page.goto(url)
    assert serious_violations(page) == []
    expect(page.get_by_text("MANGLER: Samle erfaringer", exact=False)).to_be_visible()
    # Moving the first workgroup down comes back to it, with the confirmation beside it.
    item = page.locator("li[id^='item-workgroup:']").first
    item_id = item.get_attribute("id")
    item.get_by_role("button", name=nb("Move down")).click()
    assert page.url.endswith(f"#{item_id}")
    moved = page.locator(f"li[id='{item_id}']")
    expect(moved.get_by_text(nb("The draft agenda was changed."))).to_be_visible()
    assert serious_violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(url)
    page.screenshot(path=str(SCREENSHOTS / "agenda-draft-desktop.png"), full_page=True)
    phone_context = browser.new_context(
        viewport=PHONE, locale="nb-NO", base_url=server.url, is_mobile=True, has_touch=True
    )
    try:
        phone = phone_context.new_page()
        sign_in(phone, ctx, server, secretariat.id)
        phone.goto(url)
        path = SCREENSHOTS / "agenda-draft-phone.png"
        phone.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0
    finally:
        phone_context.close()
