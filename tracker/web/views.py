"""The web pages, rendered on the server from the same views that chat and the API show.

Pages read through the service layer only and format dates and times in the group's zone with
Babel; every string a person reads goes through the catalog, and Jinja escapes all of it. This
module holds the overview; the other pages live beside it (see `tracker.web.pages`).
"""

from __future__ import annotations

from datetime import date

from werkzeug.wrappers import Response

from tracker import schemas as s
from tracker.services import groups
from tracker.web.common import (
    BABEL_LOCALES,
    STATUS_COLUMNS,
    Formatter,
    bp,
    current_user,
    formatter,
    render,
    service_context,
)

__all__ = ["BABEL_LOCALES", "STATUS_COLUMNS", "Formatter", "bp", "overview"]


def _next_due(overview: s.GroupOverview) -> list[tuple[s.TaskView, bool]]:
    """The workgroups' next tasks in one list, overdue first, each flagged overdue or not."""
    tasks = [task for line in overview.workgroups for task in line.next_due]
    tasks.sort(key=lambda t: (t.due_on or date.max, t.workgroup_number, t.id))
    return [(t, t.due_on is not None and t.due_on < overview.today) for t in tasks]


@bp.get("/")
def overview() -> Response:
    """The group at a glance: workgroups and leads, task counts, next deadlines, next meeting."""
    ctx = service_context()
    user = current_user()
    group_id = user.group_id if user is not None else groups.default_group_id(ctx)
    data = groups.overview(ctx, group_id=group_id) if group_id is not None else None
    fmt = formatter()
    return render(
        "overview.html",
        overview=data,
        next_due=_next_due(data) if data is not None else [],
        _=fmt.gettext,
        fmt=fmt,
        lang=fmt.language,
        status_columns=STATUS_COLUMNS,
    )
