"""Handlers for deadlines, the next meeting, contributions, the contact person and summaries."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from chatops import commands as c
from chatops.formatting import clock_range, long_day, short_day
from chatops.handlers.common import (
    addressable_items,
    item_candidates,
    next_meeting_of,
    require_group,
    resolve_workgroup,
    task_line,
)
from chatops.handlers.env import Env
from chatops.reply import (
    Block,
    BulletList,
    Choice,
    Field,
    Fields,
    Heading,
    Paragraph,
    Reply,
    Visibility,
)
from chatops.summary_reply import summary_reply
from chatops.typed import typed_command
from tracker import schemas as s
from tracker.errors import NotFound
from tracker.i18n import N_
from tracker.models import OPEN_STATUSES, ContributionKind
from tracker.services import contributions, groups, meetings, reads, summaries, tasks

OPEN = OPEN_STATUSES
MAX_LINES = 25
_WHOLE_GROUP = {"alle", "all", "faggruppen", "gruppen", "the group", "group", "hele faggruppen"}


def _task_blocks(found: list[s.TaskSummary], env: Env, *, with_workgroup: bool) -> list[Block]:
    blocks: list[Block] = [
        task_line(t, env, with_workgroup=with_workgroup) for t in found[:MAX_LINES]
    ]
    if len(found) > MAX_LINES:
        blocks.append(Paragraph(env.t(N_("… and {count} more."), count=len(found) - MAX_LINES)))
    return blocks


def _deadline_lines(items: list[s.DeadlineView], env: Env) -> list[Block]:
    upcoming = [d for d in items if d.resolved_on is not None and d.resolved_on >= env.today]
    if not upcoming:
        return []
    return [
        Heading(env.t(N_("Deadlines of the group"))),
        Fields(
            tuple(
                Field(
                    short_day(d.resolved_on, env.language, env.today),
                    (
                        env.t(N_("item {label}: "), label=d.agenda_item_label)
                        if d.agenda_item_label
                        else ""
                    )
                    + d.title,
                )
                for d in upcoming
                if d.resolved_on is not None
            )
        ),
    ]


def _scoped_workgroup(command: c.Deadlines, env: Env) -> s.WorkgroupView | None:
    """The workgroup a deadlines question is about: named, else the room's; None for the group."""
    if command.scope:
        if command.scope.casefold() in _WHOLE_GROUP:
            return None
        return resolve_workgroup(env, command.scope)
    return env.room_workgroup


def deadlines(command: c.Deadlines, env: Env) -> Reply:
    """Due dates: mine, a workgroup's, or the whole group's (the room decides by default)."""
    group_id = require_group(env)
    if command.mine:
        assert env.person is not None
        found = reads.list_task_summaries(
            env.ctx, actor=env.actor, owner_id=env.person.id, statuses=OPEN
        )
        found = [t for t in found if t.due_on is not None]
        heading = env.t(N_("Your deadlines"))
        blocks = _task_blocks(found, env, with_workgroup=True)
    elif (workgroup := _scoped_workgroup(command, env)) is not None:
        found = [
            t
            for t in tasks.list_task_summaries(env.ctx, workgroup_id=workgroup.id, statuses=OPEN)
            if t.due_on is not None
        ]
        heading = env.t(
            N_("Deadlines of workgroup {number} {name}"),
            number=workgroup.number,
            name=workgroup.name,
        )
        blocks = _task_blocks(found, env, with_workgroup=False)
    else:
        found = [
            t
            for t in tasks.list_task_summaries(env.ctx, group_id=group_id, statuses=OPEN)
            if t.due_on is not None
        ]
        heading = env.t(N_("Deadlines"))
        blocks = _deadline_lines(meetings.list_deadlines(env.ctx, group_id=group_id), env)
        if found:
            blocks.append(Heading(env.t(N_("Tasks"))))
        blocks.extend(_task_blocks(found, env, with_workgroup=True))
    if not blocks:
        blocks = [Paragraph(env.t(N_("No open deadlines.")))]
    return Reply((Heading(heading), *blocks), env.language, task_ids=tuple(t.id for t in found))


def due_for_meeting(command: c.DueForMeeting, env: Env) -> Reply:
    """What must be ready for the next meeting."""
    meeting = next_meeting_of(env)
    day = meeting.starts_at.astimezone(env.ctx.zone).date()
    scope = {"workgroup_id": env.workgroup_id} if env.workgroup_id else {"group_id": env.group_id}
    found = [
        t
        for t in tasks.list_task_summaries(env.ctx, statuses=OPEN, **scope)
        if t.meeting_id == meeting.id or (t.due_on is not None and t.due_on <= day)
    ]
    blocks: list[Block] = [
        Heading(env.t(N_("Due for the meeting on {date}"), date=long_day(day, env.language)))
    ]
    blocks.extend(_deadline_lines(meetings.list_deadlines(env.ctx, meeting_id=meeting.id), env))
    if found:
        blocks.append(Heading(env.t(N_("Tasks"))))
        blocks.extend(_task_blocks(found, env, with_workgroup=env.workgroup_id is None))
    elif len(blocks) == 1:
        blocks.append(Paragraph(env.t(N_("Nothing is registered as due for that meeting."))))
    return Reply(tuple(blocks), env.language, task_ids=tuple(t.id for t in found))


def next_meeting(command: c.NextMeeting, env: Env) -> Reply:
    """The next meeting with its time, place and agenda."""
    meeting = next_meeting_of(env)
    zone = env.ctx.zone
    day = meeting.starts_at.astimezone(zone).date()
    blocks: list[Block] = [
        Fields(
            (
                Field(
                    env.t(N_("When")),
                    f"{long_day(day, env.language)} "
                    + clock_range(meeting.starts_at, meeting.ends_at, zone),
                ),
                Field(env.t(N_("Where")), meeting.place or env.t(N_("not set"))),
            )
        )
    ]
    for part in meeting.parts:
        when = clock_range(part.starts_at, part.ends_at, zone)
        blocks.append(Heading(f"{part.title} ({when})" if when else part.title))
        items: list[tuple[int, str]] = []
        for item in part.items:
            items.append((0, f"{item.label}. {item.title}"))
            items.extend((p.level + 1, p.text) for p in item.sub_points if p.level < 1)
        blocks.append(BulletList(tuple(items)))
    return Reply(tuple(blocks), env.language, title=meeting.title)


def contribute(command: c.Contribute, env: Env) -> Reply:
    """Written input or a minutes line for an agenda item of the next meeting.

    Without an item, the meeting's item that asks for that kind of contribution takes it; where
    no one item does (or the words name several), the reply asks which, one choice per item."""
    meeting = next_meeting_of(env)
    if command.item is None:
        found = contributions.items_asking_for(env.ctx, meeting=meeting, kind=command.kind)
    else:
        found = item_candidates(meeting, command.item)
        if not found:
            raise NotFound(
                N_("The next meeting has no item {ref} on its agenda."), ref=command.item
            )
    if len(found) != 1:
        return _which_item(command, found or addressable_items(meeting), meeting, env)
    (item,) = found
    made = contributions.submit_contribution(
        env.ctx,
        actor=env.actor,
        data=s.ContributionCreate(agenda_item_id=item.id, body=command.text, kind=command.kind),
    )
    message = (
        N_("Your line for the minutes of item {label} ({title}) is registered.")
        if command.kind == ContributionKind.MINUTES
        else N_("Your input to item {label} ({title}) is registered.")
    )
    blocks: list[Block] = [Paragraph(env.t(message, label=item.label, title=item.title))]
    if made.late:
        blocks.append(
            Paragraph(
                env.t(
                    N_("Note: it came after the deadline; the secretariat sees it marked as late.")
                )
            )
        )
    return Reply(tuple(blocks), env.language, visibility=Visibility.ROOM)


def _which_item(
    command: c.Contribute, items: list[s.AgendaItemView], meeting: s.MeetingView, env: Env
) -> Reply:
    """Ask which item a contribution is for: each choice is the command with that item's number.

    Only items a number reaches are offered, so each choice does what its label says."""
    reachable = {item.id for item in addressable_items(meeting)}
    return Reply(
        (Paragraph(env.t(N_("Which item is it about?"))),),
        env.language,
        choices=tuple(
            Choice(
                label=f"{item.label}. {item.title}",
                command=typed_command(replace(command, item=item.label), env.language),
            )
            for item in items
            if item.id in reachable
        ),
    )


def contact(command: c.Contact, env: Env) -> Reply:
    """Who the secretariat's contact person is now, and any change ahead."""
    group_id = require_group(env)
    now = groups.contact_on(env.ctx, group_id=group_id, day=env.today)
    blocks: list[Block] = []
    if now is None:
        blocks.append(Paragraph(env.t(N_("No contact person is registered."))))
    else:
        details = [now.person.full_name]
        if now.person.organisation:
            details.append(now.person.organisation)
        if now.person.phone:
            details.append(env.t(N_("phone {phone}"), phone=now.person.phone))
        if now.person.email:
            details.append(now.person.email)
        blocks.append(
            Paragraph(env.t(N_("The contact person is {details}."), details=", ".join(details)))
        )
        if now.valid_to is not None:
            later = groups.contact_on(
                env.ctx, group_id=group_id, day=now.valid_to + timedelta(days=1)
            )
            if later is not None:
                blocks.append(
                    Paragraph(
                        env.t(
                            N_("From {date} the contact person is {name}."),
                            date=short_day(
                                later.valid_from or now.valid_to, env.language, env.today
                            ),
                            name=later.person.full_name,
                        )
                    )
                )
    return Reply(tuple(blocks), env.language)


def summary(command: c.Summary, env: Env) -> Reply:
    """The weekly status summary on demand: the room's workgroup, one named, or the overview."""
    group_id = require_group(env)
    workgroup_id = env.workgroup_id
    if command.workgroup:
        workgroup_id = resolve_workgroup(env, command.workgroup).id
    built = summaries.group_summary(env.ctx, group_id=group_id, workgroup_id=workgroup_id)
    return summary_reply(built, env, single=workgroup_id is not None)
