"""The worker's Teams sender: a message to a channel (the weekly summary) or to a person's
personal chat (a reminder), through the conversation references stored when the bot was
installed, posted with the Agents SDK's connector client. Teams throttles (HTTP 429 with
Retry-After): a short wait is honoured here and the post tried again; a long one goes back to
the worker as Failed(retry_after). Teams has no idempotency key: the outbox never hands over a
row marked sent, and, as the Slack sender does, this sender remembers the keys it posted, so a
delivery retried after posting but before the row was marked is not posted twice."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from aiohttp import ClientError, ClientResponseError
from microsoft_agents.activity import Activity, ConversationReference
from microsoft_agents.hosting.core.authorization import Connections
from microsoft_agents.hosting.core.connector.client import ConnectorClient

from adapters.teams import PLATFORM
from adapters.teams.cards import reply_activity
from adapters.teams.references import References
from chatops.delivery import Delivered, DeliveredKeys, DeliveryResult, Destination, Failed
from chatops.reply import Reply
from chatops.rooms import Rooms
from chatops.runtime import Runtime

log = logging.getLogger(__name__)

CONNECTOR_AUDIENCE = "https://api.botframework.com"
CONNECTOR_SCOPE = f"{CONNECTOR_AUDIENCE}/.default"
# Waits up to this long are taken in place; a longer one is the worker's to schedule.
MAX_WAIT = 30.0
ATTEMPTS = 3


class TeamsSender:
    """Posts replies to Teams conversations the bot was installed in."""

    platform = PLATFORM

    def __init__(
        self,
        references: References,
        connections: Connections,
        *,
        max_wait: float = MAX_WAIT,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.references = references
        self.connections = connections
        self.max_wait = max_wait
        self.sleep = sleep
        # What this sender posted by idempotency key (the most recent ones).
        self._delivered = DeliveredKeys()

    def send(
        self, destination: Destination, reply: Reply, *, idempotency_key: str
    ) -> DeliveryResult:
        """Post the reply; a key this sender posted already is not posted again."""
        earlier = self._delivered.get(idempotency_key)
        if earlier is not None:
            return earlier
        reference = self._reference(destination)
        if reference is None:
            return Failed("the bot is not installed there", permanent=True)
        return self._delivered.remember(idempotency_key, self._post(reference, reply, None))

    def update(self, destination: Destination, message_id: str, reply: Reply) -> DeliveryResult:
        """Replace a message the sender posted (updateActivity)."""
        reference = self._reference(destination)
        if reference is None:
            return Failed("the bot is not installed there", permanent=True)
        return self._post(reference, reply, message_id)

    def _reference(self, destination: Destination) -> ConversationReference | None:
        if destination.direct:
            return self.references.person(destination.target)
        return self.references.room(destination.target)

    def _post(
        self, reference: ConversationReference, reply: Reply, message_id: str | None
    ) -> DeliveryResult:
        wait: float | None = None
        for _ in range(ATTEMPTS):
            try:
                posted = _run(self._once, reference, reply, message_id)
            except ClientResponseError as exc:
                wait = _retry_after(exc)
                if exc.status == 429 and wait is not None and wait <= self.max_wait:
                    self.sleep(wait)
                    continue
                if exc.status == 429:
                    return Failed("throttled by Teams", retry_after=wait or self.max_wait)
                return Failed(f"Teams answered {exc.status}", permanent=400 <= exc.status < 500)
            except (ClientError, OSError, TimeoutError) as exc:
                return Failed(f"Teams could not be reached: {type(exc).__name__}")
            return Delivered(posted, reference.conversation.id)
        return Failed("throttled by Teams", retry_after=wait or self.max_wait)

    async def _once(
        self, reference: ConversationReference, reply: Reply, message_id: str | None
    ) -> str:
        provider = self.connections.get_default_connection()
        token = await provider.get_access_token(CONNECTOR_AUDIENCE, [CONNECTOR_SCOPE])
        activity: Activity = reply_activity(reply)
        activity.conversation = reference.conversation
        client = ConnectorClient(reference.service_url or "", token)
        try:
            if message_id:
                await client.conversations.update_activity(
                    reference.conversation.id, message_id, activity
                )
                return message_id
            answer = await client.conversations.send_to_conversation(
                reference.conversation.id, activity
            )
            return answer.id or ""
        finally:
            await client.close()


def _retry_after(exc: ClientResponseError) -> float | None:
    value = exc.headers.get("Retry-After") if exc.headers else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def make_sender(runtime: Runtime, *, connections: Connections | None = None) -> TeamsSender:
    """The sender for the worker (MSAL client credentials unless `connections` is given)."""
    from adapters.teams.server import connections_for

    references = References(Rooms(runtime.ctx, PLATFORM))
    return TeamsSender(references, connections or connections_for(runtime))


_T = TypeVar("_T")


def _run(make: Callable[..., Coroutine[Any, Any, _T]], *args: Any) -> _T:
    """Run one connector call to the end from synchronous code, on a thread of its own: the
    caller's thread may already run an event loop (the bot's process, a test's harness), where
    `asyncio.run` refuses to start another."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="teams-send") as pool:
        return pool.submit(lambda: asyncio.run(make(*args))).result()
