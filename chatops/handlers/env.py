"""What a handler gets besides its command: the services, who asks, where, in which language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.i18n import translate
from tracker.schemas import PersonView, WorkgroupView
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
    # The workgroup the room is bound to (None in a group room or a direct message).
    room_workgroup: WorkgroupView | None
    today: date
    # The web view's address, for links to it (None when the adapter did not give one).
    web_base_url: str | None = None

    @property
    def workgroup_id(self) -> int | None:
        """The id of the room's workgroup, if any."""
        return self.room_workgroup.id if self.room_workgroup else None

    def t(self, message: str, **params: object) -> str:
        """Translate a message into the reply's language."""
        return translate(message, self.language, **params)
