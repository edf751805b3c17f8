"""The meeting cycle's pages in Chromium on a phone (390 × 844), as the secretariat: an agenda
item moved down comes back in view and focused with its confirmation; the minutes of an item far
down the page are saved and the page returns to that item the same way; axe finds no serious or
critical violation on the secretariat's pages not checked elsewhere; screenshots of all three
pages for the closing note."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import PHONE, SCREENSHOTS, LiveServer, nb, serious_violations, sign_in
from playwright.sync_api import Browser, Locator, Page, expect

from tracker.demo.activity import add_demo_tasks
from tracker.models import Channel
from tracker.services import groups, meetings
from tracker.services.context import Actor, ServiceContext

SECRETARIAT = "Målfrid Baik"


@pytest.fixture
def phone(browser: Browser, server: LiveServer) -> Iterator[Page]:
    """A fresh phone-sized page, touch and all, in Norwegian."""
    context = browser.new_context(
        viewport=PHONE, locale="nb-NO", base_url=server.url, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def secretariat_id(ctx: ServiceContext) -> int:
    (person,) = groups.find_people(ctx, name=SECRETARIAT)
    return person.id


def focused_in_view(page: Page) -> dict[str, Any]:
    """The focused element's id and whether its top edge and the start of it are on screen."""
    found: dict[str, Any] = page.evaluate(
        """() => {
            const el = document.activeElement;
            const box = el.getBoundingClientRect();
            return {
                id: el.id,
                top: box.top,
                left: box.left,
                right: box.right,
                inView: box.top >= 0 && box.top < window.innerHeight
                    && box.left >= 0 && box.right <= window.innerWidth,
            };
        }"""
    )
    return found


def no_sideways_scroll(page: Page) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


def test_on_a_phone_a_moved_agenda_item_stays_in_view_and_focused(
    phone: Page, ctx: ServiceContext, server: LiveServer
) -> None:
    (meeting,) = meetings.list_meetings(ctx)
    add_demo_tasks(ctx, group_id=meeting.group_id, actor=Actor.system_actor(Channel.IMPORT))
    sign_in(phone, ctx, server, secretariat_id(ctx))
    url = f"/meetings/{meeting.id}/agenda"
    phone.goto(url)
    # The fifth workgroup, far down a phone's screen, moved below the next item.
    item = phone.locator("li[id^='item-workgroup:']").nth(4)
    item_id = str(item.get_attribute("id"))
    button = item.get_by_role("button", name=nb("Move down"))
    button.scroll_into_view_if_needed()
    assert phone.evaluate("window.scrollY") > 0, "the item is not below the first screen"
    button.click()
    phone.wait_for_url(f"**{url}#{item_id}")
    moved = phone.locator(f"li[id='{item_id}']")
    expect(moved.get_by_role("status")).to_have_text(nb("The draft agenda was changed."))
    focus = focused_in_view(phone)
    assert focus["id"] == item_id
    assert focus["inView"], focus
    # It did move: the item that was below it now comes first.
    ids = (
        phone.locator("ol.agenda-draft")
        .first.locator(":scope > li")
        .evaluate_all("items => items.map(i => i.id)")
    )
    assert ids.index(item_id) == 7
    assert no_sideways_scroll(phone)
    assert serious_violations(phone) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "agenda-draft-moved-phone.png"))


def test_on_a_phone_saved_minutes_bring_the_item_back_in_view_focused_and_confirmed(
    phone: Page, ctx: ServiceContext, server: LiveServer
) -> None:
    (meeting,) = meetings.list_meetings(ctx)
    group_part = next(p for p in meeting.parts if p.is_group_part)
    sak6 = next(i for i in group_part.items if i.label == "6")
    sign_in(phone, ctx, server, secretariat_id(ctx))
    url = f"/meetings/{meeting.id}/minutes"
    phone.goto(url)
    heading = nb("Item {label}: {title}", label=sak6.label, title=sak6.title)
    section: Locator = phone.get_by_role("region", name=heading)
    section.get_by_label(nb("Minutes of the item")).fill(
        "Gruppen drøftet tilgangen til nye næringsområder."
    )
    section.get_by_label(nb("Decision"), exact=True).fill("Saken tas opp igjen i mars.")
    section.get_by_role("button", name=nb("Save")).click()
    phone.wait_for_url(f"**{url}#item-{sak6.id}")
    section = phone.get_by_role("region", name=heading)
    expect(section.get_by_role("status")).to_have_text(nb("The minutes of the item were saved."))
    expect(section.locator("p.decision")).to_have_text("Vedtak: Saken tas opp igjen i mars.")
    focus = focused_in_view(phone)
    assert focus["id"] == f"item-{sak6.id}"
    assert focus["inView"], focus
    assert phone.evaluate("window.scrollY") > 0
    assert no_sideways_scroll(phone)
    assert serious_violations(phone) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "minutes-draft-saved-phone.png"))


def test_the_secretariat_s_pages_have_no_serious_or_critical_axe_violation(
    page: Page, ctx: ServiceContext, server: LiveServer
) -> None:
    (meeting,) = meetings.list_meetings(ctx)
    add_demo_tasks(ctx, group_id=meeting.group_id, actor=Actor.system_actor(Channel.IMPORT))
    sign_in(page, ctx, server, secretariat_id(ctx))
    findings: dict[str, list[dict[str, Any]]] = {}
    for url in [
        f"/meetings/{meeting.id}/agenda",
        f"/meetings/{meeting.id}/minutes",
        f"/meetings/{meeting.id}/input",
        "/meetings/next",
        "/summary",
        "/summary/2",
        "/account",
        "/import",
        "/no-such-page",
    ]:
        page.goto(url)
        found = serious_violations(page)
        if found:
            findings[url] = found
    assert findings == {}
    # Full-page screenshots of the three pages of the meeting cycle, for the closing note.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, url in [
        ("agenda-draft", f"/meetings/{meeting.id}/agenda"),
        ("input-round", f"/meetings/{meeting.id}/input"),
        ("minutes-draft", f"/meetings/{meeting.id}/minutes"),
    ]:
        page.goto(url)
        path = SCREENSHOTS / f"{name}-secretariat-desktop.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
