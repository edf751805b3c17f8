"""Events and consultations of a group: the dates beside its meetings."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import schemas as s
from tracker.errors import Conflict, InvalidInput, NotFound
from tracker.i18n import N_
from tracker.models import (
    Consultation,
    Event,
)
from tracker.services import permissions
from tracker.services.context import Actor, ServiceContext
from tracker.services.views import (
    consultation_view,
    event_view,
)


def list_events(ctx: ServiceContext, *, group_id: int | None = None) -> list[s.EventView]:
    """Events in date order."""
    query = select(Event).order_by(Event.starts_on, Event.id)
    if group_id is not None:
        query = query.where(Event.group_id == group_id)
    with ctx.uow() as uow:
        return [event_view(row) for row in uow.session.scalars(query)]


def _load_event(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound(N_("Event {id} does not exist."), id=event_id)
    return event


def get_event(ctx: ServiceContext, *, event_id: int) -> s.EventView:
    """One event."""
    with ctx.uow() as uow:
        return event_view(_load_event(uow.session, event_id))


def _check_event_dates(starts_on: date, ends_on: date | None) -> None:
    if ends_on is not None and ends_on < starts_on:
        raise InvalidInput(N_("An event cannot end before it starts."), field="ends_on")


def create_event(
    ctx: ServiceContext, *, actor: Actor, group_id: int, data: s.EventCreate
) -> s.EventView:
    """Add an event to a group's calendar."""
    _check_event_dates(data.starts_on, data.ends_on)
    with ctx.uow() as uow:
        session = uow.session
        permissions.require_secretariat(session, actor, group_id)
        exists = session.scalar(
            select(Event.id).where(
                Event.group_id == group_id,
                Event.title == data.title,
                Event.starts_on == data.starts_on,
            )
        )
        if exists is not None:
            raise Conflict(N_("That event is already in the calendar."), field="title")
        event = Event(group_id=group_id, **data.model_dump())
        session.add(event)
        uow.flush()
        view = event_view(event)
        uow.commit()
        return view


def update_event(
    ctx: ServiceContext, *, actor: Actor, event_id: int, data: s.EventUpdate
) -> s.EventView:
    """Change an event."""
    changes = {name: getattr(data, name) for name in data.model_fields_set}
    with ctx.uow() as uow:
        session = uow.session
        event = _load_event(session, event_id)
        permissions.require_secretariat(session, actor, event.group_id)
        for required in ("title", "starts_on", "description"):
            if required in changes and changes[required] is None:
                raise InvalidInput(N_("{field} cannot be empty."), field=required)
        twin = session.scalar(
            select(Event.id).where(
                Event.group_id == event.group_id,
                Event.title == changes.get("title", event.title),
                Event.starts_on == changes.get("starts_on", event.starts_on),
                Event.id != event.id,
            )
        )
        if twin is not None:
            raise Conflict(N_("That event is already in the calendar."), field="title")
        for name, value in changes.items():
            setattr(event, name, value)
        _check_event_dates(event.starts_on, event.ends_on)
        uow.flush()
        view = event_view(event)
        uow.commit()
        return view


def delete_event(ctx: ServiceContext, *, actor: Actor, event_id: int) -> None:
    """Remove an event."""
    with ctx.uow() as uow:
        event = _load_event(uow.session, event_id)
        permissions.require_secretariat(uow.session, actor, event.group_id)
        uow.session.delete(event)
        uow.commit()


def list_consultations(
    ctx: ServiceContext, *, group_id: int | None = None
) -> list[s.ConsultationView]:
    """Consultations the group is invited to answer."""
    query = select(Consultation).order_by(Consultation.id)
    if group_id is not None:
        query = query.where(Consultation.group_id == group_id)
    with ctx.uow() as uow:
        return [consultation_view(row) for row in uow.session.scalars(query)]
