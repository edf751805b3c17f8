"""Task cards on Teams: an Action.Submit on a card's status button or its due-date input runs the
typed command and edits the card in place (updateActivity); a press on a card that is out of
date changes nothing and redraws the card as the task is now."""

from __future__ import annotations

from datetime import date
from typing import Any

from teams_support import Call, Person, TeamsHarness
from test_teams_commands import task_1, teams_person

from tracker import schemas as s
from tracker.models import TaskStatus
from tracker.services import tasks
from tracker.services.context import ServiceContext

__all__ = ["task_1"]


def _card(reply: Call) -> dict[str, Any]:
    (attachment,) = reply.body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card: dict[str, Any] = attachment["content"]
    return card


def _button(card: dict[str, Any], title: str) -> dict[str, Any]:
    found = [a for a in card["actions"] if a["title"] == title]
    assert found, [a["title"] for a in card["actions"]]
    assert found[0]["type"] == "Action.Submit"
    data: dict[str, Any] = found[0]["data"]
    return data


def _press(
    teams: TeamsHarness, person: Person, reply: Call, data: dict[str, Any], **inputs: str
) -> int:
    """An Action.Submit on the card the connector posted as `reply`."""
    body = teams.activity(person, None, value={**data, **inputs}, reply_to=reply.answered_id)
    status, _ = teams.post(body)
    return status


def _shown_card(teams: TeamsHarness, person: Person) -> Call:
    return teams.say(person, "mine oppgaver")


def test_a_status_button_changes_the_task_and_edits_the_card_in_place(
    teams: TeamsHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    lunde = teams_person("Asbjørn Lunde")
    reply = _shown_card(teams, lunde)
    card = _card(reply)
    assert card["body"][0]["text"] == "#1 Kartlegg sirkulære anskaffelser"
    data = _button(card, "ferdig")
    assert data["command"] == "#1 ferdig", "every button has its typed command"
    assert _press(teams, lunde, reply, data) == 202
    assert tasks.get_task(ctx, task_id=task_1.id).status == TaskStatus.DONE
    (update,) = teams.connector.updates()
    assert update.path.endswith(f"/activities/{reply.answered_id}")
    assert "ferdig" in _card(update)["body"][1]["text"]


def test_a_due_date_input_moves_the_due_date(
    teams: TeamsHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    lunde = teams_person("Asbjørn Lunde")
    reply = _shown_card(teams, lunde)
    card = _card(reply)
    data = _button(card, "Sett frist")
    assert _press(teams, lunde, reply, data, **{data["input"]: "2025-01-24"}) == 202
    assert tasks.get_task(ctx, task_id=task_1.id).due_on == date(2025, 1, 24)
    (update,) = teams.connector.updates()
    assert "24.01" in _card(update)["body"][1]["text"]


def test_a_stale_card_changes_nothing_and_is_redrawn_as_the_task_is_now(
    teams: TeamsHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    lunde = teams_person("Asbjørn Lunde")
    reply = _shown_card(teams, lunde)
    card = _card(reply)
    assert _press(teams, lunde, reply, _button(card, "pågår")) == 202
    assert tasks.get_task(ctx, task_id=task_1.id).status == TaskStatus.DOING
    # The same card, still showing version 1: its «ferdig» is stale now.
    assert _press(teams, lunde, reply, _button(card, "ferdig")) == 202
    assert tasks.get_task(ctx, task_id=task_1.id).status == TaskStatus.DOING
    _first, second = teams.connector.updates()
    assert "pågår" in _card(second)["body"][1]["text"]
    assert _card(second)["actions"] != card["actions"]


def test_a_retried_press_is_applied_once(
    teams: TeamsHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    lunde = teams_person("Asbjørn Lunde")
    reply = _shown_card(teams, lunde)
    data = _button(_card(reply), "pågår")
    body = teams.activity(lunde, None, value=data, reply_to=reply.answered_id)
    for _ in range(3):
        assert teams.post(body)[0] == 202
    assert len(teams.connector.updates()) == 1
    assert tasks.get_task(ctx, task_id=task_1.id).status == TaskStatus.DOING
