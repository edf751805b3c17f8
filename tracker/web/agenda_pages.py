"""The draft agenda of a meeting in the browser, for the secretariat that assembles it, with the
same draft to download as Markdown or as a Word document."""

from __future__ import annotations

from flask import abort, redirect, request, url_for
from werkzeug.wrappers import Response

from tracker import schemas as s
from tracker.errors import DomainError
from tracker.export_agenda import agenda_docx
from tracker.i18n import N_
from tracker.services.agenda_draft import (
    AgendaDraft,
    build_agenda_draft,
    edit_agenda,
    item_lines,
    publish_agenda,
    render_text,
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
    lines = {item.key: item_lines(item, language) for item in draft.items}
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


@bp.post("/meetings/<int:meeting_id>/agenda/publish")
def agenda_draft_publish(meeting_id: int) -> Response:
    """Post the draft agenda to the group's rooms."""
    meeting, _ = _draft(meeting_id)
    count = publish_agenda(service_context(), actor=web_actor(), meeting_id=meeting.id)
    flash_at(
        t(N_("The draft agenda goes to {count} room(s)."), count=count)
        if count
        else t(N_("The group has no room to post to yet.")),
        "publish",
        "success" if count else "error",
    )
    target = url_for("web.agenda_draft", meeting_id=meeting.id, _anchor="publish")
    return redirect(target, 303)


@bp.post("/meetings/<int:meeting_id>/agenda/edit")
def agenda_draft_edit(meeting_id: int) -> Response:
    """Rename, move, drop or add an item of the draft; back to the item acted on."""
    meeting, _ = _draft(meeting_id)
    action = request.form.get("action", "")
    key = request.form.get("key") or None
    # A dropped item has no place left to return to: the add form below the list stands in.
    anchor = "add" if action in ("add", "drop") else f"item-{key}"
    try:
        acted_on = edit_agenda(
            service_context(),
            actor=web_actor(),
            meeting_id=meeting.id,
            action=action,
            key=key,
            title=request.form.get("title"),
        )
    except DomainError as error:
        flash_at(error.localized(current_language()), anchor, "error")
    else:
        anchor = f"item-{acted_on}" if acted_on else "add"
        flash_at(t(N_("The draft agenda was changed.")), anchor)
    target = url_for("web.agenda_draft", meeting_id=meeting.id, _anchor=anchor)
    return redirect(target, 303)
