"""The Slack sender for the worker: post a reply to a channel or to a person (their direct
message with the bot, opened with conversations.open), or update a message posted earlier.
Slack's rate limits are honoured: a 429 waits the Retry-After it names and tries again, a few
times at most; a wait longer than the worker should block becomes `Failed(retry_after=…)`, so
the worker schedules the retry instead. Every outcome is a value; nothing raises."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from adapters.slack.app import web_client
from adapters.slack.blocks import message_payload
from adapters.slack.home import home_view
from adapters.slack.text import PLATFORM
from chatops.delivery import Delivered, DeliveredKeys, DeliveryResult, Destination, Failed
from chatops.home import HomeTab
from chatops.reply import Reply
from chatops.runtime import Runtime

log = logging.getLogger(__name__)

# Errors that another try cannot fix.
PERMANENT = frozenset(
    {
        "account_inactive",
        "channel_not_found",
        "invalid_auth",
        "invalid_blocks",
        "is_archived",
        "message_not_found",
        "msg_too_long",
        "no_permission",
        "not_authed",
        "not_in_channel",
        "restricted_action",
        "token_revoked",
        "user_not_found",
        "cant_update_message",
        "edit_window_closed",
    }
)


class SlackSender:
    """Posts replies to Slack and publishes Home tabs (the `Sender` and `HomePublisher` ports)."""

    platform = PLATFORM

    def __init__(
        self,
        client: WebClient,
        *,
        max_tries: int = 3,
        max_wait: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client = client
        self.max_tries = max_tries
        self.max_wait = max_wait
        self.sleep = sleep
        self._lock = threading.Lock()
        # What this sender delivered by idempotency key, and the direct room of each user.
        self._delivered = DeliveredKeys()
        self._direct: dict[str, str] = {}

    def send(
        self, destination: Destination, reply: Reply, *, idempotency_key: str
    ) -> DeliveryResult:
        """Post a reply; a key this sender delivered already is not posted again."""
        earlier = self._delivered.get(idempotency_key)
        if earlier is not None:
            return earlier
        channel = self._channel(destination)
        if isinstance(channel, Failed):
            return channel
        payload: dict[str, Any] = {"channel": channel, **message_payload(reply)}
        if destination.thread_id:
            payload["thread_ts"] = destination.thread_id
        return self._delivered.remember(idempotency_key, self._call("chat_postMessage", payload))

    def update(self, destination: Destination, message_id: str, reply: Reply) -> DeliveryResult:
        """Replace a message this bot posted (its `ts`) with a new rendering."""
        channel = self._channel(destination)
        if isinstance(channel, Failed):
            return channel
        return self._call(
            "chat_update", {"channel": channel, "ts": message_id, **message_payload(reply)}
        )

    def publish_home(self, user_id: str, home: HomeTab) -> DeliveryResult:
        """Replace a user's Home tab (views.publish replaces it whole, so a repeat is harmless)."""
        return self._call("views_publish", {"user_id": user_id, "view": home_view(home)})

    def _channel(self, destination: Destination) -> str | Failed:
        if not destination.direct:
            return destination.target
        with self._lock:
            known = self._direct.get(destination.target)
        if known:
            return known
        opened = self._call("conversations_open", {"users": destination.target})
        if isinstance(opened, Failed):
            return opened
        with self._lock:
            self._direct[destination.target] = opened.room_id
        return opened.room_id

    def _call(self, method: str, arguments: dict[str, Any]) -> DeliveryResult:
        """One Web API call, tried again after a 429 as long as the wait is reasonable."""
        for attempt in range(1, self.max_tries + 1):
            try:
                response = getattr(self.client, method)(**arguments)
            except SlackApiError as exc:
                error = str(exc.response.get("error") or f"HTTP {exc.response.status_code}")
                if exc.response.status_code != 429:
                    return Failed(error, permanent=error in PERMANENT)
                wait = _retry_after(exc.response.headers)
                if attempt == self.max_tries or wait > self.max_wait:
                    return Failed(f"rate limited: {error}", retry_after=wait)
                log.info("Slack rate limit on %s: waiting %.1f s", method, wait)
                self.sleep(wait)
                continue
            except (SlackRequestError, OSError, ValueError) as exc:
                return Failed(f"{type(exc).__name__}: {exc}")
            except Exception as exc:  # the port promises a value, whatever happened
                log.exception("Slack %s failed unexpectedly", method)
                return Failed(f"{type(exc).__name__}: {exc}")
            channel = response.get("channel")
            if isinstance(channel, dict):  # conversations.open
                return Delivered(message_id="", room_id=str(channel.get("id", "")))
            return Delivered(message_id=str(response.get("ts", "")), room_id=str(channel or ""))
        return Failed("rate limited")  # not reached: the last try returns above


def _retry_after(headers: Any) -> float:
    """Seconds from a Retry-After header (any case); one second when it is missing or odd."""
    for name, value in dict(headers or {}).items():
        if str(name).lower() == "retry-after":
            raw = value[0] if isinstance(value, list) and value else value
            try:
                return max(float(raw), 0.0)
            except (TypeError, ValueError):
                break
    return 1.0


def make_sender(runtime: Runtime) -> SlackSender | None:
    """The sender for the worker (the `tiltak.senders` entry point), or None when Slack is off."""
    if not runtime.settings.slack.enabled:
        return None
    return SlackSender(web_client(runtime))
