"""The platform libraries are optional extras (`tiltak[slack]`, `tiltak[matrix]`). An adapter's
entry points import them only when that platform is used, so an install without an extra runs
every other command; a command that needs a missing one says which extra to install."""

from __future__ import annotations

import importlib

import click

from chatops.i18n import N_, translate
from chatops.runtime import ConfigError, Settings, load_settings


def require_extra(extra: str, module: str, language: str) -> None:
    """Stop the command with a clear message when the library of an optional extra is missing."""
    try:
        importlib.import_module(module)
    except ImportError as exc:
        raise click.ClickException(
            translate(
                N_(
                    "The {extra} extra is not installed ({module} is missing); "
                    "install it with: pip install 'tiltak[{extra}]'"
                ),
                language,
                extra=extra,
                module=module,
            )
        ) from exc


def platform_settings(extra: str, module: str, language: str) -> Settings:
    """The settings for a platform's command once its extra is known to be there; a missing
    extra or a wrong setting stops the command with one clear line."""
    require_extra(extra, module, language)
    try:
        return load_settings()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc
