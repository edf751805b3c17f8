"""Shared fixtures. Every database test runs on SQLite and on PostgreSQL (`--db` chooses); a
database that cannot be reached fails the run loudly instead of skipping to green."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from database_support import (
    TEST_NOW,
    PgEmptier,
    SeedTemplate,
    pg_seed_template,
    settings_for,
    sqlite_seed_template,
)
from flask.testing import FlaskClient
from flask_openapi3 import OpenAPI
from routing_support import share_url_builders
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from tracker.app import create_app
from tracker.bootstrap import Runtime, bootstrap
from tracker.clock import FixedClock
from tracker.composition import WebPlugin, web_plugins
from tracker.config import Settings
from tracker.db import make_engine
from tracker.importer.apply import ImportReport
from tracker.migrate import upgrade
from tracker.services.context import ServiceContext

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def pytest_configure(config: pytest.Config) -> None:
    share_url_builders()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        default=os.environ.get("TILTAK_TEST_DB", "sqlite,postgresql"),
        help="comma-separated databases to run the suite on: sqlite, postgresql",
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "db_kind" in metafunc.fixturenames:
        kinds = [k.strip() for k in metafunc.config.getoption("--db").split(",") if k.strip()]
        metafunc.parametrize("db_kind", kinds, scope="session")


def pg_base_url() -> str:
    return os.environ.get("TILTAK_TEST_PG_URL", DEFAULT_PG_URL)


# Each run gets its own schema, so two runs against one server cannot trip over each other.
PG_SCHEMA = f"tiltak_test_{os.getpid()}"


def pg_url() -> str:
    separator = "&" if "?" in pg_base_url() else "?"
    # A commit need not wait for the disk: the tests never survive a server crash anyway.
    options = f"-csearch_path%3D{PG_SCHEMA}%20-csynchronous_commit%3Doff"
    return f"{pg_base_url()}{separator}options={options}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_engine() -> Iterator[Engine]:
    """A private schema in the PostgreSQL test database, migrated once per run."""
    admin = make_engine(pg_base_url())
    try:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    except OperationalError as exc:
        pytest.fail(
            f"PostgreSQL is not reachable at {pg_base_url()} ({exc.orig}). Start it, set "
            "TILTAK_TEST_PG_URL, or run the suite with --db=sqlite.",
            pytrace=False,
        )
    engine = make_engine(pg_url())
    upgrade(engine)
    yield engine
    engine.dispose()
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
    admin.dispose()


@pytest.fixture(scope="session")
def pg_emptier(pg_engine: Engine) -> PgEmptier:
    """Empties the test schema between tests."""
    return PgEmptier(pg_engine, _head())


def _head() -> str:
    from alembic.script import ScriptDirectory

    from tracker.migrate import alembic_config

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None
    return head


@pytest.fixture
def db_url(db_kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A clean, migrated database of the kind under test."""
    if db_kind == "sqlite":
        target = tmp_path / "tiltak.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        return f"sqlite:///{target}"
    if db_kind == "postgresql":
        engine: Engine = request.getfixturevalue("pg_engine")
        request.getfixturevalue("pg_emptier").empty(engine)
        return pg_url()
    raise pytest.UsageError(f"unknown --db kind {db_kind!r}")


@pytest.fixture
def clock() -> FixedClock:
    """A clock standing at Friday 10 January 2025, 10:00 in Oslo."""
    return FixedClock(TEST_NOW)


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return settings_for(db_url, tmp_path / "var")


@pytest.fixture
def runtime(settings: Settings, clock: FixedClock) -> Iterator[Runtime]:
    rt = bootstrap(settings, clock=clock)
    yield rt
    rt.close()


@pytest.fixture
def ctx(runtime: Runtime) -> ServiceContext:
    return runtime.ctx


@pytest.fixture(scope="session")
def installed_web_plugins() -> tuple[WebPlugin, ...]:
    """The installed web plugins, read from the entry points once (as a process does)."""
    return web_plugins()


@pytest.fixture
def app(runtime: Runtime, installed_web_plugins: tuple[WebPlugin, ...]) -> OpenAPI:
    application = create_app(runtime, plugins=installed_web_plugins)
    application.config["TESTING"] = True
    return application


@pytest.fixture
def client(app: OpenAPI) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def seed_template(
    db_kind: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SeedTemplate]:
    """The seed imported once per run and database kind, for `seeded` to copy."""
    work = tmp_path_factory.mktemp(f"seed-{db_kind}")
    if db_kind == "sqlite":
        yield sqlite_seed_template(request.getfixturevalue("sqlite_template"), work)
        return
    if db_kind != "postgresql":
        raise pytest.UsageError(f"unknown --db kind {db_kind!r}")
    engine: Engine = request.getfixturevalue("pg_engine")
    schema = f"{PG_SCHEMA}_seed"
    yield pg_seed_template(engine, request.getfixturevalue("pg_emptier"), pg_url(), schema, work)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))


@pytest.fixture
def seeded(ctx: ServiceContext, seed_template: SeedTemplate) -> ImportReport:
    """The seed invitation of Osloregionen, imported as the secretariat would: copied from the
    run's template, or imported afresh where the clock, the zone or earlier rows differ."""
    return seed_template.apply(ctx)
