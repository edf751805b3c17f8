"""The composition root: one place turns the settings into what a process runs on — the runtime,
the platform senders and the web plugins — and the web app, the worker and the CLI take what it
built. Platform parts plug in through entry points read here by group name, and nowhere else, so
tracker imports no adapter and no worker. Nothing is read or wired at import time."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

import click
from flask import Flask
from sqlalchemy import Engine

from tracker.bootstrap import Runtime, bootstrap
from tracker.clock import Clock
from tracker.config import Settings

log = logging.getLogger(__name__)

SENDERS_GROUP = "tiltak.senders"
WEB_GROUP = "tiltak.web"
CLI_GROUP = "tiltak.cli"


# A sender is the worker's port, chatops.delivery.Sender, which tracker may not name: here it is
# a value with a `platform`, handed on untouched.
SenderFactory = Callable[[Runtime], Any]
WebPlugin = Callable[[Flask, Runtime], None]


def _load(group: str) -> list[tuple[str, Any]]:
    return [(entry.name, entry.load()) for entry in entry_points(group=group)]


def web_plugins() -> tuple[WebPlugin, ...]:
    """The `tiltak.web` plugins (each mounts itself on the app, or not when unconfigured)."""
    return tuple(plugin for _name, plugin in _load(WEB_GROUP))


def cli_commands() -> dict[str, click.Command]:
    """The `tiltak.cli` commands by name; they need no settings, so `tiltak --help` reads none."""
    return {
        name: command for name, command in _load(CLI_GROUP) if isinstance(command, click.Command)
    }


def build_senders(runtime: Runtime, factories: Mapping[str, SenderFactory]) -> dict[str, Any]:
    """The senders of every configured platform, by platform; one that fails to start is logged
    and left out, so the others still deliver."""
    found: dict[str, Any] = {}
    for name, factory in factories.items():
        try:
            sender = factory(runtime)
        except Exception:
            log.exception("the %s sender could not be started", name)
            continue
        if sender is not None:
            found[sender.platform] = sender
    return found


@dataclass
class Composition:
    """What one process of tiltak runs on, built once from the settings."""

    runtime: Runtime
    web_plugins: tuple[WebPlugin, ...]
    sender_factories: Mapping[str, SenderFactory]
    _senders: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        """The settings it was built from."""
        return self.runtime.settings

    @property
    def senders(self) -> Mapping[str, Any]:
        """The platform senders, started on first use (a web process needs none) and only once."""
        if self._senders is None:
            self._senders = build_senders(self.runtime, self.sender_factories)
        return self._senders

    def close(self) -> None:
        """Release the database connections."""
        self.runtime.close()


def compose(
    settings: Settings, *, clock: Clock | None = None, engine: Engine | None = None
) -> Composition:
    """Build the runtime and load the web plugins and sender factories of the installed parts."""
    return Composition(
        runtime=bootstrap(settings, clock=clock, engine=engine),
        web_plugins=web_plugins(),
        sender_factories=dict(_load(SENDERS_GROUP)),
    )
