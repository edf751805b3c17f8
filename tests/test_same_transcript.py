"""One conversation, the same on every platform: the same lines typed by the same person get
the same answers on the console, Slack, Teams and Matrix, each through that platform's own test
harness and real transport (Slack's signed endpoint, Teams' signed activities, a real Synapse)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

HERE = Path(__file__).parent
for folder in ("slack", "teams", "matrix"):
    if str(HERE / folder) not in sys.path:
        sys.path.insert(0, str(HERE / folder))

from flask_openapi3 import OpenAPI  # noqa: E402
from matrix_support import (  # noqa: E402
    BotRunner,
    Homeserver,
    HomeserverError,
    Member,
    bot_settings,
    ensure_synapse,
)
from slack_support import SECRET, MockSlackApi, SlackHarness, visible_text  # noqa: E402
from sqlalchemy import update  # noqa: E402
from teams_support import (  # noqa: E402
    APP_ID,
    BotServer,
    Connector,
    FixedConnections,
    Person,
    TeamsHarness,
    TokenIssuer,
    text_of,
)

from adapters.console.session import ConsoleSession  # noqa: E402
from adapters.matrix.bot import MatrixBot  # noqa: E402
from adapters.slack.web import EXTENSION  # noqa: E402
from adapters.teams.server import build_app  # noqa: E402
from chatops.core import ChatCore  # noqa: E402
from tracker import schemas as s  # noqa: E402
from tracker.bootstrap import Runtime  # noqa: E402
from tracker.config import Settings, SlackSettings, TeamsSettings  # noqa: E402
from tracker.importer.apply import ImportReport  # noqa: E402
from tracker.models import Channel  # noqa: E402
from tracker.models import Person as PersonRow  # noqa: E402
from tracker.services import groups, identity, tasks  # noqa: E402
from tracker.services.context import Actor, ServiceContext  # noqa: E402

# (what Asbjørn Lunde types, what every platform's answer says)
TRANSCRIPT = [
    ("hvem er jeg", "Du er Asbjørn Lunde"),
    ("mine oppgaver", "Dine åpne oppgaver (1)"),
    ("#1 pågår", "#1 er nå satt til «pågår»."),
    ("kommentar #1 Utkast sendt", "Kommentaren er lagt til på #1."),
    ("frister gruppe 2", "Frister for arbeidsgruppe 2 Sirkulærøkonomi"),
    ("my tasks", "Your open tasks (1)"),
    ("ping", "pong"),
]
Say = Callable[[str], str]


@pytest.fixture(scope="module")
def issuer() -> Iterator[TokenIssuer]:
    found = TokenIssuer()
    yield found
    found.close()


@pytest.fixture
def slack_api() -> Iterator[MockSlackApi]:
    api = MockSlackApi()
    yield api
    api.close()


@pytest.fixture
def settings(db_url: str, tmp_path: Path, slack_api: MockSlackApi, issuer: TokenIssuer) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=db_url,
        var_dir=tmp_path / "var",
        secret_key="test-secret",  # type: ignore[arg-type]
        slack=SlackSettings(
            bot_token="xoxb-test",  # type: ignore[arg-type]
            signing_secret=SECRET,  # type: ignore[arg-type]
            app_token="xapp-test",  # type: ignore[arg-type]
            api_url=slack_api.url,
        ),
        teams=TeamsSettings(app_id=APP_ID, openid_metadata=issuer.metadata_url),
    )


@pytest.fixture
def lunde(ctx: ServiceContext, seeded: ImportReport) -> int:
    """Asbjørn Lunde, lead of workgroup 2, with task #1 due Friday 17 January."""
    (person,) = groups.find_people(ctx, name="Asbjørn Lunde")
    workgroup = next(wg for wg in groups.list_workgroups(ctx) if wg.number == 2)
    tasks.create_task(
        ctx,
        actor=Actor.system_actor(Channel.CLI),
        data=s.TaskCreate(
            title="Kartlegg sirkulære anskaffelser",
            workgroup_id=workgroup.id,
            owner_id=person.id,
            due_on=date(2025, 1, 17),
        ),
    )
    return person.id


def _console(request: pytest.FixtureRequest, ctx: ServiceContext, person_id: int) -> Say:
    identity.link_identity(ctx, person_id=person_id, platform="console", user_id="lunde")
    session = ConsoleSession(ChatCore(ctx), "lunde")
    return session.say


def _slack(request: pytest.FixtureRequest, ctx: ServiceContext, person_id: int) -> Say:
    identity.link_identity(ctx, person_id=person_id, platform="slack", user_id="ULUNDE")
    app: OpenAPI = request.getfixturevalue("app")
    bot = app.extensions[EXTENSION]
    harness = SlackHarness(app.test_client(), request.getfixturevalue("slack_api"), bot)
    request.addfinalizer(lambda: bot.pool.shutdown(wait=True))

    def say(text: str) -> str:
        return visible_text(harness.command(text, user="ULUNDE").get("blocks") or [])

    return say


def _teams(request: pytest.FixtureRequest, ctx: ServiceContext, person_id: int) -> Say:
    person = Person("29:lunde", "aad-lunde-0001", "Asbjørn Lunde")
    identity.link_identity(ctx, person_id=person_id, platform="teams", user_id=person.aad)
    runtime: Runtime = request.getfixturevalue("runtime")
    connector = Connector()
    server = BotServer(build_app(runtime, connections=FixedConnections()))
    request.addfinalizer(connector.close)
    request.addfinalizer(server.close)
    harness = TeamsHarness(server, request.getfixturevalue("issuer"), connector)
    return lambda text: text_of(harness.say(person, text))


@pytest.fixture(scope="module")
def homeserver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Homeserver]:
    """Synapse on 127.0.0.1 for this module's Matrix run (`make synapse` installs it)."""
    server = Homeserver(tmp_path_factory.mktemp("synapse"))
    try:
        ensure_synapse()
        server.configure()
        server.start()
    except HomeserverError as exc:
        server.stop()
        pytest.fail(f"the Matrix transcript needs Synapse, which could not start: {exc}")
    yield server
    server.stop()


def _matrix(request: pytest.FixtureRequest, ctx: ServiceContext, person_id: int) -> Say:
    homeserver: Homeserver = request.getfixturevalue("homeserver")
    settings = bot_settings(request.getfixturevalue("settings"), homeserver, homeserver.register())
    runner = BotRunner(lambda: MatrixBot(ctx, settings))
    runner.start(wait_for_sync=True)
    request.addfinalizer(runner.stop)
    account = homeserver.register("member")
    with ctx.uow() as uow:
        uow.session.execute(
            update(PersonRow).where(PersonRow.id == person_id).values(matrix_id=account.user_id)
        )
        uow.commit()
    member = Member(homeserver.url, account)
    request.addfinalizer(member.close)
    room = member.create_room([runner.bot.user_id])

    def say(text: str) -> str:
        event_id = member.send(room, f"!t {text}")
        return member.reply_to(room, event_id, by=runner.bot.user_id).body

    return say


PLATFORMS = {"console": _console, "slack": _slack, "teams": _teams, "matrix": _matrix}


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_the_same_conversation_gets_the_same_answers_on_every_platform(
    request: pytest.FixtureRequest, ctx: ServiceContext, lunde: int, platform: str
) -> None:
    say = PLATFORMS[platform](request, ctx, lunde)
    for line, expected in TRANSCRIPT:
        assert expected in say(line), (platform, line)
