"""The note beside a due date that falls on a public holiday or in the summer break: the same
words as the chat's, from `tracker.calendar_no.due_note`."""

from __future__ import annotations

from datetime import date

from tracker.calendar_no import due_note
from tracker.i18n import N_
from tracker.web.common import bp, current_language, formatter, service_context, t


@bp.app_template_global("day_off_note")
def day_off_note(day: date | None) -> str | None:
    """«Frist 17. mai 2025: det er Grunnlovsdag, en helligdag.», or None on a working day."""
    if day is None:
        return None
    note = due_note(service_context().calendar, day, current_language())
    if note is None:
        return None
    return t(N_("Due {date}: {note}."), date=formatter().day(day), note=note)
