"""The working calendar: the country's public holidays (from the `holidays` package) and the
summer break (fellesferie). The schedule sends nothing on such a day, and a due date set on one
is flagged; both ask `WorkCalendar.day_off`, so chat, web and worker agree on what a day is."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

from tracker.i18n import N_, translate

if TYPE_CHECKING:
    # Imported where a day is first looked up: the package loads every country's calendar
    # (about 8 MiB), which a process that never asks about a day (a chat bot answering
    # «mine oppgaver», the web list) has no use for.
    import holidays

SUMMER_BREAK = N_("the summer break")

# The holidays package's own translations of the holiday names, per language of ours.
_HOLIDAY_LANGUAGES = {"nb": "no", "en": "en_US"}
# A search for a working day gives up after this many days (a break longer than this is a typo).
_MAX_RUN = 120


@dataclass(frozen=True)
class WorkCalendar:
    """Public holidays of `country` and a yearly summer break from `break_start` to `break_end`
    (month and day, both inclusive; None for no break)."""

    country: str = "NO"
    break_start: tuple[int, int] | None = (7, 1)
    break_end: tuple[int, int] | None = (7, 31)
    _names: dict[str, holidays.HolidayBase] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @cached_property
    def _holidays(self) -> holidays.HolidayBase:
        import holidays

        return holidays.country_holidays(self.country) if self.country else holidays.HolidayBase()

    def in_summer_break(self, day: date) -> bool:
        """Whether a day falls in the summer break."""
        if self.break_start is None or self.break_end is None:
            return False
        return self.break_start <= (day.month, day.day) <= self.break_end

    def holiday(self, day: date, language: str = "nb") -> str | None:
        """The name of the public holiday on a day, in the language given, or None."""
        if day not in self._holidays:
            return None
        names = self._names.get(language)
        if names is None:
            import holidays

            names = holidays.country_holidays(
                self.country, language=_HOLIDAY_LANGUAGES.get(language, "no")
            )
            self._names[language] = names
        return str(names.get(day) or self._holidays.get(day))

    def day_off(self, day: date, language: str = "nb") -> str | None:
        """The holiday on a day or «fellesferie», in the language given; None on other days."""
        name = self.holiday(day, language)
        if name is not None:
            return name
        if self.in_summer_break(day):
            return translate(SUMMER_BREAK, language)
        return None

    def is_off(self, day: date) -> bool:
        """Whether nothing is sent on a day: a public holiday or the summer break."""
        return day in self._holidays or self.in_summer_break(day)

    def is_working_day(self, day: date) -> bool:
        """A weekday that is neither a holiday nor in the summer break."""
        return day.weekday() < 5 and not self.is_off(day)

    def next_open_day(self, day: date) -> date:
        """The first day after `day` that is not off (weekends count: reminders go out on them)."""
        for step in range(1, _MAX_RUN):
            candidate = day + timedelta(days=step)
            if not self.is_off(candidate):
                return candidate
        return day + timedelta(days=1)

    def previous_open_day(self, day: date) -> date:
        """The last day before `day` that is not off."""
        for step in range(1, _MAX_RUN):
            candidate = day - timedelta(days=step)
            if not self.is_off(candidate):
                return candidate
        return day - timedelta(days=1)


def parse_month_day(text: str) -> tuple[int, int] | None:
    """`MM-DD` as (month, day), checked against a leap year; empty text is None."""
    if not text.strip():
        return None
    month, day = (int(part) for part in text.strip().split("-"))
    date(2024, month, day)  # raises ValueError on a day that does not exist
    return month, day


def due_note(calendar: WorkCalendar, day: date, language: str = "nb") -> str | None:
    """What to say of a due date on a day off («det er Grunnlovsdag, en helligdag», «det er
    fellesferie»), or None on a working day; the chat and the web task form both say it."""
    name = calendar.day_off(day, language)
    if name is None:
        return None
    if calendar.holiday(day, language) is None:
        return translate(N_("that is {name}"), language, name=name)
    return translate(N_("that is {name}, a public holiday"), language, name=name)
