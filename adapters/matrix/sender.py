"""The worker's way to Matrix: post a reply to a room or to a person (in a direct room, created
once and remembered), and edit a message posted earlier (`m.replace`). A synchronous API over
asyncio: the client lives on a private event loop in a thread of its own, logs in once, and every
call returns Delivered or Failed; nothing raises.

Transaction ids come from the idempotency key, so a retried job is the same request and the
homeserver posts it once; `M_LIMIT_EXCEEDED` waits `retry_after_ms`, a few tries at most."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from nio import AsyncClient, RoomGetStateEventResponse

from adapters.matrix import PLATFORM, content, crypto
from adapters.matrix.client import TRANSIENT_ERRORS, log_in, new_client, send_event
from adapters.matrix.direct import direct_room
from chatops.delivery import Delivered, DeliveryResult, Destination, Failed, Sender
from chatops.reply import Reply
from chatops.rooms import Rooms
from chatops.runtime import Runtime, ServiceContext, Settings

log = logging.getLogger(__name__)

T = TypeVar("T")
CALL_TIMEOUT = 120.0  # seconds one send may take, waits for rate limits included


class MatrixSender:
    """Posts and edits messages as the bot account, on the sender's own device."""

    platform = PLATFORM

    def __init__(
        self,
        ctx: ServiceContext,
        settings: Settings,
        *,
        tries: int = 4,
        longest_wait: float = 20.0,
        loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        """`loop`: a running loop (in another thread) to use instead of a private one; nio's key
        store is not safe for two clients in two threads of one process, so they share one."""
        self.rooms = Rooms(ctx, PLATFORM)
        self.settings = settings.matrix
        self.tries = tries
        self.longest_wait = longest_wait
        password = self.settings.password.get_secret_value()
        # With a password the sender has a device (and keys) of its own; an access token belongs
        # to the bot's device, whose keys only the bot process may use.
        self._own_device = bool(password)
        self.crypto = crypto.prepare(
            settings.var_dir, wanted=self.settings.encryption and self._own_device
        )
        self._client: AsyncClient | None = None
        self._login_lock: asyncio.Lock | None = None
        self._encrypted: dict[str, bool] = {}
        self._thread: threading.Thread | None = None
        if loop is not None:
            self._loop = loop
        else:
            self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(
                target=self._loop.run_forever, name="matrix-sender", daemon=True
            )
            self._thread.start()

    # The Sender port -----------------------------------------------------------------------

    def send(
        self, destination: Destination, reply: Reply, *, idempotency_key: str
    ) -> DeliveryResult:
        """Post a reply; the same idempotency key posts once."""
        return self._call(self._send(destination, reply, idempotency_key))

    def update(self, destination: Destination, message_id: str, reply: Reply) -> DeliveryResult:
        """Replace a message posted earlier; the result names the original message."""
        return self._call(self._update(destination, message_id, reply))

    def close(self) -> None:
        """Log nothing out (the device stays), close the connection, stop the loop thread."""
        if self._client is not None:
            client = self._client
            self._client = None
            asyncio.run_coroutine_threadsafe(client.close(), self._loop).result(CALL_TIMEOUT)
        if self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
            self._loop.close()
            self._thread = None

    # Inside the loop -----------------------------------------------------------------------

    def _call(self, coro: Coroutine[Any, Any, DeliveryResult]) -> DeliveryResult:
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        try:
            return future.result(CALL_TIMEOUT)
        except TimeoutError:
            future.cancel()
            return Failed("the homeserver did not answer in time")
        except Exception as exc:
            log.exception("matrix delivery failed")
            return Failed(f"{type(exc).__name__}: {exc}")

    async def _ready(self) -> AsyncClient | Failed:
        if self._client is not None:
            return self._client
        if self._login_lock is None:
            self._login_lock = asyncio.Lock()
        async with self._login_lock:  # calls from several threads: one login
            if self._client is not None:
                return self._client
            return await self._log_in()

    async def _log_in(self) -> AsyncClient | Failed:
        device = self.settings.sender_device_id if self._own_device else self.settings.device_id
        client = new_client(
            self.settings,
            device_id=device,
            store_path=self.crypto.usable_path,
            request_timeout=self.settings.request_timeout,
        )
        result = await log_in(
            client,
            user_id=self.settings.user_id,
            token="" if self._own_device else self.settings.access_token.get_secret_value(),
            password=self.settings.password.get_secret_value(),
            device_name="tiltak sender",
        )
        if result.error:
            await client.close()
            # Unreachable is worth retrying; a refused login is not until someone fixes it.
            return Failed(result.error, permanent=not result.unreachable)
        crypto.note_store_error(self.crypto, client, result.store_error)
        await crypto.upkeep(client, self.crypto)
        self._client = client
        return client

    async def _send(self, destination: Destination, reply: Reply, key: str) -> DeliveryResult:
        client = await self._ready()
        if isinstance(client, Failed):
            return client
        room_id = await self._room(client, destination)
        if isinstance(room_id, Failed):
            return room_id
        problem = await self._prepare(client, room_id)
        if problem is not None:
            return problem
        relates = None
        if destination.thread_id:
            relates = {
                "rel_type": "m.thread",
                "event_id": destination.thread_id,
                "is_falling_back": True,
                "m.in_reply_to": {"event_id": destination.thread_id},
            }
        body = content.notice_content(reply, relates_to=relates, prefix=self.settings.prefix)
        result = await send_event(
            client,
            room_id,
            body,
            txn=content.txn_id(key),
            tries=self.tries,
            longest_wait=self.longest_wait,
        )
        task_id = content.single_task(reply)
        if isinstance(result, Delivered) and task_id is not None:
            self.rooms.record_posted_message(
                room_id=room_id, message_id=result.message_id, task_id=task_id
            )
        return result

    async def _update(
        self, destination: Destination, message_id: str, reply: Reply
    ) -> DeliveryResult:
        client = await self._ready()
        if isinstance(client, Failed):
            return client
        room_id = await self._room(client, destination, create=False)
        if isinstance(room_id, Failed):
            return room_id
        problem = await self._prepare(client, room_id)
        if problem is not None:
            return problem
        new = content.notice_content(reply, prefix=self.settings.prefix)
        body = content.edit_content(new, message_id)
        digest = hashlib.sha256(repr(sorted(body["m.new_content"].items())).encode()).hexdigest()
        result = await send_event(
            client,
            room_id,
            body,
            txn=content.txn_id(f"edit:{message_id}:{digest}"),
            tries=self.tries,
            longest_wait=self.longest_wait,
        )
        if isinstance(result, Delivered):
            # Later edits must point at the original message, so that is the id to keep.
            return Delivered(message_id=message_id, room_id=room_id)
        return result

    async def _room(
        self, client: AsyncClient, destination: Destination, *, create: bool = True
    ) -> str | Failed:
        """The room to post in: the destination's, or the person's direct room."""
        if not destination.direct:
            return destination.target
        return await direct_room(self.rooms, client, destination.target, create=create)

    async def _prepare(self, client: AsyncClient, room_id: str) -> Failed | None:
        """Learn whether a room is encrypted, and get its members' keys when it is."""
        if room_id not in self._encrypted:
            try:
                state = await client.room_get_state_event(room_id, "m.room.encryption")
            except TRANSIENT_ERRORS as exc:
                return Failed(f"homeserver unreachable: {exc}")
            if isinstance(state, RoomGetStateEventResponse):
                self._encrypted[room_id] = bool(state.content)
            elif getattr(state, "status_code", None) == "M_NOT_FOUND":
                self._encrypted[room_id] = False
            else:
                return None  # not ours to judge: the send itself will say what is wrong
        if not self._encrypted[room_id]:
            return None
        if client.olm is None:
            why = self.crypto.problem or (
                "the sender has no device of its own (set TILTAK_MATRIX__PASSWORD)"
                if not self._own_device
                else "encryption is off"
            )
            return Failed(
                f"{room_id} is encrypted and the sender cannot encrypt: {why}", permanent=True
            )
        if room_id not in client.rooms:
            # The worker does not sync; one sync of just this room brings its state and members.
            only_this_room = {
                "room": {
                    "rooms": [room_id],
                    "timeline": {"limit": 1},
                    "ephemeral": {"not_types": ["*"]},
                },
                "presence": {"not_types": ["*"]},
                "account_data": {"not_types": ["*"]},
            }
            try:
                await client.sync(timeout=0, sync_filter=only_this_room, full_state=True)
            except TRANSIENT_ERRORS as exc:
                return Failed(f"homeserver unreachable: {exc}")
            await crypto.upkeep(client, self.crypto)
            if room_id not in client.rooms:
                return Failed(f"the bot is not in {room_id}", permanent=True)
        return None


def make_sender(runtime: Runtime) -> Sender | None:
    """The Matrix sender for the worker, or None when Matrix is not configured."""
    if not runtime.settings.matrix.enabled:
        return None
    return MatrixSender(runtime.ctx, runtime.settings)
