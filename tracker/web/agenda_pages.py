"""The draft agenda of a meeting in the browser, for the secretariat that assembles it, with the
same draft to download as Markdown or as a Word document."""

from __future__ import annotations

from flask import abort
from werkzeug.wrappers import Response

from tracker import schemas as s
from tracker.export_agenda import agenda_docx
from tracker.services.agenda_draft import (
    AgendaDraft,
    build_agenda_draft,
    item_lines,
    render_text,
)
from tracker.web.common import (
    bp,
    current_language,
    group_id_of,
    render,
    require_user,
    service_context,
)
from tracker.web.meeting_pages import _meeting

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _draft(meeting_id: int) -> tuple[s.MeetingView, AgendaDraft]:
    user = require_user()
    if not user.is_secretariat:
        abort(403)
    meeting = _meeting(group_id_of(user), meeting_id)
    return meeting, build_agenda_draft(
        service_context(), meeting_id=meeting.id, language=current_language()
    )


@bp.get("/meetings/<int:meeting_id>/agenda")
def agenda_draft(meeting_id: int) -> Response:
    """The draft agenda: numbered items with their deliverables, flags and input."""
    meeting, draft = _draft(meeting_id)
    language = current_language()
    lines = {index: item_lines(item, language) for index, item in enumerate(draft.items)}
    return render("agenda_draft.html", meeting=meeting, draft=draft, lines=lines)


@bp.get("/meetings/<int:meeting_id>/agenda.md")
def agenda_draft_markdown(meeting_id: int) -> Response:
    """The draft agenda as a Markdown file."""
    _, draft = _draft(meeting_id)
    return Response(
        render_text(draft, current_language()),
        mimetype="text/markdown",
        headers={"Content-Disposition": f'attachment; filename="saksliste-{draft.day}.md"'},
    )


@bp.get("/meetings/<int:meeting_id>/agenda.docx")
def agenda_draft_docx(meeting_id: int) -> Response:
    """The draft agenda as a Word document."""
    _, draft = _draft(meeting_id)
    return Response(
        agenda_docx(draft, current_language()),
        mimetype=DOCX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="saksliste-{draft.day}.docx"'},
    )
