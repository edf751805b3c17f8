"""A console conversation: each line becomes an incoming message from one sender in one room."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field

from chatops.core import ChatCore
from chatops.messages import IncomingMessage
from chatops.render import render_text
from chatops.reply import Reply

PLATFORM = "console"


@dataclass
class ConsoleSession:
    """One person typing at a terminal (or a test speaking for them)."""

    core: ChatCore
    sender_id: str
    room_id: str = "console"
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _run: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    def send(self, text: str, *, event_id: str | None = None) -> Reply | None:
        """Send one line; None when the event id was seen before."""
        message = IncomingMessage(
            platform=PLATFORM,
            room_id=self.room_id,
            sender_id=self.sender_id,
            text=text,
            event_id=event_id or f"{self._run}-{next(self._counter)}",
            is_direct=self.room_id == "console",
        )
        return self.core.handle(message)

    def say(self, text: str, *, event_id: str | None = None) -> str:
        """Send one line and return the reply as the terminal shows it ('' for none)."""
        reply = self.send(text, event_id=event_id)
        return render_text(reply) if reply is not None else ""


def console_sender_for(person_id: int) -> str:
    """The console's stable sender id for a person."""
    return f"person-{person_id}"
