"""The reads of the API and the chat as one asker may see them: each asks `scope` first, so a thing
of another group answers "not found" and a list shows only the asker's groups. The services
under these read for anyone (the worker and the importer need that); the edges read here."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any, Protocol, TypeVar

from tracker import schemas as s
from tracker.models import TaskStatus
from tracker.services import contributions, groups, history, meetings, tasks
from tracker.services.context import Actor, ServiceContext
from tracker.services.scope import (
    ReadScope,
    filter_groups,
    group_of,
    read_scope,
    readable_people,
    require_person,
    require_readable,
)


class _Listed(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def due_on(self) -> date | None: ...


class _InGroup(Protocol):
    @property
    def group_id(self) -> int: ...


L = TypeVar("L", bound=_Listed)
G = TypeVar("G", bound=_InGroup)


def _of_groups(
    ctx: ServiceContext, actor: Actor, group_id: int | None, fetch: Callable[[], list[G]]
) -> list[G]:
    """What `fetch` lists, of the actor's groups only; nothing when `group_id` is not one."""
    scope = read_scope(ctx, actor)
    if scope.narrow(group_id) == []:
        return []
    return filter_groups(fetch(), scope, lambda item: item.group_id)


# --- groups, workgroups and people ----------------------------------------------------------


def list_groups(ctx: ServiceContext, *, actor: Actor) -> list[s.GroupView]:
    """The groups the actor reads."""
    return filter_groups(groups.list_groups(ctx), read_scope(ctx, actor), lambda g: g.id)


def get_group(ctx: ServiceContext, *, actor: Actor, group_id: int) -> s.GroupView:
    """One group of the actor's."""
    require_readable(ctx, actor, kind="group", id=group_id)
    return groups.get_group(ctx, group_id=group_id)


def overview(
    ctx: ServiceContext, *, actor: Actor, group_id: int, horizon_days: int = 14
) -> s.GroupOverview:
    """The overview of one group of the actor's."""
    require_readable(ctx, actor, kind="group", id=group_id)
    return groups.overview(ctx, group_id=group_id, horizon_days=horizon_days)


def roster(ctx: ServiceContext, *, actor: Actor, group_id: int) -> list[s.MemberView]:
    """The roster of one group of the actor's."""
    require_readable(ctx, actor, kind="group", id=group_id)
    return groups.roster(ctx, group_id=group_id)


def contact_on(
    ctx: ServiceContext, *, actor: Actor, group_id: int, day: date
) -> s.ContactView | None:
    """The secretariat's contact on a day, in one group of the actor's."""
    require_readable(ctx, actor, kind="group", id=group_id)
    return groups.contact_on(ctx, group_id=group_id, day=day)


def list_workgroups(
    ctx: ServiceContext, *, actor: Actor, group_id: int | None = None
) -> list[s.WorkgroupView]:
    """The workgroups of the actor's groups (or of one of them)."""
    return _of_groups(ctx, actor, group_id, lambda: groups.list_workgroups(ctx, group_id=group_id))


def get_workgroup(ctx: ServiceContext, *, actor: Actor, workgroup_id: int) -> s.WorkgroupView:
    """One workgroup of the actor's groups."""
    require_readable(ctx, actor, kind="workgroup", id=workgroup_id)
    return groups.get_workgroup(ctx, workgroup_id=workgroup_id)


def _people(ctx: ServiceContext, actor: Actor, found: Iterable[s.PersonView]) -> list[s.PersonView]:
    allowed = readable_people(ctx, read_scope(ctx, actor))
    return [p for p in found if allowed is None or p.id in allowed]


def list_people(ctx: ServiceContext, *, actor: Actor) -> list[s.PersonView]:
    """The actor and the people of the actor's groups, by name."""
    return _people(ctx, actor, groups.list_people(ctx))


def find_people(ctx: ServiceContext, *, actor: Actor, name: str) -> list[s.PersonView]:
    """People of the actor's groups by (part of) their name."""
    return _people(ctx, actor, groups.find_people(ctx, name=name))


def get_person(ctx: ServiceContext, *, actor: Actor, person_id: int) -> s.PersonView:
    """One person who shares a group with the actor (or the actor)."""
    require_person(ctx, actor, person_id=person_id)
    return groups.get_person(ctx, person_id=person_id)


def list_organisations(ctx: ServiceContext, *, actor: Actor) -> list[s.OrganisationView]:
    """The organisations of the actor's groups and of the people in them, by name."""
    everyone = groups.list_organisations(ctx)
    if read_scope(ctx, actor).groups is None:
        return everyone
    names = {p.organisation for p in list_people(ctx, actor=actor) if p.organisation}
    names.update(g.organisation for g in list_groups(ctx, actor=actor) if g.organisation)
    return [o for o in everyone if o.name in names]


# --- tasks ----------------------------------------------------------------------------------


def _due_order(task: _Listed) -> tuple[bool, date, int]:
    return (task.due_on is None, task.due_on or date.min, task.id)


def _task_groups(
    ctx: ServiceContext, scope: ReadScope, group_id: int | None, workgroup_id: int | None
) -> list[int] | None:
    """The groups a task list may draw from (None: all)."""
    wanted = scope.narrow(group_id)
    if workgroup_id is None:
        return wanted
    home = group_of(ctx, kind="workgroup", id=workgroup_id)
    if not scope.covers(home) or (wanted is not None and home not in wanted):
        return []
    return None if wanted is None else [home] if home is not None else []


def _across(
    fetch: Callable[..., list[L]], found_in: list[int] | None, limit: int, offset: int
) -> list[L]:
    """One page of a task list drawn from several groups, in the order each list has."""
    if found_in is None:
        return fetch(group_id=None, limit=limit, offset=offset)
    if len(found_in) == 1:
        return fetch(group_id=found_in[0], limit=limit, offset=offset)
    lists = [fetch(group_id=g, limit=offset + limit, offset=0) for g in found_in]
    merged = list(heapq.merge(*lists, key=_due_order))
    return merged[offset : offset + limit]


def list_tasks(
    ctx: ServiceContext,
    *,
    actor: Actor,
    group_id: int | None = None,
    workgroup_id: int | None = None,
    owner_id: int | None = None,
    statuses: Iterable[TaskStatus] | None = None,
    due_before: date | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[s.TaskView]:
    """Tasks of the actor's groups matching the filters, soonest due first."""
    wanted = tuple(statuses) if statuses is not None else None

    def fetch(**where: Any) -> list[s.TaskView]:
        return tasks.list_tasks(
            ctx,
            workgroup_id=workgroup_id,
            owner_id=owner_id,
            statuses=wanted,
            due_before=due_before,
            **where,
        )

    found_in = _task_groups(ctx, read_scope(ctx, actor), group_id, workgroup_id)
    return [] if found_in == [] else _across(fetch, found_in, limit, offset)


def list_task_summaries(
    ctx: ServiceContext,
    *,
    actor: Actor,
    group_id: int | None = None,
    workgroup_id: int | None = None,
    owner_id: int | None = None,
    statuses: Iterable[TaskStatus] | None = None,
    limit: int = 200,
) -> list[s.TaskSummary]:
    """Like `list_tasks`, as the lines of a chat list."""
    wanted = tuple(statuses) if statuses is not None else None

    def fetch(*, group_id: int | None, limit: int, offset: int) -> list[s.TaskSummary]:
        # Summaries have no offset: ask for the page's end and cut.
        found = tasks.list_task_summaries(
            ctx,
            group_id=group_id,
            workgroup_id=workgroup_id,
            owner_id=owner_id,
            statuses=wanted,
            limit=offset + limit,
        )
        return found[offset:]

    found_in = _task_groups(ctx, read_scope(ctx, actor), group_id, workgroup_id)
    return [] if found_in == [] else _across(fetch, found_in, limit, 0)


def get_task(ctx: ServiceContext, *, actor: Actor, task_id: int) -> s.TaskView:
    """One task of the actor's groups."""
    require_readable(ctx, actor, kind="task", id=task_id)
    return tasks.get_task(ctx, task_id=task_id)


def list_comments(ctx: ServiceContext, *, actor: Actor, task_id: int) -> list[s.CommentView]:
    """The comments of one task of the actor's groups."""
    require_readable(ctx, actor, kind="task", id=task_id)
    return tasks.list_comments(ctx, task_id=task_id)


def task_history(ctx: ServiceContext, *, actor: Actor, task_id: int) -> list[s.ChangeView]:
    """The history of a task of the actor's groups (a deleted one by its last workgroup)."""
    require_readable(ctx, actor, kind="task", id=task_id)
    return history.history(ctx, entity="task", entity_id=task_id)


# --- meetings and the calendar --------------------------------------------------------------


def list_meetings(
    ctx: ServiceContext, *, actor: Actor, group_id: int | None = None
) -> list[s.MeetingView]:
    """The meetings of the actor's groups (or of one of them), in date order."""
    return _of_groups(ctx, actor, group_id, lambda: meetings.list_meetings(ctx, group_id=group_id))


def get_meeting(ctx: ServiceContext, *, actor: Actor, meeting_id: int) -> s.MeetingView:
    """One meeting of the actor's groups."""
    require_readable(ctx, actor, kind="meeting", id=meeting_id)
    return meetings.get_meeting(ctx, meeting_id=meeting_id)


def get_agenda_item(ctx: ServiceContext, *, actor: Actor, item_id: int) -> s.AgendaItemView:
    """One agenda item of a meeting of the actor's groups."""
    require_readable(ctx, actor, kind="agenda_item", id=item_id)
    return meetings.get_agenda_item(ctx, item_id=item_id)


def list_contributions(
    ctx: ServiceContext,
    *,
    actor: Actor,
    meeting_id: int | None = None,
    agenda_item_id: int | None = None,
) -> list[s.ContributionView]:
    """Contributions to meetings of the actor's groups, per agenda item in the order they came."""
    scope = read_scope(ctx, actor)
    for kind, id_ in (("meeting", meeting_id), ("agenda_item", agenda_item_id)):
        if id_ is not None and not scope.covers(group_of(ctx, kind=kind, id=id_)):
            return []
    if meeting_id is not None or agenda_item_id is not None or scope.groups is None:
        return contributions.list_contributions(
            ctx, meeting_id=meeting_id, agenda_item_id=agenda_item_id
        )
    return [
        contribution
        for meeting in list_meetings(ctx, actor=actor)
        for contribution in contributions.list_contributions(ctx, meeting_id=meeting.id)
    ]


def list_deadlines(
    ctx: ServiceContext, *, actor: Actor, group_id: int | None = None, meeting_id: int | None = None
) -> list[s.DeadlineView]:
    """Deadlines of the actor's groups, soonest first."""
    return _of_groups(
        ctx,
        actor,
        group_id,
        lambda: meetings.list_deadlines(ctx, group_id=group_id, meeting_id=meeting_id),
    )


def get_deadline(ctx: ServiceContext, *, actor: Actor, deadline_id: int) -> s.DeadlineView:
    """One deadline of the actor's groups."""
    require_readable(ctx, actor, kind="deadline", id=deadline_id)
    return meetings.get_deadline(ctx, deadline_id=deadline_id)


def list_events(
    ctx: ServiceContext, *, actor: Actor, group_id: int | None = None
) -> list[s.EventView]:
    """Events of the actor's groups in date order."""
    return _of_groups(ctx, actor, group_id, lambda: meetings.list_events(ctx, group_id=group_id))


def get_event(ctx: ServiceContext, *, actor: Actor, event_id: int) -> s.EventView:
    """One event of the actor's groups."""
    require_readable(ctx, actor, kind="event", id=event_id)
    return meetings.get_event(ctx, event_id=event_id)


def list_consultations(
    ctx: ServiceContext, *, actor: Actor, group_id: int | None = None
) -> list[s.ConsultationView]:
    """The consultations the actor's groups are invited to answer."""
    return _of_groups(
        ctx, actor, group_id, lambda: meetings.list_consultations(ctx, group_id=group_id)
    )
