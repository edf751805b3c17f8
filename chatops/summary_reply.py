"""The weekly status summary as a reply value; the chat command, the worker and the CLI render
this one tree, so the summary reads the same everywhere."""

from __future__ import annotations

from datetime import date

from chatops.handlers.common import task_line
from chatops.handlers.env import Env
from chatops.reply import Block, Heading, Paragraph, Reply, Visibility
from tracker.i18n import N_
from tracker.schemas import GroupSummary, WorkgroupSummary


def workgroup_blocks(summary: WorkgroupSummary, env: Env) -> list[Block]:
    """The sections of one workgroup's summary; empty sections are left out."""
    blocks: list[Block] = []
    for title, tasks in summary.sections():
        blocks.append(Heading(env.t(title) + f" ({len(tasks)})"))
        blocks.extend(task_line(task, env) for task in tasks)
    if summary.contributions:
        blocks.append(
            Paragraph(
                env.t(N_("Contributions received this week: {count}"), count=summary.contributions)
            )
        )
    return blocks


def summary_reply(summary: GroupSummary, env: Env, *, single: bool) -> Reply:
    """A workgroup's summary (single) or the overview across workgroups."""
    title = env.t(N_("Status week {week}"), week=summary.iso_week)
    blocks: list[Block] = []
    quiet: list[str] = []
    for part in summary.workgroups:
        name = f"{part.workgroup.number} {part.workgroup.name}"
        if part.quiet:
            quiet.append(name)
            continue
        if not single:
            blocks.append(Heading(env.t(N_("Workgroup {name}"), name=name)))
        blocks.extend(workgroup_blocks(part, env))
    if quiet:
        blocks.append(
            Paragraph(
                env.t(N_("Nothing changed and nothing is due in: {names}."), names=", ".join(quiet))
            )
        )
    if summary.next_meeting is not None:
        day: date = summary.next_meeting.starts_at.astimezone(env.ctx.zone).date()
        from chatops.formatting import long_day

        blocks.append(
            Paragraph(env.t(N_("Next meeting: {date}."), date=long_day(day, env.language)))
        )
    if single and summary.workgroups:
        wg = summary.workgroups[0].workgroup
        title = env.t(
            N_("Status week {week} for workgroup {number} {name}"),
            week=summary.iso_week,
            number=wg.number,
            name=wg.name,
        )
    return Reply(tuple(blocks), env.language, visibility=Visibility.ROOM, title=title)
