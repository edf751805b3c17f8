"""The `chat` fixture: conversations with the bot over the console adapter, as a named member
of the seed's group, on the test clock (Friday 10 January 2025, the meeting is on the 16th)."""

from __future__ import annotations

import pytest
from chat_support import Chat

from adapters.console.session import PLATFORM, ConsoleSession, console_sender_for
from chatops.core import ChatCore
from tracker.importer.apply import ImportReport
from tracker.services import groups, identity
from tracker.services.context import ServiceContext


@pytest.fixture
def core(ctx: ServiceContext) -> ChatCore:
    return ChatCore(ctx)


@pytest.fixture
def chat(ctx: ServiceContext, core: ChatCore, seeded: ImportReport) -> Chat:
    """chat("Asbjørn Lunde") → a session speaking as that person (linked), in a room."""

    def open_session(name: str | None = None, *, room: str = "console") -> ConsoleSession:
        if name is None:
            return ConsoleSession(core, "stranger", room)
        (person,) = groups.find_people(ctx, name=name)
        sender = console_sender_for(person.id)
        identity.link_identity(ctx, person_id=person.id, platform=PLATFORM, user_id=sender)
        return ConsoleSession(core, sender, room)

    return open_session
