"""The Teams bot's reply time to an HTTP activity, beside a bare Microsoft 365 Agents SDK echo
bot in the same run: each activity is POSTed to the bot's /api/messages on loopback and timed
until the bot's reply has reached the connector (a local recording server) and the POST has
returned; the SDK runs the turn before it answers 202. Both bots run in this process, each on an
aiohttp loop of its own. Tiltak's activities carry a signed connector token (checked with keys
from a local issuer); the echo bot admits anonymous requests, so its figure is the floor. Each
of tiltak's turns alternates with one of the echo bot's, so a busy machine slows both alike.

    .venv/bin/python bench/bench_teams.py [--db postgresql] [--runs 50]
"""

from __future__ import annotations

import dataclasses
import logging
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from common import TODAY, bench_runtime, parse_args, report

sys.path.insert(0, str(Path(__file__).parents[1] / "tests" / "teams"))

from aiohttp import web
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_middleware
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration
from teams_support import (
    APP_ID,
    BotServer,
    Connector,
    FixedConnections,
    Person,
    TeamsHarness,
    TokenIssuer,
)

from adapters.teams.server import build_app
from tracker import schemas as s
from tracker.bootstrap import Runtime
from tracker.config import TeamsSettings
from tracker.importer.apply import import_invitation
from tracker.models import Channel
from tracker.services import groups, identity, tasks
from tracker.services.context import Actor

SEED = Path(__file__).parents[1] / "tests" / "data" / "invitation_seed.txt"
LEAD = Person("29:lunde", "aad-lunde-bench", "Asbjørn Lunde")


class EchoAgent:
    """The bare SDK bot: it answers every message with its own text."""

    async def on_turn(self, context: TurnContext) -> None:
        if context.activity.type == "message":
            await context.send_activity(f"echo: {context.activity.text}")


def echo_app() -> web.Application:
    adapter = CloudAdapter(connection_manager=FixedConnections())  # type: ignore[arg-type]
    agent = EchoAgent()

    async def messages(request: web.Request) -> web.StreamResponse:
        return await adapter.process(request, agent) or web.Response(status=202)

    app = web.Application(middlewares=[jwt_authorization_middleware])
    app["agent_configuration"] = AgentAuthConfiguration(anonymous_allowed=True)
    app.router.add_post("/api/messages", messages)
    return app


def seed(runtime: Runtime) -> int:
    """The seed invitation with 100 tasks, the lead linked to Teams; the id of one of theirs."""
    ctx = runtime.ctx
    admin = Actor.system_actor(Channel.CLI)
    found = import_invitation(ctx, actor=admin, text=SEED.read_text("utf-8"), filename=SEED.name)
    (lead,) = groups.find_people(ctx, name="Asbjørn Lunde")
    workgroups = groups.list_workgroups(ctx, group_id=found.group_id)
    members = [m.person.id for m in groups.roster(ctx, group_id=found.group_id)]
    for i in range(100):
        tasks.create_task(
            ctx,
            actor=admin,
            data=s.TaskCreate(
                title=f"Leveranse {i}: innspill til handlingsprogrammet",
                workgroup_id=workgroups[i % len(workgroups)].id,
                owner_id=lead.id if i % 8 == 0 else members[i % len(members)],
                due_on=TODAY + timedelta(days=i % 30),
            ),
        )
    identity.link_identity(ctx, person_id=lead.id, platform="teams", user_id=LEAD.aad)
    return tasks.list_tasks(ctx, owner_id=lead.id)[0].id


def timed(harness: TeamsHarness, text: str, *, token: str | None) -> float:
    """Seconds from the POST to its reply recorded at the connector (and the POST answered)."""
    body = harness.activity(LEAD, text, activity_id=uuid.uuid4().hex)
    before = len(harness.connector.posts())
    start = time.perf_counter()
    status, _ = harness.post(body, token=token)
    harness.connector.wait_posts(before + 1)
    elapsed = time.perf_counter() - start
    assert status in (200, 202), status
    return elapsed


def main() -> None:
    args = parse_args(__doc__ or "", runs=50)
    # The anonymous echo bot makes the SDK warn on every turn that it has no app id.
    logging.getLogger("microsoft_agents").setLevel(logging.ERROR)
    issuer, connector = TokenIssuer(), Connector()
    with bench_runtime(args.db) as base:
        settings = base.settings.model_copy(
            update={"teams": TeamsSettings(app_id=APP_ID, openid_metadata=issuer.metadata_url)}
        )
        runtime = dataclasses.replace(base, settings=settings)
        task_id = seed(runtime)
        bot = BotServer(build_app(runtime, connections=FixedConnections()))  # type: ignore[arg-type]
        echo = BotServer(echo_app())
        ours, bare = TeamsHarness(bot, issuer, connector), TeamsHarness(echo, issuer, connector)
        token = issuer.token(connector.url + "/")
        try:
            rows: list[tuple[str, Any]] = [
                ("ping", lambda: timed(ours, "ping", token=token)),
                ("hvem er jeg", lambda: timed(ours, "hvem er jeg", token=token)),
                ("mine oppgaver (13 cards)", lambda: timed(ours, "mine oppgaver", token=token)),
                ("#N kommentar", lambda: timed(ours, f"kommentar #{task_id} ok", token=token)),
            ]
            for what, fn in rows:
                if args.only and args.only not in what:
                    continue
                # The bare bot's turn and ours alternate, so both see the same load.
                floor_samples: list[float] = []
                samples: list[float] = []
                for _ in range(3):
                    timed(bare, "ping", token=None)
                    fn()
                for _ in range(args.runs):
                    floor_samples.append(timed(bare, "ping", token=None))
                    samples.append(fn())
                report(f"teams reply, bare SDK echo bot ({args.db})", floor_samples)
                report(f"teams reply, tiltak: {what} ({args.db})", samples)
                ratio = statistics.median(samples) / statistics.median(floor_samples)
                print(f"  {what}: {ratio:.2f}x the bare SDK bot (target <= 3x)", flush=True)
        finally:
            bot.close()
            echo.close()
            issuer.close()
            connector.close()


if __name__ == "__main__":
    main()
