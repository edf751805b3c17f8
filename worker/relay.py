"""The relay: due outbox rows go onto the delivery queue as unique jobs keyed by the row's id, and
are marked queued. It also minds the rows already queued, since Redis may lose what SQL keeps:
a row whose job Redis no longer has (it restarted empty), whose job ended without settling the
row (its work horse was killed), or whose delivery outlived its lease (its worker died while
delivering) is handed to the queue again. A delivery re-reads its row and gives the sender the
row's idempotency key, so handing a row over twice never posts twice."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from rq import Queue, Retry
from rq.exceptions import DuplicateJobError, NoSuchJobError
from rq.job import Job, JobStatus

from tracker.services import outbox
from tracker.services.context import ServiceContext
from worker.jobs import JOB_TIMEOUT, LEASE, deliver
from worker.queue import job_id

log = logging.getLogger(__name__)

# Backoff for temporary failures (seconds); a platform's Retry-After can only make a wait longer.
RETRY = Retry(max=5, interval=[10, 30, 120, 600, 1800])
RESULT_TTL = 600
FAILURE_TTL = int(timedelta(days=7).total_seconds())
# A job in these states will still run; one that is started runs now, or its worker died.
WAITING = frozenset({JobStatus.QUEUED, JobStatus.SCHEDULED, JobStatus.DEFERRED})


@dataclass(frozen=True)
class RelayResult:
    """What one relay pass did."""

    enqueued: int
    requeued: int


def relay(
    ctx: ServiceContext, queue: Queue, *, retry: Retry = RETRY, limit: int = 500
) -> RelayResult:
    """Hand due rows to the queue and recover queued rows whose delivery was lost."""
    ready = outbox.ready(ctx, limit=limit)
    for outbox_id in ready:
        hand_over(queue, outbox_id, retry=retry)
    outbox.mark_queued(ctx, ready, lease=LEASE)
    requeued = _recover(ctx, queue, retry)
    if ready or requeued:
        log.info("relayed %d new and %d lost outbox messages", len(ready), len(requeued))
    return RelayResult(enqueued=len(ready), requeued=len(requeued))


def hand_over(queue: Queue, outbox_id: int, *, retry: Retry = RETRY) -> None:
    """Put a row's delivery job on the queue, unless a job for it is waiting or running."""
    key = job_id(outbox_id)
    for _ in range(3):
        try:
            queue.enqueue(
                deliver,
                outbox_id,
                job_id=key,
                unique=True,
                retry=retry,
                job_timeout=JOB_TIMEOUT,
                result_ttl=RESULT_TTL,
                failure_ttl=FAILURE_TTL,
                description=f"deliver outbox message {outbox_id}",
            )
            return
        except DuplicateJobError:
            try:
                job = Job.fetch(key, connection=queue.connection)
            except NoSuchJobError:
                continue  # it expired meanwhile: enqueue again
            if job.get_status(refresh=False) in WAITING | {JobStatus.STARTED}:
                return
            # A finished or failed job of an earlier attempt keeps its id for a while.
            job.delete()
    raise RuntimeError(f"could not enqueue {key}")


def _recover(ctx: ServiceContext, queue: Queue, retry: Retry) -> Sequence[int]:
    rows = outbox.queued(ctx)
    if not rows:
        return []
    jobs = Job.fetch_many([job_id(row_id) for row_id, _lease in rows], connection=queue.connection)
    now = ctx.clock.now()
    again: list[int] = []
    renew: list[int] = []
    for (row_id, lease_end), job in zip(rows, jobs, strict=True):
        if job is None:
            again.append(row_id)  # Redis lost it
            continue
        status = job.get_status(refresh=False)
        if status in WAITING:
            if lease_end <= now:
                renew.append(row_id)  # still waiting its turn (e.g. a retry's backoff)
        elif status == JobStatus.STARTED:
            if lease_end <= now:
                job.delete()  # the delivery outlived its lease: its worker is gone
                again.append(row_id)
        else:
            job.delete()  # it ended without settling the row (killed, timed out, crashed)
            again.append(row_id)
    for row_id in again:
        hand_over(queue, row_id, retry=retry)
    outbox.extend_lease(ctx, again + renew, lease=LEASE)
    if again:
        log.warning("handed %d queued outbox messages to the queue again", len(again))
    return again
