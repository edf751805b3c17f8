"""The history: every change is written as who, when, from where, old and new value."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from enum import Enum

from sqlalchemy import bindparam, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from tracker import schemas as s
from tracker.models import Change, Person
from tracker.services.context import Actor, ServiceContext


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        # One instant, one text: 09:00+01:00 and 08:00Z are the same time.
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


# Built once: an insert statement costs more to construct than to run.
_INSERT_CHANGE = insert(Change)


def record(
    session: Session | Connection,
    *,
    actor: Actor,
    at: datetime,
    entity: str,
    entity_id: int,
    old: Mapping[str, object],
    new: Mapping[str, object],
) -> int:
    """Write one history row per field whose value changed; return how many."""
    rows = [
        {
            "at": at,
            "actor_id": actor.person_id,
            "channel": actor.channel.value,
            "entity": entity,
            "entity_id": entity_id,
            "field": field,
            "old_value": _text(old.get(field)),
            "new_value": _text(new_value),
        }
        for field, new_value in new.items()
        if _text(old.get(field)) != _text(new_value)
    ]
    if rows:
        # A Core insert in the use case's transaction: no ORM bookkeeping for append-only rows.
        conn = session.connection() if isinstance(session, Session) else session
        conn.execute(_INSERT_CHANGE, rows)
    return len(rows)


_HISTORY = (
    select(
        Change.id,
        Change.at,
        Change.actor_id,
        Person.first_name,
        Person.last_name,
        Change.channel,
        Change.entity,
        Change.entity_id,
        Change.field,
        Change.old_value,
        Change.new_value,
    )
    .outerjoin(Person, Person.id == Change.actor_id)
    .where(Change.entity == bindparam("entity"), Change.entity_id == bindparam("entity_id"))
    .order_by(Change.at, Change.id)
)


def history(ctx: ServiceContext, *, entity: str, entity_id: int) -> list[s.ChangeView]:
    """The history of one thing, oldest first."""
    with ctx.read() as conn:
        rows = conn.execute(_HISTORY, {"entity": entity, "entity_id": entity_id}).all()
    return [
        s.ChangeView.model_construct(
            id=row.id,
            at=row.at,
            actor_id=row.actor_id,
            actor_name=f"{row.first_name} {row.last_name}".strip()
            if row.actor_id is not None
            else None,
            channel=row.channel,
            entity=row.entity,
            entity_id=row.entity_id,
            field=row.field,
            old_value=row.old_value,
            new_value=row.new_value,
        )
        for row in rows
    ]
