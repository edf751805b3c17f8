"""Shared helpers of the benchmarks: a throwaway migrated database, fast bulk data, timing, and
one result row per measurement: `what | median | spread | runs | machine`.

Every benchmark builds its own data and removes it afterwards: a temporary SQLite file, or a
schema of its own on PostgreSQL (so the test database's tables are never touched).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, insert, text

from tracker.bootstrap import Runtime, bootstrap
from tracker.clock import FixedClock
from tracker.config import Settings
from tracker.db import make_engine
from tracker.migrate import upgrade
from tracker.models import (
    Deadline,
    Group,
    GroupMembership,
    Meeting,
    MeetingPart,
    Organisation,
    Person,
    SecretariatContact,
    Task,
    TaskStatus,
    Workgroup,
)

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Friday 10 January 2025, 10:00 in Oslo: six days before the seed's meeting.
NOW = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
TODAY = date(2025, 1, 10)
HEADER = "what | median | spread | runs | machine"


def parse_args(description: str, *, runs: int = 20) -> argparse.Namespace:
    """The options every benchmark takes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--runs", type=int, default=runs, help="timed runs per measurement")
    parser.add_argument("--no-header", action="store_true", help="print result rows only")
    parser.add_argument("--only", default="", help="run only the rows whose name has this text")
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of each row, and its SQL"
    )
    args = parser.parse_args()
    if not args.no_header:
        print(HEADER)
    return args


@contextmanager
def bench_runtime(db: str) -> Iterator[Runtime]:
    """A runtime on a fresh, migrated database that is removed on exit."""
    clock = FixedClock(NOW)
    if db == "sqlite":
        with tempfile.TemporaryDirectory(prefix="tiltak-bench-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
            runtime = bootstrap(_settings(url, Path(tmp)), clock=clock, engine=make_engine(url))
            try:
                upgrade(runtime.engine)
                yield runtime
            finally:
                runtime.close()
        return
    schema = f"tiltak_bench_{os.getpid()}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    # make_engine's PostgreSQL settings, plus a search path that puts every table in our schema.
    engine = create_engine(
        PG_URL, pool_pre_ping=True, connect_args={"options": f"-csearch_path={schema}"}
    )
    with tempfile.TemporaryDirectory(prefix="tiltak-bench-") as tmp:
        runtime = bootstrap(_settings(PG_URL, Path(tmp)), clock=clock, engine=engine)
        try:
            upgrade(runtime.engine)
            yield runtime
        finally:
            runtime.close()
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


def _settings(url: str, var_dir: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=url,
        var_dir=var_dir,
        secret_key="bench-only",  # type: ignore[arg-type]
    )


def seed_group(engine: Engine, *, name: str, workgroups: int, tasks: int) -> int:
    """A group with a meeting, deadlines, a contact, workgroups with leads and many tasks."""
    statuses = list(TaskStatus)
    with engine.begin() as conn:
        org_id = conn.execute(
            insert(Organisation).values(name=f"{name} kommune").returning(Organisation.id)
        ).scalar_one()
        group_id = conn.execute(
            insert(Group)
            .values(name=name, slug=name.lower(), organisation_id=org_id, timezone="Europe/Oslo")
            .returning(Group.id)
        ).scalar_one()
        people = conn.execute(
            insert(Person).returning(Person.id, sort_by_parameter_order=True),
            [
                {
                    "first_name": f"Person{i}",
                    "last_name": "Øvrebø",
                    "name_key": f"person{i} øvrebø",
                    "organisation_id": org_id,
                    "language": "nb",
                }
                for i in range(workgroups + 20)
            ],
        ).scalars()
        person_ids = list(people)
        conn.execute(
            insert(GroupMembership),
            [{"group_id": group_id, "person_id": pid, "role": "member"} for pid in person_ids],
        )
        conn.execute(
            insert(SecretariatContact), [{"group_id": group_id, "person_id": person_ids[-1]}]
        )
        workgroup_ids = list(
            conn.execute(
                insert(Workgroup).returning(Workgroup.id, sort_by_parameter_order=True),
                [
                    {
                        "group_id": group_id,
                        "number": i + 1,
                        "name": f"Arbeidsgruppe {i + 1} for næringsutvikling",
                        "lead_id": person_ids[i],
                    }
                    for i in range(workgroups)
                ],
            ).scalars()
        )
        starts = datetime(2025, 1, 16, 8, 0, tzinfo=UTC)
        meeting_id = conn.execute(
            insert(Meeting)
            .values(
                group_id=group_id,
                title="Møte i faggruppen",
                starts_at=starts,
                ends_at=starts + timedelta(hours=3, minutes=30),
                place="Teams",
                version=1,
            )
            .returning(Meeting.id)
        ).scalar_one()
        conn.execute(
            insert(MeetingPart),
            [
                {"meeting_id": meeting_id, "position": 1, "title": "Felles del"},
                {"meeting_id": meeting_id, "position": 2, "title": "Faggruppemøte"},
            ],
        )
        conn.execute(
            insert(Deadline),
            [
                {
                    "group_id": group_id,
                    "meeting_id": meeting_id,
                    "title": "Skriftlige innspill",
                    "offset_days": 7,
                    "kind": "contribution",
                }
            ],
        )
        if tasks:
            conn.execute(
                insert(Task),
                [
                    {
                        "workgroup_id": workgroup_ids[i % workgroups],
                        "title": f"Oppgave {i}: kartlegg behov i kommunene",
                        "description": "",
                        "owner_id": person_ids[i % len(person_ids)],
                        "status": statuses[i % len(statuses)].value,
                        "blocked_reason": "venter" if i % len(statuses) == 2 else None,
                        "due_on": TODAY + timedelta(days=i % 60 - 20),
                        "created_at": NOW,
                        "updated_at": NOW,
                        "version": 1,
                    }
                    for i in range(tasks)
                ],
            )
    return int(group_id)


def measure(fn: Callable[[], Any], runs: int, *, warmup: int = 2) -> list[float]:
    """Wall-clock seconds of `runs` calls, after a few untimed ones warm the caches."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def count_statements(engine: Engine, fn: Callable[[], Any]) -> int:
    """How many SQL statements one call sends to the database."""
    statements = 0

    def count(*_args: Any) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return statements


def machine() -> str:
    """Which machine the figures are from."""
    return f"{platform.node()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def profile(engine: Engine, fn: Callable[[], Any], what: str, *, runs: int = 50) -> None:
    """Where one row's time goes: the SQL of one call, then the top of a cProfile of many."""
    # Imported only when asked for.
    import cProfile
    import pstats

    def show(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        print("   SQL:", " ".join(statement.split())[:160])

    print(f"--- {what}")
    event.listen(engine, "before_cursor_execute", show)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", show)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(runs):
        fn()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def report(what: str, samples: list[float]) -> None:
    """Print one result row: median, spread (p10–p90 from 10 runs on, else min–max), runs."""
    if len(samples) >= 10:
        deciles = statistics.quantiles(samples, n=10)
        low, high, kind = deciles[0], deciles[-1], "p10–p90"
    else:
        low, high, kind = min(samples), max(samples), "min–max"
    median = statistics.median(samples)
    print(
        f"{what} | {_ms(median)} | {_ms(low)}–{_ms(high)} ({kind}) | {len(samples)} | {machine()}",
        flush=True,
    )


def _ms(seconds: float) -> str:
    # Below a millisecond one decimal of a millisecond hides the figure: show microseconds.
    if seconds < 0.001:
        return f"{seconds * 1_000_000:.0f} µs"
    return f"{seconds * 1000:.1f} ms"
