"""Showing the outcome of a press where it was pressed: a card in a channel message is redrawn
for everyone (`chat.update`, falling back to the response URL), an ephemeral list is asked
again and replaced (Slack does not send its blocks back), and what is for the presser alone goes
to them privately. Also the memory of which message an edit modal was opened from."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from adapters.slack.blocks import (
    Card,
    SlackBlock,
    context,
    fallback_text,
    message_payload,
    render_blocks,
    replace_card,
)
from adapters.slack.bot import SlackBot, first_text, send_to_response_url
from adapters.slack.incoming import incoming, presser
from adapters.slack.text import escape
from chatops.gestures import ask_again
from chatops.reply import Reply

log = logging.getLogger(__name__)

_ORIGINS_KEPT = 500

# A channel message: its channel, its ts and its text (for notifications).
Where = tuple[str, str | None, str]


class Origins:
    """The blocks and text of the channel message each open edit modal came from, by view id, so
    the card can be redrawn when the modal is saved (a submission does not carry the message)."""

    def __init__(self) -> None:
        self._kept: OrderedDict[str, tuple[list[SlackBlock], str]] = OrderedDict()
        self._lock = threading.Lock()

    def keep(self, view_id: str, blocks: list[SlackBlock], text: str) -> None:
        """Remember the message a modal was opened from (the oldest are forgotten first)."""
        with self._lock:
            self._kept[view_id] = (blocks, text)
            while len(self._kept) > _ORIGINS_KEPT:
                self._kept.popitem(last=False)

    def take(self, view_id: str) -> tuple[list[SlackBlock], str] | None:
        """The message a modal was opened from, forgotten as it is taken."""
        with self._lock:
            return self._kept.pop(view_id, None)


def update_message(
    client: WebClient, response_url: str | None, where: Where, blocks: list[SlackBlock]
) -> None:
    """Replace a channel message's blocks and its text (for notifications)."""
    channel, ts, text = where
    try:
        client.chat_update(channel=channel, ts=ts or "", blocks=blocks, text=text)
        return
    except (SlackApiError, SlackRequestError, OSError) as exc:
        log.info("chat.update failed (%s); replacing through the response URL", exc)
    send_to_response_url(response_url, {"replace_original": True, "blocks": blocks, "text": text})


def tell_presser(response_url: str | None, reply: Reply) -> bool:
    """An answer for the presser alone, beside the message they pressed in."""
    payload = {"response_type": "ephemeral", "replace_original": False, **message_payload(reply)}
    return send_to_response_url(response_url, payload)


def done_note(reply: Reply, user: str) -> str:
    """The line under a redrawn card that says what happened and who did it (mrkdwn)."""
    return f"{escape(first_text(reply))} · <@{user}>"


def redraw_card(
    client: WebClient,
    response_url: str | None,
    origin: tuple[list[SlackBlock], str],
    where: tuple[str, str | None],
    reply: Reply,
    note: str | None,
) -> None:
    """Redraw the task of a reply in a channel message that shows its card."""
    line = reply.task_lines[0] if reply.task_lines else None
    blocks, text = origin
    if line is None or not blocks:
        return
    fresh = replace_card(blocks, line, reply.language, note=note)
    update_message(client, response_url, (*where, text or fallback_text(reply)), fresh)


def redraw_shared(body: dict[str, Any], client: WebClient, reply: Reply, channel: str) -> None:
    """A card in a channel message: redraw it for everyone; an error goes to the presser."""
    message = body.get("message") or {}
    note = None if reply.is_error else done_note(reply, presser(body))
    origin = (message.get("blocks") or [], message.get("text") or "")
    redraw_card(client, body.get("response_url"), origin, (channel, message.get("ts")), reply, note)
    if reply.is_error:
        tell_presser(body.get("response_url"), reply)


def redraw_private(
    bot: SlackBot, body: dict[str, Any], reply: Reply, card: Card, event_id: str
) -> None:
    """A card in an ephemeral list: ask the list again and show it with what happened."""
    shown = reply
    if card.query:
        again = ask_again(bot.core, incoming(body, text=card.query, event_id=event_id))
        shown = again or reply
    mark = ":warning: " if reply.is_error else ":heavy_check_mark: "
    blocks = [
        context(mark + escape(first_text(reply))),
        *render_blocks(shown, query=card.query, limit=49),
    ]
    send_to_response_url(
        body.get("response_url"),
        {"replace_original": True, "blocks": blocks, "text": fallback_text(shown)},
    )


def say_privately(bot: SlackBot, client: WebClient, body: dict[str, Any], reply: Reply) -> None:
    """An answer for the presser alone: beside where they pressed, else in a direct message."""
    payload = {"response_type": "ephemeral", **message_payload(reply)}
    if not send_to_response_url(body.get("response_url"), payload):
        bot.post_direct(client, presser(body), message_payload(reply))
