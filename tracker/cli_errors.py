"""How `tiltak` shows a failure: the translated message alone, with no English «Error:» and no
usage line around it. Our own failures (a `click.ClickException` carrying a translated message)
print as they are; Click's usage errors (no such command, a missing argument, a value of the
wrong kind) are said again in the person's language, with a pointer to the command's help."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import click
from click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchCommand,
    NoSuchOption,
)

from tracker.i18n import N_, translate


def language_of(args: Sequence[str]) -> str:
    """The language asked for with `--lang` (read before Click has parsed anything)."""
    for index, word in enumerate(args):
        if word == "--":
            break
        if word.startswith("--lang="):
            return "en" if word.removeprefix("--lang=") == "en" else "nb"
        if word == "--lang" and index + 1 < len(args):
            return "en" if args[index + 1] == "en" else "nb"
    return "nb"


def _name(param: click.Parameter | None) -> str:
    if param is None:
        return "?"
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return param.human_readable_name


def _suggestions(possibilities: Sequence[str] | None, language: str) -> str:
    if not possibilities:
        return ""
    names = ", ".join(f"«{p}»" for p in sorted(possibilities))
    return " " + translate(N_("Did you mean {names}?"), language, names=names)


def _bad_value(error: BadParameter, language: str) -> str:
    param = error.param
    name = _name(param)
    kind = param.type if param is not None else None
    if isinstance(error, MissingParameter):
        if isinstance(param, click.Option):
            return translate(N_("The option {name} is missing."), language, name=name)
        return translate(N_("{name} is missing."), language, name=name)
    if isinstance(kind, click.types.IntParamType):
        return translate(N_("{name} must be a whole number."), language, name=name)
    if isinstance(kind, click.Choice):
        choices = ", ".join(str(c) for c in kind.choices)
        return translate(
            N_("{name} must be one of {choices}."), language, name=name, choices=choices
        )
    if isinstance(kind, click.Path):
        if kind.exists:
            return translate(N_("{name} must be a file that exists."), language, name=name)
        return translate(N_("{name} must be a file, not a folder."), language, name=name)
    return translate(N_("The value of {name} is not valid."), language, name=name)


def describe(error: click.ClickException, language: str) -> str:
    """The text a person reads for a failure, in their language."""
    if not isinstance(error, click.UsageError):
        return error.format_message()  # our own, translated where it was raised
    if isinstance(error, NoSuchCommand):
        text = translate(
            N_("There is no command «{name}»."), language, name=error.command_name
        ) + _suggestions(error.possibilities, language)
    elif isinstance(error, NoSuchOption):
        text = translate(
            N_("There is no option {option}."), language, option=error.option_name
        ) + _suggestions(error.possibilities, language)
    elif isinstance(error, BadParameter):
        text = _bad_value(error, language)
    elif isinstance(error, BadOptionUsage):
        text = translate(
            N_("The option {name} is not used right."), language, name=error.option_name
        )
    else:
        text = translate(N_("The command is not written right."), language)
    command = f"{error.ctx.command_path if error.ctx else 'tiltak'} --help"
    return text + "\n" + translate(N_("See «{command}»."), language, command=command)


class TiltakGroup(click.Group):
    """The `tiltak` command group: it runs as Click does, but shows failures as `describe` says."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line; on failure print the message alone and exit non-zero."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        words = list(sys.argv[1:] if args is None else args)
        try:
            result = super().main(words, prog_name, complete_var, standalone_mode=False, **extra)
        except NoArgsIsHelpError as asked:
            asked.show()  # `tiltak` alone shows the help, as Click does
            _exit(asked.exit_code)
        except click.ClickException as error:
            click.echo(describe(error, language_of(words)), err=True)
            _exit(error.exit_code)
        except click.Abort:
            click.echo(translate(N_("Stopped."), language_of(words)), err=True)
            _exit(1)
        return _exit(result if isinstance(result, int) else 0)


def _exit(code: int) -> NoReturn:
    sys.exit(code)
