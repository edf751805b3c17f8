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
    removed = 0
    while True:
        with ctx.uow() as uow:
            ids = list(
                uow.session.scalars(
                    select(ProcessedEvent.id)
                    .where(ProcessedEvent.handled_at < cutoff)
                    .order_by(ProcessedEvent.id)
                    .limit(batch)
                )
            )
            if ids:
                uow.session.execute(
                    delete(ProcessedEvent).where(ProcessedEvent.id.in_(ids)),
                    execution_options={"synchronize_session": False},
                )
                uow.commit()
        removed += len(ids)
        if len(ids) < batch:
            return removed
