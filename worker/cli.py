"""The worker's commands, plugged into `tiltak` through the `tiltak.cli` entry points:
`tiltak worker`, `tiltak tick`, `tiltak outbox`, `tiltak summary` and `tiltak run`, the embedded
default that starts the web tracker, a worker, the tick and (without `REDIS_URL`) a private Redis,
and stops them all on Ctrl-C."""

from __future__ import annotations

import errno
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import Protocol

import click
from redis.exceptions import RedisError
from rq import Worker
from sqlalchemy import select

from tracker.bootstrap import Runtime
from tracker.config import Settings
from tracker.errors import DomainError
from tracker.i18n import N_
from tracker.models import Channel, OutboxStatus, RoomBinding
from tracker.services import groups, outbox, rooms, schedule
from tracker.services.context import Actor
from tracker.services.outbox import OutboxEntry
from worker import jobs, redis_server, replies
from worker.locks import HeldElsewhere, OwnerLock
from worker.queue import connect, delivery_queue, redis_url
from worker.relay import relay
from worker.tick import run_forever, tick_once

# The console room the embedded default posts the group overview to.
CONSOLE_ROOM = "console"

_STATUS = {
    OutboxStatus.PENDING: N_("waiting"),
    OutboxStatus.QUEUED: N_("queued"),
    OutboxStatus.SENT: N_("sent"),
    OutboxStatus.FAILED: N_("failed"),
}
_KIND = {
    schedule.SUMMARY: N_("weekly summary"),
    schedule.OVERVIEW: N_("group overview"),
    schedule.REMINDER: N_("reminders"),
    schedule.DIGEST: N_("meeting digest"),
}


def _status(entry: OutboxEntry) -> str:
    if entry.status == OutboxStatus.SENT and entry.platform_message_id is None:
        return N_("nothing to send")
    return _STATUS[entry.status]


class Host(Protocol):
    """What the `tiltak` group hands its commands (tracker.cli's state)."""

    language: str

    @property
    def settings(self) -> Settings: ...

    @property
    def runtime(self) -> Runtime: ...

    def t(self, message: str, **params: object) -> str: ...


def _host() -> Host:
    state = click.get_current_context().find_root().obj
    if state is None:
        raise RuntimeError("the worker's commands run inside the `tiltak` command group")
    host: Host = state
    return host


def _logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")


def _require_redis(host: Host) -> str:
    url = redis_url(host.settings)
    if url is None:
        raise click.ClickException(
            host.t(N_("REDIS_URL is not set, and no private Redis of `tiltak run` is running."))
        )
    return url


@click.command()
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst: bool) -> None:
    """Run the delivery worker (an RQ worker with its scheduler, for retries)."""
    host = _host()
    _logging()
    runtime = host.runtime
    connection = connect(_require_redis(host))
    queue = delivery_queue(connection)
    jobs.install(runtime, jobs.load_senders(runtime))
    # A restarted worker catches up at once instead of waiting for the next tick.
    with suppress(RedisError):
        relay(runtime.ctx, queue)
    Worker([queue], connection=connection).work(with_scheduler=True, burst=burst)


@click.command()
@click.option("--once", is_flag=True, help="Tick once and stop.")
def tick(once: bool) -> None:
    """Once a minute: write what is due (summaries, reminders, digests) and relay it."""
    host = _host()
    _logging()
    runtime = host.runtime
    queue = delivery_queue(connect(_require_redis(host)))
    if once:
        result = tick_once(runtime, queue)
        click.echo(
            host.t(
                N_("{written} new messages; {sent} handed to the queue."),
                written=result.written,
                sent=result.relayed.enqueued + result.relayed.requeued if result.relayed else 0,
            )
        )
        if result.redis_error:
            raise click.ClickException(
                host.t(N_("Redis is not reachable: {error}"), error=result.redis_error)
            )
        return
    stop = threading.Event()
    with _stopped_by_signals(stop):
        run_forever(runtime, queue, stop=stop)


@contextmanager
def _stopped_by_signals(stop: threading.Event) -> Iterator[None]:
    def handler(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


@click.group(invoke_without_command=True)
@click.option("--failed", is_flag=True, help="Only the messages that failed.")
@click.option("--limit", type=int, default=30, show_default=True, help="How many to show.")
@click.pass_context
def outbox_command(context: click.Context, failed: bool, limit: int) -> None:
    """List the outbox: what was sent, what waits, what failed and why."""
    if context.invoked_subcommand is not None:
        return
    host = _host()
    ctx = host.runtime.ctx
    entries = outbox.list_entries(ctx, status=OutboxStatus.FAILED if failed else None, limit=limit)
    if not entries:
        click.echo(host.t(N_("No message has failed.") if failed else N_("The outbox is empty.")))
        return
    for entry in entries:
        when = entry.created_at.astimezone(ctx.zone).strftime("%Y-%m-%d %H:%M")
        to = f"@{entry.destination}" if entry.direct else f"#{entry.destination}"
        click.echo(
            f"{entry.id:>5}  {host.t(_status(entry))}  {when}  "
            f"{host.t(_KIND.get(entry.kind, entry.kind))}  {entry.platform} {to}  "
            + host.t(N_("attempts: {count}"), count=entry.attempts)
        )
        if entry.last_error:
            # Our own reasons are message ids; a platform's come as the platform said them.
            reason = host.t(entry.last_error)
            click.echo("       " + host.t(N_("reason: {reason}"), reason=reason))
    counts = outbox.counts(ctx)
    click.echo(
        host.t(
            N_("In all: {sent} sent, {waiting} waiting, {failed} failed."),
            sent=counts[OutboxStatus.SENT],
            waiting=counts[OutboxStatus.PENDING] + counts[OutboxStatus.QUEUED],
            failed=counts[OutboxStatus.FAILED],
        )
    )


@outbox_command.command("retry")
@click.argument("outbox_id", type=int, metavar="ID")
def outbox_retry(outbox_id: int) -> None:
    """Send a failed message again."""
    host = _host()
    ctx = host.runtime.ctx
    try:
        outbox.retry(ctx, outbox_id=outbox_id)
    except DomainError as exc:
        raise click.ClickException(exc.localized(host.language)) from exc
    url = redis_url(host.settings)
    try:
        if url is None:
            raise RedisError("no Redis URL")
        relay(ctx, delivery_queue(connect(url)))
    except RedisError:
        click.echo(
            host.t(
                N_("Message {id} will be sent again as soon as the queue is reachable."),
                id=outbox_id,
            )
        )
        return
    click.echo(host.t(N_("Message {id} is on its way again."), id=outbox_id))


@click.command()
@click.argument("workgroup", required=False)
def summary(workgroup: str | None) -> None:
    """Print the weekly status summary of WORKGROUP (number or name), or the overview."""
    host = _host()
    ctx = host.runtime.ctx
    group_id = groups.default_group_id(ctx)
    if group_id is None:
        raise click.ClickException(host.t(N_("There is no group yet; import an invitation first.")))
    from chatops.handlers.common import resolve_workgroup
    from chatops.render import render_text

    try:
        workgroup_id = None
        if workgroup:
            env = replies.message_env(ctx, language=host.language, group_id=group_id)
            workgroup_id = resolve_workgroup(env, workgroup).id
        reply = replies.summary_message(
            ctx, group_id=group_id, workgroup_id=workgroup_id, language=host.language
        )
    except DomainError as exc:
        raise click.ClickException(exc.localized(host.language)) from exc
    assert reply is not None
    click.echo(render_text(reply))


@click.command()
def run() -> None:
    """Start everything on the embedded defaults: SQLite and a private Redis under var/, the demo
    data, the web tracker, a worker and the tick. Ctrl-C stops them all."""
    host = _host()
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
    from tracker.cli import prepare_demo

    prepare_demo(host)  # type: ignore[arg-type]  # tracker.cli's state fits the Host protocol
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
        create_app(host.runtime).run(
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
