"""The delivery port: how the worker hands a reply to a platform. Each adapter offers a sender
that fits it; results are values (Delivered or Failed), never exceptions, so the caller branches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from chatops.reply import Reply


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a message goes: a room, or a person (`direct`) whose DM room the sender finds."""

    platform: str
    target: str
    direct: bool = False
    thread_id: str | None = None


@dataclass(frozen=True, slots=True)
class Delivered:
    """The platform accepted the message; its id lets a later update edit it in place."""

    message_id: str
    room_id: str = ""


@dataclass(frozen=True, slots=True)
class Failed:
    """The platform refused or could not be reached; `retry_after` (seconds) when it said so."""

    reason: str
    retry_after: float | None = None
    permanent: bool = False


DeliveryResult = Delivered | Failed


class Sender(Protocol):
    """Posts replies to one platform."""

    platform: str

    def send(
        self, destination: Destination, reply: Reply, *, idempotency_key: str
    ) -> DeliveryResult:
        """Post a reply; the same idempotency key must never post twice."""
        ...

    def update(self, destination: Destination, message_id: str, reply: Reply) -> DeliveryResult:
        """Replace a message the sender posted earlier."""
        ...
