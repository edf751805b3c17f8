"""The one clock seam: code asks a Clock for the time, so tests can move it (across DST too)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    """Something that tells the current time as an aware UTC datetime."""

    def now(self) -> datetime:
        """Return the current time, timezone-aware, in UTC."""
        ...


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    """The calendar date of an instant in the group's zone."""
    return moment.astimezone(zone).date()


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """Return the current time, timezone-aware, in UTC."""
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that stands still until a test moves it."""

    current: datetime = field(default_factory=lambda: datetime(2025, 1, 10, 9, 0, tzinfo=UTC))

    def now(self) -> datetime:
        """Return the frozen time."""
        return self.current

    def set(self, when: datetime) -> None:
        """Jump to a given aware datetime."""
        if when.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.current = when.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        """Move forward by a duration."""
        self.current += delta


def local_today(clock: Clock, zone: ZoneInfo) -> date:
    """Today's calendar date in the given zone."""
    return clock.now().astimezone(zone).date()
