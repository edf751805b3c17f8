"""Dates and times the way Norwegians (and the English) write them in chat."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

_WEEKDAYS = {
    "nb": ("man.", "tir.", "ons.", "tor.", "fre.", "lør.", "søn."),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_WEEKDAYS_LONG = {
    "nb": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    "nb": (
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def short_day(day: date, language: str, today: date) -> str:
    """'fre. 14.02' (the year only when it is not this year's); 'Fri 14 Feb' in English."""
    weekday = _WEEKDAYS.get(language, _WEEKDAYS["nb"])[day.weekday()]
    if language == "en":
        text = f"{weekday} {day.day} {_MONTHS['en'][day.month - 1][:3]}"
        return text if day.year == today.year else f"{text} {day.year}"
    text = f"{weekday} {day.day:02d}.{day.month:02d}"
    return text if day.year == today.year else f"{text}.{day.year}"


def long_day(day: date, language: str) -> str:
    """'torsdag 16. januar 2025' / 'Thursday 16 January 2025'."""
    weekday = _WEEKDAYS_LONG.get(language, _WEEKDAYS_LONG["nb"])[day.weekday()]
    month = _MONTHS.get(language, _MONTHS["nb"])[day.month - 1]
    if language == "en":
        return f"{weekday} {day.day} {month} {day.year}"
    return f"{weekday} {day.day}. {month} {day.year}"


def clock_range(start: datetime | None, end: datetime | None, zone: ZoneInfo) -> str:
    """'09:00–12:30' in the group's zone."""
    if start is None:
        return ""
    text = start.astimezone(zone).strftime("%H:%M")
    if end is not None:
        text += "–" + end.astimezone(zone).strftime("%H:%M")
    return text
