"""What people do in the browser, in headless Chromium against the app on a real server:
sign in with a link from the chat, move a task on the board, mistype a due date, contribute to
an agenda item, read the meeting page."""

from __future__ import annotations

from datetime import UTC, date, datetime

from browser_support import LiveServer, nb, sign_in, sign_in_link
from playwright.sync_api import Page, expect

from tracker import schemas as s
from tracker.clock import FixedClock
from tracker.models import Channel, TaskStatus
from tracker.services import contributions, groups, meetings, tasks
from tracker.services.context import Actor, ServiceContext

SYSTEM = Actor.system_actor(Channel.CLI)


def person(ctx: ServiceContext, name: str) -> int:
    (found,) = groups.find_people(ctx, name=name)
    return found.id


def workgroup(ctx: ServiceContext, number: int) -> int:
    return next(w.id for w in groups.list_workgroups(ctx) if w.number == number)


def task(ctx: ServiceContext, title: str, **fields: object) -> s.TaskView:
    data = s.TaskCreate(
        title=title,
        workgroup_id=workgroup(ctx, 2),
        owner_id=person(ctx, "Asbjørn Lunde"),
        **fields,  # type: ignore[arg-type]
    )
    return tasks.create_task(ctx, actor=SYSTEM, data=data)


def test_a_person_signs_in_with_a_link_from_the_chat(
    page: Page, ctx: ServiceContext, server: LiveServer
) -> None:
    page.goto("/roster")
    expect(page).to_have_url(f"{server.url}/sign-in?next=/roster")
    expect(page.get_by_role("heading", level=1)).to_have_text(nb("Sign in"))
    link = sign_in_link(ctx, server, person(ctx, "Eli Bryhni"))
    page.goto(link)
    page.get_by_role("button", name=nb("Sign in")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Næringssamarbeid")
    expect(page.get_by_role("link", name="Eli Bryhni")).to_be_visible()
    # The link is spent: opening it again signs no one in.
    page.goto(link)
    expect(page.get_by_role("alert")).to_have_text(
        nb("That sign-in link is unknown, used or expired. Ask for a new one.")
    )


def test_a_task_moves_on_the_board_with_a_button(
    page: Page, ctx: ServiceContext, server: LiveServer
) -> None:
    moving = task(ctx, "Kartlegg avfallsstrømmer", due_on=date(2025, 1, 20))
    sign_in(page, ctx, server, person(ctx, "Asbjørn Lunde"))
    page.get_by_role("link", name="2. Sirkulærøkonomi").first.click()
    todo = page.locator("section.column-todo")
    doing = page.locator("section.column-doing")
    expect(todo.get_by_role("link", name=f"#{moving.id} Kartlegg avfallsstrømmer")).to_be_visible()
    todo.get_by_role(
        "button", name=f"{nb('Move #{id} to', id=moving.id)} {nb('In progress')}"
    ).click()
    expect(page.get_by_role("status")).to_contain_text(
        nb("#{id} is now {status}.", id=moving.id, status=nb("In progress"))
    )
    expect(doing.get_by_role("link", name=f"#{moving.id} Kartlegg avfallsstrømmer")).to_be_visible()
    expect(todo.get_by_role("link", name=f"#{moving.id} Kartlegg avfallsstrømmer")).to_have_count(0)
    assert tasks.get_task(ctx, task_id=moving.id).status == TaskStatus.DOING


def test_an_invalid_due_date_shows_an_error_and_changes_nothing(
    page: Page, ctx: ServiceContext, server: LiveServer
) -> None:
    dated = task(ctx, "Skriv forslag til sak 3", due_on=date(2025, 2, 14))
    sign_in(page, ctx, server, person(ctx, "Asbjørn Lunde"))
    page.goto(f"/tasks/{dated.id}")
    field = page.get_by_label(nb("Due date"), exact=True)
    expect(field).to_have_value("14.02.2025")
    field.fill("31.02.2025")
    page.get_by_role("button", name=nb("Save due date")).click()
    message = nb("«{text}» is not a date that exists.", text="31.02.2025")
    expect(page.get_by_text(message)).to_be_visible()
    field = page.get_by_label(nb("Due date"), exact=True)
    expect(field).to_have_value("31.02.2025")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    after = tasks.get_task(ctx, task_id=dated.id)
    assert (after.due_on, after.version) == (date(2025, 2, 14), dated.version)
    # A real date goes through.
    field.fill("28.02.2025")
    page.get_by_role("button", name=nb("Save due date")).click()
    expect(page.get_by_role("status")).to_contain_text("28. februar 2025")
    assert tasks.get_task(ctx, task_id=dated.id).due_on == date(2025, 2, 28)


def test_a_contribution_is_submitted_on_the_meeting_page(
    page: Page, ctx: ServiceContext, server: LiveServer
) -> None:
    sign_in(page, ctx, server, person(ctx, "Eli Bryhni"))
    page.get_by_role("link", name=nb("Next meeting")).click()
    item = page.locator("article.agenda-item").filter(has_text="Handlingsprogram 2025").last
    item.get_by_text(nb("Contribute to item {label}", label="3")).click()
    item.get_by_label(nb("Your contribution to item {label}", label="3")).fill(
        "Vi prioriterer kompetanse og rekruttering."
    )
    item.get_by_role("button", name=nb("Submit")).click()
    expect(page.get_by_role("status")).to_contain_text(
        nb("Thank you! Your contribution was recorded.")
    )
    item = page.locator("article.agenda-item").filter(has_text="Handlingsprogram 2025").last
    entry = item.locator("ol.contributions li")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Eli Bryhni, 10. januar 2025 kl. 10:00")
    expect(entry).to_contain_text("Vi prioriterer kompetanse og rekruttering.")
    (meeting,) = meetings.list_meetings(ctx)
    (saved,) = contributions.list_contributions(ctx, meeting_id=meeting.id)
    assert (saved.person_name, saved.channel, saved.late) == ("Eli Bryhni", "web", False)


def test_the_meeting_page_reads_with_both_parts_deliverables_and_late_input(
    page: Page, ctx: ServiceContext, server: LiveServer, clock: FixedClock
) -> None:
    (meeting,) = meetings.list_meetings(ctx)
    group_part = next(p for p in meeting.parts if p.is_group_part)
    sak3 = next(i for i in group_part.items if i.label == "3")
    task(ctx, "Prioriteringer fra arbeidsgruppe 2", agenda_item_id=sak3.id)
    clock.set(datetime(2025, 1, 24, 8, 30, tzinfo=UTC))
    contributions.submit_contribution(
        ctx,
        actor=Actor(person_id=person(ctx, "Dag Aanensen"), channel=Channel.MATRIX),
        data=s.ContributionCreate(agenda_item_id=sak3.id, body="Kom litt sent, beklager."),
    )
    sign_in(page, ctx, server, person(ctx, "Målfrid Baik"))
    page.goto(f"/meetings/{meeting.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(meeting.title)
    parts = page.get_by_role("heading", level=2)
    expect(parts.filter(has_text="Sakskart til møte i administrative faggrupper")).to_contain_text(
        "09:00–09:30"
    )
    expect(parts.filter(has_text="Sakskart til møte i faggruppe for")).to_contain_text(
        "09:40–12:30"
    )
    item = page.locator(f"#item-{sak3.id}")
    expect(item.get_by_role("heading", level=3)).to_have_text(
        f"{nb('Item {label}', label='3')}: Handlingsprogram 2025"
    )
    expect(item).to_contain_text("23. januar 2025")
    expect(item.get_by_role("link", name="Prioriteringer fra arbeidsgruppe 2")).to_be_visible()
    late = item.locator("ol.contributions li.late")
    expect(late).to_contain_text("Dag Aanensen, 24. januar 2025 kl. 09:30")
    expect(late.locator(".badge")).to_have_text(nb("late"))
