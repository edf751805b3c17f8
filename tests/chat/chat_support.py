"""Helpers shared by the chat tests."""

from __future__ import annotations

from collections.abc import Callable

from adapters.console.session import ConsoleSession
from tracker.services import groups
from tracker.services.context import ServiceContext

Chat = Callable[..., ConsoleSession]


def person_id(ctx: ServiceContext, name: str) -> int:
    """The id of the one person with that name."""
    (person,) = groups.find_people(ctx, name=name)
    return person.id
