"""`tasks.list_tasks()` returning all of a group's 10, 1,000 and 10,000 tasks."""

from __future__ import annotations

from common import bench_runtime, count_statements, measure, parse_args, report, seed_group

from tracker.services import tasks

SIZES = (10, 1_000, 10_000)


def main() -> None:
    """Measure one call per size and print one row for each."""
    args = parse_args(__doc__ or "", runs=20)
    with bench_runtime(args.db) as runtime:
        groups = {
            size: seed_group(runtime.engine, name=f"Bench{size}", workgroups=5, tasks=size)
            for size in SIZES
        }
        for size, group_id in groups.items():

            def list_all(group_id: int = group_id, size: int = size) -> None:
                found = tasks.list_tasks(runtime.ctx, group_id=group_id, limit=size)
                assert len(found) == size, len(found)

            list_all()  # connect and warm up before counting
            statements = count_statements(runtime.engine, list_all)
            report(
                f"list_tasks ({size:,} tasks, {args.db}; statements: {statements})",
                measure(list_all, args.runs),
            )


if __name__ == "__main__":
    main()
