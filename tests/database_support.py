"""Fast per-test databases. A PostgreSQL schema is emptied with DELETE, not TRUNCATE (which makes
new files for every table and costs up to a second under load), and the seed is imported once per
run into a template whose rows each test gets back with INSERT … SELECT instead of importing it
again: the same rows, ids and sequence positions the import would give."""

from __future__ import annotations

import copy
import shutil
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, MetaData, text

from tracker import schemas as s
from tracker.bootstrap import bootstrap
from tracker.clock import FixedClock
from tracker.config import Settings
from tracker.db import make_engine
from tracker.importer.apply import ImportReport, import_invitation
from tracker.models import Channel
from tracker.services import groups, tasks
from tracker.services.context import Actor, ServiceContext

SEED = Path(__file__).parent / "data" / "invitation_seed.txt"
# The test clock's default: Friday 10 January 2025, 10:00 in Oslo.
TEST_NOW = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
VERSION_TABLE = "alembic_version"


def import_seed(ctx: ServiceContext) -> ImportReport:
    """The seed invitation of Osloregionen, imported as the secretariat would."""
    return import_invitation(
        ctx,
        actor=Actor.system_actor(Channel.IMPORT),
        text=SEED.read_text(encoding="utf-8"),
        filename=SEED.name,
    )


def settings_for(database_url: str, var_dir: Path) -> Settings:
    """The settings the `settings` fixture gives a test."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=database_url,
        var_dir=var_dir,
        secret_key="test-secret",  # type: ignore[arg-type]
    )


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def data_tables(engine: Engine) -> list[str]:
    """Every table of the migrated database but Alembic's, parents before children."""
    reflected = MetaData()
    reflected.reflect(engine)
    return [t.name for t in reflected.sorted_tables if t.name != VERSION_TABLE]


def row_counts(engine: Engine, tables: Sequence[str]) -> tuple[int, ...]:
    """How many rows each table holds, in one statement."""
    counts = ", ".join(f"(SELECT count(*) FROM {_q(t)})" for t in tables)
    with engine.connect() as conn:
        row = conn.execute(text(f"SELECT {counts}")).one()
    return tuple(int(n) for n in row)


def run_script(engine: Engine, script: str) -> None:
    """Statements without parameters, in one transaction and one round trip."""
    with engine.begin() as conn:
        conn.exec_driver_sql(script)


class PgEmptier:
    """Empties the test schema as TRUNCATE … RESTART IDENTITY did: no rows, Alembic's head
    recorded, every sequence back at 1."""

    def __init__(self, engine: Engine, head: str) -> None:
        self.tables = data_tables(engine)
        with engine.connect() as conn:
            found = conn.execute(
                text(
                    "SELECT sequencename FROM pg_sequences"
                    " WHERE schemaname = current_schema() ORDER BY sequencename"
                )
            )
            self.sequences: list[str] = list(found.scalars())
        deletes = [f"DELETE FROM {_q(t)}" for t in reversed(self.tables)]
        version = [f"DELETE FROM {VERSION_TABLE}", f"INSERT INTO {VERSION_TABLE} VALUES ('{head}')"]
        self.delete_all = "; ".join(deletes + version)

    def sequences_at(self, positions: dict[str, tuple[int, bool]]) -> str:
        """A SELECT putting each sequence where `positions` says (one not named: back at 1)."""
        calls = []
        for name in self.sequences:
            value, called = positions.get(name, (1, False))
            calls.append(f"setval('{_q(name)}', {int(value)}, {bool(called)})")
        return "SELECT " + ", ".join(calls) if calls else "SELECT 1"

    def empty(self, engine: Engine) -> None:
        """Delete every row and restart every sequence."""
        run_script(engine, f"{self.delete_all}; {self.sequences_at({})}")


@dataclass(frozen=True)
class SeedTemplate:
    """The seed imported once. `apply` gives a test the database and report an import would,
    whenever an import would have met an untouched database, the same clock and the same zone."""

    report: ImportReport
    zone: str
    now: datetime
    tables: list[str]
    untouched: tuple[int, ...]
    restore: Callable[[Engine], None]

    def fits(self, ctx: ServiceContext) -> bool:
        """True when importing now would write exactly the template's rows."""
        return (
            str(ctx.zone) == self.zone
            and ctx.clock.now() == self.now
            and row_counts(ctx.engine, self.tables) == self.untouched
        )

    def apply(self, ctx: ServiceContext) -> ImportReport:
        """The seed in the test's database (copied, or imported where a copy would differ)."""
        if not self.fits(ctx):
            return import_seed(ctx)
        self.restore(ctx.engine)
        return copy.deepcopy(self.report)


def _import_once(database_url: str, var_dir: Path) -> tuple[ImportReport, str]:
    runtime = bootstrap(settings_for(database_url, var_dir), clock=FixedClock(TEST_NOW))
    try:
        return import_seed(runtime.ctx), str(runtime.ctx.zone)
    finally:
        runtime.close()


def sqlite_seed_template(migrated: Path, work: Path) -> SeedTemplate:
    """The seed imported into a copy of the migrated SQLite file; a test's file gets its rows
    through ATTACH."""
    seeded = work / "seeded.sqlite3"
    shutil.copyfile(migrated, seeded)
    engine = make_engine(f"sqlite:///{migrated}")
    tables = data_tables(engine)
    untouched = row_counts(engine, tables)
    engine.dispose()
    report, zone = _import_once(f"sqlite:///{seeded}", work / "var")
    with sqlite3.connect(seeded) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    script = ["BEGIN"]
    script += [f"DELETE FROM main.{_q(t)}" for t in reversed(tables)]
    script += [f"INSERT INTO main.{_q(t)} SELECT * FROM seed.{_q(t)}" for t in tables]
    with sqlite3.connect(seeded) as con:
        autoincrement = con.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"
        ).fetchone()
    con.close()
    if autoincrement:
        script += [
            "DELETE FROM main.sqlite_sequence",
            "INSERT INTO main.sqlite_sequence SELECT * FROM seed.sqlite_sequence",
        ]
    script.append("COMMIT")
    sql = ";\n".join(script)

    def restore(engine: Engine) -> None:
        target = engine.url.database
        assert target, "an SQLite test database is a file"
        con = sqlite3.connect(target, isolation_level=None, timeout=15)
        try:
            con.execute("ATTACH DATABASE ? AS seed", (str(seeded),))
            con.executescript(sql)
            con.execute("DETACH DATABASE seed")
        finally:
            con.close()

    return SeedTemplate(report, zone, TEST_NOW, tables, untouched, restore)


def pg_seed_template(
    engine: Engine, emptier: PgEmptier, database_url: str, schema: str, work: Path
) -> SeedTemplate:
    """The seed imported into the emptied test schema, its rows and sequence positions kept in
    `schema`; a test's schema gets them back in one round trip."""
    emptier.empty(engine)
    untouched = row_counts(engine, emptier.tables)
    report, zone = _import_once(database_url, work / "var")
    counts = dict(zip(emptier.tables, row_counts(engine, emptier.tables), strict=True))
    filled = [t for t in emptier.tables if counts[t]]
    positions: dict[str, tuple[int, bool]] = {}
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {_q(schema)} CASCADE")
        conn.exec_driver_sql(f"CREATE SCHEMA {_q(schema)}")
        for table in filled:
            conn.exec_driver_sql(f"CREATE TABLE {_q(schema)}.{_q(table)} AS TABLE {_q(table)}")
        for name in emptier.sequences:
            value, called = conn.exec_driver_sql(
                f"SELECT last_value, is_called FROM {_q(name)}"
            ).one()
            positions[name] = (int(value), bool(called))
    emptier.empty(engine)
    copies = [f"INSERT INTO {_q(t)} SELECT * FROM {_q(schema)}.{_q(t)}" for t in filled]
    sql = "; ".join([emptier.delete_all, *copies, emptier.sequences_at(positions)])
    return SeedTemplate(
        report, zone, TEST_NOW, emptier.tables, untouched, lambda e: run_script(e, sql)
    )


def lead_task(ctx: ServiceContext) -> s.TaskView:
    """Task #1 of the seed: in workgroup 2, owned by its lead Asbjørn Lunde, due Friday 17
    January 2025 (what the chat platforms' tests change and read)."""
    (lunde,) = groups.find_people(ctx, name="Asbjørn Lunde")
    workgroup = next(wg for wg in groups.list_workgroups(ctx) if wg.number == 2)
    return tasks.create_task(
        ctx,
        actor=Actor.system_actor(Channel.CLI),
        data=s.TaskCreate(
            title="Kartlegg sirkulære anskaffelser",
            workgroup_id=workgroup.id,
            owner_id=lunde.id,
            due_on=date(2025, 1, 17),
        ),
    )
