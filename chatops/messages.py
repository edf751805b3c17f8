"""The platform-neutral incoming message: what every adapter turns a platform event into."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IncomingMessage:
    """A command someone typed, with where it came from and the platform's own event id."""

    platform: str
    room_id: str
    sender_id: str
    text: str
    event_id: str
    thread_id: str | None = None
    is_direct: bool = False
    # An e-mail address the platform itself has verified (e.g. a Slack profile), never user input.
    verified_email: str | None = None
