"""Listing tasks costs the same number of SQL statements for 10 tasks as for 1,000, and the
filters of the common lists are served by indexes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from api_world import World
from flask.testing import FlaskClient
from sqlalchemy import Engine, event, inspect

from tracker.bootstrap import Runtime
from tracker.errors import PermissionDenied
from tracker.models import Channel, Task, TaskStatus
from tracker.services import tasks
from tracker.services.context import Actor, ServiceContext


@contextmanager
def recorded_statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every statement the engine sends while the block runs, with its parameters."""
    statements: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def add_tasks(ctx: ServiceContext, world: World, count: int) -> None:
    """Insert tasks directly: several owners, statuses and due dates."""
    owners = [world.member_id, world.other_id, world.lead_id, None]
    statuses = list(TaskStatus)
    now = datetime(2025, 1, 10, 9, tzinfo=UTC)
    with ctx.uow() as uow:
        uow.session.add_all(
            Task(
                workgroup_id=world.workgroup_id,
                title=f"Oppgave {n}",
                owner_id=owners[n % len(owners)],
                status=statuses[n % len(statuses)],
                blocked_reason="venter" if statuses[n % len(statuses)] == "blocked" else None,
                due_on=date(2025, 1, 1) + timedelta(days=n % 90),
                created_at=now,
                updated_at=now,
            )
            for n in range(count)
        )
        uow.commit()


def statements_to_list(client: FlaskClient, runtime: Runtime, world: World, count: int) -> int:
    with recorded_statements(runtime.engine) as statements:
        response = client.get("/api/v1/tasks?limit=1000", headers=world.auth("member"))
    assert response.status_code == 200
    assert response.json is not None
    assert len(response.json) == count
    return len(statements)


def test_listing_tasks_costs_the_same_statements_for_10_as_for_1000(
    client: FlaskClient, ctx: ServiceContext, runtime: Runtime, world: World
) -> None:
    add_tasks(ctx, world, 10)
    few = statements_to_list(client, runtime, world, 10)
    add_tasks(ctx, world, 990)
    many = statements_to_list(client, runtime, world, 1000)
    assert few == many
    assert many <= 4  # the token, its person, the tasks with owners and workgroups


def test_the_task_table_has_the_indexes_the_lists_filter_on(runtime: Runtime) -> None:
    indexes = {
        tuple(index["column_names"]) for index in inspect(runtime.engine).get_indexes("task")
    }
    assert {("workgroup_id", "status"), ("owner_id", "status"), ("due_on",)} <= indexes


def _task_query(statements: list[tuple[str, Any]]) -> tuple[str, Any]:
    [found] = [(sql, params) for sql, params in statements if "FROM task" in sql]
    return found


def _plan(runtime: Runtime, db_kind: str, statement: str, parameters: Any) -> str:
    with runtime.engine.connect() as conn:
        if db_kind == "postgresql":
            # A handful of rows is cheaper to scan than to look up; ask what an index would do.
            conn.exec_driver_sql("SET enable_seqscan = off")
            rows = conn.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
        else:
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
        conn.rollback()
    return "\n".join(str(row[-1]) for row in rows)


@pytest.mark.parametrize(
    ("query", "index"),
    [
        ("?owner_id={member}&status=todo&status=doing", "ix_task_owner_status"),
        ("?workgroup_id={workgroup}&status=todo", "ix_task_workgroup_status"),
        # Every list is scoped to the asker's groups: the group's workgroups lead to its tasks.
        ("?due_before=2025-01-20", "ix_task_workgroup_status"),
    ],
)
def test_the_task_list_filters_are_answered_from_an_index(
    client: FlaskClient,
    ctx: ServiceContext,
    runtime: Runtime,
    world: World,
    db_kind: str,
    query: str,
    index: str,
) -> None:
    add_tasks(ctx, world, 200)
    url = "/api/v1/tasks" + query.format(member=world.member_id, workgroup=world.workgroup_id)
    with recorded_statements(runtime.engine) as statements:
        response = client.get(url, headers=world.auth("member"))
    assert response.status_code == 200
    plan = _plan(runtime, db_kind, *_task_query(statements))
    assert index in plan, plan


@pytest.mark.parametrize(
    "statuses",
    [None, (TaskStatus.TODO,), (TaskStatus.TODO, TaskStatus.DOING, TaskStatus.BLOCKED), ()],
    ids=["any", "todo", "open", "none"],
)
def test_the_chat_lists_show_the_same_tasks_as_the_full_views_in_one_statement(
    ctx: ServiceContext, runtime: Runtime, world: World, statuses: tuple[TaskStatus, ...] | None
) -> None:
    add_tasks(ctx, world, 40)
    for scope in ({"owner_id": world.member_id}, {"workgroup_id": world.workgroup_id}):
        with recorded_statements(runtime.engine) as statements:
            lines = tasks.list_task_summaries(ctx, statuses=statuses, **scope)
        assert len(statements) == 1
        views = tasks.list_tasks(ctx, statuses=statuses, **scope)
        shown = ("id", "title", "status", "blocked_reason", "due_on", "owner_name", "version")
        assert [tuple(getattr(line, f) for f in shown) for line in lines] == [
            tuple(getattr(view, f) for f in shown) for view in views
        ]
        if statuses is not None:
            assert {line.status for line in lines} <= set(statuses)
        assert (len(lines) > 0) == (statuses != ())


def test_a_status_change_reads_the_task_and_the_actors_role_in_one_statement(
    ctx: ServiceContext, runtime: Runtime, world: World
) -> None:
    add_tasks(ctx, world, 1)
    (task,) = tasks.list_tasks(ctx, owner_id=world.member_id)
    member = Actor(person_id=world.member_id, channel=Channel.API)
    next_status = TaskStatus.DONE if task.status != TaskStatus.DONE else TaskStatus.DOING
    with recorded_statements(runtime.engine) as statements:
        changed = tasks.change_status(ctx, actor=member, task_id=task.id, status=next_status)
    assert changed.status == next_status
    # The task with the actor's role, the history row, the update: no query for the role.
    assert len(statements) == 3
    assert not any(sql.lstrip().startswith("SELECT group_membership") for sql, _ in statements)
    other = Actor(person_id=world.other_id, channel=Channel.API)
    with pytest.raises(PermissionDenied):
        tasks.change_status(ctx, actor=other, task_id=task.id, status=TaskStatus.BLOCKED)
