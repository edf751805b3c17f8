"""Text between Slack and the core. Slack sends text with its own markup (`<@U123>`, `<#C1|x>`,
`<https://…|label>`) and with `&`, `<` and `>` encoded; the core reads plain text in which a
mention is `@<@U123>`. Everything the bot shows is escaped back, so user text never turns into
markup, links or mentions."""

from __future__ import annotations

import re

PLATFORM = "slack"

_ENTITY = re.compile(r"<([^<>]*)>")
_USER_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


def escape(text: str) -> str:
    """Text as Slack must receive it so that it shows as typed (mrkdwn and plain fields)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Slack's three HTML entities back to characters (`&amp;` last, so `&amp;lt;` stays `&lt;`)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def mentioned_users(text: str) -> list[str]:
    """The user ids mentioned in a Slack text, in order, without repeats."""
    return list(dict.fromkeys(_USER_MENTION.findall(text)))


def _shown(target: str, label: str) -> str:
    """A channel, special mention or link as a person sees it (a user is the caller's to say)."""
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        # <!here>, <!channel>, <!subteam^S1|@team>, <!date^…|fallback>
        return label or "@" + target[1:].split("^")[0]
    if target.startswith("mailto:"):
        return label or target.removeprefix("mailto:")
    return target if not label or label == target else f"{label} ({target})"


def command_text(text: str, *, bot_user_id: str | None = None) -> str:
    """A Slack message or slash-command text as the core reads it.

    The bot's own mention goes; another user's becomes `@<@U123>`, the owner syntax the core
    resolves through the linked identity; channels, links and special mentions become the text a
    person sees; and Slack's entities are decoded."""

    def entity(match: re.Match[str]) -> str:
        target, _, label = match.group(1).partition("|")
        if target.startswith("@"):
            user = target[1:]
            return "" if user == bot_user_id else f"@<@{user}>"
        return _shown(target, label)

    return " ".join(unescape(_ENTITY.sub(entity, text)).split())


def plain_text(text: str, names: dict[str, str] | None = None) -> str:
    """A Slack message as a person reads it, e.g. for a task title or a minutes line: mentions
    become `@Name` where the name is known, and the lines are kept."""
    names = names or {}

    def entity(match: re.Match[str]) -> str:
        target, _, label = match.group(1).partition("|")
        if target.startswith("@"):
            return "@" + (names.get(target[1:]) or label or target[1:])
        return _shown(target, label)

    lines = (" ".join(line.split()) for line in unescape(_ENTITY.sub(entity, text)).splitlines())
    return "\n".join(lines).strip()


def shorten(text: str, limit: int) -> str:
    """Text cut to a length limit at a word boundary, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip() + "…"
