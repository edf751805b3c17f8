"""The due-date fields of the web take the words the chat takes ("fredag", "14.02", "1. mars",
"før neste møte"), count from the clock's today and the group's next meeting, and say beside
the field what they cannot read."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from flask.testing import FlaskClient
from web_support import LEAD, csrf_token, nb, post_form, text_of

from tracker import schemas as s
from tracker.clock import FixedClock
from tracker.services import tasks
from tracker.services.context import ServiceContext

MakeTask = Callable[..., s.TaskView]

WEDNESDAY = datetime(2025, 1, 8, 9, 0, tzinfo=UTC)  # the seed's meeting is Thursday 16 January
AFTER_THE_MEETING = datetime(2025, 2, 3, 9, 0, tzinfo=UTC)  # and no later one is planned
UNREADABLE = "«{text}» is not a date I can read. Write e.g. friday, 14.02 or 1 March."

WORDS = [
    ("fredag", date(2025, 1, 10)),
    ("neste fredag", date(2025, 1, 17)),
    ("14.02", date(2025, 2, 14)),
    ("1. mars", date(2025, 3, 1)),
    ("i morgen", date(2025, 1, 9)),
    ("om to uker", date(2025, 1, 22)),
    ("2025-03-01", date(2025, 3, 1)),
    ("01.03.2025", date(2025, 3, 1)),
    ("før neste møte", date(2025, 1, 15)),
    ("en uke etter møtet", date(2025, 1, 23)),
    ("next friday", date(2025, 1, 17)),
    ("14 February", date(2025, 2, 14)),
]


def due_field(html: str) -> str:
    """The due-date input element of a page."""
    found = re.search(r'<input[^>]*name="due_on"[^>]*>', html)
    assert found is not None
    return found.group(0)


@pytest.mark.parametrize(("typed", "expected"), WORDS)
def test_the_due_date_field_on_the_task_page_takes_the_words_the_chat_takes(
    ctx: ServiceContext,
    client: FlaskClient,
    clock: FixedClock,
    as_person: Callable[[str], int],
    make_task: MakeTask,
    typed: str,
    expected: date,
) -> None:
    clock.set(WEDNESDAY)
    task = make_task("Skriv forslag")
    as_person(LEAD)
    response = post_form(client, f"/tasks/{task.id}", f"/tasks/{task.id}/due", {"due_on": typed})
    assert response.status_code == 303
    assert tasks.get_task(ctx, task_id=task.id).due_on == expected


@pytest.mark.parametrize(("typed", "expected"), WORDS[:4])
def test_the_new_task_form_takes_the_words_the_chat_takes(
    ctx: ServiceContext,
    client: FlaskClient,
    clock: FixedClock,
    as_person: Callable[[str], int],
    workgroup_id: Callable[[int], int],
    typed: str,
    expected: date,
) -> None:
    clock.set(WEDNESDAY)
    as_person(LEAD)
    new = f"/workgroups/{workgroup_id(2)}/tasks/new"
    response = post_form(
        client, new, new, {"title": "Skriv forslag", "due_on": typed, "status": "todo"}
    )
    assert response.status_code == 303
    task_id = int(response.headers["Location"].partition("#")[0].rsplit("/", 1)[1])
    assert tasks.get_task(ctx, task_id=task_id).due_on == expected


def test_the_edit_form_shows_the_due_date_as_dd_mm_yyyy_and_takes_words(
    ctx: ServiceContext,
    client: FlaskClient,
    clock: FixedClock,
    as_person: Callable[[str], int],
    make_task: MakeTask,
) -> None:
    clock.set(WEDNESDAY)
    task = make_task("Skriv forslag", due_on=date(2025, 2, 14))
    as_person(LEAD)
    edit = f"/tasks/{task.id}/edit"
    page = client.get(edit).get_data(as_text=True)
    assert 'value="14.02.2025"' in due_field(page)
    response = client.post(
        edit,
        data={
            "csrf_token": csrf_token(page),
            "version": str(task.version),
            "title": task.title,
            "description": "",
            "due_on": "neste fredag",
            "status": "todo",
        },
    )
    assert response.status_code == 303
    assert tasks.get_task(ctx, task_id=task.id).due_on == date(2025, 1, 17)


def test_the_due_date_fields_are_text_with_a_hint_of_the_words_they_take(
    client: FlaskClient, as_person: Callable[[str], int], make_task: MakeTask
) -> None:
    task = make_task("Skriv forslag")
    as_person(LEAD)
    hint = nb("E.g. friday, 14.02 or 1 March. Leave empty for no due date.")
    assert hint == "F.eks. fredag, 14.02 eller 1. mars. La feltet stå tomt for ingen frist."
    for url in (f"/tasks/{task.id}", f"/tasks/{task.id}/edit"):
        page = client.get(url)
        field = due_field(page.get_data(as_text=True))
        assert 'type="text"' in field
        assert "inputmode" not in field  # a phone keyboard with letters, for "fredag"
        assert hint in text_of(page)


def test_an_unreadable_due_date_is_shown_beside_the_field_and_no_task_is_made(
    ctx: ServiceContext,
    client: FlaskClient,
    as_person: Callable[[str], int],
    workgroup_id: Callable[[int], int],
) -> None:
    as_person(LEAD)
    before = tasks.list_tasks(ctx, workgroup_id=workgroup_id(2), limit=100)
    new = f"/workgroups/{workgroup_id(2)}/tasks/new"
    response = post_form(
        client, new, new, {"title": "Skriv forslag", "due_on": "snart", "status": "todo"}
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert re.search(
        r'<p class="error-message" id="due-on-error">' + re.escape(nb(UNREADABLE, text="snart")),
        html,
    )
    field = due_field(html)
    assert 'value="snart"' in field
    assert 'aria-invalid="true"' in field
    assert tasks.list_tasks(ctx, workgroup_id=workgroup_id(2), limit=100) == before


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31.02", nb("«{text}» is not a date that exists.", text="31.02")),
        ("fredag 15.02.2025", nb("«{text}» is not a date that exists.", text="fredag 15.02.2025")),
        ("neste gang", nb(UNREADABLE, text="neste gang")),
        (
            "før neste møte",
            nb(
                "«{text}» counts from the next meeting, and no meeting is planned.",
                text="før neste møte",
            ),
        ),
    ],
)
def test_a_due_date_the_web_cannot_use_is_refused_with_the_reason(
    ctx: ServiceContext,
    client: FlaskClient,
    clock: FixedClock,
    as_person: Callable[[str], int],
    make_task: MakeTask,
    typed: str,
    message: str,
) -> None:
    clock.set(AFTER_THE_MEETING)
    task = make_task("Skriv forslag", due_on=date(2025, 2, 14))
    as_person(LEAD)
    response = post_form(
        client,
        f"/tasks/{task.id}",
        f"/tasks/{task.id}/due",
        {"due_on": typed, "version": str(task.version)},
    )
    assert response.status_code == 422
    assert message in text_of(response)
    after = tasks.get_task(ctx, task_id=task.id)
    assert (after.due_on, after.version) == (date(2025, 2, 14), task.version)
