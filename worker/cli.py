"""The worker's long-running commands, plugged into `tiltak` through the `tiltak.cli` entry points:
`tiltak worker` (the delivery worker) and `tiltak tick` (once a minute, what is due). The outbox
commands are in worker.outbox_cli, the embedded default `tiltak run` in worker.run."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType

import click
from redis.exceptions import RedisError
from rq import Worker

from tracker.i18n import N_
from worker import jobs
from worker.host import current_host, log_to_stderr, require_redis
from worker.queue import connect, delivery_queue
from worker.relay import relay
from worker.tick import run_forever, tick_once


@click.command()
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst: bool) -> None:
    """Run the delivery worker (an RQ worker with its scheduler, for retries)."""
    host = current_host()
    log_to_stderr()
    runtime = host.runtime
    connection = connect(require_redis(host))
    queue = delivery_queue(connection)
    jobs.install(runtime, host.composition.senders)
    # A restarted worker catches up at once instead of waiting for the next tick.
    with suppress(RedisError):
        relay(runtime.ctx, queue)
    Worker([queue], connection=connection).work(with_scheduler=True, burst=burst)


@click.command()
@click.option("--once", is_flag=True, help="Tick once and stop.")
def tick(once: bool) -> None:
    """Once a minute: write what is due (summaries, reminders, digests) and relay it."""
    host = current_host()
    log_to_stderr()
    runtime = host.runtime
    queue = delivery_queue(connect(require_redis(host)))
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
