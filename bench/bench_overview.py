"""The overview: the `/` page through the Flask test client (signed in, as a person sees it), and
`groups.overview()` under it, for a group with 50 workgroups and 5,000 tasks."""

from __future__ import annotations

import re

from common import bench_runtime, count_statements, measure, parse_args, report, seed_group
from flask.testing import FlaskClient

from tracker.app import create_app
from tracker.bootstrap import Runtime
from tracker.services import access, groups

WORKGROUPS = 50
TASKS = 5_000


def sign_in(client: FlaskClient, runtime: Runtime, group_id: int) -> None:
    """Sign the client in as the first workgroup's lead, through a one-time link."""
    lead = groups.list_workgroups(runtime.ctx, group_id=group_id)[0].lead_id
    assert lead is not None
    token = access.create_sign_in_link(runtime.ctx, person_id=lead, requested_via="bench")
    form = client.get(f"/sign-in/{token}").get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert found is not None
    response = client.post(f"/sign-in/{token}", data={"csrf_token": found.group(1)})
    assert response.status_code == 303, response.status


def main() -> None:
    """Measure the page and the service call, and print one row for each."""
    args = parse_args(__doc__ or "", runs=30)
    with bench_runtime(args.db) as runtime:
        group_id = seed_group(runtime.engine, name="Bench", workgroups=WORKGROUPS, tasks=TASKS)
        app = create_app(runtime)
        client = app.test_client()
        sign_in(client, runtime, group_id)
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
