"""What the `tiltak` group hands the worker's commands (tracker.cli's state, with what the
composition root built), and the few things every one of them needs."""

from __future__ import annotations

import logging
from typing import Protocol

import click

from tracker.bootstrap import Runtime
from tracker.composition import Composition
from tracker.config import Settings
from tracker.i18n import N_
from worker.queue import redis_url


class Host(Protocol):
    """What the `tiltak` group hands its commands (tracker.cli's state)."""

    language: str

    @property
    def settings(self) -> Settings: ...

    @property
    def runtime(self) -> Runtime: ...

    @property
    def composition(self) -> Composition: ...

    def t(self, message: str, **params: object) -> str: ...


def current_host() -> Host:
    """The state of the `tiltak` group this command runs in."""
    state = click.get_current_context().find_root().obj
    if state is None:
        raise RuntimeError("the worker's commands run inside the `tiltak` command group")
    host: Host = state
    return host


def log_to_stderr() -> None:
    """Log what the process does, with times, as a long-running command should."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")


def require_redis(host: Host) -> str:
    """The Redis URL, or a clear failure saying none is set."""
    url = redis_url(host.settings)
    if url is None:
        raise click.ClickException(
            host.t(N_("REDIS_URL is not set, and no private Redis of `tiltak run` is running."))
        )
    return url
