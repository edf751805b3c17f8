"""The VTIMEZONE a calendar feed carries: the zone's rules written as yearly RRULEs (STANDARD and
DAYLIGHT, "last Sunday of March at 02:00"), the way the well-known definitions are written.

icalendar's own `add_missing_timezones` lists every transition as one comma-separated RDATE, and
ical.js (Thunderbird, Nextcloud) and vobject read only the first date of such a line, so a
meeting at 09:00 in April showed at 10:00 there. The rules are derived from the zone's data
(zoneinfo), so any zone works; a rule that changed over the years gets a component per period,
ended with UNTIL, and a transition that follows no yearly rule is written alone."""

from __future__ import annotations

import calendar as days_in
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_DAY = timedelta(days=1)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class _Transition:
    at: datetime  # the UTC instant of the change
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    @property
    def local(self) -> datetime:
        """Local wall-clock time of the change, in the offset before it (RFC 5545 3.6.5)."""
        return (self.at + self.offset_from).replace(tzinfo=None)

    @property
    def rule(self) -> tuple[object, ...]:
        """What a yearly RRULE would have to repeat: the offsets, the name and the day's rule."""
        local = self.local
        last_day = days_in.monthrange(local.year, local.month)[1]
        # "Last Sunday" where the day is in the month's last week, else "second Sunday" and so on.
        week = -1 if local.day + 7 > last_day else (local.day - 1) // 7 + 1
        return (
            self.offset_from,
            self.offset_to,
            self.name,
            self.daylight,
            local.month,
            local.weekday(),
            week,
            local.time(),
        )


def _offset(zone: ZoneInfo, at: datetime) -> timedelta:
    return at.astimezone(zone).utcoffset() or timedelta(0)


def _transitions(zone: ZoneInfo, first: date, last: date) -> list[_Transition]:
    """Every change of the zone's offset between two dates, to the minute."""
    found: list[_Transition] = []
    here = datetime.combine(first, time(), UTC)
    end = datetime.combine(last, time(), UTC)
    while here < end:
        step = here + _DAY
        if _offset(zone, here) != _offset(zone, step):
            low, high = here, step  # the offset changes in (low, high]: halve to the minute
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if _offset(zone, middle) == _offset(zone, low):
                    low = middle
                else:
                    high = middle
            after = high.astimezone(zone)
            found.append(
                _Transition(
                    at=high,
                    offset_from=_offset(zone, low),
                    offset_to=_offset(zone, high),
                    name=after.tzname() or zone.key,
                    daylight=bool(after.dst()),
                )
            )
        here = step
    return found


def _runs(transitions: list[_Transition]) -> list[list[_Transition]]:
    """Transitions grouped into runs that one yearly rule describes: same rule, years in a row."""
    runs: list[list[_Transition]] = []
    open_runs: dict[tuple[object, ...], list[_Transition]] = {}
    for change in transitions:
        run = open_runs.get(change.rule)
        if run is not None and run[-1].local.year + 1 == change.local.year:
            run.append(change)
            continue
        run = [change]
        runs.append(run)
        open_runs[change.rule] = run
    return runs


def _observance(
    change: _Transition, run: list[_Transition], last_year: int
) -> TimezoneStandard | TimezoneDaylight:
    component = TimezoneDaylight() if change.daylight else TimezoneStandard()
    component.add("dtstart", change.local)
    component.add("tzoffsetfrom", change.offset_from)
    component.add("tzoffsetto", change.offset_to)
    component.add("tzname", change.name)
    if len(run) > 1:
        local = run[0].local
        week = run[0].rule[6]
        rule: dict[str, object] = {
            "freq": "YEARLY",
            "bymonth": local.month,
            "byday": f"{week}{_WEEKDAYS[local.weekday()]}",
        }
        if run[-1].local.year < last_year:
            # The rule stopped (or changed) within the span: it ends at its last change.
            rule["until"] = run[-1].at
        component.add("rrule", rule)
    return component


@lru_cache(maxsize=32)
def vtimezone(zone: ZoneInfo, first: date, last: date) -> Timezone:
    """A VTIMEZONE for a zone, right for every local time from `first` to `last`."""
    # From a year before the first date, so every time in the span falls after a rule's start.
    start = date(first.year - 1, 1, 1)
    end = date(last.year + 1, 12, 31)
    component = Timezone()
    component.add("tzid", zone.key)
    transitions = _transitions(zone, start, end)
    if not transitions:
        # A zone without changes in the span: one observance with its one offset.
        moment = datetime.combine(start, time(), UTC).astimezone(zone)
        only = TimezoneStandard()
        only.add("dtstart", datetime.combine(start, time()))
        only.add("tzoffsetfrom", moment.utcoffset() or timedelta(0))
        only.add("tzoffsetto", moment.utcoffset() or timedelta(0))
        only.add("tzname", moment.tzname() or zone.key)
        component.add_component(only)
        return component
    for run in _runs(transitions):
        component.add_component(_observance(run[0], run, end.year))
    return component
