"""The App Home tab: the person's open tasks as cards (the same buttons as in messages), the next
deadlines of their workgroups, and the next meeting. Each part is asked of the core as the
person, so the Home shows what the chat commands show. It is published when the person opens the
tab, and again whenever a change made in Slack touches one of their tasks."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select

from adapters.slack.blocks import (
    MAX_VIEW_BLOCKS,
    SlackBlock,
    card_text,
    context,
    plain,
    render_blocks,
    section,
)
from adapters.slack.text import PLATFORM, escape
from chatops import commands as c
from chatops.core import ChatCore
from chatops.messages import IncomingMessage
from chatops.reply import Fields, Heading, Paragraph, Reply, TaskLine
from tracker.i18n import N_, translate
from tracker.models import OPEN_STATUSES, ChatIdentity
from tracker.schemas import PersonView
from tracker.services import groups, tasks
from tracker.services.context import ServiceContext

NEW_TASK = "new_task"
_OPEN = OPEN_STATUSES
_MY_TASK_BLOCKS = 60
_DEADLINES_PER_WORKGROUP = 5


def _ask(core: ChatCore, user_id: str, command: c.Command) -> Reply | None:
    message = IncomingMessage(
        platform=PLATFORM,
        room_id=f"home:{user_id}",
        sender_id=user_id,
        text="",
        event_id=f"home:{user_id}:{uuid.uuid4().hex}",
        is_direct=True,
    )
    return core.handle(message, command=command)


def home_view(
    core: ChatCore, person: PersonView | None, user_id: str, *, notice: str | None = None
) -> dict[str, Any]:
    """The Home tab of a Slack user; `notice` (plain text) is shown on top, e.g. an error."""
    blocks: list[SlackBlock] = []
    if notice:
        blocks.append(context(":warning: " + escape(notice)))
    if person is None:
        who = _ask(core, user_id, c.WhoAmI())
        if who is not None:
            blocks.extend(render_blocks(who, interactive=False))
        return {"type": "home", "blocks": blocks}
    language = person.language

    def t(message: str, **params: object) -> str:
        return translate(message, language, **params)

    blocks.append({"type": "header", "text": plain(t(N_("Your tasks and deadlines")), 150)})
    blocks.append(
        {
            "type": "actions",
            "block_id": "home",
            "elements": [
                {
                    "type": "button",
                    "action_id": NEW_TASK,
                    "style": "primary",
                    "text": plain(t(N_("New task"))),
                }
            ],
        }
    )
    mine = _ask(core, user_id, c.MyTasks())
    if mine is not None:
        blocks.extend(render_blocks(mine, query="", limit=_MY_TASK_BLOCKS))
    blocks.append({"type": "divider"})
    heading = t(N_("Next deadlines in your workgroups"))
    blocks.append(section(f"*{escape(heading)}*"))
    workgroups = _workgroups_of(core.ctx, person)
    if not workgroups:
        blocks.append(context(escape(t(N_("You lead no workgroup and own no open task.")))))
    for number in workgroups:
        reply = _ask(core, user_id, c.Deadlines(scope=str(number)))
        if reply is not None:
            blocks.extend(_compact(reply))
    blocks.append({"type": "divider"})
    meeting = _ask(core, user_id, c.NextMeeting())
    if meeting is not None:
        blocks.extend(_meeting(meeting, t(N_("Next meeting"))))
    if len(blocks) > MAX_VIEW_BLOCKS:
        blocks = [*blocks[: MAX_VIEW_BLOCKS - 1], context("…")]
    return {"type": "home", "blocks": blocks}


def _workgroups_of(ctx: ServiceContext, person: PersonView) -> list[int]:
    """The numbers of the workgroups a person leads or owns open tasks in, in their group."""
    group_id = groups.group_of_person(ctx, person_id=person.id) or groups.default_group_id(ctx)
    if group_id is None:
        return []
    numbers = {
        wg.number
        for wg in groups.list_workgroups(ctx, group_id=group_id)
        if wg.lead_id == person.id
    }
    numbers |= {
        t.workgroup_number for t in tasks.list_tasks(ctx, owner_id=person.id, statuses=_OPEN)
    }
    return sorted(numbers)


def _compact(reply: Reply) -> list[SlackBlock]:
    """A workgroup's deadlines as one short section: its heading and its first task lines."""
    heading = next((b.text for b in reply.blocks if isinstance(b, Heading)), "")
    lines = [b for b in reply.blocks if isinstance(b, TaskLine)]
    text = f"*{escape(heading)}*"
    if lines:
        text += "".join(
            "\n" + card_text(line, reply.language).replace("\n", " — ", 1).split("\n")[0]
            for line in lines[:_DEADLINES_PER_WORKGROUP]
        )
        if len(lines) > _DEADLINES_PER_WORKGROUP:
            text += "\n…"
    else:
        text += "".join("\n" + escape(b.text) for b in reply.blocks if isinstance(b, Paragraph))
    return [section(text)]


def _meeting(reply: Reply, heading: str) -> list[SlackBlock]:
    """The next meeting: its title, when and where (the agenda is one command away)."""
    title = f"*{escape(heading)}*"
    if reply.title:
        title += f"\n{escape(reply.title)}"
    blocks = [section(title)]
    for block in reply.blocks:
        if isinstance(block, Fields):
            blocks.extend(render_blocks(Reply((block,), reply.language), interactive=False))
        elif isinstance(block, Paragraph):
            blocks.append(context(escape(block.text)))
    return blocks


def slack_users_of(ctx: ServiceContext, person_ids: set[int]) -> set[str]:
    """The Slack users linked to some people (whose Home shows what those people own)."""
    if not person_ids:
        return set()
    with ctx.uow() as uow:
        return set(
            uow.session.scalars(
                select(ChatIdentity.platform_user_id).where(
                    ChatIdentity.platform == PLATFORM, ChatIdentity.person_id.in_(person_ids)
                )
            )
        )
