"""The App Home tab, rendered from the chat core's `HomeTab`: the person's open tasks as cards
(the same buttons as in messages), the next deadlines of their workgroups, and the next meeting.
The core reads each part as the person and claims no event; this module only lays it out. It is
published when the person opens the tab, and by the worker after a change touches them."""

from __future__ import annotations

from typing import Any

from adapters.slack.blocks import (
    MAX_VIEW_BLOCKS,
    SlackBlock,
    card_text,
    context,
    plain,
    render_blocks,
    section,
)
from adapters.slack.text import escape
from chatops.home import HomeTab
from chatops.i18n import N_, translate
from chatops.reply import Fields, Heading, Paragraph, Reply, TaskLine

NEW_TASK = "new_task"
_MY_TASK_BLOCKS = 60
_DEADLINES_PER_WORKGROUP = 5


def home_view(home: HomeTab, *, notice: str | None = None) -> dict[str, Any]:
    """The Home tab as Block Kit; `notice` (plain text) is shown on top, e.g. an error."""
    blocks: list[SlackBlock] = []
    if notice:
        blocks.append(context(":warning: " + escape(notice)))
    if not home.linked:
        if home.who is not None:
            blocks.extend(render_blocks(home.who, interactive=False))
        return {"type": "home", "blocks": blocks}

    def t(message: str, **params: object) -> str:
        return translate(message, home.language, **params)

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
    if home.my_tasks is not None:
        blocks.extend(render_blocks(home.my_tasks, query="", limit=_MY_TASK_BLOCKS))
    blocks.append({"type": "divider"})
    heading = t(N_("Next deadlines in your workgroups"))
    blocks.append(section(f"*{escape(heading)}*"))
    if not home.deadlines:
        blocks.append(context(escape(t(N_("You lead no workgroup and own no open task.")))))
    for reply in home.deadlines:
        blocks.extend(_compact(reply))
    blocks.append({"type": "divider"})
    if home.meeting is not None:
        blocks.extend(_meeting(home.meeting, t(N_("Next meeting"))))
    if len(blocks) > MAX_VIEW_BLOCKS:
        blocks = [*blocks[: MAX_VIEW_BLOCKS - 1], context("…")]
    return {"type": "home", "blocks": blocks}


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
