"""The overview: the `/` page through the Flask test client, and `groups.overview()` under it,
for a group with 50 workgroups and 5,000 tasks."""

from __future__ import annotations

from common import bench_runtime, count_statements, measure, parse_args, report, seed_group

from tracker.app import create_app
from tracker.services import groups

WORKGROUPS = 50
TASKS = 5_000


def main() -> None:
    """Measure the page and the service call, and print one row for each."""
    args = parse_args(__doc__ or "", runs=30)
    with bench_runtime(args.db) as runtime:
        group_id = seed_group(runtime.engine, name="Bench", workgroups=WORKGROUPS, tasks=TASKS)
        app = create_app(runtime)
        client = app.test_client()
        size = f"{WORKGROUPS} workgroups, {TASKS:,} tasks, {args.db}"

        def page() -> None:
            response = client.get("/")
            assert response.status_code == 200, response.status
            response.close()

        def overview() -> None:
            groups.overview(runtime.ctx, group_id=group_id)

        page()  # connect and warm up before counting, so set-up queries are not counted
        statements = count_statements(runtime.engine, page)
        report(f"GET / ({size}; statements: {statements})", measure(page, args.runs))
        statements = count_statements(runtime.engine, overview)
        report(
            f"groups.overview() ({size}; statements: {statements})",
            measure(overview, args.runs),
        )


if __name__ == "__main__":
    main()
