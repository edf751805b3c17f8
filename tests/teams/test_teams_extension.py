"""The message extension through the real endpoint: «Lag oppgave» on a message opens the task
form filled in from it and its submit creates the task (once, however often Teams retries);
«Legg i referat» opens the minutes form with the message as the line and its submit adds it."""

from __future__ import annotations

from typing import Any

from teams_support import Person, TeamsHarness
from test_teams_commands import teams_person

from tracker.services import tasks
from tracker.services.context import ServiceContext

MESSAGE = "Skriv notat om sirkulære anskaffelser<br>Frist før neste møte, &quot;kort&quot;."


def _invoke(
    teams: TeamsHarness, person: Person, name: str, value: dict[str, Any], **options: Any
) -> dict[str, Any]:
    body = teams.activity(person, None, kind="invoke", **options)
    body["name"] = name
    body["value"] = value
    status, answer = teams.post(body)
    assert status == 200, (status, answer)
    assert isinstance(answer, dict)
    return answer


def _inputs(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    task = answer["task"]
    assert task["type"] == "continue", task
    card = task["value"]["card"]["content"]
    return {block["id"]: block for block in card["body"] if "id" in block}


def test_lag_oppgave_opens_the_form_from_the_message_and_its_submit_creates_the_task_once(
    teams: TeamsHarness, ctx: ServiceContext, linked: object
) -> None:
    lunde = teams_person("Asbjørn Lunde")
    payload = {"body": {"contentType": "html", "content": MESSAGE}}
    fetched = _invoke(
        teams,
        lunde,
        "composeExtension/fetchTask",
        {"commandId": "lagOppgave", "commandContext": "message", "messagePayload": payload},
    )
    inputs = _inputs(fetched)
    assert inputs["title"]["value"] == "Skriv notat om sirkulære anskaffelser"
    assert 'Frist før neste møte, "kort".' in inputs["description"]["value"]
    assert inputs["workgroup"]["value"] == "2", "the workgroup the asker leads"
    assert inputs["owner"]["value"] == lunde.aad, "the asker owns it unless another is picked"
    data = {
        "title": inputs["title"]["value"],
        "workgroup": "2",
        "due": "2025-01-24",
        "description": inputs["description"]["value"],
    }
    submit = {"commandId": "lagOppgave", "commandContext": "message", "data": data}
    activity_id = "submit-1"
    done = _invoke(teams, lunde, "composeExtension/submitAction", submit, activity_id=activity_id)
    assert done["task"]["type"] == "message"
    assert "Opprettet oppgave #1" in done["task"]["value"]
    (task,) = tasks.list_tasks(ctx)
    assert task.title == "Skriv notat om sirkulære anskaffelser"
    assert str(task.due_on) == "2025-01-24"
    assert task.owner_name == "Asbjørn Lunde"
    _invoke(teams, lunde, "composeExtension/submitAction", submit, activity_id=activity_id)
    assert len(tasks.list_tasks(ctx)) == 1, "a retried submit creates nothing new"


def test_lag_oppgave_offers_the_groups_linked_members_as_owner_and_gives_the_task_to_one(
    teams: TeamsHarness, ctx: ServiceContext, linked: object
) -> None:
    lunde, eli = teams_person("Asbjørn Lunde"), teams_person("Eli Bryhni")
    payload = {"body": {"contentType": "html", "content": "Bestill lokale"}}
    fetched = _invoke(
        teams,
        lunde,
        "composeExtension/fetchTask",
        {"commandId": "lagOppgave", "commandContext": "message", "messagePayload": payload},
    )
    owner = _inputs(fetched)["owner"]
    assert owner["choices"] == [
        {"title": "Eli Bryhni", "value": eli.aad},
        {"title": "Asbjørn Lunde", "value": lunde.aad},
    ], "the group's members who use Teams, by last name"
    assert owner["value"] == lunde.aad
    data = {"title": "Bestill lokale", "workgroup": "2", "owner": eli.aad}
    submit = {"commandId": "lagOppgave", "commandContext": "message", "data": data}
    done = _invoke(teams, lunde, "composeExtension/submitAction", submit)
    assert "Opprettet oppgave #1" in done["task"]["value"]
    (task,) = tasks.list_tasks(ctx)
    assert (task.title, task.owner_name) == ("Bestill lokale", "Eli Bryhni")


def test_a_member_who_does_not_lead_the_workgroup_cannot_give_others_a_task(
    teams: TeamsHarness, ctx: ServiceContext, linked: object
) -> None:
    lunde, eli = teams_person("Asbjørn Lunde"), teams_person("Eli Bryhni")
    data = {"title": "Bestill lokale", "workgroup": "2", "owner": lunde.aad}
    submit = {"commandId": "lagOppgave", "data": data}
    refused = _invoke(teams, eli, "composeExtension/submitAction", submit)
    assert refused["task"] == {
        "type": "message",
        "value": "Bare lederen av arbeidsgruppe 2 kan opprette oppgaver for andre.",
    }
    assert tasks.list_tasks(ctx) == []


def test_an_owner_not_linked_to_teams_is_refused_on_the_form(
    teams: TeamsHarness, ctx: ServiceContext, linked: object
) -> None:
    lunde = teams_person("Asbjørn Lunde")
    data = {"title": "Bestill lokale", "workgroup": "2", "owner": "aad-not-linked-0009"}
    submit = {"commandId": "lagOppgave", "data": data}
    again = _invoke(teams, lunde, "composeExtension/submitAction", submit)
    card = again["task"]["value"]["card"]["content"]
    assert card["body"][0]["text"] == "Den personen har ikke koblet chatkontoen sin ennå."
    assert "owner" in _inputs(again)
    assert tasks.list_tasks(ctx) == []


def test_a_task_form_without_a_title_is_shown_again_with_the_error(
    teams: TeamsHarness, ctx: ServiceContext, linked: object
) -> None:
    lunde = teams_person("Asbjørn Lunde")
    submit = {"commandId": "lagOppgave", "data": {"title": "", "workgroup": "2"}}
    again = _invoke(teams, lunde, "composeExtension/submitAction", submit)
    assert "title" in _inputs(again)
    assert tasks.list_tasks(ctx) == []


def test_legg_i_referat_adds_the_message_to_the_minutes(
    teams: TeamsHarness, ctx: ServiceContext, linked: object
) -> None:
    lunde = teams_person("Asbjørn Lunde")
    payload = {"body": {"content": "<p>Gjøvik ansetter 250</p>"}}
    fetched = _invoke(
        teams,
        lunde,
        "composeExtension/fetchTask",
        {"commandId": "leggIReferat", "messagePayload": payload},
    )
    inputs = _inputs(fetched)
    assert inputs["text"]["value"] == "Gjøvik ansetter 250"
    item = inputs["item"]["choices"][3]["value"]
    submit = {"commandId": "leggIReferat", "data": {"item": item, "text": "Gjøvik ansetter 250"}}
    done = _invoke(teams, lunde, "composeExtension/submitAction", submit)
    assert f"Referatlinjen din til sak {item}" in done["task"]["value"]
