"""`tiltak chat`: talk to the bot from a terminal, as a named person."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from adapters.console.session import PLATFORM, ConsoleSession, console_sender_for
from chatops.core import ChatCore
from chatops.i18n import translate
from chatops.people import Unmatched, speak_as
from chatops.runtime import ConfigError, ServiceContext, bootstrap, load_settings


@click.command()
@click.option(
    "--as",
    "as_name",
    default=None,
    metavar="NAME",
    help='Speak as this person, e.g. --as "Asbjørn Lunde".',
)
@click.option("--room", default="console", show_default=True, help="The room to speak in.")
@click.pass_context
def chat(ctx: click.Context, as_name: str | None, room: str) -> None:
    """Chat with tiltak from the console (one command a line when input is not a terminal)."""
    language = getattr(ctx.obj, "language", "nb")
    try:
        settings = load_settings()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    runtime = bootstrap(settings)
    try:
        sender = _sender(runtime.ctx, as_name, language)
        core = ChatCore(runtime.ctx, default_language=language, web_base_url=settings.base_url)
        session = ConsoleSession(core, sender, room)
        if sys.stdin.isatty():
            _interactive(session, settings.var_dir / "chat_history", language, as_name)
        else:
            for line in sys.stdin:
                if line.strip():
                    click.echo(session.say(line.rstrip("\n")))
                    click.echo()
    finally:
        runtime.close()


def _sender(ctx: ServiceContext, as_name: str | None, language: str) -> str:
    if as_name is None:
        return "console-guest"
    # The terminal is trusted: whoever runs the command may speak as anyone, like the CLI.
    sender = speak_as(ctx, name=as_name, platform=PLATFORM, user_id_for=console_sender_for)
    if isinstance(sender, Unmatched):
        raise click.ClickException(translate(sender.message, language, name=as_name))
    return sender


def _interactive(
    session: ConsoleSession, history: Path, language: str, as_name: str | None
) -> None:
    try:
        import readline
    except ImportError:  # pragma: no cover - readline is missing on some platforms
        readline = None  # type: ignore[assignment]
    if readline is not None:
        history.parent.mkdir(parents=True, exist_ok=True)
        if history.exists():
            readline.read_history_file(history)
    click.echo(
        translate(
            "Write «{help}» for the commands, Ctrl-D to leave.",
            language,
            help="hjelp" if language == "nb" else "help",
        )
    )
    prompt = f"{as_name or 'gjest'}> "
    try:
        while True:
            try:
                line = input(prompt)
            except EOFError:
                click.echo()
                break
            if line.strip():
                click.echo(session.say(line))
    except KeyboardInterrupt:
        click.echo()
    finally:
        if readline is not None:
            readline.write_history_file(history)
