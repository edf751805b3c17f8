"""The tick: once a minute, decide from the database what is due, write it to the outbox (each
message once, by its idempotency key), then relay due rows to the queue. One tick process is
enough and a second does no harm: the keys make a second tick in the same minute write nothing.

A plain loop rather than RQ's cron: the schedule lives in SQL, so the loop only has to wake up,
and a tick that finds Redis down still writes the outbox; the next one relays what waited."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from redis.exceptions import RedisError
from rq import Queue

from tracker.bootstrap import Runtime
from tracker.config import Settings
from tracker.services import outbox, schedule
from tracker.services.processed_events import prune_processed_events
from worker.relay import RelayResult, relay

log = logging.getLogger(__name__)

INTERVAL = 60.0
# Between ticks the relay runs this often (seconds): the outbox's rows due soon wait no longer.
RELAY_INTERVAL = 2.0


@dataclass(frozen=True)
class TickResult:
    """What one tick did."""

    due: int
    written: int
    relayed: RelayResult | None
    redis_error: str | None = None
    pruned: int = 0


def platforms_of(settings: Settings) -> tuple[str, ...]:
    """The platforms people are told on, in order of preference: the configured chat platforms,
    then the console (the embedded default's chat)."""
    found = [
        name
        for name, enabled in (
            ("slack", settings.slack.enabled),
            ("matrix", settings.matrix.enabled),
        )
        if enabled
    ]
    return (*found, "console")


def tick_once(
    runtime: Runtime, queue: Queue, *, platforms: Sequence[str] | None = None
) -> TickResult:
    """One tick: due messages into the outbox, due rows onto the queue."""
    ctx = runtime.ctx
    due = schedule.due_messages(
        ctx,
        platforms=platforms_of(runtime.settings) if platforms is None else platforms,
        language=runtime.settings.language,
    )
    written = outbox.record(ctx, due)
    if written:
        log.info("wrote %d outbox messages", len(written))
    # Past their retry window, handled events only take room: no platform sends them again.
    retention = timedelta(days=runtime.settings.processed_event_retention_days)
    pruned = prune_processed_events(ctx, older_than=retention)
    if pruned:
        log.info("forgot %d handled platform events past their retry window", pruned)
    try:
        relayed = relay(ctx, queue)
    except RedisError as exc:
        log.warning("Redis is not reachable (%s): the outbox keeps the messages until it is", exc)
        return TickResult(len(due), len(written), None, str(exc), pruned)
    return TickResult(len(due), len(written), relayed, pruned=pruned)


def run_forever(
    runtime: Runtime,
    queue: Queue,
    *,
    stop: threading.Event,
    interval: float = INTERVAL,
    relay_every: float = RELAY_INTERVAL,
) -> None:
    """Tick at the start of every minute until `stop` is set; between ticks, relay every few
    seconds, so that what a request wrote (a Home tab refresh) goes out in seconds."""
    while not stop.is_set():
        try:
            tick_once(runtime, queue)
        except Exception:  # the database may be away for a moment: try again next minute
            log.exception("the tick failed")
        now = time.time()
        next_tick = now + interval - now % interval
        while not stop.wait(min(relay_every, max(next_tick - time.time(), 0.0))):
            if time.time() >= next_tick:
                break
            try:
                relay(runtime.ctx, queue)
            except Exception:  # Redis or the database away: the next tick tries again
                log.debug("a relay between ticks failed", exc_info=True)
