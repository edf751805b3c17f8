"""What Slack vouches for about its users: the e-mail on a profile when Slack has confirmed it,
and the names it shows. The chat core resolves who a user is; it asks `profile_email` (through
the core's Vouch port) only about a user it cannot link yet, so a linked user's command costs no
Web API call."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from adapters.slack.text import PLATFORM
from chatops.core import ChatCore
from chatops.identity import PersonView

log = logging.getLogger(__name__)

_REMEMBERED = 10_000


class People:
    """Slack users as the chat core knows them, with a bounded memory of users known linked."""

    def __init__(self, core: ChatCore) -> None:
        self.core = core
        self._linked: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def person(self, client: WebClient, user_id: str) -> PersonView | None:
        """The person behind a user, as the core resolves them (linked on the way if vouched)."""
        person = self.core.person(platform=PLATFORM, user_id=user_id)
        if person is not None:
            with self._lock:
                self._linked[user_id] = None
                self._linked.move_to_end(user_id)
                while len(self._linked) > _REMEMBERED:
                    self._linked.popitem(last=False)
        return person

    def email_if_unlinked(self, client: WebClient, user_id: str) -> str | None:
        """Link a user where Slack vouches for them; always None, since the core then knows them
        (kept for the listeners that pass a verified e-mail along)."""
        with self._lock:
            if user_id in self._linked:
                return None
        self.person(client, user_id)
        return None


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
