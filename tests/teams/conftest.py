"""Teams without Teams (see teams_support.py). The seed's people are linked to Teams users by
their Entra ID object ids: Asbjørn Lunde leads workgroup 2, Eli Bryhni is a member."""

from __future__ import annotations

import faulthandler
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from redis_support import claimed_redis, clear_rq_keys
from rq import Queue
from teams_support import (
    APP_ID,
    PEOPLE,
    BotServer,
    Connector,
    FixedConnections,
    Person,
    TeamsHarness,
    TokenIssuer,
)

from adapters.teams import PLATFORM
from adapters.teams.server import build_app
from tracker.bootstrap import Runtime
from tracker.config import Settings, TeamsSettings
from tracker.importer.apply import ImportReport
from tracker.services import groups, identity
from tracker.services.context import ServiceContext
from worker.queue import connect as connect_redis
from worker.queue import delivery_queue

SHARED_REDIS_DB = 14
CLAIM_KEY = "tiltak-tests:teams-claim"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test here reaches the internet (Entra ID, the real Bot Connector)."""
    connect = socket.socket.connect
    getaddrinfo = socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in LOOPBACK:
            raise AssertionError(f"a test tried to reach {address}")
        connect(self, address)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOOPBACK and host is not None:
            raise AssertionError(f"a test tried to look up {host}")
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    faulthandler.dump_traceback_later(180, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="session")
def issuer() -> Iterator[TokenIssuer]:
    found = TokenIssuer()
    yield found
    found.close()


@pytest.fixture
def connector() -> Iterator[Connector]:
    found = Connector()
    yield found
    found.close()


@pytest.fixture
def settings(db_url: str, tmp_path: Path, issuer: TokenIssuer) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=db_url,
        var_dir=tmp_path / "var",
        secret_key="test-secret",  # type: ignore[arg-type]
        teams=TeamsSettings(
            app_id=APP_ID,
            app_password="not-used-in-tests",  # type: ignore[arg-type]
            openid_metadata=issuer.metadata_url,
        ),
    )


@pytest.fixture
def linked(ctx: ServiceContext, seeded: ImportReport) -> dict[str, Person]:
    for name, person in PEOPLE.items():
        (found,) = groups.find_people(ctx, name=name)
        identity.link_identity(ctx, person_id=found.id, platform=PLATFORM, user_id=person.aad)
    return PEOPLE


@pytest.fixture
def teams(runtime: Runtime, issuer: TokenIssuer, connector: Connector) -> Iterator[TeamsHarness]:
    server = BotServer(build_app(runtime, connections=FixedConnections()))
    yield TeamsHarness(server, issuer, connector)
    server.close()


@pytest.fixture(scope="session")
def redis_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Redis the Teams tests' worker uses for the whole run."""
    with claimed_redis(SHARED_REDIS_DB, CLAIM_KEY, tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def queue(redis_base: str) -> Iterator[Queue]:
    """The delivery queue, empty, on the test Redis."""
    connection = connect_redis(redis_base)
    clear_rq_keys(connection)
    yield delivery_queue(connection)
    clear_rq_keys(connection)
    connection.close()
