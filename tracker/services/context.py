"""What every service needs: a unit-of-work factory, the clock and the group's zone; who acts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from tracker.clock import Clock, local_today
from tracker.db import SessionFactory, UnitOfWork
from tracker.models import Channel


@dataclass(frozen=True)
class ServiceContext:
    """The dependencies of the service layer, wired once by `bootstrap()`."""

    session_factory: SessionFactory
    clock: Clock
    zone: ZoneInfo

    def uow(self) -> UnitOfWork:
        """A fresh unit of work (one transaction)."""
        return UnitOfWork(self.session_factory)

    def today(self) -> date:
        """Today's date in the group's zone."""
        return local_today(self.clock, self.zone)


@dataclass(frozen=True)
class Actor:
    """Who makes a request and through which channel; `system` bypasses permission checks."""

    person_id: int | None
    channel: Channel
    language: str = "nb"
    system: bool = False

    @classmethod
    def system_actor(cls, channel: Channel = Channel.SYSTEM, language: str = "nb") -> Actor:
        """An actor for trusted internal work such as an import or an admin command."""
        return cls(person_id=None, channel=channel, language=language, system=True)
