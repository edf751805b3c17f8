"""The weekly summaries: building them for a group of 100 workgroups with 100 tasks each (the
summary of the whole group, then each workgroup's chat message rendered as text), the Monday
08:00 tick that decides them, and the number of SQL statements, which must not grow with the
number of tasks (printed for 10 and for 100 tasks per workgroup)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from common import bench_runtime, count_statements, measure, parse_args, report, seed_group
from sqlalchemy import insert, select

from chatops.digests import workgroup_messages
from chatops.render import render_text
from tracker.bootstrap import Runtime
from tracker.clock import FixedClock
from tracker.models import RoomBinding, Workgroup
from tracker.services import schedule, summaries

WORKGROUPS = 100
TASKS_PER_WORKGROUP = (10, 100)
# Monday 13 January 2025, 08:00 in Oslo: the summaries are due.
MONDAY_EIGHT = datetime(2025, 1, 13, 7, 0, tzinfo=UTC)


def build_all(runtime: Runtime, group_id: int) -> list[str]:
    """Every workgroup's summary message as the chat shows it, from one summary of the group."""
    messages = workgroup_messages(runtime.ctx, group_id=group_id, language="nb")
    return [render_text(message) for message in messages]


def cpu_seconds(fn: Callable[[], Any], runs: int) -> str:
    """The median processor time of a call: what the machine's other load cannot inflate."""
    samples = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        samples.append(time.process_time() - start)
    return f"CPU {statistics.median(samples) * 1000:.0f} ms"


def bind_rooms(runtime: Runtime, group_id: int) -> None:
    """A room for the group and one for each workgroup, so the tick has somewhere to post."""
    with runtime.engine.begin() as conn:
        ids = conn.scalars(select(Workgroup.id).where(Workgroup.group_id == group_id)).all()
        conn.execute(
            insert(RoomBinding),
            [
                {
                    "platform": "console",
                    "room_id": f"room-{group_id}-{wg}",
                    "group_id": group_id,
                    "workgroup_id": wg,
                    "bound_at": MONDAY_EIGHT,
                }
                for wg in [None, *ids]
            ],
        )


def main() -> None:
    """Measure, for 10 and 100 tasks per workgroup, and print one row each."""
    args = parse_args(__doc__ or "", runs=10)
    with bench_runtime(args.db) as runtime:
        clock = runtime.ctx.clock
        assert isinstance(clock, FixedClock)
        for per_workgroup in TASKS_PER_WORKGROUP:
            group_id = seed_group(
                runtime.engine,
                name=f"Bench{per_workgroup}",
                workgroups=WORKGROUPS,
                tasks=WORKGROUPS * per_workgroup,
            )
            size = f"{WORKGROUPS} workgroups × {per_workgroup} tasks, {args.db}"

            def build(group_id: int = group_id) -> None:
                assert len(build_all(runtime, group_id)) == WORKGROUPS

            def one_summary(group_id: int = group_id) -> None:
                summaries.group_summary(runtime.ctx, group_id=group_id)

            build()  # connect and warm up before counting
            statements = count_statements(runtime.engine, build)
            cpu = cpu_seconds(build, args.runs)
            report(
                f"100 summary messages built ({size}; statements: {statements}; {cpu})",
                measure(build, args.runs),
            )
            statements = count_statements(runtime.engine, one_summary)
            cpu = cpu_seconds(one_summary, args.runs)
            report(
                f"summaries.group_summary() ({size}; statements: {statements}; {cpu})",
                measure(one_summary, args.runs),
            )
        # The tick at Monday 08:00, with rooms bound for the larger group only.
        bind_rooms(runtime, group_id)
        clock.set(MONDAY_EIGHT)

        def tick() -> int:
            return len(schedule.due_messages(runtime.ctx, platforms=("console",)))

        # The bench's data leaves a quarter of the workgroups with nothing to report (all their
        # tasks done long ago): they get no message, as it should be.
        due = tick()
        statements = count_statements(runtime.engine, tick)
        cpu = cpu_seconds(tick, args.runs)
        report(
            f"schedule.due_messages() at Monday 08:00, {due} messages "
            f"({size}; statements: {statements}; {cpu})",
            measure(tick, args.runs),
        )


if __name__ == "__main__":
    main()
