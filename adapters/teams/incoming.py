"""A Teams message activity read as the neutral message: the sender is the Entra ID object id
(`from.aadObjectId`, stable across the tenant's apps), the room the conversation without its
thread suffix, the thread the message that started it, and the text without the bot's
@mention. An Action.Submit from a card arrives as a message with a `value` and no text."""

from __future__ import annotations

import re
from typing import Any

from microsoft_agents.activity import Activity

from adapters.teams import PLATFORM
from chatops.messages import IncomingMessage

_MENTION = re.compile(r"<at>[^<]*</at>", re.IGNORECASE)
_THREAD = ";messageid="


def room_and_thread(conversation_id: str) -> tuple[str, str | None]:
    """A channel thread's conversation id is the channel's id plus `;messageid=<root>`."""
    room, _, thread = conversation_id.partition(_THREAD)
    return room, thread or None


def is_personal(activity: Activity) -> bool:
    """Whether the activity comes from the bot's personal (1:1) chat with someone."""
    conversation = activity.conversation
    return conversation is not None and conversation.conversation_type == "personal"


def sender_of(activity: Activity) -> str | None:
    """The Entra ID object id of the person who sent the activity, if Teams gave one."""
    sender = activity.from_property
    return sender.aad_object_id if sender is not None else None


def submitted(activity: Activity) -> dict[str, Any] | None:
    """The data of an Action.Submit press, or None for a typed message."""
    value = activity.value
    return value if isinstance(value, dict) and not activity.text else None


def plain_text(activity: Activity) -> str:
    """The typed text without the bot's @mention (and any other <at> tags) or HTML breaks."""
    text = activity.text or ""
    text = _MENTION.sub(" ", text).replace("&nbsp;", " ")
    return " ".join(text.split())


def to_message(
    activity: Activity, text: str, *, verified_email: str | None = None
) -> IncomingMessage | None:
    """The neutral message, or None when Teams gave no activity id, conversation or sender."""
    sender = sender_of(activity)
    if not activity.id or activity.conversation is None or not sender:
        return None
    room, thread = room_and_thread(activity.conversation.id)
    return IncomingMessage(
        platform=PLATFORM,
        room_id=room,
        sender_id=sender,
        text=text,
        event_id=activity.id,
        thread_id=thread,
        is_direct=is_personal(activity),
        verified_email=verified_email,
    )
