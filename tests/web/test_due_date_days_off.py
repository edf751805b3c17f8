"""The web task form says beside the due date when it falls on a public holiday or in the summer
break, in the words the chat uses; a working day gets no note."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from flask.testing import FlaskClient
from web_support import LEAD, post_form, text_of

from tracker import schemas as s

MakeTask = Callable[..., s.TaskView]


def _note(html: str) -> str | None:
    found = re.search(r'<p class="day-off-note" id="due-on-note">(.*?)</p>', html, re.S)
    return found.group(1) if found else None


def test_the_edit_form_notes_a_due_date_on_17_may_beside_the_field(
    client: FlaskClient, as_person: Callable[[str], int], make_task: MakeTask
) -> None:
    task = make_task("Skriv notat", due_on=date(2025, 5, 17))
    as_person(LEAD)
    html = client.get(f"/tasks/{task.id}/edit").get_data(as_text=True)
    assert _note(html) == "Frist 17. mai 2025: det er Grunnlovsdag, en helligdag."
    # Beside the due date field: the note follows the field it is about.
    assert html.index('id="due-on"') < html.index('id="due-on-note"') < html.index('id="owner"')


def test_the_edit_form_notes_a_due_date_in_july_as_the_summer_break_in_english(
    client: FlaskClient, as_person: Callable[[str], int], make_task: MakeTask
) -> None:
    task = make_task("Skriv notat", due_on=date(2025, 7, 11))
    as_person(LEAD)
    html = client.get(f"/tasks/{task.id}/edit?lang=en").get_data(as_text=True)
    assert _note(html) == "Due 11 July 2025: that is the summer break."


def test_the_edit_form_has_no_note_for_a_working_day_or_no_due_date(
    client: FlaskClient, as_person: Callable[[str], int], make_task: MakeTask
) -> None:
    working = make_task("Skriv notat", due_on=date(2025, 5, 16))
    undated = make_task("Bestill lokale")
    as_person(LEAD)
    for task in (working, undated):
        assert _note(client.get(f"/tasks/{task.id}/edit").get_data(as_text=True)) is None


def test_setting_a_due_date_on_17_may_on_the_task_page_says_so_and_notes_it_beside_the_field(
    client: FlaskClient, as_person: Callable[[str], int], make_task: MakeTask
) -> None:
    task = make_task("Skriv notat", due_on=date(2025, 5, 16))
    as_person(LEAD)
    page = f"/tasks/{task.id}"
    response = post_form(
        client, page, f"{page}/due", {"due_on": "17.05.2025", "version": str(task.version)}
    )
    assert response.status_code == 303
    after = client.get(page)
    assert f"#{task.id} har nå frist 17. mai 2025 — det er Grunnlovsdag, en helligdag." in text_of(
        after
    )
    assert _note(after.get_data(as_text=True)) == (
        "Frist 17. mai 2025: det er Grunnlovsdag, en helligdag."
    )


def test_creating_a_task_due_in_july_on_the_web_says_it_falls_in_the_summer_break(
    client: FlaskClient, as_person: Callable[[str], int], workgroup_id: Callable[[int], int]
) -> None:
    as_person(LEAD)
    new = f"/workgroups/{workgroup_id(2)}/tasks/new"
    response = post_form(
        client, new, new, {"title": "Høringssvar", "due_on": "11.07.2025", "status": "todo"}
    )
    assert response.status_code == 303
    after = client.get(response.headers["Location"].partition("#")[0])
    assert "Frist 11. juli 2025: det er fellesferie." in text_of(after)
