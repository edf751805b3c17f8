"""After an action the page comes back to what was acted on, in headless Chromium: a card moved
far down a board is in view and focused after the reload, with its confirmation beside it, on
a desktop and on a phone; a comment and a contribution come back the same way."""

from __future__ import annotations

import re
from datetime import date

import pytest
from browser_support import DESKTOP, PHONE, LiveServer, nb, serious_violations, sign_in
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from tracker import schemas as s
from tracker.models import Channel
from tracker.services import groups, meetings, tasks
from tracker.services.context import Actor, ServiceContext

SYSTEM = Actor.system_actor(Channel.CLI)
LEAD = "Asbjørn Lunde"  # leads workgroup 2


def person(ctx: ServiceContext, name: str) -> int:
    (found,) = groups.find_people(ctx, name=name)
    return found.id


def fill_board(ctx: ServiceContext, count: int) -> list[s.TaskView]:
    """Enough tasks in workgroup 2 that its board is longer than a screen."""
    workgroup = next(w.id for w in groups.list_workgroups(ctx) if w.number == 2)
    return [
        tasks.create_task(
            ctx,
            actor=SYSTEM,
            data=s.TaskCreate(
                title=f"Kartlegg avfallsstrømmer i kommune {number}",
                workgroup_id=workgroup,
                owner_id=person(ctx, LEAD),
                due_on=date(2025, 2, number),
            ),
        )
        for number in range(1, count + 1)
    ]


def in_viewport(page: Page, element: Locator) -> bool:
    """Whether the whole of the element is on the screen."""
    box = element.bounding_box()
    assert box is not None
    height = page.evaluate("window.innerHeight")
    width = page.evaluate("window.innerWidth")
    return bool(
        box["y"] >= 0
        and box["y"] + box["height"] <= height
        and box["x"] >= 0
        and box["x"] + box["width"] <= width
    )


def focused_id(page: Page) -> str:
    return str(page.evaluate("document.activeElement.id"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_card_moved_far_down_the_board_is_in_view_and_focused_with_its_confirmation(
    page: Page, ctx: ServiceContext, server: LiveServer, viewport: ViewportSize
) -> None:
    page.set_viewport_size(viewport)
    moving = fill_board(ctx, 14)[-1]  # due last, so the lowest card of its column
    sign_in(page, ctx, server, person(ctx, LEAD))
    board = f"{server.url}/workgroups/{moving.workgroup_id}"
    page.goto(board)
    card = page.locator(f"#task-{moving.id}")
    button = card.get_by_role(
        "button", name=f"{nb('Move #{id} to', id=moving.id)} {nb('In progress')}"
    )
    button.scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 0, "the board is not scrolled down"
    button.click()

    page.wait_for_url(f"{board}#task-{moving.id}")
    moved = page.locator(f"section.column-doing #task-{moving.id}")
    expect(moved.get_by_role("status")).to_have_text(
        nb("#{id} is now {status}.", id=moving.id, status=nb("In progress"))
    )
    assert focused_id(page) == f"task-{moving.id}"
    assert in_viewport(page, moved)
    # The confirmation is beside the card, not at the top of the page as well.
    expect(page.get_by_role("status")).to_have_count(1)
    assert serious_violations(page) == []


def test_a_refused_move_comes_back_to_the_card_with_the_reason_beside_it(
    page: Page, ctx: ServiceContext, server: LiveServer
) -> None:
    page.set_viewport_size(PHONE)
    stale = fill_board(ctx, 10)[-1]
    sign_in(page, ctx, server, person(ctx, LEAD))
    board = f"{server.url}/workgroups/{stale.workgroup_id}"
    page.goto(board)
    # Someone else moves it in the meantime: the button's version is out of date.
    tasks.update_task(
        ctx, actor=SYSTEM, task_id=stale.id, data=s.TaskUpdate(title="Kartlegg på nytt")
    )
    page.locator(f"#task-{stale.id}").get_by_role(
        "button", name=f"{nb('Move #{id} to', id=stale.id)} {nb('Done')}"
    ).click()

    page.wait_for_url(f"{board}#task-{stale.id}")
    card = page.locator(f"#task-{stale.id}")
    expect(card.get_by_role("alert")).to_be_visible()
    assert focused_id(page) == f"task-{stale.id}"
    assert in_viewport(page, card)


def test_a_comment_comes_back_focused_with_its_confirmation(
    page: Page, ctx: ServiceContext, server: LiveServer
) -> None:
    page.set_viewport_size(PHONE)
    commented = fill_board(ctx, 1)[0]
    sign_in(page, ctx, server, person(ctx, LEAD))
    page.goto(f"{server.url}/tasks/{commented.id}")
    page.get_by_label(nb("New comment")).fill("Sendt til kommunene.")
    page.get_by_role("button", name=nb("Add comment")).click()

    (comment,) = tasks.list_comments(ctx, task_id=commented.id)
    page.wait_for_url(f"{server.url}/tasks/{commented.id}#comment-{comment.id}")
    shown = page.locator(f"#comment-{comment.id}")
    expect(shown.get_by_role("status")).to_have_text(nb("Your comment was added."))
    expect(shown).to_contain_text("Sendt til kommunene.")
    assert focused_id(page) == f"comment-{comment.id}"
    assert in_viewport(page, shown)


def test_a_contribution_comes_back_to_its_agenda_item_focused_with_the_thanks(
    page: Page, ctx: ServiceContext, server: LiveServer
) -> None:
    page.set_viewport_size(PHONE)
    meeting = meetings.list_meetings(ctx)[-1]
    item = meeting.parts[-1].items[-1]  # the last item, far down the page
    sign_in(page, ctx, server, person(ctx, LEAD))
    page.goto(f"{server.url}/meetings/{meeting.id}")
    article = page.locator(f"#item-{item.id}")
    article.locator("summary").click()
    article.get_by_label(nb("Your contribution to item {label}", label=item.label)).fill(
        "Lunner stiller med to deltakere."
    )
    article.locator("form").get_by_role("button").last.click()

    page.wait_for_url(f"{server.url}/meetings/{meeting.id}#item-{item.id}")
    expect(article.get_by_role("status")).to_have_text(
        nb("Thank you! Your contribution was recorded.")
    )
    assert focused_id(page) == f"item-{item.id}"
    # An item with its contributions may be taller than a phone: its heading is on the screen.
    assert in_viewport(page, article.get_by_role("heading", level=3).first)


def test_a_long_history_reads_on_a_phone_without_scrolling_sideways(
    page: Page, ctx: ServiceContext, server: LiveServer
) -> None:
    page.set_viewport_size(PHONE)
    busy = fill_board(ctx, 1)[0]
    for number in range(12):
        tasks.update_task(
            ctx,
            actor=SYSTEM,
            task_id=busy.id,
            data=s.TaskUpdate(
                title=f"Kartlegg avfallsstrømmene og returlogistikken i regionen, runde {number}",
                description=f"{'Innspillsrunde' * 8}{number}",  # one long word, as pasted
            ),
        )
    sign_in(page, ctx, server, person(ctx, LEAD))
    page.goto(f"{server.url}/tasks/{busy.id}")

    history = page.get_by_role("region", name=nb("Every change, newest first"))
    expect(history.get_by_role("row")).to_have_count(1 + 1 + 2 * 12)  # header, created, changes
    sideways = page.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth,"
        " document.querySelector('.table-scroll table.history').parentElement.scrollWidth,"
        " document.querySelector('.table-scroll table.history').parentElement.clientWidth]"
    )
    page_width, window_width, table_width, region_width = sideways
    assert page_width <= window_width
    assert table_width <= region_width  # the history itself does not scroll sideways either
    # Each change names what it is, without the column headings above it.
    label = page.evaluate(
        "getComputedStyle(document.querySelector('table.history tbody td:nth-child(2)'),"
        " '::before').content"
    )
    assert label == f'"{nb("Who")}: "'
    assert serious_violations(page) == []


def new_feed_page(page: Page, ctx: ServiceContext, server: LiveServer) -> str:
    """Sign in, make a personal calendar feed, and return its address as the page shows it."""
    me = person(ctx, LEAD)
    sign_in(page, ctx, server, me)
    page.goto(f"{server.url}/people/{me}")
    page.locator("#feeds form").last.get_by_role("button").last.click()
    field = page.get_by_label(nb("The new address (copy it now, it will not be shown again):"))
    expect(field).to_have_value(re.compile(r"/feeds/.+\.ics$"))
    return field.input_value()


def test_the_copy_button_puts_the_feed_address_on_the_clipboard(
    browser: Browser, ctx: ServiceContext, server: LiveServer
) -> None:
    context = browser.new_context(viewport=PHONE, locale="nb-NO", base_url=server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    page = context.new_page()
    try:
        address = new_feed_page(page, ctx, server)
        assert address.startswith(server.url)
        page.get_by_role("button", name=nb("Copy the address")).click()
        expect(page.get_by_text(nb("The address is copied."))).to_be_visible()
        assert page.evaluate("navigator.clipboard.readText()") == address
        subscribe = page.get_by_role("link", name=nb("Subscribe in the calendar on this device"))
        expect(subscribe).to_have_attribute("href", "webcal:" + address.partition(":")[2])
        assert serious_violations(page) == []
    finally:
        context.close()


def test_without_scripts_the_feed_address_is_a_field_to_select_and_no_dead_button(
    browser: Browser, ctx: ServiceContext, server: LiveServer
) -> None:
    context = browser.new_context(
        viewport=PHONE, locale="nb-NO", base_url=server.url, java_script_enabled=False
    )
    page = context.new_page()
    try:
        address = new_feed_page(page, ctx, server)
        expect(page.get_by_role("button", name=nb("Copy the address"))).to_be_hidden()
        field = page.get_by_label(nb("The new address (copy it now, it will not be shown again):"))
        field.select_text()  # what a person does by hand: select it, then copy
        assert field.evaluate("f => f.value.slice(f.selectionStart, f.selectionEnd)") == address
        expect(field).to_be_visible()
    finally:
        context.close()
