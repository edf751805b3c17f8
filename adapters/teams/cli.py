"""`tiltak teams`: serve the Teams bot's endpoint `/api/messages` on the Agents SDK's own aiohttp
hosting (see adapters/teams/README.md for why not on the tracker's Flask app). The SDK is
imported when the command runs, so every other command works without the `teams` extra."""

from __future__ import annotations

import click

from adapters.extras import platform_settings
from chatops.database import upgrade_schema
from chatops.i18n import N_, translate
from chatops.runtime import bootstrap

NOT_CONFIGURED = N_(
    "Teams is not configured: set TILTAK_TEAMS__APP_ID and TILTAK_TEAMS__APP_PASSWORD "
    "(adapters/teams/README.md says where to find them)."
)


@click.command()
@click.option("--host", default=None, help="Interface to listen on (default from settings).")
@click.option("--port", type=int, default=None, help="Port (default from settings).")
@click.pass_context
def teams(ctx: click.Context, host: str | None, port: int | None) -> None:
    """Run the Microsoft Teams bot (configured with TILTAK_TEAMS__* variables)."""
    language = getattr(ctx.obj, "language", "nb")
    settings = platform_settings("teams", "microsoft_agents.hosting.aiohttp", language)
    if not settings.teams.enabled:
        raise click.ClickException(translate(NOT_CONFIGURED, language))
    from aiohttp import web

    from adapters.teams.server import build_app

    runtime = bootstrap(settings)
    try:
        upgrade_schema(runtime)
        web.run_app(
            build_app(runtime),
            host=host or settings.teams.host,
            port=port if port is not None else settings.teams.port,
        )
    finally:
        runtime.close()
