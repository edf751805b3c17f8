"""`tiltak matrix`: check the settings, bring the schema up to date, then become the bot's own
process (`adapters.matrix.process`, exec with the same pid), which runs until SIGINT or SIGTERM.
The exec leaves behind all this process loaded (the other commands, the migration tool), which a
bot that runs for months would otherwise carry. nio is not imported here, so every other command
works without the `matrix` extra."""

from __future__ import annotations

import os
import sys

import click

from adapters.extras import platform_settings
from adapters.matrix.process import NOT_CONFIGURED
from chatops.database import upgrade_schema
from chatops.i18n import translate
from chatops.runtime import bootstrap


@click.command()
@click.option("--debug", is_flag=True, help="Log every request (noisy).")
@click.pass_context
def matrix(ctx: click.Context, debug: bool) -> None:
    """Run the Matrix bot (configured with TILTAK_MATRIX__* variables)."""
    language = getattr(ctx.obj, "language", "nb")
    settings = platform_settings("matrix", "nio", language)
    if not settings.matrix.enabled:
        raise click.ClickException(translate(NOT_CONFIGURED, language))
    runtime = bootstrap(settings)
    try:
        upgrade_schema(runtime)
    finally:
        runtime.close()
    sys.stdout.flush()
    sys.stderr.flush()
    # -OO: the bot never reads a docstring, and the libraries' docstrings (SQLAlchemy's above
    # all) are several MiB a bot that runs for months would hold for nothing. no_debug_ranges:
    # its code objects keep line numbers but not the column of each instruction, which only
    # underlines a traceback's expression (about 0.8 MiB of code held for months).
    argv = [sys.executable, "-OO", "-X", "no_debug_ranges", "-m", "adapters.matrix"]
    argv += ["--lang", language]
    os.execve(sys.executable, [*argv, "--debug"] if debug else argv, bot_environment())  # noqa: S606


def bot_environment() -> dict[str, str]:
    """The bot's environment: its optimised bytecode cached in the user's cache folder.

    No `.opt-2.pyc` ships with the packages, so without a cache every start compiles each module
    anew, and the compiler's freed memory stays in the heap (about 3 MiB over the bot's life);
    PYTHONDONTWRITEBYTECODE, where set, is lifted for this cache of our own only. A bytecode file
    does not record whether it was compiled without debug ranges, so the cache is a folder of
    its own that only a bot started this way writes (an older cache, with ranges, is not read)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cache_home = env.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    env.setdefault("PYTHONPYCACHEPREFIX", os.path.join(cache_home, "tiltak", "bot-bytecode"))
    return env
