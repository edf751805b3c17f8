"""What Slack vouches for about its users: the e-mail on a profile when Slack has confirmed it,
and the names it shows. The chat core resolves who a user is; it asks `profile_email` (through
its Vouch port) only about a user it cannot link yet, so a linked user's command costs no Web
API call."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

log = logging.getLogger(__name__)


def profile_email(client: WebClient, user_id: str) -> str | None:
    """The e-mail address on a user's Slack profile, when Slack has confirmed it; None for bots,
    deactivated accounts, unconfirmed addresses, or when Slack cannot be asked."""
    try:
        user = client.users_info(user=user_id).get("user") or {}
    except (SlackApiError, SlackRequestError, OSError) as exc:
        log.warning("users.info for %s failed: %s", user_id, exc)
        return None
    if user.get("is_bot") or user.get("deleted") or user.get("is_email_confirmed") is False:
        return None
    email = (user.get("profile") or {}).get("email")
    return email if isinstance(email, str) and "@" in email else None


def display_names(client: WebClient, user_ids: list[str]) -> dict[str, str]:
    """The names Slack shows for some users (real name, else display name), where known."""
    names: dict[str, str] = {}
    for user_id in user_ids:
        try:
            user = client.users_info(user=user_id).get("user") or {}
        except (SlackApiError, SlackRequestError, OSError):
            continue
        profile = user.get("profile") or {}
        name = profile.get("real_name") or profile.get("display_name") or user.get("name")
        if isinstance(name, str) and name:
            names[user_id] = name
    return names
