"""The Matrix bot: joins the rooms it is invited to (from allowed servers or users), answers
commands (`!t …`, a mention, or anything in a direct room) as m.notice in the asker's thread or
as a reply, and turns ✅ / 🚧 on a task it posted into the same status change as the typed command.

The core runs inline on the event loop: the loop is sequential by design (a sync's events are
handled, then its position is saved), so a thread hop would only add latency. A reply that could
not be sent is kept, and sent when the batch comes again after the homeserver is back."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from nio import (
    AsyncClient,
    InviteMemberEvent,
    JoinResponse,
    MegolmEvent,
    RoomGetEventResponse,
    UnknownEncryptedEvent,
)

from adapters.matrix import PLATFORM, content, crypto
from adapters.matrix.client import TRANSIENT_ERRORS, log_in, new_client, send_event
from adapters.matrix.direct import direct_room
from adapters.matrix.sync import RETRY_BATCH, Backoff, FatalSyncError, SyncLoop
from chatops import commands as c
from chatops.core import ChatCore
from chatops.delivery import Delivered, Failed
from chatops.messages import IncomingMessage
from chatops.reply import Paragraph, Reply, Visibility
from tracker.config import Settings
from tracker.i18n import N_, translate
from tracker.services import platform_state, questions
from tracker.services.context import ServiceContext

log = logging.getLogger(__name__)

DIRECT_RECHECK = 60.0  # seconds
_PRIVATE_KEY = ":private"  # the suffix of the key of a private answer sent to a direct room
_SENT_DIRECT = N_("I have sent you the answer in a direct message.")
_NO_DIRECT = N_(
    "That answer is for you alone, and I could not open a direct room with you. "
    "Start a direct chat with me and ask there."
)


class BotError(Exception):
    """The bot cannot start (login refused, homeserver unreachable); the message says why."""


class DeliveryInterrupted(ConnectionError):
    """A reply could not be sent for now; the batch is handled again later."""


@dataclass(frozen=True)
class Unsent:
    """A reply kept until the homeserver takes it."""

    room_id: str
    content: dict[str, Any]
    task_id: int | None


class MatrixBot:
    """One bot account on one homeserver, on a fixed device."""

    def __init__(self, ctx: ServiceContext, settings: Settings) -> None:
        self.ctx = ctx
        self.settings = settings.matrix
        self.language = settings.language
        self.core = ChatCore(
            ctx, default_language=settings.language, web_base_url=settings.base_url
        )
        self.crypto = crypto.prepare(settings.var_dir, wanted=self.settings.encryption)
        self.client: AsyncClient = new_client(
            self.settings,
            device_id=self.settings.device_id,
            store_path=self.crypto.usable_path,
            request_timeout=self.settings.request_timeout,
        )
        self.sync = SyncLoop(
            self.client,
            ctx,
            self,
            account=self.settings.user_id,
            poll_ms=self.settings.poll_ms,
            timeline_limit=self.settings.timeline_limit,
            backoff=Backoff(self.settings.backoff_base, self.settings.backoff_cap),
        )
        self.undecrypted = crypto.Undecrypted(patience=self.settings.decrypt_patience)
        self.display_name = ""
        self._direct: set[str] = set()
        self._unsent: dict[str, Unsent] = {}
        self._direct_checked: dict[str, float] = {}

    @property
    def user_id(self) -> str:
        """The bot's Matrix user id."""
        return str(self.client.user_id)

    async def run(self) -> None:
        """Log in and sync until `stop`; raises BotError when it cannot go on."""
        try:
            if await self._start():
                await self.sync.run()
        except FatalSyncError as exc:
            raise BotError(f"the homeserver refused the bot's credentials: {exc}") from exc
        finally:
            await self.client.close()

    def stop(self) -> None:
        """Stop after the batch at hand (call from the bot's event loop)."""
        self.sync.stop()

    async def _start(self) -> bool:
        """Log in (waiting for a homeserver that is not up yet); False when stopped meanwhile."""
        while True:
            result = await log_in(
                self.client,
                user_id=self.settings.user_id,
                token=self.settings.access_token.get_secret_value(),
                password=self.settings.password.get_secret_value(),
                device_name="tiltak",
            )
            if not result.unreachable or self.sync.stopping:
                break
            # A homeserver that boots later than the bot is waited for, not given up on.
            log.warning("cannot log in yet: %s", result.error)
            await self.sync.pause()
        if self.sync.stopping:
            return False
        if result.error:
            raise BotError(result.error)
        crypto.note_store_error(self.crypto, self.client, result.store_error)
        await crypto.upkeep(self.client, self.crypto)
        self._direct = platform_state.direct_room_ids(self.ctx, platform=PLATFORM)
        try:
            name = await self.client.get_displayname()
            self.display_name = getattr(name, "displayname", None) or ""
        except TRANSIENT_ERRORS:
            pass
        self.display_name = self.display_name or self.user_id[1:].split(":")[0]
        log.info(
            "logged in as %s (device %s), encryption %s",
            self.user_id,
            self.client.device_id,
            "on" if self.client.olm else "off",
        )
        return True

    # The sync loop's handler -------------------------------------------------------------

    async def on_invite(self, room_id: str, invite_state: list[Any]) -> None:
        """Join when invited by an allowed server or user; decline other invitations."""
        invite = next(
            (
                e
                for e in reversed(invite_state)
                if isinstance(e, InviteMemberEvent)
                and e.state_key == self.user_id
                and e.membership == "invite"
            ),
            None,
        )
        if invite is None:
            return
        inviter = invite.sender
        if not self._may_invite(inviter):
            log.info("declining the invitation to %s from %s", room_id, inviter)
            await self.client.room_leave(room_id)
            return
        response = await self.client.join(room_id)
        if not isinstance(response, JoinResponse):
            log.warning("could not join %s: %s", room_id, response)
            return
        log.info("joined %s at the invitation of %s", room_id, inviter)
        if (invite.content or {}).get("is_direct"):
            platform_state.remember_direct_room(
                self.ctx, platform=PLATFORM, user_id=inviter, room_id=room_id
            )
            self._direct.add(room_id)

    def _may_invite(self, inviter: str) -> bool:
        servers = set(self.settings.allowed_servers) or {content.server_of(self.user_id)}
        return (
            "*" in servers
            or content.server_of(inviter) in servers
            or inviter in self.settings.allowed_users
        )

    async def on_events(self, room_id: str, events: list[Any]) -> None:
        """Handle a room's new events in order."""
        for event in events:
            try:
                await self._on_event(room_id, event)
            except RETRY_BATCH:
                raise  # the batch is handled again; claims keep each reply single
            except Exception:
                log.exception("event %s in %s could not be handled", _event_id(event), room_id)

    async def after_sync(self) -> None:
        """Key upkeep, and encrypted events whose keys arrived (or never did)."""
        await crypto.upkeep(self.client, self.crypto)
        if not self.undecrypted.pending:
            return
        decrypted, late = self.undecrypted.retry(self.client)
        for room_id, event in decrypted:
            await self.on_events(room_id, [event])
        for item in late:
            if self.undecrypted.first_time(item.room_id, item.event.session_id or "?"):
                text = crypto.undecryptable_text(item.event.sender, self.language)
                await self._notice(room_id=item.room_id, text=text, key=item.event.event_id)

    # Events --------------------------------------------------------------------------------

    async def _on_event(self, room_id: str, event: Any) -> None:
        source: dict[str, Any] = getattr(event, "source", None) or {}
        if source.get("sender") == self.user_id:
            return
        if isinstance(event, MegolmEvent | UnknownEncryptedEvent):
            await self._encrypted(room_id, event)
            return
        kind = source.get("type")
        body = source.get("content") or {}
        if kind == "m.room.message":
            await self._on_message(room_id, source, body)
        elif kind == "m.reaction":
            await self._on_reaction(room_id, source, body)

    async def _on_message(self, room_id: str, source: dict[str, Any], body: dict[str, Any]) -> None:
        direct = self._is_direct(room_id)
        text = content.command_text(
            body,
            bot_id=self.user_id,
            bot_name=self.display_name,
            prefix=self.settings.prefix,
            direct=direct,
        )
        event_id, sender = source["event_id"], source["sender"]
        if text is None:
            text = self._bare_answer(room_id, sender, body)
            if text is None:
                return
        message = IncomingMessage(
            platform=PLATFORM,
            room_id=room_id,
            sender_id=sender,
            text=text,
            event_id=event_id,
            thread_id=content.thread_root(body),
            is_direct=direct,
        )
        reply = self.core.handle(message)
        if reply is None:
            await self._send_unsent(event_id)
            return
        relates = content.reply_relation(body, event_id)
        if reply.visibility == Visibility.PRIVATE and not direct:
            await self._reply_privately(room_id, sender, reply, relates, key=event_id)
            return
        await self._reply(room_id, reply, relates, key=event_id)

    def _bare_answer(self, room_id: str, sender: str, body: dict[str, Any]) -> str | None:
        """A bare «1» or «ja» in a shared room, if the bot asked this sender a question there.

        In a room the bot hears only `!t …` and mentions, but a person answering its question
        writes just «1» or «ja», and making them repeat the prefix to say yes would be the kind
        of friction questions back are meant to remove. The questions table knows whom the bot
        asked in which room, so a bare answer is taken from that person alone (someone else's
        «ja» in the room is their own talk). A Matrix reply to the question would do too, but
        most people just type, and the table is needed for the answer anyway. The lookup runs
        only for lines shaped like an answer, so ordinary talk costs nothing."""
        text = content.answer_text(body)
        if text is None:
            return None
        if not questions.has_question(self.ctx, platform=PLATFORM, room_id=room_id, user_id=sender):
            return None
        return text

    async def _on_reaction(
        self, room_id: str, source: dict[str, Any], body: dict[str, Any]
    ) -> None:
        found = content.reaction(body)
        if found is None:
            return
        target, status = found
        task_id = platform_state.task_of_posted_message(
            self.ctx, platform=PLATFORM, message_id=target
        )
        if task_id is None:
            return  # not a message of ours that shows one task
        event_id, sender = source["event_id"], source["sender"]
        message = IncomingMessage(
            platform=PLATFORM,
            room_id=room_id,
            sender_id=sender,
            text=f"#{task_id} {status.value}",
            event_id=event_id,
            is_direct=self._is_direct(room_id),
        )
        reply = self.core.handle(message, command=c.SetStatus(task_id, status))
        if reply is None:
            await self._send_unsent(event_id)
            return
        relates = content.reply_relation(await self._content_of(room_id, target), target)
        await self._reply(room_id, reply, relates, key=event_id)

    async def _content_of(self, room_id: str, event_id: str) -> dict[str, Any]:
        """The content of an earlier event (to answer in its thread); empty when unknown."""
        response = await self.client.room_get_event(room_id, event_id)
        if isinstance(response, RoomGetEventResponse):
            return dict(getattr(response.event, "source", {}).get("content") or {})
        return {}

    async def _encrypted(self, room_id: str, event: Any) -> None:
        """An event the bot could not decrypt: wait for its key, or say why it cannot read."""
        if self.client.olm is None or self.crypto.problem:
            if self.undecrypted.first_time(room_id, "store"):
                text = crypto.cannot_read_text(self.crypto, self.language)
                await self._notice(room_id=room_id, text=text, key=f"store:{event.event_id}")
            return
        self.undecrypted.add(room_id, event)
        await crypto.ask_for_key(self.client, event)

    # Sending -------------------------------------------------------------------------------

    async def _reply(
        self, room_id: str, reply: Reply, relates: dict[str, Any], *, key: str
    ) -> None:
        body = content.notice_content(reply, relates_to=relates, prefix=self.settings.prefix)
        await self._deliver(key, Unsent(room_id, body, content.single_task(reply)))

    async def _reply_privately(
        self, room_id: str, user_id: str, reply: Reply, relates: dict[str, Any], *, key: str
    ) -> None:
        """A private answer asked for in a shared room (Matrix has no message only one member
        sees): to the asker's direct room, with a pointer to it in the room."""
        dm = await direct_room(self.ctx, self.client, user_id)
        if isinstance(dm, Failed):
            log.warning("no direct room with %s for a private answer: %s", user_id, dm.reason)
            note = Reply((Paragraph(translate(_NO_DIRECT, reply.language)),), reply.language)
            await self._reply(room_id, note, relates, key=key)
            return
        self._direct.add(dm)
        pointer = Reply((Paragraph(translate(_SENT_DIRECT, reply.language)),), reply.language)
        # Both kept before either goes: if the homeserver drops out in between, a retry of the
        # batch sends what is left, the private answer first.
        self._unsent[f"{key}{_PRIVATE_KEY}"] = Unsent(
            dm, content.notice_content(reply, prefix=self.settings.prefix), None
        )
        self._unsent[key] = Unsent(
            room_id,
            content.notice_content(pointer, relates_to=relates, prefix=self.settings.prefix),
            None,
        )
        await self._send_unsent(key)

    async def _notice(self, *, room_id: str, text: str, key: str) -> None:
        reply = Reply((Paragraph(text),), self.language, is_error=True)
        await self._deliver(key, Unsent(room_id, content.notice_content(reply), None))

    async def _deliver(self, key: str, item: Unsent) -> None:
        result = await send_event(
            self.client, item.room_id, item.content, txn=content.txn_id(key), tries=3
        )
        if isinstance(result, Delivered):
            self._unsent.pop(key, None)
            if item.task_id is not None:
                platform_state.record_posted_message(
                    self.ctx,
                    platform=PLATFORM,
                    room_id=item.room_id,
                    message_id=result.message_id,
                    task_id=item.task_id,
                )
            return
        if result.permanent:
            log.error("reply to %s in %s dropped: %s", key, item.room_id, result.reason)
            self._unsent.pop(key, None)
            return
        self._unsent[key] = item
        raise DeliveryInterrupted(result.reason)

    async def _send_unsent(self, key: str) -> None:
        for part in (f"{key}{_PRIVATE_KEY}", key):
            item = self._unsent.get(part)
            if item is not None:
                await self._deliver(part, item)

    def _is_direct(self, room_id: str) -> bool:
        if room_id in self._direct:
            return True
        room = self.client.rooms.get(room_id)
        if room is None or not 0 < room.member_count <= 2:
            return False
        # A two-person room may be a direct room the worker opened in another process, or one
        # from an invitation before a restart: the database knows. Asked once a minute at most.
        now = time.monotonic()
        if now - self._direct_checked.get(room_id, -DIRECT_RECHECK) < DIRECT_RECHECK:
            return False
        self._direct_checked[room_id] = now
        self._direct |= platform_state.direct_room_ids(self.ctx, platform=PLATFORM)
        return room_id in self._direct


def _event_id(event: Any) -> str:
    return str((getattr(event, "source", None) or {}).get("event_id", "?"))
