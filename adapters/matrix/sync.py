"""The sync loop: the sync position is saved in the database only after a sync's events were
handled, so a restart neither replays old messages nor loses those sent while the bot was down.

- First start (no saved position): the timeline is history and is not answered; invitations are.
- A room the bot has just joined: what was said before its join is history too.
- A `limited` (gappy) timeline is back-filled with `/messages` back to the previous position.
- Sync errors back off exponentially with a cap; nothing hot-loops against a homeserver that is
  down. Handling is at-least-once (a crash before the save replays the batch) and the core's
  event claim makes each reply happen once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from nio import (
    AsyncClient,
    MessageDirection,
    RoomMessagesResponse,
    SyncResponse,
    UploadFilterResponse,
)

from adapters.matrix.client import TRANSIENT_ERRORS, http_status, is_rate_limited
from adapters.matrix.content import is_fresh_join
from chatops.database import DATABASE_ERRORS
from chatops.rooms import Rooms

log = logging.getLogger(__name__)

FATAL_ERRORS = ("M_UNKNOWN_TOKEN", "M_MISSING_TOKEN", "M_FORBIDDEN")
# Errors after which a whole sync is handled again rather than an event skipped: the homeserver
# or the database is away, and nothing about the events themselves is wrong.
RETRY_BATCH: tuple[type[BaseException], ...] = (*TRANSIENT_ERRORS, *DATABASE_ERRORS)


@dataclass
class Backoff:
    """Exponential backoff with a cap and a little jitter: base, 2×base, 4×base … cap."""

    base: float = 1.0
    cap: float = 60.0
    failures: int = 0

    def next_delay(self) -> float:
        """The wait before the next try, counting this failure."""
        delay = min(self.cap, self.base * 2.0**self.failures)
        self.failures += 1
        # Jitter below the nominal delay only, so the cap and the request count stay bounded.
        return delay * random.uniform(0.8, 1.0)  # noqa: S311 - not security

    def reset(self) -> None:
        """Forget the failures after a success."""
        self.failures = 0


@dataclass
class SyncStats:
    """What the loop did, for logs and tests."""

    requests: int = 0
    failures: int = 0
    batches: int = 0
    backfilled: int = 0
    waits: list[float] = field(default_factory=list)


class SyncHandler(Protocol):
    """What the loop hands a sync's contents to."""

    async def on_invite(self, room_id: str, invite_state: list[Any]) -> None:
        """An invitation to a room."""

    async def on_events(self, room_id: str, events: list[Any]) -> None:
        """New events of a joined room, in order, history already removed."""

    async def after_sync(self) -> None:
        """Work between syncs (encryption keys, retries); the position is saved after it."""


class FatalSyncError(Exception):
    """The homeserver refused the bot's credentials: retrying cannot help."""


class SyncLoop:
    """Long-polls the homeserver and hands each sync to a handler, then saves the position."""

    def __init__(
        self,
        client: AsyncClient,
        rooms: Rooms,
        handler: SyncHandler,
        *,
        account: str,
        poll_ms: int = 30_000,
        timeline_limit: int = 50,
        backoff: Backoff | None = None,
        max_backfill_pages: int = 20,
    ) -> None:
        self.client = client
        self.rooms = rooms
        self.handler = handler
        self.account = account
        self.poll_ms = poll_ms
        self.timeline_limit = timeline_limit
        self.backoff = backoff or Backoff()
        self.max_backfill_pages = max_backfill_pages
        self.stats = SyncStats()
        self.position: str | None = None
        self._filter: str | dict[str, Any] | None = None
        self._stopping = asyncio.Event()
        self._inflight: asyncio.Future[Any] | None = None

    def stop(self) -> None:
        """Finish the batch at hand, save its position, and return from `run`."""
        self._stopping.set()
        if self._inflight is not None and not self._inflight.done():
            self._inflight.cancel()

    @property
    def stopping(self) -> bool:
        """Whether `stop` was called."""
        return self._stopping.is_set()

    def sync_filter(self) -> dict[str, Any]:
        """Only what the bot reads: timelines and room state; no presence, receipts or typing."""
        nothing = {"not_types": ["*"]}
        return {
            "presence": nothing,
            "account_data": nothing,
            "room": {
                "timeline": {"limit": self.timeline_limit, "lazy_load_members": True},
                "state": {"lazy_load_members": True},
                "ephemeral": nothing,
                "account_data": nothing,
            },
        }

    async def run(self) -> None:
        """Sync until stopped; raises FatalSyncError when the credentials are refused."""
        self.position = self.rooms.sync_position(self.account)
        first = self.position is None
        # After a restart, the first sync brings full room state (encryption, members) once.
        full_state: bool | None = not first
        if first:
            log.info("first start: the rooms' history will not be answered")
        while not self.stopping:
            if self._filter is None and not await self._retrying(self._upload_filter):
                continue
            response = await self._sync(0 if (first or full_state) else self.poll_ms, full_state)
            if response is None:
                continue
            try:
                await self._handle(response, history=first)
                await self.handler.after_sync()
                self.rooms.save_sync_position(self.account, response.next_batch)
            except RETRY_BATCH as exc:
                # The batch is handled again from the same position; claims keep it once.
                self.stats.failures += 1
                log.warning("handling a sync was interrupted (%s); retrying it", exc)
                await self.pause()
                continue
            self.position = response.next_batch
            self.stats.batches += 1
            first, full_state = False, None

    async def _retrying(self, step: Callable[[], Awaitable[bool]]) -> bool:
        try:
            done = await step()
        except TRANSIENT_ERRORS as exc:
            log.warning("homeserver unreachable: %s", exc)
            done = False
        if not done:
            await self.pause()
        return done

    async def _upload_filter(self) -> bool:
        self.stats.requests += 1
        wanted = self.sync_filter()
        response = await self.client.upload_filter(
            presence=wanted["presence"], account_data=wanted["account_data"], room=wanted["room"]
        )
        if isinstance(response, UploadFilterResponse):
            self._filter = response.filter_id
            self.backoff.reset()
            return True
        self._raise_if_fatal(response)
        self.stats.failures += 1
        log.warning("could not upload the sync filter: %s", response)
        return False

    async def _sync(self, timeout_ms: int, full_state: bool | None) -> SyncResponse | None:
        self.stats.requests += 1
        self._inflight = asyncio.ensure_future(
            self.client.sync(
                timeout=timeout_ms,
                sync_filter=self._filter,
                since=self.position,
                full_state=full_state,
                # A bot has no presence to show: "offline" spares the homeserver a presence
                # update (and everyone's clients a presence event) on every sync.
                set_presence="offline",
            )
        )
        try:
            response = await self._inflight
        except asyncio.CancelledError:
            if self.stopping:
                return None
            raise
        except TRANSIENT_ERRORS as exc:
            self.stats.failures += 1
            log.warning("sync failed, homeserver unreachable: %s", exc)
            await self.pause()
            return None
        finally:
            self._inflight = None
        if isinstance(response, SyncResponse):
            self.backoff.reset()
            return response
        self._raise_if_fatal(response)
        self.stats.failures += 1
        log.warning("sync failed: %s", response)
        if is_rate_limited(response) and getattr(response, "retry_after_ms", None):
            await self.pause(at_least=response.retry_after_ms / 1000)
        else:
            await self.pause()
        return None

    def _raise_if_fatal(self, response: Any) -> None:
        if getattr(response, "status_code", None) in FATAL_ERRORS or http_status(response) == 401:
            raise FatalSyncError(str(response))

    async def pause(self, *, at_least: float = 0.0) -> None:
        """Wait the next backoff delay (at least `at_least` seconds); `stop` cuts it short."""
        delay = max(at_least, self.backoff.next_delay())
        self.stats.waits.append(delay)
        log.info("waiting %.1f s before the next sync", delay)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), timeout=delay)

    async def _handle(self, response: SyncResponse, *, history: bool) -> None:
        for room_id, invite in response.rooms.invite.items():
            await self.handler.on_invite(room_id, list(invite.invite_state))
        if history:
            return
        for room_id, joined in response.rooms.join.items():
            events = list(joined.timeline.events)
            fresh = _after_own_join(events, self.client.user_id)
            if fresh is None and joined.timeline.limited and self.position:
                older = await self._backfill(room_id, joined.timeline.prev_batch, self.position)
                events = older + events
                fresh = _after_own_join(events, self.client.user_id)
            await self.handler.on_events(room_id, events if fresh is None else fresh)

    async def _backfill(self, room_id: str, start: str | None, until: str) -> list[Any]:
        """The events a gappy sync left out, oldest first, back to the previous position."""
        found: list[Any] = []
        for _ in range(self.max_backfill_pages):
            if not start:
                break
            response = await self.client.room_messages(
                room_id, start=start, end=until, direction=MessageDirection.back, limit=100
            )
            if not isinstance(response, RoomMessagesResponse):
                log.warning("could not back-fill %s: %s", room_id, response)
                break
            found.extend(response.chunk)
            if not response.chunk or not response.end or response.end == start:
                break
            start = response.end
        else:
            log.warning("back-fill of %s stopped after %d pages", room_id, self.max_backfill_pages)
        found.reverse()
        self.stats.backfilled += len(found)
        if found:
            log.info("back-filled %d events in %s", len(found), room_id)
        return found


def _after_own_join(events: list[Any], user_id: str) -> list[Any] | None:
    """The events after the bot's own join, if it joined within them (what came before is
    history, not commands); None when it joined earlier."""
    for index in range(len(events) - 1, -1, -1):
        if is_fresh_join(getattr(events[index], "source", {}) or {}, user_id):
            return events[index + 1 :]
    return None
