"""`tiltak run`, the embedded default, plugged into `tiltak` through the `tiltak.cli` entry
points: it starts the web tracker, a worker, the tick and (without `REDIS_URL`) a private Redis,
and stops them all on Ctrl-C. Refused when another run holds the var directory or the port."""

from __future__ import annotations

import errno
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import suppress
from types import FrameType

import click
from sqlalchemy import select

from tracker.config import Settings
from tracker.i18n import N_
from tracker.models import Channel, RoomBinding
from tracker.services import groups, rooms
from tracker.services.context import Actor
from worker import redis_server
from worker.host import Host, current_host
from worker.locks import HeldElsewhere, OwnerLock

# The console room the embedded default posts the group overview to.
CONSOLE_ROOM = "console"


@click.command()
def run() -> None:
    """Start everything on the embedded defaults: SQLite and a private Redis under var/, the demo
    data, the web tracker, a worker and the tick. Ctrl-C stops them all."""
    host = current_host()
    settings = host.settings
    # Refused before anything starts or is printed: a second run must not touch the first.
    lock = OwnerLock(settings.var_dir / "tiltak-run.lock")
    try:
        lock.acquire()
    except HeldElsewhere as held:
        raise _already_running(host, settings, held.pid) from None
    try:
        _require_free_port(host, settings.web_host, settings.web_port)
        _run_everything(host, settings)
    finally:
        lock.release()


def _already_running(host: Host, settings: Settings, pid: int | None) -> click.ClickException:
    return click.ClickException(
        host.t(
            N_(
                "tiltak is already running with {var} (process {pid}); "
                "stop it with Ctrl-C in its terminal first."
            ),
            var=settings.var_dir,
            pid=pid or "?",
        )
    )


def _require_free_port(host: Host, address: str, port: int) -> None:
    """Refuse to start when the web port is taken (by another tiltak or anything else)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the web server binds: a port in TIME_WAIT after a stop counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            raise click.ClickException(
                host.t(
                    N_(
                        "Port {port} on {address} is in use, so the web tracker cannot start. "
                        "Is tiltak already running? Stop it, or choose another port with "
                        "TILTAK_WEB_PORT."
                    ),
                    port=port,
                    address=address,
                )
            ) from None


def _run_everything(host: Host, settings: Settings) -> None:
    from tracker.app import create_app
    from tracker.demo.prepare import prepare_demo

    prepare_demo(host.runtime, language=host.language, say=click.echo)
    _bind_console_room(host)
    private: redis_server.PrivateRedis | None = None
    url = settings.redis_url
    children: list[subprocess.Popen[bytes]] = []
    # Ctrl-C and `kill` both end the web server's loop here, so that the cleanup below runs
    # (a shell may have started us with SIGINT ignored, as it does for background jobs).
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        if not url:
            private = redis_server.for_var_dir(settings.var_dir)
            try:
                url = private.start()
            except redis_server.RedisInUse as in_use:
                private = None
                raise _already_running(host, settings, in_use.owner) from None
            click.echo(host.t(N_("A private Redis runs at {url} until tiltak stops."), url=url))
        env = {**os.environ, "REDIS_URL": url}
        command = [sys.executable, "-m", "tracker.cli", "--lang", host.language]
        # Our own interpreter and commands, no shell: nothing here comes from outside.
        children = [
            subprocess.Popen([*command, "worker"], env=env),  # noqa: S603
            subprocess.Popen([*command, "tick"], env=env),  # noqa: S603
        ]
        web = f"http://{settings.web_host}:{settings.web_port}"
        click.echo(host.t(N_("The web tracker is at {url}"), url=web))
        click.echo(
            host.t(
                N_("To chat from the console, run in another terminal: {command}"),
                command='.venv/bin/tiltak chat --as "Asbjørn Lunde"',
            )
        )
        click.echo(
            host.t(
                N_("Messages from the bot (summaries, reminders) are written to {path}"),
                path=settings.var_dir / "console-outbox.log",
            )
        )
        click.echo(host.t(N_("Press Ctrl-C to stop everything.")))
        create_app(host.runtime, plugins=host.composition.web_plugins).run(
            host=settings.web_host, port=settings.web_port, use_reloader=False
        )
    except KeyboardInterrupt:
        pass
    finally:
        # A second Ctrl-C must not cut the clean-up short and leave a Redis behind.
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)
        _stop(children)
        if private is not None:
            private.stop()
        click.echo(host.t(N_("Stopped.")))
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _stop(children: list[subprocess.Popen[bytes]]) -> None:
    """Stop the worker and the tick: warm (the current delivery finishes), then by force."""
    # After Ctrl-C in a terminal they had the signal too: give them a moment on their own,
    # since a second one would make the worker abandon a delivery under way.
    _wait(children, 3)
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
    _wait(children, 15)
    for child in children:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=5)


def _wait(children: list[subprocess.Popen[bytes]], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    for child in children:
        with suppress(subprocess.TimeoutExpired):
            child.wait(timeout=max(0.0, deadline - time.monotonic()))


def _bind_console_room(host: Host) -> None:
    """Bind the console room to the group, so the overview has somewhere to go."""
    ctx = host.runtime.ctx
    group_id = groups.default_group_id(ctx)
    if group_id is None:
        return
    with ctx.uow() as uow:
        bound = uow.session.scalar(
            select(RoomBinding.id).where(RoomBinding.platform == "console").limit(1)
        )
    if bound is None:
        rooms.bind_room(
            ctx,
            actor=Actor.system_actor(Channel.CLI, host.language),
            platform="console",
            room_id=CONSOLE_ROOM,
            group_id=group_id,
            workgroup_id=None,
        )
