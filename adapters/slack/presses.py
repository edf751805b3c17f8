"""Presses on what the bot showed: a status button or the due-date picker on a task's card, and
a button of a question back. Each stands for a typed command that the core runs (chatops.gestures)
with the version the card showed; the outcome is shown where the press was (see redraw.py)."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from adapters.slack.blocks import Card, message_payload
from adapters.slack.bot import SlackBot, first_text, send_to_response_url
from adapters.slack.incoming import channel_of, incoming, press_id, presser
from adapters.slack.redraw import redraw_private, redraw_shared, tell_presser, update_message
from chatops import commands as c
from chatops.gestures import choose, due_command, status_command
from chatops.reply import Visibility
from chatops.typed import typed_command


def _answer_id(body: dict[str, Any], channel: str) -> str:
    """The event id of a press on a question's button: the question message itself where Slack
    names it, so that it is answered once, whichever button and however many clicks (each click
    has a trigger id of its own); else the press's own id, which a redelivery repeats."""
    ts = (body.get("container") or {}).get("message_ts") or (body.get("message") or {}).get("ts")
    if ts and channel:
        return f"action:choice:{channel}:{ts}"
    return press_id(body)


class Presses:
    """What a press on a card or on a question's button does."""

    def __init__(self, bot: SlackBot) -> None:
        self.bot = bot

    def status_pressed(self, body: dict[str, Any], client: WebClient) -> None:
        """A status button on a card."""
        action = body["actions"][0]
        card = Card.parse(action.get("block_id"))
        value = str(action.get("value", "")).rsplit(":", 1)[-1]
        if card is None:
            return
        command = status_command(card.task_id, value, version=card.version)
        if command is not None:
            self._act(body, client, card, command)

    def due_picked(self, body: dict[str, Any], client: WebClient) -> None:
        """A date picked on a card's due-date picker."""
        action = body["actions"][0]
        card = Card.parse(action.get("block_id"))
        if card is None:
            return
        command = due_command(card.task_id, action.get("selected_date") or "", version=card.version)
        if command is not None:
            self._act(body, client, card, command)

    def choice_pressed(self, body: dict[str, Any], client: WebClient) -> None:
        """A button of a question back: run the reading's typed command, then show the answer
        where the question was."""
        channel = channel_of(body)
        typed = str(body["actions"][0].get("value") or "")
        if not typed:
            return
        message = incoming(body, text=typed, event_id=_answer_id(body, channel))
        reply = choose(self.bot.core, message)
        if reply is None:
            return
        container = body.get("container") or {}
        if container.get("is_ephemeral"):
            payload = {"replace_original": True, **message_payload(reply)}
            send_to_response_url(body.get("response_url"), payload)
        elif channel.startswith("D") or (
            reply.visibility == Visibility.ROOM and not reply.is_error
        ):
            ts = (body.get("message") or {}).get("ts") or container.get("message_ts")
            answer = message_payload(reply)
            where = (channel, ts, answer["text"])
            update_message(client, body.get("response_url"), where, answer["blocks"])
        else:
            # The question stands in a shared channel, but the answer is for the presser alone
            # (an error, a private list, a sign-in link): it must not take the question's place.
            tell_presser(body.get("response_url"), reply)

    def _act(self, body: dict[str, Any], client: WebClient, card: Card, command: c.Command) -> None:
        user, event_id = presser(body), press_id(body)
        message = incoming(body, text=typed_command(command), event_id=event_id)
        reply = self.bot.core.handle(message, command=command)
        if reply is None:
            return  # the same press again (a redelivery): it was handled
        container = body.get("container") or {}
        if container.get("type") == "view":
            # A change republishes the Homes it touched through the core; an error is shown on
            # the presser's Home at once.
            if reply.is_error:
                self.bot.publish_home(client, user, notice=first_text(reply))
            return
        if container.get("is_ephemeral"):
            redraw_private(self.bot, body, reply, card, event_id)
        else:
            redraw_shared(body, client, reply, channel_of(body))
