"""Meetings with their agenda, agenda items, and the contributions members send to them.
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
    operation_id,
    ours,
    paged,
    responses,
    service_context,
    view,
    views,
)
from tracker.services import contributions as contribution_service
from tracker.services import meetings as meeting_service
from tracker.services import reads

# What a client can do next with a contribution it sent.
LINKS = {
    "submit_contribution": (
        Follows(parameter="item_id", source="agenda_item_id", operations=("get_agenda_item",)),
    ),
}

bp = APIBlueprint(
    "meetings",
    __name__,
    abp_tags=[Tag(name="meetings", description="Meetings, agendas and contributions")],
    abp_security=SECURITY,
    abp_responses=common_problems(),
    operation_id_callback=operation_id,
)

MEETING_ID = "<id:meeting_id>"
ITEM_ID = "<id:item_id>"


class MeetingPath(BaseModel):
    """A meeting's address."""

    meeting_id: s.Id


class AgendaItemPath(BaseModel):
    """An agenda item's address."""

    item_id: s.Id


class MeetingQuery(Page):
    """Filters of the meeting list."""

    group_id: s.Id | None = None


class ContributionQuery(Page):
    """Filters of the contribution list."""

    meeting_id: s.Id | None = None
    agenda_item_id: s.Id | None = None


class MeetingList(RootModel[list[s.MeetingView]]):
    """Meetings in date order."""


class ContributionList(RootModel[list[s.ContributionView]]):
    """Contributions per agenda item in the order they came."""


@bp.get("/meetings", responses=responses(200, MeetingList))
def list_meetings(query: MeetingQuery) -> Response:
    """List meetings with their agendas, optionally of one group."""
    found = reads.list_meetings(service_context(), actor=current_actor(), group_id=query.group_id)
    return views(paged(found, query))


@bp.get(f"/meetings/{MEETING_ID}", responses=responses(200, s.MeetingView, 404))
def get_meeting(path: MeetingPath) -> Response:
    """Read one meeting with its parts and agenda."""
    return view(
        reads.get_meeting(service_context(), actor=current_actor(), meeting_id=path.meeting_id)
    )


@bp.patch(f"/meetings/{MEETING_ID}", responses=responses(200, s.MeetingView, 403, 404, 409))
def update_meeting(path: MeetingPath, body: s.MeetingUpdate) -> Response:
    """Reschedule or rename a meeting; relative deadlines move along. `version` guards it."""
    ours("meeting", path.meeting_id)
    return view(
        meeting_service.update_meeting(
            service_context(), actor=current_actor(), meeting_id=path.meeting_id, data=body
        )
    )


@bp.get(f"/agenda-items/{ITEM_ID}", responses=responses(200, s.AgendaItemView, 404))
def get_agenda_item(path: AgendaItemPath) -> Response:
    """Read one agenda item with its sub-points."""
    return view(
        reads.get_agenda_item(service_context(), actor=current_actor(), item_id=path.item_id)
    )


@bp.get("/contributions", responses=responses(200, ContributionList))
def list_contributions(query: ContributionQuery) -> Response:
    """List contributions of a meeting or an agenda item, each marked late or not."""
    found = reads.list_contributions(
        service_context(),
        actor=current_actor(),
        meeting_id=query.meeting_id,
        agenda_item_id=query.agenda_item_id,
    )
    return views(paged(found, query))


@bp.post("/contributions", responses=responses(201, s.ContributionView, 403))
def submit_contribution(body: s.ContributionCreate) -> Response:
    """Send written input or a minutes line to an agenda item."""
    contribution = contribution_service.submit_contribution(
        service_context(), actor=current_actor(), data=body
    )
    return created(
        contribution, url_for(".list_contributions", agenda_item_id=contribution.agenda_item_id)
    )
