"""A question back on Slack: a button per reading, whose value is the reading's typed command.
Pressing one runs that command as if it had been typed, and the answer takes the question's
place (the response URL for an ephemeral question, chat.update in a direct message); the question
is answered once, however often its buttons are pressed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from slack_support import TEAM, SlackHarness, unique, visible_text

from adapters.slack.blocks import fallback_text, render_blocks
from chatops.reply import Choice, Paragraph, Reply
from tracker import schemas as s
from tracker.models import Channel, TaskStatus
from tracker.services import groups, history, questions, tasks
from tracker.services.context import Actor, ServiceContext

QUESTION_TS = "1736400000.000200"


@pytest.fixture
def three_tasks(ctx: ServiceContext, linked: dict[str, str]) -> list[s.TaskView]:
    """Tasks #1 and #2 of Dag Aanensen (workgroup 3); #3 of Asbjørn Lunde (workgroup 2), open."""
    made = []
    for title, owner, number in (
        ("Oversikt over næringsprosjekter", "Dag Aanensen", 3),
        ("Tall for tilflytting", "Dag Aanensen", 3),
        ("Innspill til Den Store Sirkulærkonferansen", "Asbjørn Lunde", 2),
    ):
        (person,) = groups.find_people(ctx, name=owner)
        workgroup = next(wg for wg in groups.list_workgroups(ctx) if wg.number == number)
        made.append(
            tasks.create_task(
                ctx,
                actor=Actor.system_actor(Channel.CLI),
                data=s.TaskCreate(
                    title=title,
                    workgroup_id=workgroup.id,
                    owner_id=person.id,
                    due_on=date(2025, 1, 17),
                ),
            )
        )
    return made


def question(*choices: Choice) -> Reply:
    return Reply((Paragraph("Mente du at #3 er ferdig?"),), choices=choices)


DONE = Choice("Marker #3 som ferdig", "#3 ferdig")
DOING = Choice("Marker #3 som pågår", "#3 pågår")


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        element
        for block in blocks
        if block.get("type") == "actions"
        for element in block["elements"]
        if element["action_id"].startswith("choice:")
    ]


def press_choice(
    slack: SlackHarness,
    blocks: list[dict[str, Any]],
    number: int,
    *,
    user: str,
    channel: str = "C0GENERAL",
    ephemeral: bool = True,
) -> None:
    """Press the question's button number `number` in a message that shows these blocks."""
    (block,) = [b for b in blocks if any(e in buttons([b]) for e in b.get("elements", []))]
    (element,) = [e for e in block["elements"] if e["action_id"] == f"choice:{number}"]
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user, "team_id": TEAM},
        "trigger_id": unique("trigger."),
        "container": {
            "type": "message",
            "message_ts": QUESTION_TS,
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        },
        "channel": {"id": channel, "name": "general"},
        "response_url": slack.api.response_url(unique("act")),
        "actions": [
            {
                "action_id": element["action_id"],
                "block_id": block["block_id"],
                "type": "button",
                "value": element["value"],
                "action_ts": "1736400001.000001",
            }
        ],
    }
    if not ephemeral:
        payload["message"] = {"type": "message", "ts": QUESTION_TS, "text": "…", "blocks": blocks}
    assert slack.interact(payload).status_code == 200


def status_changes(ctx: ServiceContext, task_id: int) -> list[tuple[str | None, str | None]]:
    return [
        (c.old_value, c.new_value)
        for c in history.history(ctx, entity="task", entity_id=task_id)
        if c.field == "status"
    ]


def test_a_question_shows_a_button_per_reading_carrying_its_typed_command() -> None:
    long_label = (
        "Marker #3 «Innspill til Den Store Sirkulærkonferansen og handlingsplanen» som ferdig"
    )
    blocks = render_blocks(question(Choice(long_label, "#3 ferdig"), DOING))
    first, second = buttons(blocks)
    assert (first["action_id"], first["value"]) == ("choice:1", "#3 ferdig")
    assert (second["action_id"], second["value"]) == ("choice:2", "#3 pågår")
    assert second["text"]["text"] == "Marker #3 som pågår"
    assert len(first["text"]["text"]) <= 75
    assert first["text"]["text"].endswith("…")
    assert first["text"]["text"].startswith("Marker #3 «Innspill til Den Store")
    assert "Mente du at #3 er ferdig?" in visible_text(blocks)


def test_a_single_reading_is_the_primary_button() -> None:
    (button,) = buttons(render_blocks(question(DONE)))
    assert button["style"] == "primary"
    assert button["text"]["text"] == "Marker #3 som ferdig"


def test_a_reading_too_long_for_a_button_is_left_to_be_typed() -> None:
    long_comment = Choice("Kommenter #3", "kommentar #3: " + "x" * 2000)
    (button,) = buttons(render_blocks(question(long_comment, DONE)))
    assert button["value"] == "#3 ferdig"


def test_the_notification_text_of_a_question_has_no_numbered_list() -> None:
    text = fallback_text(question(DONE, DOING))
    assert text == "Mente du at #3 er ferdig?"


def test_a_list_without_buttons_shows_no_question_buttons() -> None:
    assert buttons(render_blocks(question(DONE), interactive=False)) == []


def test_pressing_a_reading_runs_its_command_and_the_answer_replaces_the_ephemeral_question(
    slack: SlackHarness, ctx: ServiceContext, three_tasks: list[s.TaskView]
) -> None:
    questions.remember_question(
        ctx,
        platform="slack",
        room_id="C0GENERAL",
        user_id="ULUNDE",
        commands=["#3 ferdig", "#3 pågår"],
        language="nb",
    )
    press_choice(slack, render_blocks(question(DONE, DOING)), 1, user="ULUNDE")
    slack.settle()
    assert tasks.get_task(ctx, task_id=3).status == TaskStatus.DONE
    (replaced,) = slack.api.calls_to("respond")
    assert replaced.args["replace_original"] is True
    shown = visible_text(replaced.args["blocks"])
    assert "#3 er nå satt til «ferdig»." in shown
    assert buttons(replaced.args["blocks"]) == []
    assert slack.api.calls_to("chat.update") == []
    # Answered with the button, the question no longer waits for a «ja».
    assert not questions.has_question(ctx, platform="slack", room_id="C0GENERAL", user_id="ULUNDE")


def test_a_question_is_answered_once_however_often_its_buttons_are_pressed(
    slack: SlackHarness, ctx: ServiceContext, three_tasks: list[s.TaskView]
) -> None:
    blocks = render_blocks(question(DONE, DOING))
    press_choice(slack, blocks, 2, user="ULUNDE")
    press_choice(slack, blocks, 2, user="ULUNDE")
    press_choice(slack, blocks, 1, user="ULUNDE")
    slack.settle()
    # Presses are handled after their acknowledgement, so which press comes first is Slack's
    # and the threads' business; what holds is that the question is answered exactly once.
    (change,) = status_changes(ctx, 3)
    assert change in {("todo", "doing"), ("todo", "done")}
    assert len(slack.api.calls_to("respond")) == 1


def test_pressing_a_reading_in_a_direct_message_updates_the_question_in_place(
    slack: SlackHarness, ctx: ServiceContext, three_tasks: list[s.TaskView]
) -> None:
    blocks = render_blocks(question(DOING))
    press_choice(slack, blocks, 1, user="ULUNDE", channel="DLUNDE", ephemeral=False)
    slack.settle()
    assert tasks.get_task(ctx, task_id=3).status == TaskStatus.DOING
    (update,) = slack.api.calls_to("chat.update")
    assert (update.args["channel"], update.args["ts"]) == ("DLUNDE", QUESTION_TS)
    assert "#3 er nå satt til «pågår»." in visible_text(update.args["blocks"])
    assert "#3 er nå satt til «pågår»." in update.args["text"]


def test_a_reading_runs_with_the_pressers_own_permissions(
    slack: SlackHarness, ctx: ServiceContext, three_tasks: list[s.TaskView]
) -> None:
    # Eli Bryhni is a member, not the owner of #3 nor a lead: the change is refused to her as
    # it would be if she had typed it, and a refusal does not replace a question in a channel.
    blocks = render_blocks(question(DONE))
    press_choice(slack, blocks, 1, user="UELI", ephemeral=False)
    slack.settle()
    assert tasks.get_task(ctx, task_id=3).status == TaskStatus.TODO
    assert slack.api.calls_to("chat.update") == []
    (told,) = slack.api.calls_to("respond")
    assert told.args["response_type"] == "ephemeral"
    assert told.args["replace_original"] is False


def test_an_unlinked_presser_is_told_how_to_link_and_nothing_changes(
    slack: SlackHarness, ctx: ServiceContext, three_tasks: list[s.TaskView]
) -> None:
    press_choice(slack, render_blocks(question(DONE)), 1, user="USTRANGER")
    slack.settle()
    assert tasks.get_task(ctx, task_id=3).status == TaskStatus.TODO
    (told,) = slack.api.calls_to("respond")
    assert "koble" in visible_text(told.args["blocks"]).lower()


def test_a_press_by_someone_not_linked_leaves_the_question_for_its_asker(
    slack: SlackHarness, ctx: ServiceContext, three_tasks: list[s.TaskView]
) -> None:
    blocks = render_blocks(question(DONE))
    press_choice(slack, blocks, 1, user="USTRANGER")
    slack.settle()
    press_choice(slack, blocks, 1, user="ULUNDE")
    slack.settle()
    assert tasks.get_task(ctx, task_id=3).status == TaskStatus.DONE


# --- with the core's own questions -----------------------------------------------------------


def test_an_unclear_change_by_slash_command_asks_with_a_button_that_does_it(
    slack: SlackHarness, ctx: ServiceContext, three_tasks: list[s.TaskView]
) -> None:
    answer = slack.command("3 kanskje ferdig?", user="ULUNDE")
    assert answer["response_type"] == "ephemeral"
    assert tasks.get_task(ctx, task_id=3).status == TaskStatus.TODO
    assert "#3 ferdig" in [b["value"] for b in buttons(answer["blocks"])]
    number = next(
        int(b["action_id"].split(":")[1])
        for b in buttons(answer["blocks"])
        if b["value"] == "#3 ferdig"
    )
    press_choice(slack, answer["blocks"], number, user="ULUNDE")
    slack.settle()
    assert tasks.get_task(ctx, task_id=3).status == TaskStatus.DONE
    (replaced,) = slack.api.calls_to("respond")
    assert replaced.args["replace_original"] is True
    assert "#3 er nå satt til «ferdig»." in visible_text(replaced.args["blocks"])
    assert buttons(replaced.args["blocks"]) == []
