"""When a scheduled message may go: local hours, quiet hours, the summary's and digest's day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from tracker.calendar_no import WorkCalendar
from tracker.models import (
    Group,
)
from tracker.services.context import ServiceContext

# --- time -----------------------------------------------------------------------------------


def at_local(day: date, hour: int, zone: ZoneInfo) -> datetime:
    """The instant (UTC) of a local wall-clock hour; a skipped hour counts from before the jump."""
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


def is_quiet(hour: int, start: int, end: int) -> bool:
    """Whether a local hour falls in quiet hours [start, end), which may wrap past midnight."""
    if start == end:
        return False
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end


def quiet_end(at: datetime, zone: ZoneInfo, start: int, end: int) -> datetime | None:
    """When the quiet hours around `at` end (UTC), or None if `at` is not in quiet hours."""
    local = at.astimezone(zone)
    if not is_quiet(local.hour, start, end):
        return None
    day = local.date() + timedelta(days=1) if local.hour >= end else local.date()
    return at_local(day, end, zone)


def quiet_until(ctx: ServiceContext, *, group_ids: Iterable[int], at: datetime) -> datetime | None:
    """The latest end of quiet hours of these groups around `at`, or None if none is quiet."""
    with ctx.uow() as uow:
        rows = uow.session.execute(
            select(Group.timezone, Group.quiet_hours_start, Group.quiet_hours_end).where(
                Group.id.in_(set(group_ids))
            )
        ).all()
    ends = [
        end for zone, start, stop in rows if (end := quiet_end(at, ZoneInfo(zone), start, stop))
    ]
    return max(ends) if ends else None


def summary_day(calendar: WorkCalendar, day: date) -> date | None:
    """The day a week's summary goes out: its own day, or if that is a holiday the next working
    day of the same week; None in the summer break or when the rest of the week is off."""
    if calendar.in_summer_break(day):
        return None
    if not calendar.is_off(day):
        return day
    sunday = day + timedelta(days=6 - day.weekday())
    while day < sunday:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            return day
    return None


def digest_day(calendar: WorkCalendar, day: date, meeting_day: date) -> date | None:
    """The day a meeting's digest goes out: a week before, or the next working day after that
    holiday or break; None when no working day is left before the meeting."""
    if not calendar.is_off(day):
        return day
    while True:
        day += timedelta(days=1)
        if day >= meeting_day:
            return None
        if calendar.is_working_day(day):
            return day
