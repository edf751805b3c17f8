"""An interaction payload (a press, a shortcut, a modal submission) as the core's incoming
message: who pressed, in which room, and the event id that makes a redelivery a no-op."""

from __future__ import annotations

from typing import Any

from adapters.slack.text import PLATFORM
from chatops.messages import IncomingMessage


def presser(body: dict[str, Any]) -> str:
    """The Slack user who pressed, picked or submitted."""
    return str(body["user"]["id"])


def channel_of(body: dict[str, Any]) -> str:
    """The channel the interaction happened in ("" for the Home tab or a modal)."""
    container = body.get("container") or {}
    return str((body.get("channel") or {}).get("id") or container.get("channel_id") or "")


def press_id(body: dict[str, Any]) -> str:
    """The event id of a press: its trigger id, which a redelivery repeats."""
    actions = body.get("actions") or [{}]
    return f"action:{body.get('trigger_id') or actions[0].get('action_ts')}"


def incoming(
    body: dict[str, Any],
    *,
    text: str,
    event_id: str,
    room: str | None = None,
) -> IncomingMessage:
    """The message a presser sends the core; without a channel, their Home is the room."""
    user = presser(body)
    channel = channel_of(body) if room is None else room
    return IncomingMessage(
        platform=PLATFORM,
        room_id=channel or f"home:{user}",
        sender_id=user,
        text=text,
        event_id=event_id,
        is_direct=channel.startswith("D"),
    )
