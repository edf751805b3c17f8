"""The buttons on a task card and its due-date picker: a press changes the task and redraws the
card in place (chat.update for a channel message, the response URL for an ephemeral list), a
press on an outdated card changes nothing, and a press the presser may not make is refused."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from database_support import lead_task
from slack_support import SlackHarness, find_element, visible_text
from sqlalchemy import select

from tracker import schemas as s
from tracker.models import ProcessedEvent, TaskStatus
from tracker.services import history, tasks
from tracker.services.context import ServiceContext


@pytest.fixture
def task_1(ctx: ServiceContext, linked: dict[str, str]) -> s.TaskView:
    """Task #1 in workgroup 2, owned by its lead Asbjørn Lunde, due Friday 17 January."""
    return lead_task(ctx)


def status_changes(ctx: ServiceContext, task_id: int) -> list[tuple[str | None, str | None]]:
    return [
        (c.old_value, c.new_value)
        for c in history.history(ctx, entity="task", entity_id=task_id)
        if c.field == "status"
    ]


def card_in_channel(slack: SlackHarness, text: str) -> list[dict[str, Any]]:
    """The blocks of an answer the whole channel sees (a command that changes a task)."""
    answer = slack.command(text, user="ULUNDE")
    assert answer["response_type"] == "in_channel"
    blocks: list[dict[str, Any]] = answer["blocks"]
    return blocks


def test_a_status_button_changes_the_task_and_updates_the_card_in_place(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    blocks = card_in_channel(slack, "#1 pågår")
    response = slack.press(blocks, 1, "status:done", user="ULUNDE", ts="1736400000.000100")
    assert response.status_code == 200
    slack.settle()
    assert tasks.get_task(ctx, task_id=1).status == TaskStatus.DONE
    (update,) = slack.api.calls_to("chat.update")
    assert (update.args["channel"], update.args["ts"]) == ("C0GENERAL", "1736400000.000100")
    shown = visible_text(update.args["blocks"])
    assert (
        ":white_check_mark: *#1* Kartlegg sirkulære anskaffelser\nferdig · Asbjørn Lunde" in shown
    )
    assert "#1 er nå satt til «ferdig». · <@ULUNDE>" in shown
    # The redrawn card offers what comes next for a done task, with its new version.
    block_id, button = find_element(update.args["blocks"], 1, "status:doing")
    assert block_id.startswith("tiltak:actions:1:3:")
    assert button["text"]["text"] == "Pågår"


def test_a_double_click_applies_once_and_the_second_press_shows_the_task_as_it_is(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    blocks = card_in_channel(slack, "#1 pågår")
    slack.press(blocks, 1, "status:done", user="ULUNDE")
    slack.press(blocks, 1, "status:done", user="ULUNDE")
    slack.settle()
    assert status_changes(ctx, 1) == [("todo", "doing"), ("doing", "done")]
    assert tasks.get_task(ctx, task_id=1).version == 3
    _first, second = slack.api.calls_to("chat.update")
    assert "ferdig · Asbjørn Lunde" in visible_text(second.args["blocks"])
    (told,) = slack.api.calls_to("respond")
    assert told.args["response_type"] == "ephemeral"
    assert told.args["replace_original"] is False
    assert "ble endret av noen andre i mellomtiden" in visible_text(told.args["blocks"])


def test_a_button_on_an_ephemeral_list_redraws_the_list_as_it_is_now(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    answer = slack.command("mine oppgaver", user="ULUNDE")
    assert answer["response_type"] == "ephemeral"
    slack.press(answer["blocks"], 1, "status:doing", user="ULUNDE", ephemeral=True)
    slack.settle()
    assert tasks.get_task(ctx, task_id=1).status == TaskStatus.DOING
    (redraw,) = slack.api.calls_to("respond")
    assert redraw.args["replace_original"] is True
    shown = visible_text(redraw.args["blocks"])
    assert shown.startswith(":heavy_check_mark: #1 er nå satt til «pågår».")
    assert "Dine åpne oppgaver (1)" in shown
    assert ":large_blue_circle: *#1* Kartlegg sirkulære anskaffelser\npågår" in shown
    # The list's cards still know the query, so the next press redraws it again.
    block_id, _ = find_element(redraw.args["blocks"], 1, "status:done")
    assert block_id.endswith(":mine oppgaver")


def test_the_due_date_picker_moves_the_due_date(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    blocks = card_in_channel(slack, "#1 pågår")
    slack.press(blocks, 1, "due", user="ULUNDE", selected_date="2025-02-14")
    slack.settle()
    assert tasks.get_task(ctx, task_id=1).due_on == date(2025, 2, 14)
    (update,) = slack.api.calls_to("chat.update")
    shown = visible_text(update.args["blocks"])
    assert "pågår · Asbjørn Lunde · frist fre. 14.02" in shown
    _, picker = find_element(update.args["blocks"], 1, "due")
    assert picker["initial_date"] == "2025-02-14"


def test_a_press_someone_may_not_make_changes_nothing_and_tells_them_why(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    blocks = card_in_channel(slack, "#1 pågår")
    slack.press(blocks, 1, "status:done", user="UELI")
    slack.settle()
    assert tasks.get_task(ctx, task_id=1).status == TaskStatus.DOING
    assert slack.api.calls_to("chat.update") == []
    (told,) = slack.api.calls_to("respond")
    assert told.args["response_type"] == "ephemeral"
    assert "Oppgave #1 er noen andres" in visible_text(told.args["blocks"])


def test_the_edit_button_opens_the_task_modal_filled_in(
    slack: SlackHarness, task_1: s.TaskView
) -> None:
    blocks = card_in_channel(slack, "#1 pågår")
    slack.press(blocks, 1, "edit", user="ULUNDE")
    slack.settle()
    (opened,) = slack.api.calls_to("views.open")
    view = opened.args["view"]
    assert view["callback_id"] == "task_modal"
    fields = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert fields["title"]["initial_value"] == "Kartlegg sirkulære anskaffelser"
    assert fields["workgroup"]["initial_option"]["value"] == "2"
    assert fields["owner"]["initial_user"] == "ULUNDE"
    assert fields["due"]["initial_date"] == "2025-01-17"
    assert "Rediger" in view["title"]["text"] or "Edit" in view["title"]["text"]


def handled_events(ctx: ServiceContext) -> list[str]:
    with ctx.uow() as uow:
        return list(uow.session.scalars(select(ProcessedEvent.event_id)))


def test_asking_an_ephemeral_list_again_after_a_press_is_reading_and_claims_no_event(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    answer = slack.command("mine oppgaver", user="ULUNDE")
    before = handled_events(ctx)
    slack.press(answer["blocks"], 1, "status:doing", user="ULUNDE", ephemeral=True)
    slack.settle()
    (redraw,) = slack.api.calls_to("respond")
    assert "Dine åpne oppgaver (1)" in visible_text(redraw.args["blocks"])
    # The press is one event; the list shown again with it is none.
    (press,) = set(handled_events(ctx)) - set(before)
    assert press.startswith("action:")
