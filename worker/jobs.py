"""The delivery job: a module-level function that takes an outbox id and opens its own units of
work. It re-reads the row first (a message sent already is never sent again), renders the reply
for the row's platform through that platform's sender, and records the platform's message id.

Senders come from the composition root (tracker.composition reads the `tiltak.senders` entry
points), so this module imports no chat platform. A sender gets the row's idempotency key, so a
delivery repeated after a crash between posting and recording posts once. A temporary failure is
retried by RQ with backoff (longer when the platform asked for it); one that keeps failing, or a
permanent one, leaves the row failed with its reason, for `tiltak outbox retry`."""

from __future__ import annotations

import logging
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from rq import get_current_job
from rq.job import Job

from chatops.delivery import Delivered, DeliveryResult, Destination, Failed, Sender
from chatops.reply import Reply
from tracker.bootstrap import Runtime
from tracker.composition import compose
from tracker.config import load_settings
from tracker.i18n import N_
from tracker.services import outbox, schedule
from tracker.services.context import ServiceContext
from tracker.services.outbox import OutboxEntry
from worker import home_tabs, replies

log = logging.getLogger(__name__)

# A delivery that has not finished this long after it started counts as stuck (its worker died):
# the relay then hands the row to the queue again. Far longer than a job may run (JOB_TIMEOUT).
LEASE = timedelta(minutes=10)
JOB_TIMEOUT = 120


class TemporaryDeliveryError(Exception):
    """The platform could not take the message now; RQ retries the job later."""


@dataclass
class Wiring:
    """What deliveries in this process use: the runtime and the senders by platform."""

    runtime: Runtime
    senders: Mapping[str, Sender]
    pid: int


_wiring: Wiring | None = None


def install(runtime: Runtime, senders: Mapping[str, Sender]) -> None:
    """Wire the deliveries of this process (the worker's composition root calls this)."""
    global _wiring
    _wiring = Wiring(runtime, dict(senders), os.getpid())


def uninstall() -> None:
    """Forget the wiring (tests)."""
    global _wiring
    _wiring = None


def _current() -> Wiring:
    global _wiring
    if _wiring is None:
        # A plain `rq worker` without our commands: the composition root wires from the settings.
        root = compose(load_settings())
        install(root.runtime, root.senders)
    assert _wiring is not None
    if _wiring.pid != os.getpid():
        # A forked work horse must not share the parent's database connections.
        _wiring.runtime.engine.dispose(close=False)
        _wiring.pid = os.getpid()
    return _wiring


def deliver(outbox_id: int) -> str:
    """Deliver one outbox message; the result says what happened (sent, failed, …)."""
    wiring = _current()
    ctx = wiring.runtime.ctx
    entry = outbox.begin_attempt(ctx, outbox_id=outbox_id, lease=LEASE)
    if entry is None:
        return "nothing to do"
    if entry.direct and entry.kind == schedule.REMINDER:
        group_ids = [int(g) for g in entry.payload.get("group_ids", [])]
        until = schedule.quiet_until(ctx, group_ids=group_ids, at=ctx.clock.now())
        if until is not None:
            # Late (the queue was down): not in the night, but at the end of the quiet hours.
            outbox.defer(ctx, outbox_id=outbox_id, until=until)
            return f"deferred until {until.isoformat()}"
    if entry.kind == home_tabs.HOME_TAB:
        return _publish_home(wiring, entry)
    reply = replies.build(ctx, entry)
    if reply is None:
        outbox.mark_void(
            ctx, outbox_id=outbox_id, reason=N_("Nothing was left to say when it was due.")
        )
        return "nothing left to say"
    sender = wiring.senders.get(entry.platform)
    if sender is None:
        reason = N_("No sender is configured for this platform.")
        outbox.mark_failed(ctx, outbox_id=outbox_id, reason=reason)
        return f"failed: {reason}"
    result = _send(sender, entry, reply)
    if isinstance(result, Delivered):
        outbox.mark_sent(ctx, outbox_id=outbox_id, message_id=result.message_id)
        return f"sent as {result.message_id}"
    return _failed(ctx, entry, result)


def _publish_home(wiring: Wiring, entry: OutboxEntry) -> str:
    ctx = wiring.runtime.ctx
    result = home_tabs.publish(wiring.runtime, wiring.senders.get(entry.platform), entry)
    if result is None:
        reason = N_("No sender is configured for this platform.")
        outbox.mark_failed(ctx, outbox_id=entry.id, reason=reason)
        return f"failed: {reason}"
    if isinstance(result, Delivered):
        outbox.mark_sent(ctx, outbox_id=entry.id, message_id=None)
        return "home published"
    return _failed(ctx, entry, result)


def _send(sender: Sender, entry: OutboxEntry, reply: Reply) -> DeliveryResult:
    destination = Destination(
        platform=entry.platform,
        target=entry.destination,
        direct=entry.direct,
        thread_id=entry.thread_id,
    )
    try:
        return sender.send(destination, reply, idempotency_key=entry.key)
    except Exception as exc:  # a sender's bug or a network error is a failed delivery, not lost
        log.exception("the %s sender raised on outbox message %s", entry.platform, entry.id)
        return Failed(reason=f"{type(exc).__name__}: {exc}")


def _failed(ctx: ServiceContext, entry: OutboxEntry, result: Failed) -> str:
    job = get_current_job()
    retries_left = job.retries_left if job is not None else None
    if result.permanent or not retries_left:
        outbox.mark_failed(ctx, outbox_id=entry.id, reason=result.reason)
        log.warning("outbox message %s failed for good: %s", entry.id, result.reason)
        return f"failed: {result.reason}"
    outbox.note_error(ctx, outbox_id=entry.id, reason=result.reason)
    if job is not None and result.retry_after:
        _wait_at_least(job, retries_left, result.retry_after)
    raise TemporaryDeliveryError(result.reason)


def _wait_at_least(job: Job, retries_left: int, seconds: float) -> None:
    """Make the coming retry wait at least as long as the platform asked (Retry-After)."""
    planned = list(job.retry_intervals or [0])
    # The index RQ's Job.get_retry_interval() reads for the coming retry.
    index = max(len(planned) - retries_left, 0)
    planned[index] = max(planned[index], math.ceil(seconds))
    # RQ schedules the retry from this very job object, right after the job raises.
    job.retry_intervals = planned
