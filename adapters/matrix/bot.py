"""The Matrix bot: joins the rooms it is invited to (from allowed servers or users), answers
commands (`!t …`, a mention, or anything in a direct room) as m.notice in the asker's thread or
as a reply, and turns ✅ / 🚧 on a task it posted into the same status change as the typed command.

The core runs inline on the event loop: the loop is sequential by design (a sync's events are
handled, then its position is saved), so a thread hop would only add latency. A reply that could
not be sent is kept, and sent when the batch comes again after the homeserver is back."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
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
from adapters.matrix.client import TRANSIENT_ERRORS, log_in, new_client
from adapters.matrix.replies import Replies
from adapters.matrix.sync import RETRY_BATCH, Backoff, FatalSyncError, SyncLoop
from chatops import commands as c
from chatops.core import ChatCore
from chatops.messages import IncomingMessage
from chatops.reply import Visibility
from chatops.rooms import Rooms
from chatops.runtime import ServiceContext, Settings

log = logging.getLogger(__name__)

DIRECT_RECHECK = 60.0  # seconds


class BotError(Exception):
    """The bot cannot start (login refused, homeserver unreachable); the message says why."""


class MatrixBot:
    """One bot account on one homeserver, on a fixed device."""

    def __init__(
        self,
        ctx: ServiceContext,
        settings: Settings,
        *,
        on_started: Callable[[], None] | None = None,
        upkeep: Callable[[], None] | None = None,
    ) -> None:
        self.rooms = Rooms(ctx, PLATFORM)
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
            self.rooms,
            self,
            account=self.settings.user_id,
            poll_ms=self.settings.poll_ms,
            timeline_limit=self.settings.timeline_limit,
            backoff=Backoff(self.settings.backoff_base, self.settings.backoff_cap),
        )
        self.undecrypted = crypto.Undecrypted(patience=self.settings.decrypt_patience)
        self.display_name = ""
        self.replies = Replies(
            self.client, self.rooms, prefix=self.settings.prefix, language=self.language
        )
        self._direct: set[str] = set()
        self._direct_checked: dict[str, float] = {}
        # Called once, when the first sync is handled: start-up is over.
        self._on_started = on_started
        # Called after every handled sync, for the process's own upkeep (memory).
        self._upkeep = upkeep

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
        self._direct = self.rooms.direct_room_ids()
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
            self.rooms.remember_direct_room(inviter, room_id)
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
        if self._on_started is not None:
            started, self._on_started = self._on_started, None
            started()
        elif self._upkeep is not None:
            self._upkeep()
        if not self.undecrypted.pending:
            return
        decrypted, late = self.undecrypted.retry(self.client)
        for room_id, event in decrypted:
            await self.on_events(room_id, [event])
        for item in late:
            if self.undecrypted.first_time(item.room_id, item.event.session_id or "?"):
                text = crypto.undecryptable_text(item.event.sender, self.language)
                await self.replies.notice(room_id=item.room_id, text=text, key=item.event.event_id)

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
        message = self._incoming(
            room_id, source, text, direct=direct, thread_id=content.thread_root(body)
        )
        reply = self.core.handle(message)
        if reply is None:
            await self.replies.send_unsent(event_id)
            return
        relates = content.reply_relation(body, event_id)
        if reply.visibility == Visibility.PRIVATE and not direct:
            dm = await self.replies.reply_privately(room_id, sender, reply, relates, key=event_id)
            if dm is not None:
                self._direct.add(dm)
            return
        await self.replies.reply(room_id, reply, relates, key=event_id)

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
        if not self.rooms.has_question(room_id=room_id, user_id=sender):
            return None
        return text

    async def _on_reaction(
        self, room_id: str, source: dict[str, Any], body: dict[str, Any]
    ) -> None:
        found = content.reaction(body)
        if found is None:
            return
        target, status = found
        task_id = self.rooms.task_of_posted_message(target)
        if task_id is None:
            return  # not a message of ours that shows one task
        event_id = source["event_id"]
        text = f"#{task_id} {status.value}"
        message = self._incoming(room_id, source, text, direct=self._is_direct(room_id))
        reply = self.core.handle(message, command=c.SetStatus(task_id, status))
        if reply is None:
            await self.replies.send_unsent(event_id)
            return
        relates = content.reply_relation(await self._content_of(room_id, target), target)
        await self.replies.reply(room_id, reply, relates, key=event_id)

    @staticmethod
    def _incoming(
        room_id: str,
        source: dict[str, Any],
        text: str,
        *,
        direct: bool,
        thread_id: str | None = None,
    ) -> IncomingMessage:
        """The core's message for an event; its sender is vouched for by the homeserver (a
        Matrix user id is stable and the homeserver's own)."""
        return IncomingMessage(
            platform=PLATFORM,
            room_id=room_id,
            sender_id=source["sender"],
            text=text,
            event_id=source["event_id"],
            thread_id=thread_id,
            is_direct=direct,
        )

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
                await self.replies.notice(room_id=room_id, text=text, key=f"store:{event.event_id}")
            return
        self.undecrypted.add(room_id, event)
        await crypto.ask_for_key(self.client, event)

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
        self._direct |= self.rooms.direct_room_ids()
        return room_id in self._direct


def _event_id(event: Any) -> str:
    return str((getattr(event, "source", None) or {}).get("event_id", "?"))
