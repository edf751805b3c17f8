"""Pieces every handler uses: task lines with their actions, and resolving what people type
(a workgroup by number or name, a person by mention or name, an agenda item by number or title)."""

from __future__ import annotations

import difflib
import re
from functools import cache

from chatops.formatting import short_day
from chatops.handlers.env import Env
from chatops.reply import Action, TaskLine
from chatops.vocabulary import status_label
from tracker.errors import InvalidInput, NotFound
from tracker.i18n import N_
from tracker.models import TaskStatus
from tracker.schemas import (
    AgendaItemView,
    MeetingView,
    PersonView,
    TaskSummary,
    TaskView,
    WorkgroupView,
)
from tracker.services import groups, identity, meetings, reads

_MENTION = re.compile(r"^<@(?P<id>[^>|]+)(?:\|[^>]*)?>$")


@cache
def _status_steps(status: TaskStatus, language: str) -> tuple[tuple[str, str], ...]:
    """The label and value of each status a press can move a task to (lists show many)."""
    return tuple(
        (status_label(step, language), step.value)
        for step in status.one_press_statuses  # blocking needs a reason: typed, not a button
    )


def task_line(task: TaskView | TaskSummary, env: Env, *, with_workgroup: bool = False) -> TaskLine:
    """A task as a reply line, with buttons-to-be for its next statuses."""
    language = env.language
    overdue = task.due_on is not None and task.due_on < env.today and task.status != TaskStatus.DONE
    actions = tuple(
        Action(
            label=label,
            command=f"#{task.id} {label}",
            task_id=task.id,
            kind="status",
            value=value,
        )
        for label, value in _status_steps(task.status, language)
    )
    note = None
    if task.status == TaskStatus.BLOCKED and task.blocked_reason:
        note = env.t(N_("Blocked: {reason}"), reason=task.blocked_reason)
    return TaskLine(
        task_id=task.id,
        title=task.title,
        status=task.status,
        status_label=status_label(task.status, language),
        owner=task.owner_name,
        due=task.due_on,
        due_label=short_day(task.due_on, language, env.today) if task.due_on else None,
        overdue=overdue,
        workgroup=env.t(N_("group {number}"), number=task.workgroup_number)
        if with_workgroup
        else None,
        note=note,
        actions=actions,
        version=task.version,
    )


def require_group(env: Env) -> int:
    """The group this conversation is about (always one the sender belongs to)."""
    if env.group_id is None:
        if env.person is not None:
            raise NotFound(N_("You are on no group's roster here; ask the secretariat to add you."))
        raise NotFound(N_("There is no group yet; the secretariat must import an invitation."))
    return env.group_id


def _readable(env: Env, person: PersonView) -> bool:
    """Whether the sender may see this person: someone of their groups, or themselves."""
    try:
        reads.get_person(env.ctx, actor=env.actor, person_id=person.id)
    except NotFound:
        return False
    return True


def resolve_workgroup(env: Env, ref: str) -> WorkgroupView:
    """A workgroup by number ("2", "gruppe 2") or by (part of) its name ("sirkulær")."""
    group_id = require_group(env)
    workgroups = groups.list_workgroups(env.ctx, group_id=group_id)
    cleaned = re.sub(
        r"^(?:arbeids)?(?:gruppe|group|workgroup|wg)\s*", "", ref.strip(), flags=re.I
    ).strip()
    if cleaned.isdigit():
        for workgroup in workgroups:
            if workgroup.number == int(cleaned):
                return workgroup
    wanted = cleaned.casefold()
    if wanted:
        hits = [wg for wg in workgroups if wanted in wg.name.casefold()]
        if len(hits) == 1:
            return hits[0]
        names = {wg.name.casefold(): wg for wg in workgroups}
        close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.75)
        if close and not hits:
            return names[close[0]]
    numbers = ", ".join(f"{wg.number} {wg.name}" for wg in workgroups)
    raise NotFound(
        N_("I know no workgroup «{ref}». The workgroups are: {list}."), ref=ref, list=numbers
    )


def default_workgroup(env: Env) -> WorkgroupView | None:
    """The workgroup of the room, else the only one the sender leads or belongs to."""
    if env.room_workgroup is not None:
        return env.room_workgroup
    if env.person is None or env.group_id is None:
        return None
    led = [
        wg
        for wg in groups.list_workgroups(env.ctx, group_id=env.group_id)
        if wg.lead_id == env.person.id
    ]
    return led[0] if len(led) == 1 else None


def resolve_person(env: Env, ref: str) -> PersonView:
    """A person by platform mention (<@U123>), by "meg"/"me", or by full or first name."""
    ref = ref.strip().lstrip("@").strip()
    mention = _MENTION.match(ref) or _MENTION.match(
        "<@" + ref + ">" if ref.startswith("U") and ref.isalnum() and ref.isupper() else ""
    )
    if mention:
        person = identity.person_for_identity(
            env.ctx, platform=env.platform, user_id=mention.group("id")
        )
        if person is None or not _readable(env, person):
            raise NotFound(N_("That person has not linked their chat account yet."))
        return person
    if ref.casefold() in {"meg", "me", "meg selv", "myself"} and env.person is not None:
        return env.person
    found = reads.find_people(env.ctx, actor=env.actor, name=ref)
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(N_("I know no one called «{name}»."), name=ref)
    names = ", ".join(p.full_name for p in found[:5])
    raise InvalidInput(
        N_("Several people match «{name}»: {list}. Write the full name."), name=ref, list=names
    )


def next_meeting_of(env: Env) -> MeetingView:
    """The group's next meeting, or a clear error."""
    meeting = meetings.next_meeting(env.ctx, group_id=require_group(env))
    if meeting is None:
        raise NotFound(N_("No meeting is planned yet."))
    return meeting


def item_candidates(meeting: MeetingView, ref: str) -> list[AgendaItemView]:
    """The items `ref` may mean: by number as written ("3", "3/25"), else by words of the title.

    Where both the common part and the group's own part have a match, the group's part wins,
    as it does for numbers: that is the part the group's members write about."""
    ref = ref.strip()
    found = [
        item
        for part in meeting.parts
        for item in part.items
        if ref in (item.label, str(item.number))
    ] or meetings.find_items(meeting, ref)
    own = {item.id for part in meeting.parts if part.is_group_part for item in part.items}
    return [item for item in found if item.id in own] or found


def addressable_items(meeting: MeetingView) -> list[AgendaItemView]:
    """The items a number reaches: the group part's, and the common part's it does not shadow."""
    ordered = sorted(meeting.parts, key=lambda p: not p.is_group_part)
    seen: dict[str, AgendaItemView] = {}
    for part in ordered:
        for item in part.items:
            seen.setdefault(item.label, item)
    ids = {item.id for item in seen.values()}
    return [item for part in meeting.parts for item in part.items if item.id in ids]


def resolve_item(env: Env, meeting: MeetingView, ref: str) -> AgendaItemView:
    """An agenda item of the meeting by its number or by words of its title; one, or an error."""
    found = item_candidates(meeting, ref)
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(N_("The next meeting has no item {ref} on its agenda."), ref=ref)
    names = ", ".join(f"{item.label} {item.title}" for item in found)
    raise InvalidInput(
        N_("Several items match «{ref}»: {list}. Write the item's number."), ref=ref, list=names
    )
