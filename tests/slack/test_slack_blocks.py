"""Reply to Block Kit, and Slack's text to the core's: user text is escaped wherever it shows,
Slack's limits hold for any reply, and a card's ids say which task and version it shows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from slack_support import visible_text

from adapters.slack.blocks import (
    MAX_MESSAGE_BLOCKS,
    Card,
    fallback_text,
    render_blocks,
    replace_card,
    slash_payload,
)
from adapters.slack.text import command_text, plain_text
from chatops.reply import (
    Action,
    BulletList,
    Field,
    Fields,
    Heading,
    Paragraph,
    Reply,
    TaskLine,
    Visibility,
)
from tracker.models import TaskStatus

HOSTILE = "R&D <script> <@U999> <!channel>"


def line(task_id: int, *, version: int = 1, title: str = "Skriv notat") -> TaskLine:
    return TaskLine(
        task_id=task_id,
        title=title,
        status=TaskStatus.TODO,
        status_label="ikke startet",
        owner="Dag Aanensen",
        due=date(2025, 1, 17),
        due_label="fre. 17.01",
        overdue=False,
        note="Står fast: venter på <tall>",
        actions=(
            Action("pågår", f"#{task_id} pågår", task_id, "status", "doing"),
            Action("ferdig", f"#{task_id} ferdig", task_id, "status", "done"),
        ),
        version=version,
    )


def test_slack_text_becomes_the_text_the_core_reads() -> None:
    assert command_text("<@UBOT> ny oppgave Notat <@U123|dag>", bot_user_id="UBOT") == (
        "ny oppgave Notat @<@U123>"
    )
    assert command_text("se <#C1|sirkular> og <https://x.no/a?b=1&amp;c=2|rapporten>") == (
        "se #sirkular og rapporten (https://x.no/a?b=1&c=2)"
    )
    assert command_text("R&amp;D &lt;utkast&gt; <!here> <mailto:a@b.no|a@b.no>") == (
        "R&D <utkast> @here a@b.no"
    )
    assert plain_text("Hei <@U1>!\n  Se <https://x.no>", {"U1": "Dag Aanensen"}) == (
        "Hei @Dag Aanensen!\nSe https://x.no"
    )


def test_user_text_is_escaped_in_every_kind_of_block() -> None:
    reply = Reply(
        (
            Heading(HOSTILE),
            Paragraph(HOSTILE),
            Fields((Field(HOSTILE, HOSTILE),)),
            BulletList(((0, HOSTILE), (1, HOSTILE))),
            line(1, title=HOSTILE),
        ),
        title=HOSTILE,
    )
    blocks = render_blocks(reply)
    shown = visible_text(blocks[1:])
    assert "<script>" not in shown
    assert "<@U999>" not in shown
    assert "<!channel>" not in shown
    assert shown.count("R&amp;D &lt;script&gt; &lt;@U999&gt; &lt;!channel&gt;") == 7
    assert "venter på &lt;tall&gt;" in shown
    assert "<script>" not in fallback_text(reply)
    # The header is plain text: Slack shows it as typed, nothing to escape there.
    assert blocks[0] == {
        "type": "header",
        "text": {"type": "plain_text", "text": HOSTILE, "emoji": True},
    }


def test_a_long_list_keeps_within_the_block_limit_and_its_first_cards_keep_their_buttons() -> None:
    reply = Reply((Heading("Frister"), *(line(n) for n in range(1, 41))))
    blocks = render_blocks(reply)
    assert len(blocks) <= MAX_MESSAGE_BLOCKS
    with_buttons = [b for b in blocks if b["type"] == "actions"]
    assert len(with_buttons) == MAX_MESSAGE_BLOCKS - 41
    assert Card.parse(with_buttons[0]["block_id"]) == Card(1, 1, 1, "")
    ids = [b["block_id"] for b in blocks if "block_id" in b]
    assert len(ids) == len(set(ids))


def test_a_cards_ids_carry_its_task_version_and_query() -> None:
    card = Card(12, 3, 4, "mine oppgaver: alle")
    assert Card.parse(card.block_id("actions")) == card
    assert Card.parse("home") is None
    assert Card.parse("tiltak:actions:x:1:0:") is None
    assert Card.parse(None) is None


def test_redrawing_a_card_leaves_the_rest_of_the_message_as_it_was() -> None:
    blocks = render_blocks(Reply((Paragraph("Frister"), line(1), line(2))))
    moved = replace(line(2), version=2, due_label="fre. 14.02")
    redrawn = replace_card(blocks, moved, "nb", note="#2 har nå frist fre. 14.02.")
    assert redrawn[:3] == blocks[:3]
    assert "frist fre. 14.02" in redrawn[3]["text"]["text"]
    assert Card.parse(redrawn[4]["block_id"]) == Card(2, 2, 2, "")
    assert visible_text([redrawn[5]]) == "#2 har nå frist fre. 14.02."


def test_only_an_answer_for_the_room_goes_in_the_channel() -> None:
    assert slash_payload(Reply((Paragraph("x"),), visibility=Visibility.ROOM))["response_type"] == (
        "in_channel"
    )
    assert slash_payload(Reply((Paragraph("x"),)))["response_type"] == "ephemeral"
    error = Reply((Paragraph("nei"),), visibility=Visibility.ROOM, is_error=True)
    assert slash_payload(error)["response_type"] == "ephemeral"
    assert visible_text(slash_payload(error)["blocks"]) == ":warning: nei"
