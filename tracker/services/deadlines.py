"""Deadlines owed before a meeting, which move with the meeting when it is rescheduled."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from tracker import schemas as s
from tracker.clock import local_day
from tracker.errors import InvalidInput, NotFound
from tracker.i18n import N_
from tracker.models import (
    AgendaItem,
    Deadline,
    Meeting,
)
from tracker.services import history, permissions
from tracker.services.context import Actor, ServiceContext
from tracker.services.views import (
    deadline_view,
)


def _deadline_views(session: Session, zone: ZoneInfo, rows: list[Deadline]) -> list[s.DeadlineView]:
    meeting_ids = {row.meeting_id for row in rows if row.meeting_id is not None}
    starts = dict(
        session.execute(
            select(Meeting.id, Meeting.starts_at).where(Meeting.id.in_(meeting_ids))
        ).all()
    )
    return [
        deadline_view(row, local_day(starts[row.meeting_id], zone) if row.meeting_id else None)
        for row in rows
    ]


def list_deadlines(
    ctx: ServiceContext, *, group_id: int | None = None, meeting_id: int | None = None
) -> list[s.DeadlineView]:
    """Deadlines resolved to dates, soonest first."""
    query = select(Deadline).options(joinedload(Deadline.agenda_item))
    if group_id is not None:
        query = query.where(Deadline.group_id == group_id)
    if meeting_id is not None:
        query = query.where(Deadline.meeting_id == meeting_id)
    with ctx.uow() as uow:
        views = _deadline_views(uow.session, ctx.zone, list(uow.session.scalars(query)))
    return sorted(views, key=lambda v: (v.resolved_on or date.max, v.id))


def _load_deadline(session: Session, deadline_id: int) -> Deadline:
    deadline = session.scalar(
        select(Deadline).options(joinedload(Deadline.agenda_item)).where(Deadline.id == deadline_id)
    )
    if deadline is None:
        raise NotFound(N_("Deadline {id} does not exist."), id=deadline_id)
    return deadline


def get_deadline(ctx: ServiceContext, *, deadline_id: int) -> s.DeadlineView:
    """One deadline."""
    with ctx.uow() as uow:
        return _deadline_views(uow.session, ctx.zone, [_load_deadline(uow.session, deadline_id)])[0]


def _check_deadline_shape(
    due_on: date | None, offset_days: int | None, meeting_id: int | None
) -> None:
    if (due_on is None) == (offset_days is None):
        raise InvalidInput(
            N_("Give either a date or a number of days relative to the meeting."), field="due_on"
        )
    if offset_days is not None and meeting_id is None:
        raise InvalidInput(
            N_("A deadline relative to a meeting needs the meeting."), field="meeting_id"
        )


def create_deadline(
    ctx: ServiceContext, *, actor: Actor, group_id: int, data: s.DeadlineCreate
) -> s.DeadlineView:
    """Add a deadline to a group (the secretariat's job)."""
    with ctx.uow() as uow:
        session = uow.session
        permissions.require_secretariat(session, actor, group_id)
        meeting_id = data.meeting_id
        if data.agenda_item_id is not None:
            item = session.get(AgendaItem, data.agenda_item_id)
            if item is None:
                raise InvalidInput(
                    N_("Agenda item {id} does not exist."),
                    id=data.agenda_item_id,
                    field="agenda_item_id",
                )
            meeting_id = meeting_id or item.part.meeting_id
        if meeting_id is not None:
            meeting = session.get(Meeting, meeting_id)
            if meeting is None or meeting.group_id != group_id:
                raise InvalidInput(
                    N_("Meeting {id} does not exist in this group."),
                    id=meeting_id,
                    field="meeting_id",
                )
        _check_deadline_shape(data.due_on, data.offset_days, meeting_id)
        deadline = Deadline(
            group_id=group_id,
            meeting_id=meeting_id,
            agenda_item_id=data.agenda_item_id,
            kind=data.kind,
            title=data.title,
            due_on=data.due_on,
            offset_days=data.offset_days,
        )
        session.add(deadline)
        uow.flush()
        view = _deadline_views(session, ctx.zone, [_load_deadline(session, deadline.id)])[0]
        uow.commit()
        return view


def update_deadline(
    ctx: ServiceContext, *, actor: Actor, deadline_id: int, data: s.DeadlineUpdate
) -> s.DeadlineView:
    """Change a deadline."""
    changes = {name: getattr(data, name) for name in data.model_fields_set}
    with ctx.uow() as uow:
        session = uow.session
        deadline = _load_deadline(session, deadline_id)
        permissions.require_secretariat(session, actor, deadline.group_id)
        old = {name: getattr(deadline, name) for name in ("title", "kind", "due_on", "offset_days")}
        for required in ("title", "kind"):
            if required in changes and changes[required] is None:
                raise InvalidInput(N_("{field} cannot be empty."), field=required)
        for name, value in changes.items():
            setattr(deadline, name, value)
        _check_deadline_shape(deadline.due_on, deadline.offset_days, deadline.meeting_id)
        history.record(
            session,
            actor=actor,
            at=ctx.clock.now(),
            entity="deadline",
            entity_id=deadline.id,
            old=old,
            new={name: getattr(deadline, name) for name in old},
        )
        uow.flush()
        view = _deadline_views(session, ctx.zone, [deadline])[0]
        uow.commit()
        return view


def delete_deadline(ctx: ServiceContext, *, actor: Actor, deadline_id: int) -> None:
    """Remove a deadline."""
    with ctx.uow() as uow:
        deadline = _load_deadline(uow.session, deadline_id)
        permissions.require_secretariat(uow.session, actor, deadline.group_id)
        uow.session.delete(deadline)
        uow.commit()
