"""Pure translation between Matrix event content and the core's values: no I/O, no nio.

Incoming: which text of a message is a command for the bot (prefix, mention, or any text in a
direct room), which bare line may answer the bot's question back, where its thread is, what a
reaction stands for. Outgoing: a reply as an m.notice
with an escaped HTML `formatted_body` and a plain `body`, in the asker's thread or as a reply."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from chatops.answers import answer_of
from chatops.i18n import N_, translate
from chatops.render import escape_html, render_html, render_text
from chatops.reply import Reply
from chatops.status import TaskStatus

NOTICE = "m.notice"
HTML_FORMAT = "org.matrix.custom.html"
# Reaction keys people use for the two moves a reaction can make; U+FE0F is stripped first.
REACTION_STATUS = {
    "✅": TaskStatus.DONE,
    "✔": TaskStatus.DONE,
    "☑": TaskStatus.DONE,
    "🚧": TaskStatus.DOING,
}
REACTION_HINT = N_("React with ✅ for done or 🚧 for in progress, or write «{command}».")

_USER_ID = re.compile(r"(?<![\w<@])@[a-z0-9._=\-/+]+:[a-z0-9.\-]+(?::\d+)?", re.IGNORECASE)
_PILL = re.compile(
    r"<a\s+href=[\"']https://matrix\.to/#/(?P<id>@[^\"'?]+)[^\"']*[\"']\s*>(?P<name>.*?)</a>",
    re.IGNORECASE | re.DOTALL,
)
_REPLY_FALLBACK = re.compile(r"\A(?:>.*\n)+\n")


def txn_id(key: str) -> str:
    """A transaction id derived from an idempotency key: a retried send is the same request."""
    return "tiltak." + hashlib.sha256(key.encode()).hexdigest()[:40]


def relation(content: dict[str, Any]) -> dict[str, Any]:
    """The `m.relates_to` of some content, or an empty dict."""
    found = content.get("m.relates_to")
    return found if isinstance(found, dict) else {}


def thread_root(content: dict[str, Any]) -> str | None:
    """The thread a message is in (its root's event id), or None outside threads."""
    rel = relation(content)
    if rel.get("rel_type") == "m.thread" and isinstance(rel.get("event_id"), str):
        return str(rel["event_id"])
    return None


def reply_relation(content: dict[str, Any], event_id: str) -> dict[str, Any]:
    """Answer in the thread the message came from, else as a reply to it."""
    root = thread_root(content)
    if root is not None:
        return {
            "rel_type": "m.thread",
            "event_id": root,
            # Clients without threads show it as a reply to the command itself.
            "is_falling_back": True,
            "m.in_reply_to": {"event_id": event_id},
        }
    return {"m.in_reply_to": {"event_id": event_id}}


def command_text(
    content: dict[str, Any], *, bot_id: str, bot_name: str, prefix: str, direct: bool
) -> str | None:
    """The command in a text message, or None when the message is not for the bot.

    A message is for the bot when it starts with the prefix (`!t …`), mentions the bot (by its
    user id, a pill or an intentional mention), or is written in a direct room."""
    body = _own_text(content)
    if body is None:
        return None
    body = _pills_to_ids(body, content.get("formatted_body"))
    text = body.strip()
    if prefix and _starts_with_word(text, prefix):
        return _mxids_as_mentions(text[len(prefix) :].strip(), bot_id)
    mentioned = _mentions(content, bot_id)
    lowered = text.casefold()
    if mentioned or bot_id.casefold() in lowered:
        text = _strip_mention(text, bot_id, bot_name)
        return _mxids_as_mentions(text, bot_id)
    if direct:
        return _mxids_as_mentions(text, bot_id)
    return None


def answer_text(content: dict[str, Any]) -> str | None:
    """The text of a message that looks like an answer to a question back («1», «ja», «svar
    nei»), else None; whether one was asked is for the caller to find out."""
    body = _own_text(content)
    if body is None:
        return None
    text = " ".join(body.split())
    return text if answer_of(text) is not None else None


def _own_text(content: dict[str, Any]) -> str | None:
    """What a person wrote in a text message, without the quote of the message it replies to;
    None for anything else (an edit, a notice, an image)."""
    if content.get("msgtype") != "m.text" or relation(content).get("rel_type") == "m.replace":
        return None
    body = content.get("body")
    if not isinstance(body, str):
        return None
    if "m.in_reply_to" in relation(content):
        body = _REPLY_FALLBACK.sub("", body, count=1)
    return body


def _starts_with_word(text: str, word: str) -> bool:
    head = text[: len(word)]
    return head.casefold() == word.casefold() and (
        len(text) == len(word) or text[len(word)].isspace()
    )


def _mentions(content: dict[str, Any], bot_id: str) -> bool:
    mentions = content.get("m.mentions")
    if isinstance(mentions, dict):
        users = mentions.get("user_ids")
        if isinstance(users, list) and bot_id in users:
            return True
    formatted = content.get("formatted_body")
    return isinstance(formatted, str) and f"matrix.to/#/{bot_id}" in formatted


def _strip_mention(text: str, bot_id: str, bot_name: str) -> str:
    text = re.sub(re.escape(bot_id), " ", text, flags=re.IGNORECASE)
    if bot_name:
        text = re.sub(rf"^\s*{re.escape(bot_name)}\b", " ", text, flags=re.IGNORECASE)
    return text.strip().lstrip(":,").strip()


def _pills_to_ids(body: str, formatted: object) -> str:
    """Put the user id of each pill (a linked display name) into the plain body."""
    if not isinstance(formatted, str) or "matrix.to" not in formatted:
        return body
    for match in _PILL.finditer(formatted):
        name = _unescape_html(re.sub(r"<[^>]+>", "", match.group("name"))).strip()
        user_id = match.group("id")
        if name and name in body and user_id not in body:
            body = body.replace(name, user_id, 1)
    return body


def _unescape_html(text: str) -> str:
    """`html.unescape`, with the `html` package (its table of named entities, about 0.5 MiB)
    imported only for a name that has an entity in it: most names are sent as they are."""
    if "&" not in text:
        return text
    import html

    return html.unescape(text)


def _mxids_as_mentions(text: str, bot_id: str) -> str:
    """Write other users' ids as the core's mention form, so `gi #3 til @dag:hs` finds Dag."""
    return _USER_ID.sub(lambda m: m.group(0) if m.group(0) == bot_id else f"@<@{m.group(0)}>", text)


def single_task(reply: Reply) -> int | None:
    """The one task a reply shows, if it shows exactly one (a reaction can then act on it)."""
    ids = set(reply.task_ids) | {line.task_id for line in reply.task_lines}
    return ids.pop() if len(ids) == 1 and len(reply.task_lines) <= 1 else None


def notice_content(
    reply: Reply, *, relates_to: dict[str, Any] | None = None, prefix: str = "!t"
) -> dict[str, Any]:
    """A reply as an m.notice: plain `body`, escaped HTML `formatted_body`, its relation.

    Under a message that shows one open task, a hint: the reactions that move it on, and the
    typed command that does the same (Matrix has no buttons)."""
    body = render_text(reply)
    formatted = render_html(reply)
    hint = _reaction_hint(reply, prefix)
    if hint:
        body += "\n\n" + hint
        formatted += f"<p><em>{escape_html(hint)}</em></p>"
    content: dict[str, Any] = {
        "msgtype": NOTICE,
        "body": body,
        "format": HTML_FORMAT,
        "formatted_body": formatted,
    }
    # No `m.mentions`: under the default push rules a notice notifies no one, not even for a
    # name or "@room" in a task title (`.m.rule.suppress_notices` comes first), and with the
    # field Synapse took about 5 ms longer to accept each reply in our bench.
    if relates_to:
        content["m.relates_to"] = relates_to
    return content


def _reaction_hint(reply: Reply, prefix: str) -> str | None:
    lines = reply.task_lines
    if reply.choices:
        return None  # a question back says how to answer it; a reaction would be a second way
    if single_task(reply) is None or not lines or lines[0].status == TaskStatus.DONE:
        return None
    actions = lines[0].actions
    done = next((a for a in actions if a.value == TaskStatus.DONE.value), None)
    typed = done.command if done else f"#{lines[0].task_id}"
    return translate(REACTION_HINT, reply.language, command=f"{prefix} {typed}".strip())


def edit_content(new: dict[str, Any], original_event_id: str) -> dict[str, Any]:
    """Content that replaces an earlier message of the bot (`m.replace`)."""
    replacement = {key: value for key, value in new.items() if key != "m.relates_to"}
    return {
        "msgtype": new.get("msgtype", NOTICE),
        "body": "* " + str(new.get("body", "")),
        "format": HTML_FORMAT,
        "formatted_body": "* " + str(new.get("formatted_body", escape_html(str(new.get("body"))))),
        "m.new_content": replacement,
        "m.relates_to": {"rel_type": "m.replace", "event_id": original_event_id},
    }


def reaction(content: dict[str, Any]) -> tuple[str, TaskStatus] | None:
    """The message a reaction is on and the status it stands for, if it stands for one."""
    rel = relation(content)
    if rel.get("rel_type") != "m.annotation":
        return None
    target, key = rel.get("event_id"), rel.get("key")
    if not isinstance(target, str) or not isinstance(key, str):
        return None
    status = REACTION_STATUS.get(key.replace("\ufe0f", "").strip())
    return (target, status) if status is not None else None


def is_fresh_join(source: dict[str, Any], user_id: str) -> bool:
    """Whether an event is the user's own join (not a profile change while already joined)."""
    if source.get("type") != "m.room.member" or source.get("state_key") != user_id:
        return False
    content = source.get("content") or {}
    if content.get("membership") != "join":
        return False
    unsigned = source.get("unsigned") or {}
    before = unsigned.get("prev_content") or source.get("prev_content") or {}
    return before.get("membership") != "join"


def server_of(user_id: str) -> str:
    """The homeserver part of a user id (`@ann:example.org` → `example.org`)."""
    return user_id.split(":", 1)[1] if ":" in user_id else ""
