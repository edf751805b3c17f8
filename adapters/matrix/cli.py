"""`tiltak matrix`: run the Matrix bot until SIGINT or SIGTERM (it finishes the batch at hand and
saves its sync position first). nio is imported when the command runs, not when the CLI loads, so
every other command works without the `matrix` extra."""

from __future__ import annotations

import asyncio
import logging
import signal

import click

from adapters.extras import require_extra
from tracker.bootstrap import Runtime, bootstrap
from tracker.config import ConfigError, load_settings
from tracker.i18n import N_, translate


@click.command()
@click.option("--debug", is_flag=True, help="Log every request (noisy).")
@click.pass_context
def matrix(ctx: click.Context, debug: bool) -> None:
    """Run the Matrix bot (configured with TILTAK_MATRIX__* variables)."""
    language = getattr(ctx.obj, "language", "nb")
    require_extra("matrix", "nio", language)
    from adapters.matrix.bot import BotError

    try:
        settings = load_settings()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    if not settings.matrix.enabled:
        raise click.ClickException(
            translate(
                N_(
                    "Matrix is not configured: set TILTAK_MATRIX__HOMESERVER, "
                    "TILTAK_MATRIX__USER_ID and a password or access token."
                ),
                language,
            )
        )
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not debug:
        logging.getLogger("nio").setLevel(logging.WARNING)
    from tracker.migrate import upgrade

    runtime = bootstrap(settings)
    try:
        upgrade(runtime.engine)
        asyncio.run(serve(runtime))
    except BotError as exc:
        raise click.ClickException(
            translate(N_("The Matrix bot stopped: {reason}"), language, reason=str(exc))
        ) from exc
    finally:
        runtime.close()


async def serve(runtime: Runtime) -> None:
    """Run a bot on the runtime until a signal asks it to stop."""
    from adapters.matrix.bot import MatrixBot

    bot = MatrixBot(runtime.ctx, runtime.settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, bot.stop)
    try:
        await bot.run()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
