"""The worker's Teams sender: a message to a channel (the weekly summary) or to a person's
personal chat (a reminder), through the conversation references stored when the bot was
installed, posted with the Agents SDK's connector client. Teams throttles (HTTP 429 with
Retry-After): a short wait is honoured here and the post tried again; a long one goes back to
the worker as Failed(retry_after). Teams has no idempotency key, so the keys sent are kept
beside the references and a key seen before is not posted again."""

from __future__ import annotations

import asyncio
import fcntl
import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

from aiohttp import ClientError, ClientResponseError
from microsoft_agents.activity import Activity, ConversationReference
from microsoft_agents.hosting.core.authorization import Connections
from microsoft_agents.hosting.core.connector.client import ConnectorClient

from adapters.teams import PLATFORM
from adapters.teams.cards import reply_activity
from adapters.teams.references import References
from chatops.delivery import Delivered, DeliveryResult, Destination, Failed
from chatops.reply import Reply
from chatops.runtime import Runtime

log = logging.getLogger(__name__)

INDEX_NAME = "teams-outbox.sent"
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
        index: Path,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.references = references
        self.connections = connections
        self.index = index
        self.sleep = sleep

    def send(
        self, destination: Destination, reply: Reply, *, idempotency_key: str
    ) -> DeliveryResult:
        """Post the reply unless this key was posted before."""
        sent = self._sent(idempotency_key)
        if sent is not None:
            return Delivered(sent, destination.target)
        reference = self._reference(destination)
        if reference is None:
            return Failed("the bot is not installed there", permanent=True)
        result = self._post(reference, reply, None)
        if isinstance(result, Delivered):
            self._record(idempotency_key, result.message_id)
        return result

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
                posted = asyncio.run(self._once(reference, reply, message_id))
            except ClientResponseError as exc:
                wait = _retry_after(exc)
                if exc.status == 429 and wait is not None and wait <= MAX_WAIT:
                    self.sleep(wait)
                    continue
                if exc.status == 429:
                    return Failed("throttled by Teams", retry_after=wait or MAX_WAIT)
                return Failed(f"Teams answered {exc.status}", permanent=400 <= exc.status < 500)
            except (ClientError, OSError, TimeoutError) as exc:
                return Failed(f"Teams could not be reached: {type(exc).__name__}")
            return Delivered(posted, reference.conversation.id)
        return Failed("throttled by Teams", retry_after=wait or MAX_WAIT)

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

    def _sent(self, key: str) -> str | None:
        try:
            lines = self.index.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return None
        for line in lines:
            row = json.loads(line) if line.strip() else {}
            if row.get("key") == key:
                return str(row["id"])
        return None

    def _record(self, key: str, message_id: str) -> None:
        self.index.parent.mkdir(parents=True, exist_ok=True)
        with self.index.open("a", encoding="utf-8") as index:
            fcntl.flock(index, fcntl.LOCK_EX)
            index.write(json.dumps({"key": key, "id": message_id}) + "\n")
            fcntl.flock(index, fcntl.LOCK_UN)


def _retry_after(exc: ClientResponseError) -> float | None:
    value = exc.headers.get("Retry-After") if exc.headers else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def make_sender(runtime: Runtime, *, connections: Connections | None = None) -> TeamsSender:
    """The sender for the worker (MSAL client credentials unless `connections` is given)."""
    from adapters.teams.server import connections_for

    var = runtime.settings.var_dir
    return TeamsSender(References(var), connections or connections_for(runtime), var / INDEX_NAME)
