"""Fixtures of the Matrix tests: one real Synapse per session (installed by the suite itself when
missing, failing the run when it cannot start), a fresh bot account per test, the bot running in a
thread against the test's database, and members who talk to it through matrix-nio."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from matrix_support import (
    Account,
    BotRunner,
    Homeserver,
    HomeserverError,
    Member,
    MemberFactory,
    bot_settings,
    ensure_synapse,
)
from sqlalchemy import update

from adapters.matrix.bot import MatrixBot
from tracker.bootstrap import Runtime
from tracker.config import Settings
from tracker.importer.apply import ImportReport
from tracker.models import Person
from tracker.services import groups
from tracker.services.context import ServiceContext


@pytest.fixture(scope="session")
def homeserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Homeserver]:
    """Synapse on 127.0.0.1, for the whole session; the PID we started is stopped at the end."""
    server = Homeserver(tmp_path_factory.mktemp("synapse"))
    try:
        ensure_synapse()
        server.configure()
        server.start()
    except HomeserverError as exc:
        server.stop()
        pytest.fail(f"the Matrix tests need Synapse, which could not start: {exc}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def bot_account(homeserver: Homeserver) -> Account:
    return homeserver.register("tiltak")


@pytest.fixture
def matrix_settings(settings: Settings, homeserver: Homeserver, bot_account: Account) -> Settings:
    return bot_settings(settings, homeserver, bot_account)


@pytest.fixture
def start_bot(runtime: Runtime) -> Iterator[Callable[[Settings], BotRunner]]:
    """start_bot(settings) → a running bot; all are stopped (their errors raised) at the end."""
    runners: list[BotRunner] = []

    def start(settings: Settings, *, wait_for_sync: bool = True) -> BotRunner:
        runner = BotRunner(lambda: MatrixBot(runtime.ctx, settings))
        runners.append(runner)
        runner.start(wait_for_sync=wait_for_sync)
        return runner

    yield start
    for runner in runners:
        runner.stop()


@pytest.fixture
def bot(
    start_bot: Callable[[Settings], BotRunner], matrix_settings: Settings, seeded: ImportReport
) -> BotRunner:
    """The bot, running, on the seed's data."""
    return start_bot(matrix_settings)


@pytest.fixture
def member(homeserver: Homeserver, ctx: ServiceContext, tmp_path: Path) -> Iterator[MemberFactory]:
    """member("Asbjørn Lunde") → a client of a new account recorded as that person's Matrix id;
    member() → a client nobody knows; encrypted=True gives the client a key store."""
    members: list[Member] = []

    def make(name: str | None = None, *, encrypted: bool = False) -> Member:
        account = homeserver.register("member")
        if name is not None:
            (person,) = groups.find_people(ctx, name=name)
            with ctx.uow() as uow:
                uow.session.execute(
                    update(Person).where(Person.id == person.id).values(matrix_id=account.user_id)
                )
                uow.commit()
        store = tmp_path / f"store-{account.localpart}" if encrypted else None
        client = Member(homeserver.url, account, store=store)
        members.append(client)
        return client

    yield make
    for client in members:
        client.close()
