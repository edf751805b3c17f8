"""Helpers shared by the chat tests."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from adapters.console.session import PLATFORM, ConsoleSession
from chatops.commands import Command
from chatops.messages import IncomingMessage
from chatops.reply import Reply
from chatops.typed import typed_command
from tracker.services import groups
from tracker.services.context import ServiceContext

Chat = Callable[..., ConsoleSession]


def person_id(ctx: ServiceContext, name: str) -> int:
    """The id of the one person with that name."""
    (person,) = groups.find_people(ctx, name=name)
    return person.id


def run(session: ConsoleSession, command: Command) -> Reply:
    """Run a typed command as the session's person, as a button press or a parsed line would."""
    reply = session.core.handle(
        IncomingMessage(
            platform=PLATFORM,
            room_id=session.room_id,
            sender_id=session.sender_id,
            text=typed_command(command),
            event_id=uuid.uuid4().hex,
            is_direct=session.room_id == "console",
        ),
        command=command,
    )
    assert reply is not None
    return reply
