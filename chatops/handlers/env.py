"""What a handler gets besides its command: the services, who asks, where, in which language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.i18n import translate
from tracker.schemas import PersonView
from tracker.services.context import Actor, ServiceContext


@dataclass(frozen=True)
class Env:
    """The context of one chat command."""

    ctx: ServiceContext
    actor: Actor
    person: PersonView | None
    language: str
    platform: str
    room_id: str
    sender_id: str
    group_id: int | None
    workgroup_id: int | None
    today: date

    def t(self, message: str, **params: object) -> str:
        """Translate a message into the reply's language."""
        return translate(message, self.language, **params)
