"""Tasks in the browser: the board, a task with its history, moving, re-dating, assigning,
commenting, creating and editing, all through the services: the same refusals and messages as
the chat and the API, CSRF on every form, every user string escaped, CSV of any list."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date

from flask.testing import FlaskClient
from web_support import LEAD, MEMBER, csrf_token, nb, post_form, text_of

from chatops.core import ChatCore
from chatops.messages import IncomingMessage
from chatops.reply import Paragraph
from tracker import schemas as s
from tracker.models import GroupMembership, Role, TaskStatus
from tracker.services import history, identity, tasks, tokens
from tracker.services.context import ServiceContext
from tracker.web.forms import parse_day

MakeTask = Callable[..., s.TaskView]


def board_columns(html: str) -> dict[str, list[str]]:
    """The board's columns: heading → the task titles in it."""
    columns: dict[str, list[str]] = {}
    for section in re.findall(r'<section class="board-column.*?</section>', html, re.S):
        heading = re.search(r"<h2[^>]*>(.*?)<span", section, re.S)
        assert heading is not None
        titles = re.findall(r'<span class="task-id">#\d+</span> (.*?)</a>', section)
        columns[heading.group(1).strip()] = titles
    return columns


def test_the_board_has_a_column_per_status(
    client: FlaskClient,
    as_person: Callable[[str], int],
    make_task: MakeTask,
    workgroup_id: Callable[[int], int],
) -> None:
    make_task("Kartlegg avfallsstrømmer")
    make_task("Skriv forslag", status=TaskStatus.DOING)
    make_task("Vent på tall", status=TaskStatus.BLOCKED, blocked_reason="budsjettet")
    make_task("Ferdig notat", status=TaskStatus.DONE)
    make_task("Annen gruppe", number=3)
    as_person(LEAD)
    page = client.get(f"/workgroups/{workgroup_id(2)}")
    assert page.status_code == 200
    assert board_columns(page.get_data(as_text=True)) == {
        nb("Not started"): ["Kartlegg avfallsstrømmer"],
        nb("In progress"): ["Skriv forslag"],
        nb("Blocked"): ["Vent på tall"],
        nb("Done"): ["Ferdig notat"],
    }
    assert nb("Blocked: {reason}", reason="budsjettet") in text_of(page)


def test_a_button_moves_a_task_and_the_history_says_it_came_from_the_web(
    ctx: ServiceContext,
    client: FlaskClient,
    as_person: Callable[[str], int],
    make_task: MakeTask,
    workgroup_id: Callable[[int], int],
) -> None:
    task = make_task("Kartlegg avfallsstrømmer")
    lead = as_person(LEAD)
    board = f"/workgroups/{workgroup_id(2)}"
    response = post_form(
        client,
        board,
        f"/tasks/{task.id}/status",
        {"status": "doing", "version": str(task.version), "next": board},
    )
    assert response.status_code == 303
    assert response.headers["Location"] == f"{board}#task-{task.id}"
    page = client.get(board)
    assert board_columns(page.get_data(as_text=True))[nb("In progress")] == [task.title]
    assert nb("#{id} is now {status}.", id=task.id, status=nb("In progress")) in text_of(page)
    (change,) = [
        c for c in history.history(ctx, entity="task", entity_id=task.id) if c.field == "status"
    ]
    assert (change.actor_id, change.channel, change.old_value, change.new_value) == (
        lead,
        "web",
        "todo",
        "doing",
    )


def test_an_invalid_due_date_is_refused_and_nothing_changes(
    ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int], make_task: MakeTask
) -> None:
    task = make_task("Skriv forslag", due_on=date(2025, 2, 14))
    as_person(LEAD)
    for typed, message in [
        ("31.02.2025", nb("«{text}» is not a date that exists.", text="31.02.2025")),
        (
            "snart",
            nb(
                "«{text}» is not a date I can read. Write e.g. friday, 14.02 or 1 March.",
                text="snart",
            ),
        ),
    ]:
        response = post_form(
            client,
            f"/tasks/{task.id}",
            f"/tasks/{task.id}/due",
            {"due_on": typed, "version": str(task.version)},
        )
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert message in text_of(response)
        assert f'value="{typed}"' in html  # what was typed stays in the field
        assert 'aria-invalid="true"' in html
    after = tasks.get_task(ctx, task_id=task.id)
    assert (after.due_on, after.version) == (date(2025, 2, 14), task.version)


def test_a_due_date_moves(
    ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int], make_task: MakeTask
) -> None:
    task = make_task("Skriv forslag")
    as_person(LEAD)
    response = post_form(
        client, f"/tasks/{task.id}", f"/tasks/{task.id}/due", {"due_on": "14.02.2025"}
    )
    assert response.status_code == 303
    assert tasks.get_task(ctx, task_id=task.id).due_on == date(2025, 2, 14)
    assert nb("#{id} is now due {date}.", id=task.id, date="14. februar 2025") in text_of(
        client.get(response.headers["Location"])
    )
    post_form(client, f"/tasks/{task.id}", f"/tasks/{task.id}/due", {"due_on": ""})
    assert tasks.get_task(ctx, task_id=task.id).due_on is None


def test_dates_are_read_as_norwegians_write_them() -> None:
    today = date(2025, 1, 10)
    assert parse_day("14.02.2025", today=today) == date(2025, 2, 14)
    assert parse_day("14.2.25", today=today) == date(2025, 2, 14)
    assert parse_day("14.02", today=today) == date(2025, 2, 14)
    assert parse_day("2025-02-14", today=today) == date(2025, 2, 14)
    # A week ago means next year's, as in the chat and the importer: one rule for all three.
    assert parse_day("03.01", today=today) == date(2026, 1, 3)
    assert parse_day("01.09", today=date(2025, 12, 1)) == date(2026, 9, 1)
    assert parse_day("  ", today=today) is None


def test_a_member_is_refused_with_the_words_of_the_chat_and_the_api(
    ctx: ServiceContext,
    client: FlaskClient,
    app: object,
    as_person: Callable[[str], int],
    make_task: MakeTask,
) -> None:
    task = make_task("Skriv forslag")
    member = as_person(MEMBER)
    response = post_form(
        client, f"/tasks/{task.id}", f"/tasks/{task.id}/status", {"status": "done"}
    )
    assert response.status_code == 403
    expected = nb(
        "Task #{id} belongs to someone else; ask its owner or the lead of workgroup {number}.",
        id=task.id,
        number=2,
    )
    assert expected in text_of(response)
    # The chat says the same …
    identity.link_identity(ctx, person_id=member, platform="console", user_id="eli")
    reply = ChatCore(ctx).handle(
        IncomingMessage(
            platform="console",
            room_id="r",
            sender_id="eli",
            text=f"#{task.id} ferdig",
            event_id="1",
        )
    )
    assert reply is not None
    assert [b.text for b in reply.blocks if isinstance(b, Paragraph)] == [expected]
    # … and so does the API.
    token = tokens.create_token(ctx, person_id=member, name="test")
    problem = client.patch(
        f"/api/v1/tasks/{task.id}",
        json={"status": "done"},
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "nb"},
    )
    assert problem.status_code == 403
    assert problem.get_json()["detail"] == expected
    assert tasks.get_task(ctx, task_id=task.id).status == TaskStatus.TODO


def test_a_read_only_member_sees_no_buttons_and_changes_nothing(
    ctx: ServiceContext,
    client: FlaskClient,
    as_person: Callable[[str], int],
    make_task: MakeTask,
    person_id: Callable[[str], int],
    workgroup_id: Callable[[int], int],
) -> None:
    task = make_task("Skriv forslag", owner=MEMBER)
    with ctx.uow() as uow:
        uow.session.query(GroupMembership).filter_by(person_id=person_id(MEMBER)).update(
            {"role": Role.READONLY}
        )
        uow.commit()
    as_person(MEMBER)
    board = client.get(f"/workgroups/{workgroup_id(2)}").get_data(as_text=True)
    assert 'name="status"' not in board
    assert nb("New task") not in board
    response = post_form(client, "/", f"/tasks/{task.id}/status", {"status": "done"})
    assert response.status_code == 403
    assert nb("You are not a member of this group.") in text_of(response)
    assert tasks.get_task(ctx, task_id=task.id).status == TaskStatus.TODO


def test_a_stale_form_is_a_conflict_not_a_lost_update(
    ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int], make_task: MakeTask
) -> None:
    task = make_task("Skriv forslag")
    as_person(LEAD)
    post_form(client, f"/tasks/{task.id}", f"/tasks/{task.id}/due", {"due_on": "01.03.2025"})
    response = post_form(
        client,
        f"/tasks/{task.id}",
        f"/tasks/{task.id}/status",
        {"status": "done", "version": str(task.version)},
    )
    assert response.status_code == 409
    assert nb(
        "Task #{id} was changed by someone else meanwhile; reload and try again.", id=task.id
    ) in text_of(response)
    assert tasks.get_task(ctx, task_id=task.id).status == TaskStatus.TODO


def test_blocking_from_the_board_needs_a_reason(
    ctx: ServiceContext,
    client: FlaskClient,
    as_person: Callable[[str], int],
    make_task: MakeTask,
    workgroup_id: Callable[[int], int],
) -> None:
    task = make_task("Skriv forslag")
    as_person(LEAD)
    board = f"/workgroups/{workgroup_id(2)}"
    response = post_form(
        client, board, f"/tasks/{task.id}/status", {"status": "blocked", "next": board}
    )
    assert response.status_code == 303
    assert nb(
        "Say what the task is blocked by, e.g. «blocked: waiting for the budget»."
    ) in text_of(client.get(board))
    post_form(
        client,
        board,
        f"/tasks/{task.id}/status",
        {"status": "blocked", "blocked_reason": "venter på tall", "next": board},
    )
    after = tasks.get_task(ctx, task_id=task.id)
    assert (after.status, after.blocked_reason) == (TaskStatus.BLOCKED, "venter på tall")


def test_the_lead_creates_assigns_and_edits_a_task(
    ctx: ServiceContext,
    client: FlaskClient,
    as_person: Callable[[str], int],
    person_id: Callable[[str], int],
    workgroup_id: Callable[[int], int],
) -> None:
    as_person(LEAD)
    new = f"/workgroups/{workgroup_id(2)}/tasks/new"
    form = client.get(new).get_data(as_text=True)
    item = re.search(r'<option value="(i:\d+)">[^<]*Handlingsprogram 2025', form)
    assert item is not None
    response = post_form(
        client,
        new,
        new,
        {
            "title": "Prioriteringer til sak 3",
            "description": "Skriftlig, senest en uke etter møtet.",
            "owner_id": str(person_id(MEMBER)),
            "due_on": "23.01.2025",
            "target": item.group(1),
            "status": "todo",
        },
    )
    assert response.status_code == 303
    task_id = int(response.headers["Location"].partition("#")[0].rsplit("/", 1)[1])
    created = tasks.get_task(ctx, task_id=task_id)
    assert (created.owner_name, created.due_on, created.agenda_item_id) == (
        MEMBER,
        date(2025, 1, 23),
        int(item.group(1)[2:]),
    )
    assert created.meeting_id is not None
    post_form(
        client, f"/tasks/{task_id}", f"/tasks/{task_id}/owner", {"owner_id": str(person_id(LEAD))}
    )
    edit = f"/tasks/{task_id}/edit"
    page = client.get(edit).get_data(as_text=True)
    response = client.post(
        edit,
        data={
            "csrf_token": csrf_token(page),
            "version": str(tasks.get_task(ctx, task_id=task_id).version),
            "title": "Prioriteringer til sak 3 (utkast)",
            "description": created.description,
            "due_on": "23.01.2025",
            "owner_id": str(person_id(LEAD)),
            "target": item.group(1),
            "status": "doing",
            "blocked_reason": "",
        },
    )
    assert response.status_code == 303
    edited = tasks.get_task(ctx, task_id=task_id)
    assert (edited.title, edited.status, edited.owner_name) == (
        "Prioriteringer til sak 3 (utkast)",
        TaskStatus.DOING,
        LEAD,
    )


def test_a_member_creates_tasks_for_themselves(
    ctx: ServiceContext,
    client: FlaskClient,
    as_person: Callable[[str], int],
    workgroup_id: Callable[[int], int],
) -> None:
    member = as_person(MEMBER)
    new = f"/workgroups/{workgroup_id(2)}/tasks/new"
    assert 'name="owner_id"' not in client.get(new).get_data(as_text=True)
    response = post_form(client, new, new, {"title": "Mitt innspill", "owner_id": "1"})
    assert response.status_code == 303
    (task,) = tasks.list_tasks(ctx, owner_id=member)
    assert task.title == "Mitt innspill"
    empty = post_form(client, new, new, {"title": "  "})
    assert empty.status_code == 422
    assert nb("This cannot be empty.") in text_of(empty)


def test_the_task_page_shows_comments_and_the_full_history(
    ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int], make_task: MakeTask
) -> None:
    task = make_task("Skriv forslag")
    as_person(LEAD)
    post_form(client, f"/tasks/{task.id}", f"/tasks/{task.id}/status", {"status": "doing"})
    post_form(client, f"/tasks/{task.id}", f"/tasks/{task.id}/due", {"due_on": "14.02.2025"})
    response = post_form(
        client, f"/tasks/{task.id}", f"/tasks/{task.id}/comments", {"body": "Utkast sendt"}
    )
    assert response.status_code == 303
    page = client.get(f"/tasks/{task.id}")
    html = page.get_data(as_text=True)
    rows = [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html.split('class="history"')[1], re.S)
    ]
    rows = [row for row in rows if row]
    whats = [row[2] for row in rows]
    assert whats == [nb("Comment"), nb("Due date"), nb("Status"), nb("Created")]
    assert rows[1][3:] == ["–", "14. februar 2025", nb("web")]
    assert rows[2][3:5] == [nb("Not started"), nb("In progress")]
    assert "Utkast sendt" in text_of(page)
    empty = post_form(client, f"/tasks/{task.id}", f"/tasks/{task.id}/comments", {"body": ""})
    assert empty.status_code == 422


def test_forms_without_a_csrf_token_are_refused(
    ctx: ServiceContext, client: FlaskClient, as_person: Callable[[str], int], make_task: MakeTask
) -> None:
    task = make_task("Skriv forslag")
    as_person(LEAD)
    for action, data in [
        (f"/tasks/{task.id}/status", {"status": "done"}),
        (f"/tasks/{task.id}/due", {"due_on": "01.03.2025"}),
        (f"/tasks/{task.id}/comments", {"body": "Hei"}),
        ("/sign-out", {}),
    ]:
        response = client.post(action, data=data)
        assert response.status_code == 400
        assert nb("The form has expired") in text_of(response)
    after = tasks.get_task(ctx, task_id=task.id)
    assert (after.status, after.due_on, after.version) == (TaskStatus.TODO, None, task.version)
    assert tasks.list_comments(ctx, task_id=task.id) == []
    assert client.get("/").status_code == 200  # still signed in


def test_the_api_needs_no_csrf_token(
    ctx: ServiceContext, client: FlaskClient, make_task: MakeTask, person_id: Callable[[str], int]
) -> None:
    task = make_task("Skriv forslag")
    token = tokens.create_token(ctx, person_id=person_id(LEAD), name="test")
    response = client.patch(
        f"/api/v1/tasks/{task.id}",
        json={"status": "done"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200


def test_user_text_is_escaped_everywhere(
    ctx: ServiceContext,
    client: FlaskClient,
    as_person: Callable[[str], int],
    make_task: MakeTask,
    workgroup_id: Callable[[int], int],
) -> None:
    evil = "<script>alert('x')</script><b>fet</b>"
    task = make_task(
        evil, description=evil, due_on=date(2025, 1, 14), source_link="javascript:alert(1)"
    )
    lead = as_person(LEAD)
    post_form(client, f"/tasks/{task.id}", f"/tasks/{task.id}/comments", {"body": evil})
    post_form(
        client,
        f"/tasks/{task.id}",
        f"/tasks/{task.id}/status",
        {"status": "blocked", "blocked_reason": evil},
    )
    for url in [
        "/",
        f"/workgroups/{workgroup_id(2)}",
        f"/tasks/{task.id}",
        f"/tasks/{task.id}/edit",
        "/my-tasks",
        "/deadlines",
        f"/people/{lead}",
    ]:
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html, url
        assert "<b>fet</b>" not in html, url
        assert "javascript:" not in html, url
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in client.get(
        f"/tasks/{task.id}"
    ).get_data(as_text=True)


def test_every_list_exports_its_tasks_as_csv(
    client: FlaskClient,
    as_person: Callable[[str], int],
    make_task: MakeTask,
    workgroup_id: Callable[[int], int],
) -> None:
    make_task("I gruppe 2", due_on=date(2025, 1, 20))
    make_task("I gruppe 3", number=3, owner=MEMBER, due_on=date(2025, 1, 21))
    make_task("Uten frist", number=3, owner=None)
    as_person(LEAD)

    def titles(url: str) -> list[str]:
        response = client.get(url)
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        rows = list(
            csv.DictReader(
                io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"
            )
        )
        return [row[nb("Title")] for row in rows]

    assert titles("/tasks.csv?view=group") == ["I gruppe 2", "I gruppe 3", "Uten frist"]
    assert titles(f"/tasks.csv?view=workgroup&id={workgroup_id(3)}") == ["I gruppe 3", "Uten frist"]
    assert titles("/tasks.csv?view=mine") == ["I gruppe 2"]
    assert titles("/tasks.csv?view=deadlines") == ["I gruppe 2", "I gruppe 3"]
    board = client.get(f"/workgroups/{workgroup_id(3)}").get_data(as_text=True)
    assert f'href="/tasks.csv?view=workgroup&amp;id={workgroup_id(3)}"' in board
    assert client.get("/tasks.csv?view=nonsense").status_code == 404


def test_the_csv_a_person_downloads_speaks_their_language(
    client: FlaskClient,
    as_person: Callable[[str], int],
    make_task: MakeTask,
) -> None:
    made = make_task("Skriv forslag", due_on=date(2025, 1, 23))
    as_person(LEAD)

    def sheet(url: str) -> list[list[str]]:
        text = client.get(url).get_data(as_text=True)
        assert text.startswith("\ufeff")  # Excel reads æ, ø and å right
        return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))

    heading, row = sheet("/tasks.csv?view=mine")
    assert heading == [
        "Nummer",
        "Arbeidsgruppenummer",
        "Arbeidsgruppe",
        "Tittel",
        nb("Owner"),
        "Status",
        "Frist",
        "Møte",
        "Sist endret",
    ]
    assert row[0] == str(made.id)
    assert (row[5], row[6]) == (nb("Not started"), "23.01.2025")
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", row[8])

    heading, row = sheet("/tasks.csv?view=mine&lang=en")
    assert heading[3:7] == ["Title", "Owner", "Status", "Due date"]
    assert (row[5], row[6]) == ("Not started", "23/01/2025")
