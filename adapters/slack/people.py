"""Who a Slack user is. A user links to a person by the e-mail on their Slack profile when it
matches a person's, otherwise through the core's link flow (a one-time code). The profile is
fetched only for users not linked yet, so a linked user's command costs no Web API call."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from adapters.slack.text import PLATFORM, mentioned_users
from tracker.schemas import PersonView
from tracker.services import identity
from tracker.services.context import ServiceContext

log = logging.getLogger(__name__)

_REMEMBERED = 10_000


class People:
    """Slack users and the people they are, with a bounded memory of users known to be linked."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self._linked: OrderedDict[str, PersonView] = OrderedDict()
        self._lock = threading.Lock()

    def _remember(self, user_id: str, person: PersonView) -> None:
        with self._lock:
            self._linked[user_id] = person
            self._linked.move_to_end(user_id)
            while len(self._linked) > _REMEMBERED:
                self._linked.popitem(last=False)

    def known(self, user_id: str) -> PersonView | None:
        """The person a user is known (in this process) to be linked to."""
        with self._lock:
            return self._linked.get(user_id)

    def email_if_unlinked(self, client: WebClient, user_id: str) -> str | None:
        """The verified profile e-mail of a user who is not linked yet; None for a linked one."""
        if self.known(user_id) is not None:
            return None
        person = identity.person_for_identity(self.ctx, platform=PLATFORM, user_id=user_id)
        if person is not None:
            self._remember(user_id, person)
            return None
        return profile_email(client, user_id)

    def person(self, client: WebClient, user_id: str) -> PersonView | None:
        """The person behind a user, linking them by their verified e-mail on the way."""
        known = self.known(user_id)
        if known is not None:
            return known
        person = identity.person_for_identity(self.ctx, platform=PLATFORM, user_id=user_id)
        if person is None:
            email = profile_email(client, user_id)
            if email:
                person = identity.person_for_identity(
                    self.ctx, platform=PLATFORM, user_id=user_id, verified_email=email
                )
        if person is not None:
            self._remember(user_id, person)
        return person

    def link_mentioned(self, client: WebClient, text: str) -> None:
        """Link the users a text mentions where their profiles vouch, so the core resolves them."""
        for user_id in mentioned_users(text):
            self.person(client, user_id)

    def forget(self, user_id: str) -> None:
        """Drop what is remembered about a user (e.g. after they were linked anew)."""
        with self._lock:
            self._linked.pop(user_id, None)


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
