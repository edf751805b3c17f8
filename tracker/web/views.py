"""The web pages, rendered on the server from the same views that chat and the API show.

Pages read through the service layer only and format dates and times in the group's zone with
Babel; every string a person reads goes through the catalog, and Jinja escapes all of it.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from flask import Blueprint, render_template, request

from tracker import schemas as s
from tracker.app import runtime_of
from tracker.i18n import N_, Language, normalise_language, translate
from tracker.services import groups

bp = Blueprint(
    "web",
    __name__,
    template_folder="templates",
    static_folder="static",
    # Under /static/web so that an app-wide static folder added later cannot shadow it.
    static_url_path="/static/web",
)

# Babel locales per language: Bokmål as written in Norway, British English for day-month order.
BABEL_LOCALES: dict[Language, str] = {"nb": "nb_NO", "en": "en_GB"}

# The columns of the overview table, in the order a task moves through them.
STATUS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("todo", N_("Not started")),
    ("doing", N_("In progress")),
    ("blocked", N_("Blocked")),
    ("done", N_("Done")),
)


class Formatter:
    """Translates and formats for one language and zone; handed to the templates."""

    def __init__(self, language: Language, zone: ZoneInfo) -> None:
        self.language = language
        self.zone = zone
        self.locale = BABEL_LOCALES[language]

    def gettext(self, message: str, /, **params: object) -> str:
        """The message in the page's language."""
        return translate(message, self.language, **params)

    def day(self, value: date) -> str:
        """A calendar date as people write it, e.g. "23. januar 2025"."""
        return format_date(value, "long", locale=self.locale)

    def weekday(self, value: date) -> str:
        """A calendar date with its weekday, e.g. "torsdag 16. januar 2025"."""
        return format_date(value, "full", locale=self.locale)

    def clock(self, moment: datetime) -> str:
        """The wall-clock time of an instant in the group's zone, e.g. "09:00"."""
        return format_time(moment, "HH:mm", tzinfo=self.zone, locale=self.locale)

    def local_day(self, moment: datetime) -> date:
        """The calendar date of an instant in the group's zone."""
        return moment.astimezone(self.zone).date()

    def span(self, starts_at: datetime, ends_at: datetime | None) -> str:
        """A time span, e.g. "09:00–12:30", or just the start when the end is unknown."""
        if ends_at is None:
            return self.clock(starts_at)
        return f"{self.clock(starts_at)}–{self.clock(ends_at)}"

    def when(self, starts_at: datetime, ends_at: datetime | None) -> str:
        """When a meeting is, e.g. "torsdag 16. januar 2025 kl. 09:00–12:30"."""
        start_day = self.local_day(starts_at)
        if ends_at is not None and self.local_day(ends_at) != start_day:
            return self.gettext(
                N_("{date} at {start} to {end_date} at {end}"),
                date=self.weekday(start_day),
                start=self.clock(starts_at),
                end_date=self.weekday(self.local_day(ends_at)),
                end=self.clock(ends_at),
            )
        return self.gettext(
            N_("{date} at {time}"), date=self.weekday(start_day), time=self.span(starts_at, ends_at)
        )


def _language() -> Language:
    wanted = request.args.get("lang") or runtime_of().settings.language
    return normalise_language(wanted)


def _next_due(overview: s.GroupOverview) -> list[tuple[s.TaskView, bool]]:
    """The workgroups' next tasks in one list, overdue first, each flagged overdue or not."""
    tasks = [task for line in overview.workgroups for task in line.next_due]
    tasks.sort(key=lambda t: (t.due_on or date.max, t.workgroup_number, t.id))
    return [(t, t.due_on is not None and t.due_on < overview.today) for t in tasks]


@bp.get("/")
def overview() -> str:
    """The group at a glance: workgroups and leads, task counts, next deadlines, next meeting."""
    runtime = runtime_of()
    fmt = Formatter(_language(), runtime.ctx.zone)
    group_id = groups.default_group_id(runtime.ctx)
    data = groups.overview(runtime.ctx, group_id=group_id) if group_id is not None else None
    return render_template(
        "overview.html",
        overview=data,
        next_due=_next_due(data) if data is not None else [],
        _=fmt.gettext,
        fmt=fmt,
        lang=fmt.language,
        status_columns=STATUS_COLUMNS,
    )
