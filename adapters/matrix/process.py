"""The Matrix bot's own process. `tiltak matrix` checks the settings, brings the schema up to date
and then becomes this process (exec, same pid), so that a bot that runs for months holds what it
needs and nothing else of the `tiltak` command: not the other commands, their plugins, nor the
web framework. It stops cleanly on SIGINT or SIGTERM (the batch at hand is finished and its sync
position saved). Start it directly with `python -m adapters.matrix` when the schema is current."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys

from chatops.i18n import N_, translate
from chatops.runtime import ConfigError, Runtime, Settings, bootstrap, load_settings

NOT_CONFIGURED = N_(
    "Matrix is not configured: set TILTAK_MATRIX__HOMESERVER, "
    "TILTAK_MATRIX__USER_ID and a password or access token."
)
STOPPED = N_("The Matrix bot stopped: {reason}")
USAGE = """usage: tiltak matrix [-h] [--debug] [--lang LANG]

options:
  -h, --help   show this help message and exit
  --debug      Log every request (noisy).
  --lang LANG  Language of messages."""


class UsageError(Exception):
    """The command line is not the bot's; the message says what is wrong."""


def parse_options(argv: list[str]) -> tuple[bool, str]:
    """`--debug` and `--lang LANG` (or `--lang=LANG`), read by hand: the bot's only two options
    did not need argparse, which with gettext is about 0.3 MiB held for the bot's life."""
    debug, language = False, "nb"
    args = iter(argv)
    for arg in args:
        if arg == "--debug":
            debug = True
        elif arg == "--lang" or arg.startswith("--lang="):
            value = arg.partition("=")[2] if "=" in arg else next(args, None)
            if not value:
                raise UsageError("argument --lang: expected one argument")
            language = value
        else:
            raise UsageError(f"unrecognized arguments: {arg}")
    return debug, language


def main(argv: list[str] | None = None) -> int:
    """Run the bot until a signal stops it; the exit status is 1 when it could not go on, 2 on
    a command line it does not take."""
    args = sys.argv[1:] if argv is None else argv
    if "-h" in args or "--help" in args:
        print(USAGE)
        return 0
    try:
        debug, language = parse_options(args)
    except UsageError as exc:
        print(f"{USAGE.splitlines()[0]}\ntiltak matrix: error: {exc}", file=sys.stderr)
        return 2
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 1
    if not settings.matrix.enabled:
        print(translate(NOT_CONFIGURED, language), file=sys.stderr)
        return 1
    configure_logging(debug=debug)
    _import_nio(settings)
    from adapters.matrix.bot import BotError

    runtime = bootstrap(settings)
    try:
        asyncio.run(serve(runtime))
    except BotError as exc:
        print(translate(STOPPED, language, reason=str(exc)), file=sys.stderr)
        return 1
    finally:
        runtime.close()
    return 0


def configure_logging(*, debug: bool) -> None:
    """Log lines with a time stamp; nio's own only from warnings up unless debugging."""
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not debug:
        logging.getLogger("nio").setLevel(logging.WARNING)


async def serve(runtime: Runtime) -> None:
    """Run a bot on the runtime until a signal asks it to stop."""
    from adapters.matrix import memory
    from adapters.matrix.bot import MatrixBot

    # The bot's own process, so what start-up left behind may be handed back process-wide.
    bot = MatrixBot(runtime.ctx, runtime.settings, on_started=memory.settle, upkeep=memory.Upkeep())
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, bot.stop)
    try:
        await bot.run()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


def _import_nio(settings: Settings) -> None:
    """Import nio; on SQLite without psycopg. nio's key store (peewee, on SQLite) imports psycopg
    whenever it is installed, for a PostgreSQL support the key store never uses: about 9 MiB that
    a bot whose own database is SQLite has no other use for. On PostgreSQL psycopg is needed and
    loaded as usual."""
    if not settings.database_url.startswith("sqlite") or "psycopg" in sys.modules:
        import nio

        return
    sys.modules["psycopg"] = None  # type: ignore[assignment]  # makes `import psycopg` fail
    try:
        import nio  # noqa: F401
    finally:
        del sys.modules["psycopg"]  # anything later that imports psycopg gets it
