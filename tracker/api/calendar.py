"""The group's calendar: deadlines (fixed or relative to a meeting), events and consultations.
Handlers parse, call one service, return its view."""

from __future__ import annotations

from flask import Response, url_for
from flask_openapi3.blueprint import APIBlueprint
from flask_openapi3.models.tag import Tag
from pydantic import BaseModel, RootModel

from tracker import schemas as s
from tracker.api.common import (
    SECURITY,
    Follows,
    Page,
    common_problems,
    created,
    current_actor,
    no_content,
    operation_id,
    ours,
    paged,
    responses,
    service_context,
    view,
    views,
)
from tracker.api.groups import GROUP_ID, GroupPath
from tracker.services import meetings as meeting_service
from tracker.services import reads

# What a client can do next with a deadline or event it made.
LINKS = {
    "create_deadline": (
        Follows(
            parameter="deadline_id",
            operations=("get_deadline", "update_deadline", "delete_deadline"),
        ),
    ),
    "create_event": (
        Follows(parameter="event_id", operations=("get_event", "update_event", "delete_event")),
    ),
}

bp = APIBlueprint(
    "calendar",
    __name__,
    abp_tags=[Tag(name="calendar", description="Deadlines, events and consultations")],
    abp_security=SECURITY,
    abp_responses=common_problems(),
    operation_id_callback=operation_id,
)

DEADLINE_ID = "<id:deadline_id>"
EVENT_ID = "<id:event_id>"


class DeadlinePath(BaseModel):
    """A deadline's address."""

    deadline_id: s.Id


class EventPath(BaseModel):
    """An event's address."""

    event_id: s.Id


class DeadlineQuery(Page):
    """Filters of the deadline list."""

    group_id: s.Id | None = None
    meeting_id: s.Id | None = None


class GroupFilter(Page):
    """Lists that may be narrowed to one group."""

    group_id: s.Id | None = None


class DeadlineList(RootModel[list[s.DeadlineView]]):
    """Deadlines, soonest first."""


class EventList(RootModel[list[s.EventView]]):
    """Events in date order."""


class ConsultationList(RootModel[list[s.ConsultationView]]):
    """Consultations."""


# --- deadlines ------------------------------------------------------------------------------


@bp.get("/deadlines", responses=responses(200, DeadlineList))
def list_deadlines(query: DeadlineQuery) -> Response:
    """List deadlines resolved to dates, soonest first."""
    found = reads.list_deadlines(
        service_context(),
        actor=current_actor(),
        group_id=query.group_id,
        meeting_id=query.meeting_id,
    )
    return views(paged(found, query))


@bp.get(f"/deadlines/{DEADLINE_ID}", responses=responses(200, s.DeadlineView, 404))
def get_deadline(path: DeadlinePath) -> Response:
    """Read one deadline."""
    return view(
        reads.get_deadline(service_context(), actor=current_actor(), deadline_id=path.deadline_id)
    )


@bp.post(f"/groups/{GROUP_ID}/deadlines", responses=responses(201, s.DeadlineView, 403))
def create_deadline(path: GroupPath, body: s.DeadlineCreate) -> Response:
    """Add a deadline: a date, or days relative to a meeting (the secretariat)."""
    ours("group", path.group_id)
    deadline = meeting_service.create_deadline(
        service_context(), actor=current_actor(), group_id=path.group_id, data=body
    )
    return created(deadline, url_for(".get_deadline", deadline_id=deadline.id))


@bp.patch(f"/deadlines/{DEADLINE_ID}", responses=responses(200, s.DeadlineView, 403, 404))
def update_deadline(path: DeadlinePath, body: s.DeadlineUpdate) -> Response:
    """Change a deadline (the secretariat)."""
    ours("deadline", path.deadline_id)
    return view(
        meeting_service.update_deadline(
            service_context(), actor=current_actor(), deadline_id=path.deadline_id, data=body
        )
    )


@bp.delete(f"/deadlines/{DEADLINE_ID}", responses=responses(204, None, 403, 404))
def delete_deadline(path: DeadlinePath) -> Response:
    """Remove a deadline (the secretariat)."""
    ours("deadline", path.deadline_id)
    meeting_service.delete_deadline(
        service_context(), actor=current_actor(), deadline_id=path.deadline_id
    )
    return no_content()


# --- events and consultations ---------------------------------------------------------------


@bp.get("/events", responses=responses(200, EventList))
def list_events(query: GroupFilter) -> Response:
    """List events in date order."""
    found = reads.list_events(service_context(), actor=current_actor(), group_id=query.group_id)
    return views(paged(found, query))


@bp.get(f"/events/{EVENT_ID}", responses=responses(200, s.EventView, 404))
def get_event(path: EventPath) -> Response:
    """Read one event."""
    return view(reads.get_event(service_context(), actor=current_actor(), event_id=path.event_id))


@bp.post(f"/groups/{GROUP_ID}/events", responses=responses(201, s.EventView, 403, 409))
def create_event(path: GroupPath, body: s.EventCreate) -> Response:
    """Add an event to the group's calendar (the secretariat)."""
    ours("group", path.group_id)
    event = meeting_service.create_event(
        service_context(), actor=current_actor(), group_id=path.group_id, data=body
    )
    return created(event, url_for(".get_event", event_id=event.id))


@bp.patch(f"/events/{EVENT_ID}", responses=responses(200, s.EventView, 403, 404, 409))
def update_event(path: EventPath, body: s.EventUpdate) -> Response:
    """Change an event (the secretariat)."""
    ours("event", path.event_id)
    return view(
        meeting_service.update_event(
            service_context(), actor=current_actor(), event_id=path.event_id, data=body
        )
    )


@bp.delete(f"/events/{EVENT_ID}", responses=responses(204, None, 403, 404))
def delete_event(path: EventPath) -> Response:
    """Remove an event (the secretariat)."""
    ours("event", path.event_id)
    meeting_service.delete_event(service_context(), actor=current_actor(), event_id=path.event_id)
    return no_content()


@bp.get("/consultations", responses=responses(200, ConsultationList))
def list_consultations(query: GroupFilter) -> Response:
    """List the consultations the group is invited to answer."""
    found = reads.list_consultations(
        service_context(), actor=current_actor(), group_id=query.group_id
    )
    return views(paged(found, query))
