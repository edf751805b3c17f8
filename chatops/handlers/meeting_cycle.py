"""Handlers for the meeting cycle: the draft agenda of the next meeting, and the input round of
an item (who has delivered written input and who has not)."""

from __future__ import annotations

from chatops import commands as c
from chatops.formatting import long_day, short_day
from chatops.handlers.common import item_candidates, next_meeting_of, require_group
from chatops.handlers.env import Env
from chatops.reply import Block, BulletList, Heading, Paragraph, Reply
from tracker.errors import NotFound, PermissionDenied
from tracker.i18n import N_
from tracker.services import input_rounds
from tracker.services.agenda_draft import AgendaDraft, build_agenda_draft, item_lines


def agenda_blocks(draft: AgendaDraft, language: str, *, numbered_headings: bool) -> list[Block]:
    """The draft's items part by part, each part numbered from 1 under its title: as one list
    (a chat answer), or with a heading per item (a post in the group's room)."""
    blocks: list[Block] = []
    for part, items in draft.parts():
        if part and len(draft.part_titles) > 1:
            blocks.append(Heading(part))
        points: list[tuple[int, str]] = []
        for number, item in enumerate(items, start=1):
            lines = item_lines(item, language)
            if numbered_headings:
                blocks.append(Heading(f"{number}. {item.title}"))
                if lines:
                    blocks.append(BulletList(tuple((0, line) for line in lines)))
            else:
                points.append((0, f"{number}. {item.title}"))
                points.extend((1, line) for line in lines)
        if points:
            blocks.append(BulletList(tuple(points)))
    return blocks


def agenda_draft(command: c.AgendaDraft, env: Env) -> Reply:
    """The draft agenda of the next meeting: numbered items, deliverables, missing ones flagged."""
    meeting = next_meeting_of(env)
    draft = build_agenda_draft(env.ctx, meeting_id=meeting.id, language=env.language)
    blocks: list[Block] = [
        Heading(
            env.t(N_("Draft agenda for {date}"), date=long_day(draft.day, env.language))
            + (f", {draft.place}" if draft.place else "")
        )
    ]
    blocks.extend(agenda_blocks(draft, env.language, numbered_headings=False))
    missing = sum(item.missing for item in draft.items)
    if missing:
        blocks.append(Paragraph(env.t(N_("Missing deliverables: {count}."), count=missing)))
    if env.web_base_url:
        address = f"{env.web_base_url.rstrip('/')}/meetings/{meeting.id}/agenda"
        blocks.append(Paragraph(env.t(N_("The secretariat edits it at {url}"), url=address)))
    return Reply(tuple(blocks), env.language, title=meeting.title)


def _delivery(delivery: input_rounds.Delivery, env: Env) -> str:
    """«Eli Bryhni (tor. 09.01)», with «for sent» when after the deadline."""
    day = short_day(delivery.submitted_at.astimezone(env.ctx.zone).date(), env.language, env.today)
    late = ", " + env.t(N_("late")) if delivery.late else ""
    return f"{delivery.person_name} ({day}{late})"


def input_round(command: c.InputRound, env: Env) -> Reply:
    """Per organisation: who has delivered written input to the item, and who has not yet."""
    group_id = require_group(env)
    if not input_rounds.may_follow(env.ctx, actor=env.actor, group_id=group_id):
        raise PermissionDenied(N_("Only the secretariat and the workgroup leads can see that."))
    meeting = next_meeting_of(env)
    rounds = input_rounds.input_rounds(env.ctx, meeting=meeting)
    if command.item is not None:
        wanted = {item.id for item in item_candidates(meeting, command.item)}
        if not wanted:
            raise NotFound(
                N_("The next meeting has no item {ref} on its agenda."), ref=command.item
            )
        rounds = [r for r in rounds if r.item.id in wanted]
        if not rounds:
            raise NotFound(
                N_("Item {ref} of the next meeting does not ask for written input."),
                ref=command.item,
            )
    if not rounds:
        return Reply(
            (Paragraph(env.t(N_("No item of the next meeting asks for written input."))),),
            env.language,
        )
    blocks: list[Block] = []
    for found in rounds:
        heading = env.t(
            N_("Written input to item {label}: {title}"),
            label=found.item.label,
            title=found.item.title,
        )
        if found.deadline is not None:
            deadline = short_day(found.deadline, env.language, env.today)
            heading += " " + env.t(N_("(deadline {date})"), date=deadline)
        blocks.append(Heading(heading))
        blocks.append(
            Paragraph(
                env.t(
                    N_("{delivered} of {total} have delivered."),
                    delivered=found.delivered_count,
                    total=len(found.organisations),
                )
            )
        )
        done: list[tuple[int, str]] = [(0, env.t(N_("Delivered:")))]
        waiting: list[tuple[int, str]] = [(0, env.t(N_("Not delivered yet:")))]
        for organisation in found.organisations:
            if organisation.delivered:
                names = ", ".join(_delivery(d, env) for d in organisation.deliveries)
                done.append((1, f"{organisation.name}: {names}"))
            else:
                waiting.append((1, f"{organisation.name} ({', '.join(organisation.members)})"))
        if len(done) == 1:
            done.append((1, env.t(N_("no one yet"))))
        if len(waiting) == 1:
            waiting.append((1, env.t(N_("no one: every organisation has delivered"))))
        blocks.append(BulletList(tuple(done + waiting)))
    return Reply(tuple(blocks), env.language, title=meeting.title)
