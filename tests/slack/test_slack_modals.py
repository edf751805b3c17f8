"""The task modal (create and edit, with errors next to their fields) and the two message
shortcuts: "Lag oppgave" makes a task from a message and keeps its permalink, "Legg i referat"
puts a message into the minutes of the next meeting."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from database_support import lead_task
from slack_support import SlackHarness, unique, visible_text

from tracker import schemas as s
from tracker.models import ContributionKind
from tracker.services import contributions, tasks
from tracker.services.context import ServiceContext

MESSAGE = {
    "type": "message",
    "user": "UDAG",
    "ts": "1736500100.000300",
    "text": "Kan <@ULUNDE> samle tallene for R&amp;D?\nVi trenger dem før møtet.",
}


def shortcut(slack: SlackHarness, callback_id: str, *, user: str) -> dict[str, Any]:
    """Use a message shortcut on MESSAGE; the modal the app opened."""
    slack.api.reset()
    response = slack.interact(
        {
            "type": "message_action",
            "callback_id": callback_id,
            "trigger_id": unique("trigger."),
            "user": {"id": user},
            "channel": {"id": "C0SIRKULAR", "name": "sirkular"},
            "message": MESSAGE,
            "response_url": slack.api.response_url(unique("sc")),
        }
    )
    assert response.status_code == 200
    slack.settle()
    (opened,) = slack.api.calls_to("views.open")
    view: dict[str, Any] = opened.args["view"]
    return view


def submit(
    slack: SlackHarness, view: dict[str, Any], *, user: str, **changes: Any
) -> dict[str, Any]:
    """Submit a modal with its initial values and some changes; the app's acknowledgement."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        state: dict[str, Any] = {"type": element["type"]}
        wanted = changes.get(block["block_id"], "unchanged")
        if element["type"] == "plain_text_input":
            state["value"] = element.get("initial_value") if wanted == "unchanged" else wanted
        elif element["type"] == "static_select":
            option = element.get("initial_option")
            if wanted != "unchanged":
                option = next((o for o in element["options"] if o["value"] == wanted), None)
            state["selected_option"] = option
        elif element["type"] == "users_select":
            state["selected_user"] = (
                element.get("initial_user") if wanted == "unchanged" else wanted
            )
        elif element["type"] == "datepicker":
            state["selected_date"] = (
                element.get("initial_date") if wanted == "unchanged" else wanted
            )
        values[block["block_id"]] = {"value": state}
    response = slack.interact(
        {
            "type": "view_submission",
            "user": {"id": user},
            "trigger_id": unique("trigger."),
            "view": {
                "id": unique("V"),
                **view,
                "hash": "h1",
                "state": {"values": values},
            },
        }
    )
    assert response.status_code == 200
    answer: dict[str, Any] = response.get_json(silent=True) or {}
    return answer


@pytest.fixture
def task_1(ctx: ServiceContext, linked: dict[str, str]) -> s.TaskView:
    return lead_task(ctx)


def test_lag_oppgave_opens_the_modal_filled_in_from_the_message(
    slack: SlackHarness, linked: dict[str, str]
) -> None:
    view = shortcut(slack, "create_task", user="ULUNDE")
    fields = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert fields["title"]["initial_value"] == "Kan @Asbjørn Lunde samle tallene for R&D?"
    assert fields["description"]["initial_value"] == (
        "Kan @Asbjørn Lunde samle tallene for R&D?\nVi trenger dem før møtet."
    )
    assert fields["owner"]["initial_user"] == "ULUNDE"
    # The lead of exactly one workgroup gets it chosen; meetings to come are offered.
    assert fields["workgroup"]["initial_option"]["value"] == "2"
    assert [o["text"]["text"] for o in fields["meeting"]["options"]] == [
        "tor. 16.01 Møte i faggruppe for Næringssamarbeid"
    ]
    meta = json.loads(view["private_metadata"])
    assert meta["link"] == "https://tiltak-test.slack.com/archives/C0SIRKULAR/p1736500100000300"


def test_saving_the_modal_creates_the_task_with_the_message_as_its_source(
    slack: SlackHarness, ctx: ServiceContext, linked: dict[str, str]
) -> None:
    view = shortcut(slack, "create_task", user="ULUNDE")
    answer = submit(
        slack, view, user="ULUNDE", title="Samle tall for R&D", due="2025-02-14", owner="UDAG"
    )
    assert answer == {}
    slack.settle()
    (task,) = tasks.list_tasks(ctx)
    assert (task.title, task.owner_name, task.due_on, task.workgroup_number) == (
        "Samle tall for R&D",
        "Dag Aanensen",
        date(2025, 2, 14),
        2,
    )
    assert task.source_link == (
        "https://tiltak-test.slack.com/archives/C0SIRKULAR/p1736500100000300"
    )
    assert task.description.startswith("Kan @Asbjørn Lunde samle tallene")
    (posted,) = slack.api.calls_to("chat.postMessage")
    assert (posted.args["channel"], posted.args["thread_ts"]) == ("C0SIRKULAR", MESSAGE["ts"])
    shown = visible_text(posted.args["blocks"])
    assert "Opprettet oppgave #1 i arbeidsgruppe 2." in shown
    assert "*#1* Samle tall for R&amp;D" in shown


def test_errors_in_the_modal_are_shown_next_to_their_fields_and_nothing_is_saved(
    slack: SlackHarness, ctx: ServiceContext, linked: dict[str, str]
) -> None:
    slack.api.add_user("UNOBODY", email="nobody@example.org", name="No Body")
    view = shortcut(slack, "create_task", user="ULUNDE")
    answer = submit(slack, view, user="ULUNDE", title="   ", owner="UNOBODY")
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"title", "owner"}
    assert answer["errors"]["owner"] == "Den personen har ikke koblet chatkontoen sin ennå."
    assert tasks.list_tasks(ctx) == []


def test_a_refusal_by_the_tracker_is_shown_in_the_modal(
    slack: SlackHarness, ctx: ServiceContext, linked: dict[str, str]
) -> None:
    view = shortcut(slack, "create_task", user="UELI")
    answer = submit(slack, view, user="UELI", workgroup="2", owner="UDAG")
    assert answer["response_action"] == "errors"
    assert answer["errors"] == {
        "workgroup": "Bare lederen av arbeidsgruppe 2 kan opprette oppgaver for andre."
    }
    assert tasks.list_tasks(ctx) == []


def test_editing_a_task_in_the_modal_changes_it_and_redraws_its_card(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    answer = slack.command("#1 pågår", user="ULUNDE")
    slack.press(answer["blocks"], 1, "edit", user="ULUNDE", ts="1736400000.000500")
    slack.settle()
    (opened,) = slack.api.calls_to("views.open")
    reply = submit(
        slack,
        {**opened.args["view"], "id": opened.answer["view"]["id"]},
        user="ULUNDE",
        title="Kartlegg sirkulære innkjøp",
        due="2025-01-31",
    )
    assert reply == {}
    slack.settle()
    task = tasks.get_task(ctx, task_id=1)
    assert (task.title, task.due_on, task.version) == (
        "Kartlegg sirkulære innkjøp",
        date(2025, 1, 31),
        3,
    )
    (update,) = slack.api.calls_to("chat.update")
    assert update.args["ts"] == "1736400000.000500"
    shown = visible_text(update.args["blocks"])
    assert "*#1* Kartlegg sirkulære innkjøp\npågår · Asbjørn Lunde · frist fre. 31.01" in shown


def test_an_edit_saved_after_someone_else_changed_the_task_is_refused_in_the_modal(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    answer = slack.command("#1 pågår", user="ULUNDE")
    slack.press(answer["blocks"], 1, "edit", user="ULUNDE")
    slack.settle()
    (opened,) = slack.api.calls_to("views.open")
    slack.command("#1 ferdig", user="ULUNDE")  # meanwhile
    reply = submit(slack, opened.args["view"], user="ULUNDE", title="Nytt navn")
    assert reply["response_action"] == "errors"
    assert "ble endret av noen andre i mellomtiden" in reply["errors"]["title"]
    assert tasks.get_task(ctx, task_id=1).title == "Kartlegg sirkulære anskaffelser"


def test_legg_i_referat_puts_the_message_into_the_minutes_of_the_next_meeting(
    slack: SlackHarness, ctx: ServiceContext, linked: dict[str, str]
) -> None:
    view = shortcut(slack, "add_to_minutes", user="UDAG")
    fields = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert fields["text"]["initial_value"] == (
        "Kan @Asbjørn Lunde samle tallene for R&D?\nVi trenger dem før møtet."
    )
    assert "4" in [o["value"] for o in fields["item"]["options"]]
    assert "torsdag 16. januar 2025" in visible_text(view["blocks"])
    answer = submit(slack, view, user="UDAG", item="4", text="Gjøvik ansetter 250")
    assert answer == {}
    slack.settle()
    (line,) = contributions.list_contributions(ctx)
    assert (line.kind, line.body, line.person_name, line.channel) == (
        ContributionKind.MINUTES,
        "Gjøvik ansetter 250",
        "Dag Aanensen",
        "slack",
    )
    (posted,) = slack.api.calls_to("chat.postMessage")
    assert posted.args["thread_ts"] == MESSAGE["ts"]
    assert "Referatlinjen din til sak 4" in visible_text(posted.args["blocks"])


def test_legg_i_referat_without_an_item_is_an_error_in_the_modal(
    slack: SlackHarness, ctx: ServiceContext, linked: dict[str, str]
) -> None:
    view = shortcut(slack, "add_to_minutes", user="UDAG")
    answer = submit(slack, view, user="UDAG", item=None)
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {"item"}
    assert contributions.list_contributions(ctx) == []


def test_a_shortcut_by_an_unknown_user_tells_them_how_to_link(
    slack: SlackHarness, ctx: ServiceContext, seeded: object
) -> None:
    slack.interact(
        {
            "type": "message_action",
            "callback_id": "create_task",
            "trigger_id": unique("trigger."),
            "user": {"id": "USTRANGER"},
            "channel": {"id": "C0GENERAL"},
            "message": MESSAGE,
            "response_url": slack.api.response_url("stranger"),
        }
    )
    slack.settle()
    assert slack.api.calls_to("views.open") == []
    (told,) = slack.api.calls_to("respond")
    assert "Jeg vet ikke hvem du er ennå" in visible_text(told.args["blocks"])
