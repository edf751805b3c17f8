"""Opening the modals: the edit button on a card, the Home tab's "New task" button, and the two
message shortcuts, "Lag oppgave" (a task made from a message, which stays on the task as its
source) and "Legg i referat" (a message put into the minutes of the next meeting). What a form
offers and how it starts is the core's (chatops.forms); a refusal goes to the presser."""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from adapters.slack.blocks import Card, SlackBlock
from adapters.slack.bot import SlackBot
from adapters.slack.incoming import channel_of, incoming
from adapters.slack.modals import metadata, minutes_modal, task_modal
from adapters.slack.people import display_names
from adapters.slack.redraw import Origins, say_privately
from adapters.slack.text import mentioned_users, plain_text
from chatops.forms import minutes_form, task_form
from chatops.messages import IncomingMessage
from chatops.reply import Reply

log = logging.getLogger(__name__)

# A few names at most: the modal must open within 3 seconds of the press.
_NAMES_ASKED = 5

F = TypeVar("F")


def _asker(body: dict[str, Any]) -> IncomingMessage:
    """The presser as the core reads them, to fill a form in for them."""
    return incoming(body, text="", event_id=f"action:{body.get('trigger_id')}")


class ModalOpeners:
    """What opens a modal, and with what in it."""

    def __init__(self, bot: SlackBot, origins: Origins) -> None:
        self.bot = bot
        self.origins = origins

    def edit_pressed(self, body: dict[str, Any], client: WebClient) -> None:
        """The edit button on a card: open the task modal filled in with the task as it is."""
        action = body["actions"][0]
        card = Card.parse(action.get("block_id"))
        try:
            task_id = int(action.get("value") or 0)
        except ValueError:
            return
        form = self._or_tell(client, body, task_form(self.bot.core, _asker(body), task_id=task_id))
        if form is None:
            return
        container = body.get("container") or {}
        message = body.get("message") or {}
        values = {
            "mode": "edit",
            "task": form.task_id,
            "version": form.version,
            "channel": container.get("channel_id"),
            "ts": message.get("ts") or container.get("message_ts"),
            "thread": message.get("thread_ts") or message.get("ts"),
            "eph": bool(container.get("is_ephemeral")),
            "home": container.get("type") == "view",
            "query": card.query if card else "",
            "url": body.get("response_url"),
        }
        opened = self._open(client, body, task_modal(form, private_metadata=metadata(values)))
        if opened and message.get("blocks") and not values["eph"]:
            self.origins.keep(opened, message["blocks"], message.get("text") or "")

    def new_task_pressed(self, body: dict[str, Any], client: WebClient) -> None:
        """The Home tab's "New task" button."""
        form = self._or_tell(client, body, task_form(self.bot.core, _asker(body)))
        if form is not None:
            values = metadata({"mode": "create", "home": True})
            self._open(client, body, task_modal(form, private_metadata=values))

    def task_from_message(self, body: dict[str, Any], client: WebClient) -> None:
        """The message shortcut "Lag oppgave": the task modal filled in from the message, which
        stays on the task as its source (the message's permalink)."""
        channel = channel_of(body)
        message = body.get("message") or {}
        text = self._readable(client, message.get("text") or "")
        first_line = next((line for line in text.splitlines() if line.strip()), "")
        asker = _asker(body)
        form = self._or_tell(
            client, body, task_form(self.bot.core, asker, title=first_line, description=text)
        )
        if form is None:
            return
        link = None
        try:
            link = client.chat_getPermalink(channel=channel, message_ts=message["ts"])["permalink"]
        except (SlackApiError, SlackRequestError, OSError, KeyError) as exc:
            log.info("no permalink for a message in %s: %s", channel, exc)
        values = {
            "mode": "create",
            "channel": channel,
            "thread": message.get("thread_ts") or message.get("ts"),
            "link": link,
        }
        self._open(client, body, task_modal(form, private_metadata=metadata(values)))

    def minutes_from_message(self, body: dict[str, Any], client: WebClient) -> None:
        """The message shortcut "Legg i referat": a modal to put the message into the minutes of
        the next meeting, under the agenda item the person picks."""
        message = body.get("message") or {}
        text = self._readable(client, message.get("text") or "")
        asker = _asker(body)
        form = self._or_tell(client, body, minutes_form(self.bot.core, asker, text=text))
        if form is None:
            return
        values = {
            "channel": channel_of(body),
            "thread": message.get("thread_ts") or message.get("ts"),
        }
        self._open(client, body, minutes_modal(form, private_metadata=metadata(values)))

    def _or_tell(self, client: WebClient, body: dict[str, Any], form: F | Reply) -> F | None:
        """The form to open; else None, after telling the presser why not."""
        if isinstance(form, Reply):
            say_privately(self.bot, client, body, form)
            return None
        return form

    def _open(self, client: WebClient, body: dict[str, Any], view: SlackBlock) -> str | None:
        try:
            opened = client.views_open(trigger_id=body["trigger_id"], view=view)
        except (SlackApiError, SlackRequestError, OSError) as exc:
            log.warning("views.open failed: %s", exc)
            return None
        view_id = (opened.get("view") or {}).get("id")
        return view_id if isinstance(view_id, str) else None

    def _readable(self, client: WebClient, text: str) -> str:
        """A message's text as a person reads it (mentions as names)."""
        return plain_text(text, display_names(client, mentioned_users(text)[:_NAMES_ASKED]))
