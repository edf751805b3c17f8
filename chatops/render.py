"""Render a reply as plain text (console), Markdown or HTML (Matrix, web). User text is escaped
for the target format, always; richer formats (Block Kit) are rendered by their adapters."""

from __future__ import annotations

import re

from chatops.reply import (
    Block,
    BulletList,
    Choice,
    Fields,
    Heading,
    Paragraph,
    Reply,
    TaskLine,
)
from tracker.i18n import N_, translate

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def escape_html(text: str) -> str:
    """Escape text for HTML, quotes included: what `html.escape` does, without importing the
    `html` package, whose table of named entities (about 0.5 MiB) a bot would hold for nothing."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


def escape_markdown(text: str) -> str:
    """Escape Markdown's special characters so user text shows as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def choices_hint(choices: tuple[Choice, ...], language: str) -> str:
    """The line under a question back that says how to answer it."""
    if len(choices) == 1:
        return translate(N_("Reply «yes» to do it, or type the command."), language)
    return translate(
        N_("Reply with the number (1–{count}), or type the command."), language, count=len(choices)
    )


def _choice_label(choice: Choice) -> str | None:
    # A label that only repeats the command adds nothing next to it.
    label = choice.label.strip()
    return label if label and label != choice.command else None


def task_summary(line: TaskLine, language: str) -> str:
    """The details after a task's title: status, owner, due date, overdue."""
    parts = [line.status_label]
    if line.owner:
        parts.append(line.owner)
    if line.due_label:
        due = translate(N_("due {date}"), language, date=line.due_label)
        if line.overdue:
            due += " (" + translate(N_("overdue"), language) + ")"
        parts.append(due)
    if line.workgroup:
        parts.append(line.workgroup)
    return " · ".join(parts)


def render_text(reply: Reply) -> str:
    """Plain text for a terminal."""
    out: list[str] = []
    if reply.title:
        out.append(reply.title)
    for block in reply.blocks:
        out.extend(_text_block(block, reply.language))
    if reply.choices:
        out.append("")
        for number, choice in enumerate(reply.choices, start=1):
            label = _choice_label(choice)
            out.append(f"  {number}. {choice.command}" + (f" — {label}" if label else ""))
        out.append(choices_hint(reply.choices, reply.language))
    return "\n".join(out).strip("\n")


def _text_block(block: Block, language: str) -> list[str]:
    if isinstance(block, Heading):
        return ["", block.text]
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, TaskLine):
        lines = [f"  #{block.task_id} {block.title} — {task_summary(block, language)}"]
        if block.note:
            lines.append(f"      {block.note}")
        return lines
    if isinstance(block, Fields):
        return [f"{item.label}: {item.value}" for item in block.items]
    if isinstance(block, BulletList):
        return [f"{'  ' * (level + 1)}- {text}" for level, text in block.items]
    raise TypeError(block)


def render_markdown(reply: Reply) -> str:
    """CommonMark, with every piece of user text escaped."""
    out: list[str] = []
    if reply.title:
        out.append(f"**{escape_markdown(reply.title)}**")
    for block in reply.blocks:
        out.extend(_markdown_block(block, reply.language))
    if reply.choices:
        out.append("")
        for number, choice in enumerate(reply.choices, start=1):
            label = _choice_label(choice)
            line = f"{number}. {_markdown_code(choice.command)}"
            out.append(line + (f" — {escape_markdown(label)}" if label else ""))
        out.append("")
        out.append(escape_markdown(choices_hint(reply.choices, reply.language)))
    return "\n".join(out).strip("\n")


def _markdown_code(text: str) -> str:
    # Inside a code span nothing is escaped, so the fence must be longer than any run of
    # backticks in the text (CommonMark), and padded when the text starts or ends with one.
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def _markdown_block(block: Block, language: str) -> list[str]:
    if isinstance(block, Heading):
        return ["", f"**{escape_markdown(block.text)}**"]
    if isinstance(block, Paragraph):
        return [escape_markdown(block.text)]
    if isinstance(block, TaskLine):
        details = escape_markdown(task_summary(block, language))
        lines = [f"- **\\#{block.task_id}** {escape_markdown(block.title)} — {details}"]
        if block.note:
            lines.append(f"  {escape_markdown(block.note)}")
        return lines
    if isinstance(block, Fields):
        return [
            f"**{escape_markdown(i.label)}:** {escape_markdown(i.value)}  " for i in block.items
        ]
    if isinstance(block, BulletList):
        return [f"{'  ' * level}- {escape_markdown(text)}" for level, text in block.items]
    raise TypeError(block)


def render_html(reply: Reply) -> str:
    """HTML for Matrix's formatted_body and the web, with every piece of user text escaped."""
    out: list[str] = []
    if reply.title:
        out.append(f"<p><strong>{escape_html(reply.title)}</strong></p>")
    tasks: list[str] = []
    for block in reply.blocks:
        if isinstance(block, TaskLine):
            tasks.append(_html_task(block, reply.language))
            continue
        if tasks:
            out.append("<ul>" + "".join(tasks) + "</ul>")
            tasks = []
        out.append(_html_block(block))
    if tasks:
        out.append("<ul>" + "".join(tasks) + "</ul>")
    if reply.choices:
        out.append(_html_choices(reply.choices, reply.language))
    return "".join(out)


def _html_choices(choices: tuple[Choice, ...], language: str) -> str:
    items = []
    for choice in choices:
        label = _choice_label(choice)
        item = f"<code>{escape_html(choice.command)}</code>"
        items.append(f"<li>{item} — {escape_html(label)}</li>" if label else f"<li>{item}</li>")
    hint = escape_html(choices_hint(choices, language))
    return "<ol>" + "".join(items) + f"</ol><p>{hint}</p>"


def _html_task(block: TaskLine, language: str) -> str:
    details = escape_html(task_summary(block, language))
    note = f"<br><em>{escape_html(block.note)}</em>" if block.note else ""
    return (
        f"<li><strong>#{block.task_id}</strong> {escape_html(block.title)} — {details}{note}</li>"
    )


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<p><strong>{escape_html(block.text)}</strong></p>"
    if isinstance(block, Paragraph):
        return f"<p>{escape_html(block.text)}</p>"
    if isinstance(block, Fields):
        rows = "".join(
            f"<li><strong>{escape_html(i.label)}:</strong> {escape_html(i.value)}</li>"
            for i in block.items
        )
        return f"<ul>{rows}</ul>"
    if isinstance(block, BulletList):
        return _html_bullets(block.items)
    raise TypeError(block)


def _html_bullets(items: tuple[tuple[int, str], ...]) -> str:
    # Nested lists from levels: open a <ul> when going deeper, close when coming back.
    out, depth = ["<ul>"], 0
    for level, text in items:
        while depth < level:
            out.append("<ul>")
            depth += 1
        while depth > level:
            out.append("</ul>")
            depth -= 1
        out.append(f"<li>{escape_html(text)}</li>")
    out.extend("</ul>" for _ in range(depth + 1))
    return "".join(out)
