"""The delivery port: how the worker hands a reply to a platform. Each adapter offers a sender
that fits it; results are values (Delivered or Failed), never exceptions, so the caller branches."""

from __future__ import annotations

import threading
from collections import OrderedDict
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


class DeliveredKeys:
    """What a sender delivered lately, by idempotency key: a repeat in this process answers what
    the first post did instead of posting again (the outbox keeps the promise across restarts)."""

    def __init__(self, most: int = 5_000) -> None:
        self._most = most
        self._lock = threading.Lock()
        self._delivered: OrderedDict[str, Delivered] = OrderedDict()

    def get(self, key: str) -> Delivered | None:
        """The delivery made under this key, if this sender still remembers it."""
        with self._lock:
            return self._delivered.get(key)

    def remember(self, key: str, result: DeliveryResult) -> DeliveryResult:
        """Keep a delivery under its key (a failure is not kept) and pass the result on."""
        if isinstance(result, Delivered):
            with self._lock:
                self._delivered[key] = result
                while len(self._delivered) > self._most:
                    self._delivered.popitem(last=False)
        return result


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
