"""The tasks of any list as a spreadsheet (CSV), and the tasks due for a meeting."""

from __future__ import annotations

import io

from flask import abort, request
from werkzeug.wrappers import Response

from tracker import schemas as s
from tracker.errors import NotFound
from tracker.export import export_tasks_csv
from tracker.models import OPEN_STATUSES
from tracker.services import meetings, reads, tasks
from tracker.web.common import (
    LIST_LIMIT,
    bp,
    formatter,
    group_id_of,
    require_user,
    service_context,
    web_actor,
)
from tracker.web.forms import parse_id
from tracker.web.task_support import (
    workgroup_in_group,
)

# --- CSV of any list ------------------------------------------------------------------------


@bp.get("/tasks.csv")
def tasks_csv() -> Response:
    """The tasks a page shows, as a spreadsheet: ?view=group, workgroup&id=, mine, deadlines,
    or meeting&id=."""
    user = require_user()
    ctx = service_context()
    group_id = group_id_of(user)
    view = request.args.get("view", "group")
    record = parse_id(request.args.get("id"))
    rows: list[s.TaskView] | None
    name = view
    if view == "group":
        rows = None
    elif view == "workgroup" and record is not None:
        workgroup = workgroup_in_group(user, record)
        rows = tasks.list_tasks(ctx, workgroup_id=workgroup.id, limit=LIST_LIMIT)
        name = f"workgroup-{workgroup.number}"
    elif view == "mine":
        rows = reads.list_tasks(ctx, actor=web_actor(), owner_id=user.person.id, limit=LIST_LIMIT)
    elif view == "deadlines":
        rows = [
            task
            for task in tasks.list_tasks(
                ctx, group_id=group_id, statuses=OPEN_STATUSES, limit=LIST_LIMIT
            )
            if task.due_on is not None
        ]
    elif view == "meeting" and record is not None:
        rows = meeting_tasks(group_id, record)
        name = f"meeting-{record}"
    else:
        abort(404)
    out = io.StringIO()
    export_tasks_csv(ctx, group_id, out, task_views=rows, words=formatter())
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="tasks-{name}.csv"'
    return response


def meeting_tasks(group_id: int, meeting_id: int) -> list[s.TaskView]:
    """The tasks due for a meeting: linked to it or to one of its agenda items."""
    try:
        meeting = meetings.get_meeting(service_context(), meeting_id=meeting_id)
    except NotFound:
        abort(404)
    if meeting.group_id != group_id:
        abort(404)
    items = {item.id for part in meeting.parts for item in part.items}
    return [
        task
        for task in tasks.list_tasks(service_context(), group_id=group_id, limit=LIST_LIMIT)
        if task.meeting_id == meeting.id or task.agenda_item_id in items
    ]
