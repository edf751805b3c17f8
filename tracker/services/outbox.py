"""The transactional outbox, tracker side: whoever wants someone told writes a message row in the
same transaction as its cause, keyed so that the same message is never written twice. The worker
relays rows to its queue and delivers them; a row that keeps failing stays, failed, with its reason.

A row's `not_before` is when the relay may next act on it: for a pending row, when it is due; for
a queued row, when its delivery counts as stuck (the lease) and may be handed to the queue again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tracker.db import conflict_insert
from tracker.errors import Conflict, NotFound
from tracker.i18n import N_
from tracker.models import OutboxMessage, OutboxStatus
from tracker.services.context import ServiceContext

# A delivery interrupted this many times (worker killed, job lost) is given up as failed.
MAX_ATTEMPTS = 10


@dataclass(frozen=True)
class Outgoing:
    """A message to write: where it goes, what it is rendered from, and its idempotency key."""

    key: str
    kind: str
    platform: str
    destination: str
    payload: dict[str, Any]
    not_before: datetime
    direct: bool = False
    language: str = "nb"
    thread_id: str | None = None


@dataclass(frozen=True)
class OutboxEntry:
    """A row of the outbox as the worker and the CLI see it."""

    id: int
    key: str
    kind: str
    platform: str
    destination: str
    direct: bool
    thread_id: str | None
    language: str
    payload: dict[str, Any] = field(hash=False)
    status: OutboxStatus
    attempts: int
    last_error: str | None
    not_before: datetime
    created_at: datetime
    sent_at: datetime | None
    platform_message_id: str | None


def _entry(row: OutboxMessage) -> OutboxEntry:
    return OutboxEntry(
        id=row.id,
        key=row.idempotency_key,
        kind=row.kind,
        platform=row.platform,
        destination=row.destination,
        direct=row.direct,
        thread_id=row.thread_id,
        language=row.language,
        payload=dict(row.payload),
        status=OutboxStatus(row.status),
        attempts=row.attempts,
        last_error=row.last_error,
        not_before=row.not_before,
        created_at=row.created_at,
        sent_at=row.sent_at,
        platform_message_id=row.platform_message_id,
    )


def add(session: Session, messages: Sequence[Outgoing], *, now: datetime) -> list[int]:
    """Write the messages whose key is new, in the caller's transaction; return the new ids."""
    if not messages:
        return []
    # Insert-if-absent in one statement: two writers racing on a key cannot both win, and the
    # loser's transaction is not aborted (as it would be by catching an IntegrityError).
    dialect = session.get_bind().dialect.name
    statement = (
        conflict_insert(dialect, OutboxMessage)
        .on_conflict_do_nothing(index_elements=[OutboxMessage.idempotency_key])
        .returning(OutboxMessage.id)
    )
    rows = [
        {
            "idempotency_key": m.key,
            "kind": m.kind,
            "platform": m.platform,
            "destination": m.destination,
            "direct": m.direct,
            "thread_id": m.thread_id,
            "language": m.language,
            "payload": m.payload,
            "status": OutboxStatus.PENDING.value,
            "attempts": 0,
            "not_before": m.not_before,
            "created_at": now,
        }
        for m in _unique(messages)
    ]
    connection = session.connection()
    return [row[0] for row in connection.execute(statement, rows)]


def _unique(messages: Iterable[Outgoing]) -> list[Outgoing]:
    # One statement must not carry the same key twice (PostgreSQL refuses that outright).
    seen: dict[str, Outgoing] = {}
    for message in messages:
        seen.setdefault(message.key, message)
    return list(seen.values())


def record(ctx: ServiceContext, messages: Sequence[Outgoing]) -> list[int]:
    """Write messages in a transaction of their own; return the ids of those that were new."""
    with ctx.uow() as uow:
        ids = add(uow.session, messages, now=ctx.clock.now())
        uow.commit()
    return ids


def existing_keys(session: Session, keys: Iterable[str]) -> set[str]:
    """Which of these idempotency keys have a row already."""
    wanted = sorted(set(keys))
    found: set[str] = set()
    # In slices, so that no database meets more bound parameters than it allows.
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        found.update(
            session.scalars(
                select(OutboxMessage.idempotency_key).where(
                    OutboxMessage.idempotency_key.in_(chunk)
                )
            )
        )
    return found


def payloads(session: Session, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The payloads of the rows with these keys, by key."""
    wanted = sorted(set(keys))
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = session.execute(
            select(OutboxMessage.idempotency_key, OutboxMessage.payload).where(
                OutboxMessage.idempotency_key.in_(chunk)
            )
        )
        found.update({key: dict(payload) for key, payload in rows})
    return found


def ready(ctx: ServiceContext, *, limit: int = 500) -> list[int]:
    """Ids of pending rows that are due now, oldest first."""
    with ctx.uow() as uow:
        return list(
            uow.session.scalars(
                select(OutboxMessage.id)
                .where(
                    OutboxMessage.status == OutboxStatus.PENDING.value,
                    OutboxMessage.not_before <= ctx.clock.now(),
                )
                .order_by(OutboxMessage.not_before, OutboxMessage.id)
                .limit(limit)
            )
        )


def mark_queued(ctx: ServiceContext, ids: Sequence[int], *, lease: timedelta) -> int:
    """Pending rows handed to the queue become queued, until the lease runs out."""
    if not ids:
        return 0
    with ctx.uow() as uow:
        # Only rows still pending: a fast worker may have delivered one already.
        result = uow.session.connection().execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(ids),
                OutboxMessage.status == OutboxStatus.PENDING.value,
            )
            .values(status=OutboxStatus.QUEUED.value, not_before=ctx.clock.now() + lease)
        )
        uow.commit()
        return int(result.rowcount)


def queued(ctx: ServiceContext) -> list[tuple[int, datetime]]:
    """Ids and lease ends of the rows on the queue, for the relay to check on."""
    with ctx.uow() as uow:
        rows = uow.session.execute(
            select(OutboxMessage.id, OutboxMessage.not_before)
            .where(OutboxMessage.status == OutboxStatus.QUEUED.value)
            .order_by(OutboxMessage.id)
        )
        return [(row[0], row[1]) for row in rows]


def extend_lease(ctx: ServiceContext, ids: Sequence[int], *, lease: timedelta) -> None:
    """Give queued rows a new lease (their job is still waiting or was just handed over again)."""
    if not ids:
        return
    with ctx.uow() as uow:
        uow.session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(ids),
                OutboxMessage.status == OutboxStatus.QUEUED.value,
            )
            .values(not_before=ctx.clock.now() + lease)
        )
        uow.commit()


def begin_attempt(ctx: ServiceContext, *, outbox_id: int, lease: timedelta) -> OutboxEntry | None:
    """Start a delivery attempt: None when there is nothing to deliver (sent, failed, gone)."""
    with ctx.uow() as uow:
        session = uow.session
        row = session.scalar(
            select(OutboxMessage).where(OutboxMessage.id == outbox_id).with_for_update()
        )
        if row is None or row.status in (OutboxStatus.SENT.value, OutboxStatus.FAILED.value):
            return None
        if row.attempts >= MAX_ATTEMPTS:
            row.status = OutboxStatus.FAILED
            row.last_error = N_("Given up after too many interrupted deliveries.")
            uow.commit()
            return None
        row.attempts += 1
        row.status = OutboxStatus.QUEUED
        row.not_before = ctx.clock.now() + lease
        entry = _entry(row)
        uow.commit()
        return entry


def mark_sent(ctx: ServiceContext, *, outbox_id: int, message_id: str | None) -> None:
    """The platform accepted the message (message_id None: nothing was left to send)."""
    _finish(ctx, outbox_id, message_id=message_id, note=None)


def mark_void(ctx: ServiceContext, *, outbox_id: int, reason: str) -> None:
    """Nothing is left to say (e.g. the reminded task's due date moved): done, without a post."""
    _finish(ctx, outbox_id, message_id=None, note=reason)


def _finish(
    ctx: ServiceContext, outbox_id: int, *, message_id: str | None, note: str | None
) -> None:
    with ctx.uow() as uow:
        uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id)
            .values(
                status=OutboxStatus.SENT.value,
                sent_at=ctx.clock.now(),
                platform_message_id=message_id,
                last_error=note,
            )
        )
        uow.commit()


def note_error(ctx: ServiceContext, *, outbox_id: int, reason: str) -> None:
    """Remember why an attempt failed; the row stays queued for the next one."""
    with ctx.uow() as uow:
        uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id, OutboxMessage.status != OutboxStatus.SENT.value)
            .values(last_error=reason[:2000])
        )
        uow.commit()


def mark_failed(ctx: ServiceContext, *, outbox_id: int, reason: str) -> None:
    """Give up on a delivery; it is kept with its reason until someone retries it."""
    with ctx.uow() as uow:
        uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id, OutboxMessage.status != OutboxStatus.SENT.value)
            .values(status=OutboxStatus.FAILED.value, last_error=reason[:2000])
        )
        uow.commit()


def defer(ctx: ServiceContext, *, outbox_id: int, until: datetime) -> None:
    """Put a message back to wait (e.g. for the end of the quiet hours)."""
    with ctx.uow() as uow:
        uow.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id, OutboxMessage.status != OutboxStatus.SENT.value)
            .values(status=OutboxStatus.PENDING.value, not_before=until)
        )
        uow.commit()


def get(ctx: ServiceContext, *, outbox_id: int) -> OutboxEntry:
    """One row of the outbox."""
    with ctx.uow() as uow:
        row = uow.session.get(OutboxMessage, outbox_id)
        if row is None:
            raise NotFound(N_("Outbox message {id} does not exist."), id=outbox_id)
        return _entry(row)


def list_entries(
    ctx: ServiceContext, *, status: OutboxStatus | None = None, limit: int = 50
) -> list[OutboxEntry]:
    """The newest rows of the outbox (of one status, if given)."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if status is not None:
        query = query.where(OutboxMessage.status == status.value)
    with ctx.uow() as uow:
        return [_entry(row) for row in uow.session.scalars(query)]


def counts(ctx: ServiceContext) -> dict[OutboxStatus, int]:
    """How many rows are in each status."""
    with ctx.uow() as uow:
        rows = uow.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )
        found = {OutboxStatus(status): int(count) for status, count in rows}
    return {status: found.get(status, 0) for status in OutboxStatus}


def retry(ctx: ServiceContext, *, outbox_id: int) -> OutboxEntry:
    """Send a failed message again: it goes back to pending, due now, with fresh attempts."""
    with ctx.uow() as uow:
        row = uow.session.get(OutboxMessage, outbox_id)
        if row is None:
            raise NotFound(N_("Outbox message {id} does not exist."), id=outbox_id)
        if row.status != OutboxStatus.FAILED.value:
            raise Conflict(
                N_("Outbox message {id} has not failed; only failed messages can be retried."),
                id=outbox_id,
            )
        row.status = OutboxStatus.PENDING
        row.attempts = 0
        row.not_before = ctx.clock.now()
        entry = _entry(row)
        uow.commit()
        return entry
