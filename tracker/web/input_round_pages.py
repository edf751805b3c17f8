"""The input round of a meeting in the browser: per item asking for written input, each
organisation on the roster and whether it has delivered (who, when, late or not). For the
secretariat and the workgroup leads, who chase the input."""

from __future__ import annotations

from flask import abort
from werkzeug.wrappers import Response

from tracker.services import input_rounds
from tracker.web.common import bp, group_id_of, render, require_user, service_context
from tracker.web.meeting_pages import _meeting


@bp.get("/meetings/<int:meeting_id>/input")
def input_round(meeting_id: int) -> Response:
    """Who has delivered written input to the meeting's items, and who has not."""
    user = require_user()
    if not (user.is_secretariat or user.led_workgroups):
        abort(403)
    meeting = _meeting(group_id_of(user), meeting_id)
    rounds = input_rounds.input_rounds(service_context(), meeting=meeting)
    return render("input_round.html", meeting=meeting, rounds=rounds)
