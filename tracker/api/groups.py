"""Groups with their overview, roster and secretariat contact; workgroups; people; organisations.
Handlers parse, call one service, return its view."""

from __future__ import annotations

from flask import Response, url_for
from flask_openapi3.blueprint import APIBlueprint
from flask_openapi3.models.tag import Tag
from pydantic import BaseModel, Field, RootModel

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
from tracker.errors import NotFound
from tracker.i18n import N_
from tracker.services import groups as group_service
from tracker.services import reads
from tracker.services.scope import require_person

# What a client can do next with a person or workgroup it made, or with the first group or
# workgroup of a list.
LINKS = {
    "list_groups": (
        Follows(
            parameter="group_id",
            source="0/id",
            operations=("create_workgroup", "add_person", "create_deadline", "create_event"),
        ),
    ),
    "list_workgroups": (
        Follows(body_field="workgroup_id", source="0/id", operations=("create_task",)),
    ),
    "add_person": (Follows(parameter="person_id", operations=("get_person", "update_person")),),
    "create_workgroup": (
        Follows(parameter="workgroup_id", operations=("get_workgroup", "update_workgroup")),
        Follows(body_field="workgroup_id", operations=("create_task",)),
    ),
}

bp = APIBlueprint(
    "groups",
    __name__,
    abp_tags=[Tag(name="groups", description="Groups, workgroups, people and organisations")],
    abp_security=SECURITY,
    abp_responses=common_problems(),
    operation_id_callback=operation_id,
)

GROUP_ID = "<id:group_id>"
WORKGROUP_ID = "<id:workgroup_id>"
PERSON_ID = "<id:person_id>"


class GroupPath(BaseModel):
    """A group's address."""

    group_id: s.Id


class WorkgroupPath(BaseModel):
    """A workgroup's address."""

    workgroup_id: s.Id


class PersonPath(BaseModel):
    """A person's address."""

    person_id: s.Id


class OverviewQuery(s.Input):
    """How far ahead the overview looks for tasks falling due."""

    horizon_days: int = Field(default=14, ge=0, le=366)


class ContactQuery(s.Input):
    """The day to find the secretariat's contact for (today by default)."""

    on: s.IsoDate | None = None


class WorkgroupQuery(Page):
    """Filters of the workgroup list."""

    group_id: s.Id | None = None


class GroupList(RootModel[list[s.GroupView]]):
    """Groups."""


class MemberList(RootModel[list[s.MemberView]]):
    """A roster, by organisation and name."""


class WorkgroupList(RootModel[list[s.WorkgroupView]]):
    """Workgroups by number."""


class PersonList(RootModel[list[s.PersonView]]):
    """People by name."""


class OrganisationList(RootModel[list[s.OrganisationView]]):
    """Organisations by name."""


# --- groups ---------------------------------------------------------------------------------


@bp.get("/groups", responses=responses(200, GroupList))
def list_groups(query: Page) -> Response:
    """List the groups the person belongs to."""
    return views(paged(reads.list_groups(service_context(), actor=current_actor()), query))


@bp.get(f"/groups/{GROUP_ID}", responses=responses(200, s.GroupView, 404))
def get_group(path: GroupPath) -> Response:
    """Read one group."""
    return view(reads.get_group(service_context(), actor=current_actor(), group_id=path.group_id))


@bp.get(f"/groups/{GROUP_ID}/overview", responses=responses(200, s.GroupOverview, 404))
def group_overview(path: GroupPath, query: OverviewQuery) -> Response:
    """The group at a glance: workgroups with counts, next deadlines, the next meeting."""
    return view(
        reads.overview(
            service_context(),
            actor=current_actor(),
            group_id=path.group_id,
            horizon_days=query.horizon_days,
        )
    )


@bp.get(f"/groups/{GROUP_ID}/roster", responses=responses(200, MemberList, 404))
def group_roster(path: GroupPath) -> Response:
    """The group's roster with each person's role."""
    return views(reads.roster(service_context(), actor=current_actor(), group_id=path.group_id))


@bp.get(f"/groups/{GROUP_ID}/contact", responses=responses(200, s.ContactView, 404))
def group_contact(path: GroupPath, query: ContactQuery) -> Response:
    """The secretariat's contact person on a day (`on`, today by default)."""
    ctx = service_context()
    day = query.on or ctx.today()
    contact = reads.contact_on(ctx, actor=current_actor(), group_id=path.group_id, day=day)
    if contact is None:
        raise NotFound(N_("The group has no secretariat contact on {day}."), day=day.isoformat())
    return view(contact)


@bp.post(f"/groups/{GROUP_ID}/people", responses=responses(201, s.PersonView, 403, 404, 409))
def add_person(path: GroupPath, body: s.PersonCreate) -> Response:
    """Add a person to the group's roster (the secretariat)."""
    ours("group", path.group_id)
    person = group_service.add_person(
        service_context(), actor=current_actor(), group_id=path.group_id, data=body
    )
    return created(person, url_for(".get_person", person_id=person.id))


# --- workgroups -----------------------------------------------------------------------------


@bp.get("/workgroups", responses=responses(200, WorkgroupList))
def list_workgroups(query: WorkgroupQuery) -> Response:
    """List the workgroups of the person's groups, optionally of one group."""
    found = reads.list_workgroups(service_context(), actor=current_actor(), group_id=query.group_id)
    return views(paged(found, query))


@bp.get(f"/workgroups/{WORKGROUP_ID}", responses=responses(200, s.WorkgroupView, 404))
def get_workgroup(path: WorkgroupPath) -> Response:
    """Read one workgroup."""
    return view(
        reads.get_workgroup(
            service_context(), actor=current_actor(), workgroup_id=path.workgroup_id
        )
    )


@bp.post(
    f"/groups/{GROUP_ID}/workgroups",
    responses=responses(201, s.WorkgroupView, 403, 404, 409),
)
def create_workgroup(path: GroupPath, body: s.WorkgroupCreate) -> Response:
    """Set up a workgroup in the group (the secretariat)."""
    ours("group", path.group_id)
    workgroup = group_service.create_workgroup(
        service_context(), actor=current_actor(), group_id=path.group_id, data=body
    )
    return created(workgroup, url_for(".get_workgroup", workgroup_id=workgroup.id))


@bp.patch(f"/workgroups/{WORKGROUP_ID}", responses=responses(200, s.WorkgroupView, 403, 404))
def update_workgroup(path: WorkgroupPath, body: s.WorkgroupUpdate) -> Response:
    """Rename a workgroup or change its lead (the secretariat)."""
    ours("workgroup", path.workgroup_id)
    return view(
        group_service.update_workgroup(
            service_context(), actor=current_actor(), workgroup_id=path.workgroup_id, data=body
        )
    )


# --- people and organisations ---------------------------------------------------------------


@bp.get("/people", responses=responses(200, PersonList))
def list_people(query: Page) -> Response:
    """List the person and the people of their groups, by name."""
    return views(paged(reads.list_people(service_context(), actor=current_actor()), query))


@bp.get(f"/people/{PERSON_ID}", responses=responses(200, s.PersonView, 404))
def get_person(path: PersonPath) -> Response:
    """Read one person."""
    return view(
        reads.get_person(service_context(), actor=current_actor(), person_id=path.person_id)
    )


@bp.patch(f"/people/{PERSON_ID}", responses=responses(200, s.PersonView, 403, 404, 409))
def update_person(path: PersonPath, body: s.PersonUpdate) -> Response:
    """Change a person's details (themselves, or their group's secretariat)."""
    require_person(service_context(), current_actor(), person_id=path.person_id)
    return view(
        group_service.update_person(
            service_context(), actor=current_actor(), person_id=path.person_id, data=body
        )
    )


@bp.get("/organisations", responses=responses(200, OrganisationList))
def list_organisations(query: Page) -> Response:
    """List the organisations of the people the person can see, by name."""
    return views(paged(reads.list_organisations(service_context(), actor=current_actor()), query))
