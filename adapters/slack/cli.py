"""`tiltak slack`: run the Slack bot. `--socket` connects with Socket Mode (no public address
needed); without it, the tracker's web app serves the HTTP endpoint `/slack/events`, as
`tiltak serve` does. Both dispatch to the same bolt app and listeners. slack_bolt is imported
when the command runs, not when the CLI loads, so every other command works without the extra."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from adapters.extras import require_extra
from chatops.i18n import N_, translate
from chatops.runtime import ConfigError, Runtime, Settings, bootstrap, load_settings

if TYPE_CHECKING:
    from slack_bolt.adapter.socket_mode import SocketModeHandler
    from slack_sdk import WebClient

    from adapters.slack.bot import SlackBot

_MISSING = N_("{variable} is not set; adapters/slack/README.md says where to find it.")


def socket_handler(
    runtime: Runtime, *, client: WebClient | None = None
) -> tuple[SocketModeHandler, SlackBot]:
    """A Socket Mode connection for the bolt app (the app-level token opens it)."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from adapters.slack.app import build_app

    app, bot = build_app(runtime, client=client)
    handler = SocketModeHandler(app, app_token=runtime.settings.slack.app_token.get_secret_value())
    return handler, bot


def _require(settings: Settings, language: str, *variables: str) -> None:
    slack = settings.slack
    values = {
        "TILTAK_SLACK__BOT_TOKEN": slack.bot_token.get_secret_value(),
        "TILTAK_SLACK__APP_TOKEN": slack.app_token.get_secret_value(),
        "TILTAK_SLACK__SIGNING_SECRET": slack.signing_secret.get_secret_value(),
    }
    for variable in variables:
        if not values[variable]:
            raise click.ClickException(translate(_MISSING, language, variable=variable))


@click.command()
@click.option(
    "--socket",
    "socket_mode",
    is_flag=True,
    help="Connect with Socket Mode (needs TILTAK_SLACK__APP_TOKEN) instead of serving HTTP.",
)
@click.option("--host", default=None, help="HTTP: interface to listen on (default from settings).")
@click.option("--port", type=int, default=None, help="HTTP: port (default from settings).")
@click.pass_context
def slack(ctx: click.Context, socket_mode: bool, host: str | None, port: int | None) -> None:
    """Run the Slack bot: Socket Mode, or the HTTP endpoint with the web tracker."""
    language = getattr(ctx.obj, "language", "nb")
    require_extra("slack", "slack_bolt", language)
    try:
        settings = load_settings()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    if socket_mode:
        _require(settings, language, "TILTAK_SLACK__BOT_TOKEN", "TILTAK_SLACK__APP_TOKEN")
    else:
        _require(settings, language, "TILTAK_SLACK__BOT_TOKEN", "TILTAK_SLACK__SIGNING_SECRET")
    runtime = bootstrap(settings)
    try:
        from chatops.hosting import upgrade

        upgrade(runtime.engine)
        if socket_mode:
            handler, _bot = socket_handler(runtime)
            click.echo(
                translate(N_("Connecting to Slack with Socket Mode; Ctrl-C stops."), language)
            )
            handler.start()  # type: ignore[no-untyped-call]
        else:
            from chatops.hosting import create_app

            create_app(runtime).run(host=host or settings.web_host, port=port or settings.web_port)
    finally:
        runtime.close()
