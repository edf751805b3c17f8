"""axe-core, run in Chromium on every page (signed out, signed in, a refused form, English),
reports no serious or critical violation; and screenshots of the overview, a board and the
meeting page at desktop and phone width, for people to look at."""

from __future__ import annotations

from datetime import date
from typing import Any

from browser_support import PHONE, SCREENSHOTS, LiveServer, nb, serious_violations, sign_in
from playwright.sync_api import Browser, Page, expect

from tracker import schemas as s
from tracker.models import Channel, TaskStatus
from tracker.services import access, groups, meetings, tasks
from tracker.services.context import Actor, ServiceContext

SYSTEM = Actor.system_actor(Channel.CLI)


def some_tasks(ctx: ServiceContext) -> list[s.TaskView]:
    """A few tasks in every status, as a board in use would have them."""
    (lead,) = groups.find_people(ctx, name="Asbjørn Lunde")
    (member,) = groups.find_people(ctx, name="Eli Bryhni")
    workgroup = next(w for w in groups.list_workgroups(ctx) if w.number == 2)
    (meeting,) = meetings.list_meetings(ctx)
    sak3 = next(i for p in meeting.parts if p.is_group_part for i in p.items if i.label == "3")
    made = []
    for title, status, due, owner, extra in [
        ("Kartlegg avfallsstrømmer i kommunene", TaskStatus.TODO, date(2025, 1, 20), lead, {}),
        ("Send innspill til høring om avfall", TaskStatus.TODO, date(2025, 1, 8), member, {}),
        (
            "Skriv forslag til prioriteringer",
            TaskStatus.DOING,
            date(2025, 1, 15),
            lead,
            {"agenda_item_id": sak3.id},
        ),
        (
            "Avklar budsjett med kommunedirektøren",
            TaskStatus.BLOCKED,
            None,
            lead,
            {"blocked_reason": "venter på svar"},
        ),
        ("Notat om sirkulære anskaffelser", TaskStatus.DONE, date(2025, 1, 5), member, {}),
    ]:
        made.append(
            tasks.create_task(
                ctx,
                actor=SYSTEM,
                data=s.TaskCreate(
                    title=title,
                    workgroup_id=workgroup.id,
                    status=status,
                    due_on=due,
                    owner_id=owner.id,
                    **extra,  # type: ignore[arg-type]
                ),
            )
        )
    return made


def test_no_page_has_a_serious_or_critical_axe_violation(
    page: Page, ctx: ServiceContext, server: LiveServer
) -> None:
    made = some_tasks(ctx)
    (lead,) = groups.find_people(ctx, name="Asbjørn Lunde")
    workgroup = made[0].workgroup_id
    (meeting,) = meetings.list_meetings(ctx)
    findings: dict[str, list[dict[str, Any]]] = {}

    def check(url: str) -> None:
        page.goto(url)
        found = serious_violations(page)
        if found:
            findings[url] = found

    check("/sign-in")
    check(f"/sign-in/{access.create_sign_in_link(ctx, person_id=lead.id, requested_via='t')}")
    check("/sign-in/no-such-link")
    sign_in(page, ctx, server, lead.id)
    for url in [
        "/",
        f"/workgroups/{workgroup}",
        f"/tasks/{made[2].id}",
        f"/tasks/{made[2].id}/edit",
        f"/workgroups/{workgroup}/tasks/new",
        "/my-tasks",
        "/deadlines",
        "/meetings",
        f"/meetings/{meeting.id}",
        f"/meetings/{meeting.id}/input",
        "/roster",
        f"/people/{lead.id}",
        "/workgroups/999999",
        "/?lang=en",
        f"/meetings/{meeting.id}",  # in English now
        "/?lang=nb",
    ]:
        check(url)
    # A refused form, with its error beside the field.
    page.goto(f"/tasks/{made[0].id}")
    page.get_by_label(nb("Due date"), exact=True).fill("31.02.2025")
    page.get_by_role("button", name=nb("Save due date")).click()
    expect(page.get_by_label(nb("Due date"), exact=True)).to_have_attribute("aria-invalid", "true")
    found = serious_violations(page)
    if found:
        findings["refused due date form"] = found
    # The open details of the board (blocking asks for a reason) and of the meeting page.
    page.goto(f"/workgroups/{workgroup}")
    for summary in page.locator("details.block-form > summary").all():
        summary.click()
    found = serious_violations(page)
    if found:
        findings["board with open forms"] = found
    assert findings == {}


def test_screenshots_of_the_overview_a_board_and_the_meeting_page(
    browser: Browser, page: Page, ctx: ServiceContext, server: LiveServer
) -> None:
    made = some_tasks(ctx)
    (lead,) = groups.find_people(ctx, name="Asbjørn Lunde")
    (meeting,) = meetings.list_meetings(ctx)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "overview": "/",
        "board": f"/workgroups/{made[0].workgroup_id}",
        "meeting": f"/meetings/{meeting.id}",
        "input-round": f"/meetings/{meeting.id}/input",
    }
    sign_in(page, ctx, server, lead.id)
    phone_context = browser.new_context(
        viewport=PHONE, locale="nb-NO", base_url=server.url, is_mobile=True, has_touch=True
    )
    phone = phone_context.new_page()
    try:
        sign_in(phone, ctx, server, lead.id)
        for name, url in pages.items():
            for width, tab in (("desktop", page), ("phone", phone)):
                tab.goto(url)
                path = SCREENSHOTS / f"{name}-{width}.png"
                tab.screenshot(path=str(path), full_page=True)
                assert path.stat().st_size > 10_000
            # Nothing sticks out sideways on a phone.
            overflow = phone.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (name, overflow)
        page.emulate_media(media="print")
        page.goto(pages["meeting"])
        page.screenshot(path=str(SCREENSHOTS / "meeting-print.png"), full_page=True)
        assert page.locator("form").first.is_hidden()
    finally:
        phone_context.close()
