"""A Reply as Teams shows it: the text as plain text, and each task as an Adaptive Card with
an Action.Submit per status change and a date input for the due date. Every button's data holds
the task, the version the card shows and the typed command, so a press on a card that is out of
date changes nothing (the core refuses a stale version) and a reader without cards loses nothing."""

from __future__ import annotations

from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, Attachment

from chatops.i18n import N_, translate
from chatops.render import render_text, task_summary
from chatops.reply import Reply, TaskLine

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
# The key that marks a submit as ours, with the kind of change it makes.
KIND = "tiltak"
STATUS = "status"
DUE = "due"
CHOICE = "choice"


def task_card(line: TaskLine, language: str) -> dict[str, Any]:
    """One task as an Adaptive Card: its summary, its status buttons and its due-date input."""
    actions: list[dict[str, Any]] = [
        {
            "type": "Action.Submit",
            "title": action.label,
            "data": {
                KIND: STATUS,
                "task": line.task_id,
                "version": line.version,
                "value": action.value,
                "command": action.command,
            },
        }
        for action in line.actions
        if action.kind == "status"
    ]
    due_input = f"due-{line.task_id}"
    actions.append(
        {
            "type": "Action.Submit",
            "title": translate(N_("Set due date"), language),
            "data": {KIND: DUE, "task": line.task_id, "version": line.version, "input": due_input},
        }
    )
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "body": [
            {
                "type": "TextBlock",
                "text": f"#{line.task_id} {line.title}",
                "weight": "Bolder",
                "wrap": True,
            },
            {"type": "TextBlock", "text": task_summary(line, language), "wrap": True},
            {
                "type": "Input.Date",
                "id": due_input,
                "label": translate(N_("Due date"), language),
                "value": line.due.isoformat() if line.due else "",
            },
        ],
        "actions": actions,
    }


def choices_card(reply: Reply) -> dict[str, Any]:
    """A question back as a card with a button per reading (each runs its typed command)."""
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "body": [],
        "actions": [
            {
                "type": "Action.Submit",
                "title": choice.label,
                "data": {KIND: CHOICE, "command": choice.command},
            }
            for choice in reply.choices
        ],
    }


def reply_activity(reply: Reply) -> Activity:
    """The message activity for a reply: markdown text, plus a card per task shown."""
    cards = [task_card(line, reply.language) for line in reply.task_lines]
    if reply.choices:
        cards.append(choices_card(reply))
    return Activity(
        type=ActivityTypes.message,
        # Plain text: Teams reads only part of markdown and shows its escapes as typed.
        text=render_text(reply),
        text_format="plain",
        attachments=[Attachment(content_type=CARD_TYPE, content=card) for card in cards],
    )
