"""The tick forgets handled platform events once their retry window is over, in batches, and
keeps those a platform may still send again: a retry inside the window stays a no-op."""

from __future__ import annotations

from datetime import timedelta

from rq import Queue
from sqlalchemy import func, select
from worker_support import at, tick

from tracker.bootstrap import Runtime
from tracker.clock import FixedClock
from tracker.models import ProcessedEvent
from tracker.services.identity import claim_event
from tracker.services.processed_events import prune_processed_events


def _event_ids(runtime: Runtime) -> set[str]:
    with runtime.ctx.uow() as uow:
        return set(uow.session.scalars(select(ProcessedEvent.event_id)))


def test_the_tick_forgets_events_past_the_retry_window_and_keeps_the_recent_ones(
    runtime: Runtime, clock: FixedClock, queue: Queue
) -> None:
    ctx = runtime.ctx
    assert runtime.settings.processed_event_retention_days == 7
    clock.set(at("2025-01-01 09:00"))
    assert claim_event(ctx, platform="slack", event_id="Ev-old")
    assert claim_event(ctx, platform="matrix", event_id="$old:example.org")
    clock.set(at("2025-01-07 10:00"))
    assert claim_event(ctx, platform="slack", event_id="Ev-six-days")
    clock.set(at("2025-01-08 09:30"))
    assert claim_event(ctx, platform="slack", event_id="Ev-today")

    result = tick(runtime, queue)

    assert result.pruned == 2
    assert _event_ids(runtime) == {"Ev-six-days", "Ev-today"}
    # Slack retries the event it sent six days ago, and again the one from this morning:
    # both are still remembered, so neither is handled a second time.
    assert not claim_event(ctx, platform="slack", event_id="Ev-six-days")
    assert not claim_event(ctx, platform="slack", event_id="Ev-today")
    # A second tick in the same minute has nothing more to forget.
    assert tick(runtime, queue).pruned == 0
    assert _event_ids(runtime) == {"Ev-six-days", "Ev-today"}


def test_pruning_goes_batch_by_batch_until_every_old_event_is_gone(
    runtime: Runtime, clock: FixedClock
) -> None:
    ctx = runtime.ctx
    clock.set(at("2025-01-01 09:00"))
    for number in range(7):
        assert claim_event(ctx, platform="slack", event_id=f"Ev-{number}")
    clock.advance(timedelta(days=3))
    assert claim_event(ctx, platform="slack", event_id="Ev-recent")

    removed = prune_processed_events(ctx, older_than=timedelta(days=2), batch=3)

    assert removed == 7
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(ProcessedEvent)) == 1
    assert _event_ids(runtime) == {"Ev-recent"}
