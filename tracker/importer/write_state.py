"""What every part of the import writer holds: the session, the zone, the actor and the parse."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from tracker.importer.parsed import (
    ParsedInvitation,
)
from tracker.models import (
    GroupMembership,
    Person,
)
from tracker.services.context import Actor


class WriterState:
    """The state the import writer's parts share; each part adds the methods of one concern."""

    def __init__(
        self,
        session: Session,
        zone: ZoneInfo,
        actor: Actor,
        now: datetime,
        parsed: ParsedInvitation,
    ) -> None:
        self.session = session
        self.zone = zone
        self.actor = actor
        self.now = now
        self.parsed = parsed
        self.people: list[Person] = []
        self._memberships: dict[int, GroupMembership] = {}  # by person id, in this group
        self._roster_ids: set[int] = set()  # people whose membership `_memberships` knows


def assign(obj: object, values: dict[str, Any]) -> None:
    """Set only what differs, so an unchanged import leaves no dirty rows behind."""
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
