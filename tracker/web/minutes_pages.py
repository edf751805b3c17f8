"""The minutes draft of a meeting in the browser, for the secretariat that writes the minutes:
each item's text and decision edited in place, and the same draft to download as Markdown or as
a Word document."""

from __future__ import annotations

from flask import abort, redirect, request, url_for
from werkzeug.wrappers import Response

from tracker import schemas as s
from tracker.errors import DomainError
from tracker.i18n import N_
from tracker.services.minutes_draft import (
    MinutesDraft,
    build_minutes_draft,
    change_lines,
    decision_line,
    heading,
    render_docx,
    render_markdown,
    save_minutes_note,
)
from tracker.web.common import (
    bp,
    current_language,
    flash_at,
    group_id_of,
    render,
    require_user,
    service_context,
    t,
    web_actor,
)
from tracker.web.meeting_pages import _meeting

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _draft(meeting_id: int) -> tuple[s.MeetingView, MinutesDraft]:
    user = require_user()
    if not user.is_secretariat:
        abort(403)
    meeting = _meeting(group_id_of(user), meeting_id)
    return meeting, build_minutes_draft(service_context(), meeting_id=meeting.id)


@bp.get("/meetings/<int:meeting_id>/minutes")
def minutes_draft(meeting_id: int) -> Response:
    """The minutes draft: per item the minutes lines, a decision line, changes and new tasks."""
    meeting, draft = _draft(meeting_id)
    language = current_language()
    changes = {entry.item_id: change_lines(entry, language) for entry in draft.items}
    decisions = {entry.item_id: decision_line(entry, language) for entry in draft.items}
    return render(
        "minutes_draft.html",
        meeting=meeting,
        draft=draft,
        changes=changes,
        decisions=decisions,
        heading=heading(draft, language),
    )


@bp.post("/meetings/<int:meeting_id>/minutes/<int:item_id>")
def minutes_draft_save(meeting_id: int, item_id: int) -> Response:
    """Store an item's minutes text and decision; back to that item with the confirmation."""
    meeting, _ = _draft(meeting_id)
    anchor = f"item-{item_id}"
    try:
        save_minutes_note(
            service_context(),
            actor=web_actor(),
            meeting_id=meeting.id,
            item_id=item_id,
            text=request.form.get("text", ""),
            decision=request.form.get("decision", ""),
        )
    except DomainError as error:
        flash_at(error.localized(current_language()), anchor, "error")
    else:
        flash_at(t(N_("The minutes of the item were saved.")), anchor)
    target = url_for("web.minutes_draft", meeting_id=meeting.id, _anchor=anchor)
    return redirect(target, 303)


@bp.get("/meetings/<int:meeting_id>/minutes.md")
def minutes_draft_markdown(meeting_id: int) -> Response:
    """The minutes draft as a Markdown file."""
    _, draft = _draft(meeting_id)
    return Response(
        render_markdown(draft, current_language()),
        mimetype="text/markdown",
        headers={"Content-Disposition": f'attachment; filename="referat-{draft.day}.md"'},
    )


@bp.get("/meetings/<int:meeting_id>/minutes.docx")
def minutes_draft_docx(meeting_id: int) -> Response:
    """The minutes draft as a Word document."""
    _, draft = _draft(meeting_id)
    return Response(
        render_docx(draft, current_language()),
        mimetype=DOCX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="referat-{draft.day}.docx"'},
    )
