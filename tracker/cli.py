"""The `tiltak` command. Settings are read once here and the composition root builds what the
commands run on; platform commands (chat, slack, matrix, worker) plug in through the `tiltak.cli`
entry points, looked up when a command is, so tracker imports none and importing this wires
nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from tracker.bootstrap import Runtime
from tracker.cli_errors import TiltakGroup
from tracker.composition import Composition, cli_commands, compose
from tracker.config import ConfigError, Settings, load_settings
from tracker.errors import DomainError
from tracker.i18n import translate
from tracker.models import Channel
from tracker.services.context import Actor


class _State:
    """Lazily built composition, so `tiltak --help` touches no database."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._composition: Composition | None = None
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            try:
                self._settings = load_settings()
            except ConfigError as exc:
                raise click.ClickException(str(exc)) from exc
        return self._settings

    @property
    def composition(self) -> Composition:
        if self._composition is None:
            self._composition = compose(self.settings)
        return self._composition

    @property
    def runtime(self) -> Runtime:
        return self.composition.runtime

    def close(self) -> None:
        if self._composition is not None:
            self._composition.close()

    def t(self, message: str, **params: object) -> str:
        return translate(message, self.language, **params)


class _Tiltak(TiltakGroup):
    """The `tiltak` group with the installed parts' commands, loaded when first looked up."""

    _plugins: dict[str, click.Command] | None = None

    def _plugin_commands(self) -> dict[str, click.Command]:
        if self._plugins is None:
            self._plugins = cli_commands()
        return self._plugins

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._plugin_commands()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return super().get_command(ctx, cmd_name) or self._plugin_commands().get(cmd_name)


pass_state = click.make_pass_decorator(_State)


def _fail(state: _State, exc: DomainError) -> click.ClickException:
    return click.ClickException(exc.localized(state.language))


@click.group(cls=_Tiltak, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang",
    type=click.Choice(["nb", "en"]),
    default="nb",
    show_default=True,
    help="Language of messages.",
)
@click.pass_context
def main(ctx: click.Context, lang: str) -> None:
    """tiltak: tasks, deadlines and meetings for workgroups, in chat and on the web."""
    ctx.obj = _State(lang)
    ctx.call_on_close(ctx.obj.close)


@main.command()
@pass_state
def migrate(state: _State) -> None:
    """Create or upgrade the database schema."""
    from tracker.migrate import upgrade

    upgrade(state.runtime.engine)
    click.echo(state.t("Database is up to date."))


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change, write nothing.")
@pass_state
def import_(state: _State, file: Path, dry_run: bool) -> None:
    """Import a meeting invitation (.txt, .md, .docx or text .pdf); --dry-run shows the preview."""
    from tracker.importer.confirm import import_corrected, read_parsed
    from tracker.importer.preview import blocks, render_preview
    from tracker.importer.report import render_report
    from tracker.importer.sources import read_invitation
    from tracker.migrate import upgrade

    upgrade(state.runtime.engine)
    try:
        text = read_invitation(file)
        report = import_corrected(
            state.runtime.ctx,
            actor=Actor.system_actor(Channel.IMPORT, state.language),
            text=text,
            filename=file.name,
            dry_run=dry_run,
        )
    except DomainError as exc:
        raise _fail(state, exc) from exc
    if dry_run:  # the same facts the web preview shows, before the summary and unplaced lines
        click.echo(render_preview(blocks(read_parsed(text, file.name)), state.language))
    click.echo(render_report(report, state.language))


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option("--group", "group_id", type=int, default=None, help="Group id (default: the first).")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to a file instead of standard output.",
)
@pass_state
def export(state: _State, fmt: str, group_id: int | None, output: Path | None) -> None:
    """Export a group's data as JSON, or its tasks as CSV."""
    from tracker.export import export_json, export_tasks_csv
    from tracker.services.groups import default_group_id

    ctx = state.runtime.ctx
    group_id = group_id or default_group_id(ctx)
    if group_id is None:
        raise click.ClickException(state.t("There is no group yet; import an invitation first."))
    stream: Any = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "json":
            json.dump(export_json(ctx, group_id), stream, ensure_ascii=False, indent=2)
            stream.write("\n")
        else:
            export_tasks_csv(ctx, group_id, stream)
    except DomainError as exc:
        raise _fail(state, exc) from exc
    finally:
        if output:
            stream.close()


@main.command()
@click.argument("meeting_id", metavar="[MEETING]", type=int, required=False)
@click.option("--format", "fmt", type=click.Choice(["md", "docx"]), default="md", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to a file (needed for docx).",
)
@pass_state
def minutes(state: _State, meeting_id: int | None, fmt: str, output: Path | None) -> None:
    """Print the minutes draft of MEETING (default: the next one) as Markdown, or save a .docx."""
    from tracker.services.minutes_draft import (
        build_minutes_draft,
        default_meeting_id,
        render_docx,
        render_markdown,
    )

    ctx = state.runtime.ctx
    try:
        meeting_id = meeting_id or default_meeting_id(ctx)
        if meeting_id is None:
            raise click.ClickException(state.t("There is no meeting yet."))
        draft = build_minutes_draft(ctx, meeting_id=meeting_id)
    except DomainError as exc:
        raise _fail(state, exc) from exc
    if fmt == "docx":
        if output is None:
            raise click.ClickException(state.t("Give a file with --output for a .docx."))
        output.write_bytes(render_docx(draft, state.language))
        return
    text = render_markdown(draft, state.language)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@main.group()
def token() -> None:
    """Manage API tokens."""


@token.command("create")
@click.argument("person")
@click.option("--name", default="cli", show_default=True, help="What the token is for.")
@pass_state
def token_create(state: _State, person: str, name: str) -> None:
    """Create an API token for PERSON (id or full name); it is shown only once."""
    from tracker.services import tokens

    person_id = _resolve_person(state, person)
    try:
        value = tokens.create_token(state.runtime.ctx, person_id=person_id, name=name)
    except DomainError as exc:
        raise _fail(state, exc) from exc
    click.echo(value)
    click.echo(state.t("Keep it safe: it cannot be shown again."), err=True)


@token.command("list")
@pass_state
def token_list(state: _State) -> None:
    """List API tokens."""
    from tracker.services import tokens

    for token_id, person, name, active in tokens.list_tokens(state.runtime.ctx):
        status = state.t("active") if active else state.t("revoked")
        click.echo(f"{token_id}\t{person}\t{name}\t{status}")


@token.command("revoke")
@click.argument("token_id", type=int)
@pass_state
def token_revoke(state: _State, token_id: int) -> None:
    """Revoke an API token."""
    from tracker.services import tokens

    try:
        tokens.revoke_token(state.runtime.ctx, token_id=token_id)
    except DomainError as exc:
        raise _fail(state, exc) from exc
    click.echo(state.t("Token {id} revoked.", id=token_id))


@main.command("link-code")
@click.argument("person")
@pass_state
def link_code(state: _State, person: str) -> None:
    """Make a one-time code that links PERSON's chat account (valid for 24 hours)."""
    from tracker.services import identity

    code = identity.create_link_code(state.runtime.ctx, person_id=_resolve_person(state, person))
    click.echo(code)
    click.echo(
        state.t(
            "They write «koble {code}» (or «link {code}») to the bot within 24 hours.", code=code
        ),
        err=True,
    )


@main.command("sign-in-link")
@click.argument("person")
@pass_state
def sign_in_link(state: _State, person: str) -> None:
    """Print a one-time link that signs PERSON in to the web view (valid for minutes)."""
    from tracker.services import access

    token = access.create_sign_in_link(
        state.runtime.ctx, person_id=_resolve_person(state, person), requested_via="cli"
    )
    click.echo(access.sign_in_url(state.settings.base_url, token))


def _resolve_person(state: _State, person: str) -> int:
    from tracker.services.groups import find_people

    if person.isdigit():
        return int(person)
    found = find_people(state.runtime.ctx, name=person)
    if len(found) != 1:
        raise click.ClickException(
            state.t("No one is called {name}.", name=person)
            if not found
            else state.t("Several people are called {name}; give the id.", name=person)
        )
    return found[0].id


@main.command()
@click.option("--host", default=None, help="Interface to listen on (default from settings).")
@click.option("--port", type=int, default=None, help="Port (default from settings).")
@pass_state
def serve(state: _State, host: str | None, port: int | None) -> None:
    """Serve the web tracker and the API (development server)."""
    from tracker.app import create_app
    from tracker.migrate import upgrade

    upgrade(state.runtime.engine)
    app = create_app(state.runtime, plugins=state.composition.web_plugins)
    app.run(host=host or state.settings.web_host, port=port or state.settings.web_port)


@main.command()
@click.argument("meeting_id", metavar="[MEETING]", type=int, required=False)
@click.option("--group", "group_id", type=int, default=None, help="Group id (default: the first).")
@click.option("--format", "fmt", type=click.Choice(["md", "docx"]), default="md", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to a file (needed for docx).",
)
@pass_state
def agenda(
    state: _State, meeting_id: int | None, group_id: int | None, fmt: str, output: Path | None
) -> None:
    """Print the draft agenda of MEETING (default: the next one) from the workgroups' work."""
    from tracker.export_agenda import agenda_docx
    from tracker.services.agenda_draft import build_agenda_draft, render_text
    from tracker.services.groups import default_group_id
    from tracker.services.meetings import next_meeting_ref

    ctx = state.runtime.ctx
    if meeting_id is None:
        group_id = group_id or default_group_id(ctx)
        upcoming = next_meeting_ref(ctx, group_id=group_id) if group_id is not None else None
        if upcoming is None:
            raise click.ClickException(state.t("The group has no upcoming meeting."))
        meeting_id = upcoming[0]
    try:
        draft = build_agenda_draft(ctx, meeting_id=meeting_id, language=state.language)
    except DomainError as exc:
        raise _fail(state, exc) from exc
    if fmt == "docx":
        if output is None:
            raise click.ClickException(state.t("Give a file with --output for a .docx."))
        output.write_bytes(agenda_docx(draft, state.language))
    elif output is not None:
        output.write_text(render_text(draft, state.language), encoding="utf-8")
    else:
        click.echo(render_text(draft, state.language), nl=False)


if __name__ == "__main__":
    main()
