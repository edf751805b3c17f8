"""How the bot's answers reach a room: each is sent with a transaction id from its event's key,
and kept until the homeserver takes it, so a batch handled again after an outage sends what is
left (the core's event claim has already made the reply; only the sending is repeated).

A private answer asked for in a shared room goes to the asker's direct room (Matrix has no
message only one member sees), with a pointer to it in the room."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from nio import AsyncClient

from adapters.matrix import content
from adapters.matrix.client import send_event
from adapters.matrix.direct import direct_room
from chatops.delivery import Delivered, Failed
from chatops.i18n import N_, translate
from chatops.reply import Paragraph, Reply
from chatops.rooms import Rooms

log = logging.getLogger(__name__)

_PRIVATE_KEY = ":private"  # the suffix of the key of a private answer sent to a direct room
_SENT_DIRECT = N_("I have sent you the answer in a direct message.")
_NO_DIRECT = N_(
    "That answer is for you alone, and I could not open a direct room with you. "
    "Start a direct chat with me and ask there."
)


class DeliveryInterrupted(ConnectionError):
    """A reply could not be sent for now; the batch is handled again later."""


@dataclass(frozen=True)
class Unsent:
    """A reply kept until the homeserver takes it."""

    room_id: str
    content: dict[str, Any]
    task_id: int | None


class Replies:
    """The bot's outgoing answers, with those the homeserver has not taken yet."""

    def __init__(self, client: AsyncClient, rooms: Rooms, *, prefix: str, language: str) -> None:
        self.client = client
        self.rooms = rooms
        self.prefix = prefix
        self.language = language
        self._unsent: dict[str, Unsent] = {}

    async def reply(self, room_id: str, reply: Reply, relates: dict[str, Any], *, key: str) -> None:
        """Answer in a room, in the asker's thread or as a reply (`relates`)."""
        body = content.notice_content(reply, relates_to=relates, prefix=self.prefix)
        await self._deliver(key, Unsent(room_id, body, content.single_task(reply)))

    async def reply_privately(
        self, room_id: str, user_id: str, reply: Reply, relates: dict[str, Any], *, key: str
    ) -> str | None:
        """Answer in the user's direct room and point there; returns that room, if there is one."""
        dm = await direct_room(self.rooms, self.client, user_id)
        if isinstance(dm, Failed):
            log.warning("no direct room with %s for a private answer: %s", user_id, dm.reason)
            note = Reply((Paragraph(translate(_NO_DIRECT, reply.language)),), reply.language)
            await self.reply(room_id, note, relates, key=key)
            return None
        pointer = Reply((Paragraph(translate(_SENT_DIRECT, reply.language)),), reply.language)
        # Both kept before either goes: if the homeserver drops out in between, a retry of the
        # batch sends what is left, the private answer first.
        self._unsent[f"{key}{_PRIVATE_KEY}"] = Unsent(
            dm, content.notice_content(reply, prefix=self.prefix), None
        )
        self._unsent[key] = Unsent(
            room_id, content.notice_content(pointer, relates_to=relates, prefix=self.prefix), None
        )
        await self.send_unsent(key)
        return dm

    async def notice(self, *, room_id: str, text: str, key: str) -> None:
        """Say something of the bot's own (not an answer) in a room."""
        reply = Reply((Paragraph(text),), self.language, is_error=True)
        await self._deliver(key, Unsent(room_id, content.notice_content(reply), None))

    async def send_unsent(self, key: str) -> None:
        """Send what is left of an event's answer (the core made it before an outage)."""
        for part in (f"{key}{_PRIVATE_KEY}", key):
            item = self._unsent.get(part)
            if item is not None:
                await self._deliver(part, item)

    async def _deliver(self, key: str, item: Unsent) -> None:
        result = await send_event(
            self.client, item.room_id, item.content, txn=content.txn_id(key), tries=3
        )
        if isinstance(result, Delivered):
            self._unsent.pop(key, None)
            if item.task_id is not None:
                self.rooms.record_posted_message(
                    room_id=item.room_id, message_id=result.message_id, task_id=item.task_id
                )
            return
        if result.permanent:
            log.error("reply to %s in %s dropped: %s", key, item.room_id, result.reason)
            self._unsent.pop(key, None)
            return
        self._unsent[key] = item
        raise DeliveryInterrupted(result.reason)
