"""Shared fixtures. Every database test runs on SQLite and on PostgreSQL (`--db` chooses); a
database that cannot be reached fails the run loudly instead of skipping to green."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from flask_openapi3 import OpenAPI
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from tracker.app import create_app
from tracker.bootstrap import Runtime, bootstrap
from tracker.clock import FixedClock
from tracker.config import Settings
from tracker.db import Base, make_engine
from tracker.importer.apply import ImportReport, import_invitation
from tracker.migrate import upgrade
from tracker.models import Channel
from tracker.services.context import Actor, ServiceContext

DATA = Path(__file__).parent / "data"
SEED = DATA / "invitation_seed.txt"
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


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
    return f"{pg_base_url()}{separator}options=-csearch_path%3D{PG_SCHEMA}"


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


def _truncate_all(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables}, alembic_version RESTART IDENTITY CASCADE"))
        conn.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": _head()})


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
        _truncate_all(engine)
        return pg_url()
    raise pytest.UsageError(f"unknown --db kind {db_kind!r}")


@pytest.fixture
def clock() -> FixedClock:
    """A clock standing at Friday 10 January 2025, 10:00 in Oslo."""
    return FixedClock(datetime(2025, 1, 10, 9, 0, tzinfo=UTC))


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=db_url,
        var_dir=tmp_path / "var",
        secret_key="test-secret",  # type: ignore[arg-type]
    )


@pytest.fixture
def runtime(settings: Settings, clock: FixedClock) -> Iterator[Runtime]:
    rt = bootstrap(settings, clock=clock)
    yield rt
    rt.close()


@pytest.fixture
def ctx(runtime: Runtime) -> ServiceContext:
    return runtime.ctx


@pytest.fixture
def app(runtime: Runtime) -> OpenAPI:
    application = create_app(runtime)
    application.config["TESTING"] = True
    return application


@pytest.fixture
def client(app: OpenAPI) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def seeded(ctx: ServiceContext) -> ImportReport:
    """The seed invitation of Osloregionen, imported as the secretariat would."""
    return import_invitation(
        ctx,
        actor=Actor.system_actor(Channel.IMPORT),
        text=SEED.read_text(encoding="utf-8"),
        filename=SEED.name,
    )
