"""Forgetting handled platform events: the tick's pruning of 50,000 events past their retry
window (5,000 recent ones kept), batch by batch, and the prune every tick runs when nothing is old
enough (its steady-state cost per minute)."""

from __future__ import annotations

import time
from datetime import timedelta

from common import NOW, bench_runtime, count_statements, measure, parse_args, report
from sqlalchemy import delete, insert

from tracker.bootstrap import Runtime
from tracker.models import ProcessedEvent
from tracker.services.processed_events import prune_processed_events

OLD = 50_000
RECENT = 5_000
WINDOW = timedelta(days=7)


def _add(runtime: Runtime, prefix: str, count: int, age: timedelta) -> None:
    at = NOW - age
    with runtime.engine.begin() as conn:
        conn.execute(
            insert(ProcessedEvent),
            [
                {"platform": "slack", "event_id": f"{prefix}{i}", "handled_at": at}
                for i in range(count)
            ],
        )


def main() -> None:
    """Measure a prune of a backlog and the prune of a tick with nothing to forget."""
    args = parse_args(__doc__ or "", runs=5)
    with bench_runtime(args.db) as runtime:
        ctx = runtime.ctx
        _add(runtime, "recent-", RECENT, timedelta(days=1))
        samples = []
        for run in range(args.runs):
            _add(runtime, f"old-{run}-", OLD, timedelta(days=8))  # untimed
            start = time.perf_counter()
            removed = prune_processed_events(ctx, older_than=WINDOW)
            samples.append(time.perf_counter() - start)
            assert removed == OLD, removed
        report(f"prune {OLD:,} events past the window, {RECENT:,} kept ({args.db})", samples)

        def idle() -> None:
            assert prune_processed_events(ctx, older_than=WINDOW) == 0

        statements = count_statements(runtime.engine, idle)
        report(
            f"a tick's prune with nothing to forget ({RECENT:,} events; {args.db}; "
            f"statements: {statements})",
            measure(idle, args.runs * 10),
        )
        with runtime.engine.begin() as conn:
            conn.execute(delete(ProcessedEvent))


if __name__ == "__main__":
    main()
