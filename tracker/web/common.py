"""What every page shares: the blueprint, the page's language and formatter, the signed-in
person, and the few ways a page answers. Pages read and write through the service layer only."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_interval, format_time
from flask import (
    Blueprint,
    abort,
    flash,
    g,
    get_flashed_messages,
    has_request_context,
    render_template,
    request,
    session,
)
from werkzeug.wrappers import Response

from tracker.app import runtime_of
from tracker.i18n import N_, Language, normalise_language, translate
from tracker.models import Channel, TaskStatus
from tracker.services.access import WebUser
from tracker.services.context import Actor, ServiceContext

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

# The columns of the overview table and the board: the statuses in the order a task moves
# through them, with their labels (message ids), as the status type defines them.
STATUS_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (status.value, status.label) for status in TaskStatus
)
# Where a task can go next from each status, in the order the buttons show them.
NEXT_STATUSES: dict[TaskStatus, tuple[TaskStatus, ...]] = {
    status: status.next_statuses for status in TaskStatus
}
# Far more than a page shows; a listing is one query whatever its length.
LIST_LIMIT = 10_000


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

    def short_day(self, value: date) -> str:
        """A date in a list, e.g. "23.01.2025" (Norwegian) or "23/01/2025" (English)."""
        return format_date(
            value, "short" if self.language == "en" else "dd.MM.y", locale=self.locale
        )

    def weekday(self, value: date) -> str:
        """A calendar date with its weekday, e.g. "torsdag 16. januar 2025"."""
        return format_date(value, "full", locale=self.locale)

    def input_day(self, value: date | None) -> str:
        """A date as the date fields take it back, e.g. "23.01.2025"."""
        return value.strftime("%d.%m.%Y") if value else ""

    def clock(self, moment: datetime) -> str:
        """The wall-clock time of an instant in the group's zone, e.g. "09:00"."""
        return format_time(moment, "HH:mm", tzinfo=self.zone, locale=self.locale)

    def local_day(self, moment: datetime) -> date:
        """The calendar date of an instant in the group's zone."""
        return moment.astimezone(self.zone).date()

    def moment(self, moment: datetime) -> str:
        """An instant as date and time, e.g. "16. januar 2025 kl. 09:00"."""
        return self.gettext(
            N_("{date} at {time}"), date=self.day(self.local_day(moment)), time=self.clock(moment)
        )

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

    def days(self, first: date, last: date | None) -> str:
        """A date or a range of dates, e.g. "28.–29. august 2025"."""
        if last is None or last == first:
            return self.day(first)
        return format_interval(first, last, "yMMMMd", locale=self.locale)

    def week_span(self, monday: date) -> str:
        """The days of an ISO week, e.g. "10.–16. februar 2025"."""
        return format_interval(monday, monday + timedelta(days=6), "yMMMMd", locale=self.locale)

    def status(self, status: str) -> str:
        """A task status in words."""
        try:
            return self.gettext(TaskStatus(str(status)).label)
        except ValueError:
            return str(status)


def service_context() -> ServiceContext:
    """The service context of the running app."""
    return runtime_of().ctx


def current_language() -> Language:
    """The page's language: asked for with ?lang=, else remembered, else the site's default."""
    if "lang" in g:
        language: Language = g.lang
        return language
    wanted = request.args.get("lang")
    if wanted:
        language = normalise_language(wanted)
        session["lang"] = language
    elif session.get("lang") in ("nb", "en"):
        language = session["lang"]
    else:
        language = normalise_language(runtime_of().settings.language)
    g.lang = language
    return language


def formatter() -> Formatter:
    """The formatter of the current page."""
    if "fmt" not in g:
        g.fmt = Formatter(current_language(), service_context().zone)
    fmt: Formatter = g.fmt
    return fmt


def t(message: str, /, **params: object) -> str:
    """A message in the page's language."""
    return formatter().gettext(message, **params)


def current_user() -> WebUser | None:
    """The signed-in person of this request, if any (set before every page)."""
    user: WebUser | None = g.get("web_user")
    return user


def require_user() -> WebUser:
    """The signed-in person with a group; pages behind the sign-in gate only."""
    user = current_user()
    if user is None or user.group_id is None:
        abort(403)
    return user


def group_id_of(user: WebUser) -> int:
    """The group the signed-in person belongs to."""
    assert user.group_id is not None
    return user.group_id


def web_actor() -> Actor:
    """The signed-in person as the services' actor, writing from the web."""
    user = current_user()
    return Actor(
        person_id=user.person.id if user else None,
        channel=Channel.WEB,
        language=current_language(),
    )


def safe_next(target: str | None, fallback: str) -> str:
    """A local address to go back to; anything that could leave the site becomes the fallback."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target


def flash_at(message: str, anchor: str, category: str = "success") -> None:
    """A notice for the next page, shown beside the element with this id (at the top if absent)."""
    flash(message, f"{category}#{anchor}")


def with_anchor(target: str, anchor: str) -> str:
    """An address that opens at the element with this id (any fragment it had is replaced)."""
    return f"{target.partition('#')[0]}#{anchor}"


def _notices() -> list[tuple[str, str, str]]:
    """This page's notices as (category, anchor, message); the anchor is empty for the top."""
    if "notices" not in g:
        g.notices = []
        flashed = cast(list[tuple[str, str]], get_flashed_messages(with_categories=True))
        for category, message in flashed:
            kind, _, anchor = category.partition("#")
            g.notices.append((kind, anchor, message))
        g.placed_notices = set()
    notices: list[tuple[str, str, str]] = g.notices
    return notices


def notices_at(anchor: str) -> list[tuple[str, str]]:
    """The notices to show beside the element with this id, as (category, message)."""
    found = [(category, message) for category, at, message in _notices() if at == anchor]
    if found:
        g.placed_notices.add(anchor)
    return found


def notices_elsewhere() -> list[tuple[str, str]]:
    """The notices no element of the page took, shown at its top."""
    return [
        (category, message)
        for category, at, message in _notices()
        if not at or at not in g.placed_notices
    ]


def render(template: str, status: int = 200, **context: Any) -> Response:
    """A page rendered in the current language."""
    response = Response(render_template(template, **context), status=status, mimetype="text/html")
    response.headers["Content-Language"] = current_language()
    return response


@bp.app_context_processor
def _page_globals() -> dict[str, Any]:
    # App-wide, so that a page of another blueprint extending base.html renders the same frame.
    if not has_request_context():
        return {}
    fmt = formatter()
    return {
        "_": fmt.gettext,
        "fmt": fmt,
        "lang": fmt.language,
        "user": current_user(),
        "status_columns": STATUS_COLUMNS,
        "notices_at": notices_at,
        "notices_elsewhere": notices_elsewhere,
    }
