"""The core's reply as Block Kit. Every piece of user text is escaped; every task line becomes a
card: a section, and an actions block with a button per next status, a due-date picker and an
edit button. A card's block ids carry the task's id and the version it shows, so a press on an
outdated card changes nothing, and the query that listed it, so an ephemeral list can be asked
again to show the current state (Slack does not send an ephemeral message's blocks back). A
question back gets a button per reading; the button's value is the reading's typed command."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from adapters.slack.text import escape, shorten
from chatops.i18n import N_, translate
from chatops.render import render_text, task_summary
from chatops.reply import (
    Block,
    BulletList,
    Choice,
    Fields,
    Heading,
    Paragraph,
    Reply,
    TaskLine,
    Visibility,
)
from chatops.status import TaskStatus

SlackBlock = dict[str, Any]

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
_SECTION_TEXT = 3000
_FIELD_TEXT = 2000
_HEADER_TEXT = 150
_FALLBACK_TEXT = 3000
# A query longer than this is not kept on a card (block ids hold 255 characters at most).
_MAX_QUERY = 160
_PREFIX = "tiltak"
# A choice button's action id is this and the choice's number (from 1).
CHOICE_ACTION = "choice:"
_CHOICES_BLOCK = f"{_PREFIX}:choices"
# Slack's limits: a button's value holds 2000 characters, an actions block 25 elements.
_BUTTON_VALUE = 2000
_MAX_BUTTONS = 25

STATUS_MARK = {
    TaskStatus.TODO: ":white_circle:",
    TaskStatus.DOING: ":large_blue_circle:",
    TaskStatus.BLOCKED: ":red_circle:",
    TaskStatus.DONE: ":white_check_mark:",
}
_BULLETS = ("•", "◦", "▪")


@dataclass(frozen=True, slots=True)
class Card:
    """Where a task's card sits in a message: the task, the version it shows, its position
    (block ids must be unique in a message) and the query that listed it, if any."""

    task_id: int
    version: int
    index: int = 0
    query: str = ""

    def block_id(self, part: str) -> str:
        """The id of one block of the card ("task", "actions" or "note")."""
        return f"{_PREFIX}:{part}:{self.task_id}:{self.version}:{self.index}:{self.query}"[:255]

    @classmethod
    def parse(cls, block_id: str | None) -> Card | None:
        """The card a block belongs to, or None for a block that is not part of a card."""
        parts = (block_id or "").split(":", 5)
        if len(parts) != 6 or parts[0] != _PREFIX:
            return None
        try:
            return cls(int(parts[2]), int(parts[3]), int(parts[4]), parts[5])
        except ValueError:
            return None


def mrkdwn(text: str) -> dict[str, str]:
    """A mrkdwn text object (the text must be escaped already)."""
    return {"type": "mrkdwn", "text": shorten(text, _SECTION_TEXT)}


def plain(text: str, limit: int = 75) -> dict[str, Any]:
    """A plain_text object (Slack shows plain text as typed; only its length is limited)."""
    return {"type": "plain_text", "text": shorten(text, limit), "emoji": True}


def section(text: str, block_id: str | None = None) -> SlackBlock:
    """A section of mrkdwn text (escaped already)."""
    block: SlackBlock = {"type": "section", "text": mrkdwn(text)}
    if block_id:
        block["block_id"] = block_id
    return block


def context(text: str, block_id: str | None = None) -> SlackBlock:
    """A small grey line of mrkdwn text (escaped already)."""
    block: SlackBlock = {"type": "context", "elements": [mrkdwn(text)]}
    if block_id:
        block["block_id"] = block_id
    return block


def card_text(line: TaskLine, language: str) -> str:
    """A task's line of text: status mark, number, title, then its details."""
    text = (
        f"{STATUS_MARK[line.status]} *#{line.task_id}* {escape(line.title)}\n"
        f"{escape(task_summary(line, language))}"
    )
    if line.note:
        text += f"\n_{escape(line.note)}_"
    return text


def card_blocks(
    line: TaskLine, language: str, card: Card, *, interactive: bool = True
) -> list[SlackBlock]:
    """A task's card: its section and, when interactive, its actions."""
    blocks = [section(card_text(line, language), card.block_id("task"))]
    if interactive:
        blocks.append(card_actions(line, language, card))
    return blocks


def card_actions(line: TaskLine, language: str, card: Card) -> SlackBlock:
    """The actions block of a card: next statuses, the due-date picker, edit."""
    return {
        "type": "actions",
        "block_id": card.block_id("actions"),
        "elements": _card_elements(line, language),
    }


def _card_elements(line: TaskLine, language: str) -> list[SlackBlock]:
    elements: list[SlackBlock] = []
    for action in line.actions:
        if action.kind != "status":
            continue
        button: SlackBlock = {
            "type": "button",
            "action_id": f"status:{action.value}",
            "text": plain(action.label[:1].upper() + action.label[1:]),
            "value": f"{line.task_id}:{line.version}:{action.value}",
        }
        if action.value == TaskStatus.DONE:
            button["style"] = "primary"
        elements.append(button)
    picker: SlackBlock = {
        "type": "datepicker",
        "action_id": "due",
        "placeholder": plain(translate(N_("Due date"), language)),
    }
    if line.due is not None:
        picker["initial_date"] = line.due.isoformat()
    elements.append(picker)
    elements.append(
        {
            "type": "button",
            "action_id": "edit",
            "text": plain(translate(N_("Edit"), language)),
            "value": str(line.task_id),
        }
    )
    return elements


def choice_buttons(choices: tuple[Choice, ...]) -> SlackBlock | None:
    """The buttons of a question back, one per reading; pressing one runs its typed command."""
    elements: list[SlackBlock] = []
    for number, choice in enumerate(choices, start=1):
        if len(choice.command) > _BUTTON_VALUE:
            continue  # it cannot ride on a button; the person can still type it
        button: SlackBlock = {
            "type": "button",
            "action_id": f"{CHOICE_ACTION}{number}",
            "text": plain(choice.label or choice.command),
            "value": choice.command,
        }
        if len(choices) == 1:
            button["style"] = "primary"
        elements.append(button)
    if not elements:
        return None
    return {"type": "actions", "block_id": _CHOICES_BLOCK, "elements": elements[:_MAX_BUTTONS]}


def _other_blocks(block: Block) -> list[SlackBlock]:
    if isinstance(block, Heading):
        return [section(f"*{escape(block.text)}*")]
    if isinstance(block, Paragraph):
        return [section(escape(block.text))]
    if isinstance(block, Fields):
        items = [
            {"type": "mrkdwn", "text": shorten(f"*{escape(i.label)}*\n{escape(i.value)}", 2000)}
            for i in block.items
        ]
        return [{"type": "section", "fields": items[n : n + 10]} for n in range(0, len(items), 10)]
    if isinstance(block, BulletList):
        lines = [
            f"{'    ' * level}{_BULLETS[min(level, 2)]} {escape(text)}"
            for level, text in block.items
        ]
        return [section(chunk) for chunk in _chunks(lines, _SECTION_TEXT)]
    raise TypeError(block)


def _chunks(lines: list[str], limit: int) -> list[str]:
    chunks: list[str] = []
    current = ""
    for line in lines:
        if current and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def render_blocks(
    reply: Reply,
    *,
    query: str = "",
    interactive: bool = True,
    limit: int = MAX_MESSAGE_BLOCKS,
) -> list[SlackBlock]:
    """A reply as Block Kit within Slack's block limit: when there are too many task lines for
    every card to have buttons, the last ones lose theirs first."""
    query = query if len(query) <= _MAX_QUERY else ""
    language = reply.language
    parts: list[list[SlackBlock]] = []
    cards: list[tuple[int, TaskLine, Card]] = []
    if reply.title:
        parts.append([{"type": "header", "text": plain(reply.title, _HEADER_TEXT)}])
    first_paragraph = reply.is_error
    for index, block in enumerate(reply.blocks):
        if isinstance(block, TaskLine):
            card = Card(block.task_id, block.version, index, query)
            cards.append((len(parts), block, card))
            parts.append(card_blocks(block, language, card, interactive=False))
            continue
        if first_paragraph and isinstance(block, Paragraph):
            parts.append([section(":warning: " + escape(block.text))])
            first_paragraph = False
            continue
        parts.append(_other_blocks(block))
    buttons = choice_buttons(reply.choices) if interactive else None
    if buttons is not None:
        # The question's buttons count before any card's: without them it cannot be answered.
        parts.append([buttons])
    if interactive:
        room = limit - sum(len(p) for p in parts)
        for position, line, card in cards[: max(room, 0)]:
            parts[position].append(card_actions(line, language, card))
    flat = [b for p in parts for b in p]
    if len(flat) > limit:
        kept = [buttons] if buttons is not None else []
        flat = [*flat[: limit - 1 - len(kept)], context("…"), *kept]
    return flat


def fallback_text(reply: Reply) -> str:
    """The message's plain text for notifications and screen readers."""
    # Without a question's numbered list: on Slack it is answered with its buttons.
    text = render_text(replace(reply, choices=()) if reply.choices else reply)
    return shorten(escape(text), _FALLBACK_TEXT) or "tiltak"


def message_payload(reply: Reply, *, query: str = "") -> dict[str, Any]:
    """Keyword arguments for chat.postMessage / chat.update / respond: blocks and text."""
    return {"blocks": render_blocks(reply, query=query), "text": fallback_text(reply)}


def slash_payload(reply: Reply, *, query: str = "") -> dict[str, Any]:
    """The immediate answer to a slash command: in the channel when the room should see it."""
    shown_to_room = reply.visibility == Visibility.ROOM and not reply.is_error
    return {
        "response_type": "in_channel" if shown_to_room else "ephemeral",
        # Only a list the asker alone sees is asked again when a button on it is pressed.
        **message_payload(reply, query="" if shown_to_room else query),
    }


def replace_card(
    blocks: list[SlackBlock], line: TaskLine, language: str, *, note: str | None = None
) -> list[SlackBlock]:
    """A message's blocks with the cards of one task redrawn from its current line; `note` (mrkdwn,
    escaped already) says what just happened, under the card."""
    with_actions = {
        card.index
        for block in blocks
        if (card := Card.parse(block.get("block_id"))) is not None
        and card.task_id == line.task_id
        and block.get("type") == "actions"
    }
    out: list[SlackBlock] = []
    for block in blocks:
        card = Card.parse(block.get("block_id"))
        if card is None or card.task_id != line.task_id:
            out.append(block)
        elif block.get("type") == "section":
            fresh = Card(line.task_id, line.version, card.index, card.query)
            out.extend(card_blocks(line, language, fresh, interactive=card.index in with_actions))
            if note:
                out.append(context(note, fresh.block_id("note")))
    return out
