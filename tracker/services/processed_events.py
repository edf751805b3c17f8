"""Forgetting handled platform events. A row in processed_event only matters while the platform
may still deliver the same event again (Slack retries within minutes; a Matrix client replays
its sync after a restart); after that retry window the tick deletes it, a batch at a time, so
that no single transaction holds the table for long."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, select

from tracker.models import ProcessedEvent
from tracker.services.context import ServiceContext

BATCH = 5000


def prune_processed_events(
    ctx: ServiceContext, *, older_than: timedelta, batch: int = BATCH
) -> int:
    """Delete the events handled longer ago than `older_than`; how many went."""
    cutoff = ctx.clock.now() - older_than
    # One statement per batch, the ids chosen in the database (oldest first, along the index on
    # handled_at, so a tick with nothing to forget reads nothing).
    oldest = (
        select(ProcessedEvent.id)
        .where(ProcessedEvent.handled_at < cutoff)
        .order_by(ProcessedEvent.handled_at)
        .limit(batch)
        .scalar_subquery()
    )
    statement = delete(ProcessedEvent).where(ProcessedEvent.id.in_(oldest))
    removed = 0
    while True:
        with ctx.connect() as connection:
            gone = connection.execute(statement).rowcount
            connection.commit()
        removed += gone
        if gone < batch:
            return removed
