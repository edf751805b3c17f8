"""Due dates typed in the browser in the words of the chat: «fredag», «neste fredag», «14.02» and
«1. mars» in the task forms, in headless Chromium against the app on a real server."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from browser_support import LiveServer, nb, sign_in
from playwright.sync_api import Page, expect

from tracker import schemas as s
from tracker.clock import FixedClock
from tracker.models import Channel
from tracker.services import groups, tasks
from tracker.services.context import Actor, ServiceContext

LEAD = "Asbjørn Lunde"  # leads workgroup 2
WEDNESDAY = datetime(2025, 1, 8, 9, 0, tzinfo=UTC)
HINT = nb("E.g. friday, 14.02 or 1 March. Leave empty for no due date.")


def person(ctx: ServiceContext, name: str) -> int:
    (found,) = groups.find_people(ctx, name=name)
    return found.id


def workgroup(ctx: ServiceContext, number: int) -> int:
    return next(w.id for w in groups.list_workgroups(ctx) if w.number == number)


def test_the_new_task_form_takes_the_words_the_chat_takes(
    page: Page, ctx: ServiceContext, server: LiveServer, clock: FixedClock
) -> None:
    clock.set(WEDNESDAY)
    sign_in(page, ctx, server, person(ctx, LEAD))
    for typed, expected in [
        ("fredag", date(2025, 1, 10)),
        ("neste fredag", date(2025, 1, 17)),
        ("14.02", date(2025, 2, 14)),
        ("1. mars", date(2025, 3, 1)),
    ]:
        page.goto(f"/workgroups/{workgroup(ctx, 2)}/tasks/new")
        page.get_by_label(nb("Title"), exact=True).fill(f"Frist {typed}")
        expect(page.get_by_text(HINT)).to_be_visible()
        page.get_by_label(nb("Due date"), exact=True).fill(typed)
        page.get_by_role("button", name=nb("Create task")).click()
        page.wait_for_url(re.compile(r"/tasks/([0-9]+)#task-\1$"))
        task_id = int(page.url.partition("#")[0].rsplit("/", 1)[1])
        expect(page.get_by_role("status")).to_contain_text(
            nb("Task #{id} was created.", id=task_id)
        )
        assert tasks.get_task(ctx, task_id=task_id).due_on == expected, typed


def test_the_edit_form_shows_dd_mm_yyyy_takes_words_and_refuses_what_it_cannot_read(
    page: Page, ctx: ServiceContext, server: LiveServer, clock: FixedClock
) -> None:
    clock.set(WEDNESDAY)
    data = s.TaskCreate(
        title="Skriv forslag til sak 3",
        workgroup_id=workgroup(ctx, 2),
        owner_id=person(ctx, LEAD),
        due_on=date(2025, 2, 14),
    )
    dated = tasks.create_task(ctx, actor=Actor.system_actor(Channel.CLI), data=data)
    sign_in(page, ctx, server, person(ctx, LEAD))
    page.goto(f"/tasks/{dated.id}/edit")
    field = page.get_by_label(nb("Due date"), exact=True)
    expect(field).to_have_value("14.02.2025")
    field.fill("snart")
    page.get_by_role("button", name=nb("Save"), exact=True).click()
    message = nb(
        "«{text}» is not a date I can read. Write e.g. friday, 14.02 or 1 March.", text="snart"
    )
    expect(page.locator("#due-on-error")).to_have_text(message)
    field = page.get_by_label(nb("Due date"), exact=True)
    expect(field).to_have_value("snart")
    expect(field).to_have_attribute("aria-invalid", "true")
    after = tasks.get_task(ctx, task_id=dated.id)
    assert (after.due_on, after.version) == (date(2025, 2, 14), dated.version)
    # A word it reads goes through, and the form shows the date it became.
    field.fill("neste fredag")
    page.get_by_role("button", name=nb("Save"), exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(nb("Task #{id} was saved.", id=dated.id))
    assert tasks.get_task(ctx, task_id=dated.id).due_on == date(2025, 1, 17)
    page.goto(f"/tasks/{dated.id}/edit")
    expect(page.get_by_label(nb("Due date"), exact=True)).to_have_value("17.01.2025")
