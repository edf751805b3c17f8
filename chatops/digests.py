"""Messages nobody asked for, built from ids at delivery time: the weekly summary and the group
overview (the very reply the chat command shows), a person's reminder bundle, the pre-meeting
digest and the draft agenda posted to a room. The worker calls these with what its outbox row
holds; platform rendering is the sender's business. Each reads the database as it is then."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from chatops.formatting import long_day, short_day
from chatops.handlers.common import resolve_workgroup, task_line
from chatops.handlers.env import Env
from chatops.handlers.meeting_cycle import agenda_blocks
from chatops.reply import Block, BulletList, Heading, Paragraph, Reply, Visibility
from chatops.summary_reply import summary_reply
from tracker.i18n import N_, normalise_language, translate
from tracker.models import Channel
from tracker.schemas import WorkgroupView
from tracker.services import agenda_draft, groups, schedule, summaries
from tracker.services.context import Actor, ServiceContext

# How a member sends written input, as they would type it (the command words of each language).
_INPUT_EXAMPLE = {"nb": "innspill sak {label}: …", "en": "input item {label}: …"}


def group_context(ctx: ServiceContext, group_id: int) -> ServiceContext:
    """The service context in the group's own time zone."""
    zone = groups.get_group(ctx, group_id=group_id).timezone
    return ctx if zone == ctx.zone.key else replace(ctx, zone=ZoneInfo(zone))


def _env(
    ctx: ServiceContext,
    *,
    language: str,
    platform: str = "",
    room_id: str = "",
    group_id: int | None = None,
    workgroup: WorkgroupView | None = None,
) -> Env:
    # A message nobody asked for: the system speaks, to no one in particular.
    language = normalise_language(language)
    return Env(
        ctx=ctx,
        actor=Actor.system_actor(Channel.SYSTEM, language),
        person=None,
        language=language,
        platform=platform,
        room_id=room_id,
        sender_id="",
        group_id=group_id,
        room_workgroup=workgroup,
        today=ctx.today(),
    )


def find_workgroup_id(ctx: ServiceContext, *, group_id: int, ref: str, language: str) -> int:
    """A workgroup of the group by number or (part of) its name, as the chat understands it."""
    return resolve_workgroup(_env(ctx, language=language, group_id=group_id), ref).id


def summary_message(
    ctx: ServiceContext,
    *,
    group_id: int,
    workgroup_id: int | None,
    language: str,
    platform: str = "",
    room_id: str = "",
) -> Reply | None:
    """A workgroup's weekly summary, or (without a workgroup) the overview of the group."""
    gctx = group_context(ctx, group_id)
    built = summaries.group_summary(gctx, group_id=group_id, workgroup_id=workgroup_id)
    if workgroup_id is not None and not built.workgroups:
        return None  # the workgroup is gone
    env = _env(
        gctx,
        language=language,
        platform=platform,
        room_id=room_id,
        group_id=group_id,
        workgroup=built.workgroups[0].workgroup if workgroup_id is not None else None,
    )
    return summary_reply(built, env, single=workgroup_id is not None)


def workgroup_messages(ctx: ServiceContext, *, group_id: int, language: str) -> list[Reply]:
    """Every workgroup's summary message, from one summary of the whole group."""
    gctx = group_context(ctx, group_id)
    built = summaries.group_summary(gctx, group_id=group_id)
    messages = []
    for part in built.workgroups:
        one = built.model_copy(update={"workgroups": [part]})
        env = _env(gctx, language=language, group_id=group_id, workgroup=part.workgroup)
        messages.append(summary_reply(one, env, single=True))
    return messages


def reminder_message(
    ctx: ServiceContext, *, payload: dict[str, Any], language: str, platform: str
) -> Reply | None:
    """A person's reminders of the day (the reminder row's payload of ids), as far as they still
    hold; None when nothing is left."""
    group_ids = [int(g) for g in payload.get("group_ids", [])]
    gctx = group_context(ctx, group_ids[0]) if group_ids else ctx
    bundle = schedule.reminder_bundle(gctx, payload=payload)
    if bundle is None:
        return None
    env = _env(gctx, language=language, platform=platform)
    blocks: list[Block] = []
    overdue = [r.task for r in bundle.tasks if r.task.due_on and r.task.due_on < env.today]
    coming = [r.task for r in bundle.tasks if r.task.due_on and r.task.due_on >= env.today]
    for title, found in ((N_("Overdue"), overdue), (N_("Due soon"), coming)):
        if found:
            blocks.append(Heading(env.t(title) + f" ({len(found)})"))
            blocks.extend(task_line(task, env, with_workgroup=True) for task in found)
    if bundle.contributions:
        blocks.append(Heading(env.t(N_("Written input"))))
        for item in bundle.contributions:
            due = short_day(item.due_on, env.language, env.today)
            if item.item_label is not None:
                blocks.append(
                    Paragraph(
                        env.t(
                            N_(
                                "Item {label} {title}: the deadline for written input is {date}, "
                                "and yours has not come in yet."
                            ),
                            label=item.item_label,
                            title=item.item_title or "",
                            date=due,
                        )
                    )
                )
                example = _INPUT_EXAMPLE[env.language].format(label=item.item_label)
                blocks.append(
                    Paragraph(env.t(N_("Write «{example}» to send it."), example=example))
                )
            else:
                blocks.append(
                    Paragraph(
                        env.t(
                            N_(
                                "The deadline for written input to {meeting} is {date}, and "
                                "yours has not come in yet."
                            ),
                            meeting=item.meeting_title or "",
                            date=due,
                        )
                    )
                )
    title = env.t(
        N_("Reminders for {name}, {date}"),
        name=bundle.person.first_name,
        date=long_day(env.today, env.language),
    )
    task_ids = tuple(r.task.id for r in bundle.tasks)
    return Reply(
        tuple(blocks), env.language, visibility=Visibility.ROOM, title=title, task_ids=task_ids
    )


def digest_message(
    ctx: ServiceContext,
    *,
    group_id: int,
    meeting_id: int,
    day: date,
    language: str,
    platform: str = "",
    room_id: str = "",
) -> Reply | None:
    """The pre-meeting digest (None when the meeting is gone or moved to another day)."""
    gctx = group_context(ctx, group_id)
    digest = schedule.meeting_digest(gctx, meeting_id=meeting_id, day=day)
    if digest is None:
        return None
    env = _env(
        gctx,
        language=language,
        platform=platform,
        room_id=room_id,
        group_id=digest.meeting.group_id,
    )
    blocks: list[Block] = []
    sections = (
        (N_("Still missing for the meeting"), digest.open_tasks),
        (N_("Ready for the meeting"), digest.done_tasks),
    )
    for title, found in sections:
        if found:
            blocks.append(Heading(env.t(title) + f" ({len(found)})"))
            blocks.extend(task_line(task, env, with_workgroup=True) for task in found)
    if not digest.open_tasks and not digest.done_tasks:
        blocks.append(Paragraph(env.t(N_("No tasks are linked to this meeting yet."))))
    if digest.items:
        blocks.append(Heading(env.t(N_("Written input per agenda item"))))
        lines = []
        for item in digest.items:
            names = ", ".join(item.names)
            params = {"label": item.label, "title": item.title, "names": names}
            if item.deadline is not None:
                params["date"] = short_day(item.deadline, env.language, env.today)
                message = (
                    N_("Item {label} {title}: from {names} (deadline {date})")
                    if names
                    else N_("Item {label} {title}: nothing yet (deadline {date})")
                )
            else:
                message = (
                    N_("Item {label} {title}: from {names}")
                    if names
                    else N_("Item {label} {title}: nothing yet")
                )
            lines.append((0, env.t(message, **params)))
        blocks.append(BulletList(tuple(lines)))
    title = env.t(
        N_("Before the meeting on {date}: {title}"),
        date=long_day(digest.day, env.language),
        title=digest.meeting.title,
    )
    task_ids = tuple(t.id for t in digest.open_tasks + digest.done_tasks)
    return Reply(
        tuple(blocks), env.language, visibility=Visibility.ROOM, title=title, task_ids=task_ids
    )


def agenda_message(ctx: ServiceContext, *, meeting_id: int, language: str) -> Reply:
    """The draft agenda posted to a room: each part of the meeting under its title, its items
    numbered from 1 (as on the page)."""
    draft = agenda_draft.build_agenda_draft(ctx, meeting_id=meeting_id, language=language)
    blocks = agenda_blocks(draft, language, numbered_headings=True)
    title = translate("Draft agenda: {title}", language, title=draft.title)
    return Reply(tuple(blocks), language, visibility=Visibility.ROOM, title=title)
