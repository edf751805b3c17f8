"""The secretariat's invitation import: upload a file, check and correct what it would write,
then confirm. Nothing is written before the confirm; until then the uploaded text travels in a
hidden field signed by the app (so no draft sits in the database), the corrections in the form."""

from __future__ import annotations

from typing import Any, Final

from flask import abort, current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wrappers import Response

from tracker.api.problems import http_problem
from tracker.errors import DomainError
from tracker.i18n import N_
from tracker.importer.apply import ImportReport
from tracker.importer.confirm import import_corrected, read_parsed
from tracker.importer.preview import NONE, Corrections, blocks, corrections_from_form
from tracker.importer.preview import keys_of as preview_keys
from tracker.importer.report import note_text, render_report, unplaced_reason
from tracker.importer.sources import SUPPORTED_SUFFIXES, read_invitation
from tracker.services.access import WebUser
from tracker.web.common import bp, current_language, render, require_user, service_context, t
from tracker.web.common import web_actor as actor_of_page
from tracker.web.forms import GENERAL, FormErrors, form_errors

DRAFT_MAX_AGE: Final = 24 * 3600  # seconds a preview can be confirmed after the upload
_ACCEPT: Final = ",".join(suffix for suffix in SUPPORTED_SUFFIXES if suffix != ".markdown")


def _secretariat() -> WebUser:
    user = require_user()
    if not user.is_secretariat:
        abort(403)
    return user


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt="tiltak.import-draft")


def upload_limit() -> int:
    """The largest file the page takes: the app's one limit on a request (`max_request_bytes`)."""
    limit: int = current_app.config["MAX_CONTENT_LENGTH"]
    return limit


def _limit_mb() -> str:
    return f"{upload_limit() / (1024 * 1024):.3g}"


def _upload_page(errors: FormErrors | None = None, status: int = 200) -> Response:
    return render(
        "import.html",
        status=status,
        errors=errors or FormErrors(),
        accept=_ACCEPT,
        limit_mb=_limit_mb(),
    )


@bp.app_errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge) -> Response | HTTPException:
    # The app refuses a body over its limit before any page runs; the import page says so.
    if request.path == "/import" and request.method == "POST":
        return _refused(t(N_("The file is larger than {limit} MB."), limit=_limit_mb()), 413)
    # Elsewhere the app's own answer: a problem under /api, Flask's page on the web view.
    return http_problem(error)


def _refused(message: str, status: int) -> Response:
    return _upload_page(FormErrors(form="upload", messages={"invitation": message}), status)


@bp.get("/import")
def import_invitation_page() -> Response:
    """The upload form (secretariat only)."""
    _secretariat()
    return _upload_page()


@bp.post("/import")
def upload_invitation() -> Response:
    """Read the uploaded invitation and show what importing it would do; writes nothing."""
    user = _secretariat()
    upload = request.files.get("invitation")
    if upload is None or not upload.filename:
        return _refused(t(N_("Choose the invitation's file.")), 422)
    data = upload.stream.read()
    filename = upload.filename
    try:
        text = read_invitation(data, filename)
        read_parsed(text, filename)
    except DomainError as exc:
        return _refused(exc.localized(current_language()), 422)
    draft = _signer().dumps({"text": text, "file": filename, "person": user.person.id})
    return _preview_page(draft, text, filename, NONE)


@bp.post("/import/confirm")
def confirm_invitation() -> Response:
    """Show the preview again with the corrections, or import exactly what it shows."""
    user = _secretariat()
    try:
        draft: dict[str, Any] = _signer().loads(
            request.form.get("draft", ""), max_age=DRAFT_MAX_AGE
        )
    except BadSignature:
        return _refused(
            t(N_("The preview has expired or was changed; upload the file again.")), 400
        )
    if draft.get("person") != user.person.id:
        abort(403)
    text, filename = str(draft["text"]), str(draft["file"])
    shown = blocks(read_parsed(text, filename))
    corrections = corrections_from_form(request.form.to_dict(), preview_keys(shown))
    if request.form.get("action") != "confirm":
        return _preview_page(request.form["draft"], text, filename, corrections)
    try:
        report = import_corrected(
            service_context(),
            actor=actor_of_page(),
            text=text,
            filename=filename,
            corrections=corrections,
        )
    except DomainError as exc:
        return _preview_page(request.form["draft"], text, filename, corrections, error=exc)
    return render(
        "import_done.html",
        report=report,
        summary=render_report(report, current_language()).splitlines(),
        filename=filename,
    )


def _preview_page(
    draft: str,
    text: str,
    filename: str,
    corrections: Corrections,
    error: DomainError | None = None,
) -> Response:
    parsed = read_parsed(text, filename)
    shown = blocks(parsed, corrections)
    report: ImportReport | None = None
    errors = FormErrors()
    try:
        if error is not None:
            raise error
        report = import_corrected(
            service_context(),
            actor=actor_of_page(),
            text=text,
            filename=filename,
            corrections=corrections,
            dry_run=True,
        )
    except DomainError as exc:
        errors = form_errors("preview", exc, current_language(), fields=preview_keys(shown))
        if not errors.messages:
            errors.messages[GENERAL] = exc.localized(current_language())
    return render(
        "import_preview.html",
        status=errors.status if errors else 200,
        draft=draft,
        filename=filename,
        blocks=shown,
        report=report,
        changes=_changes(report),
        unplaced=[(u.line, u.text, t(unplaced_reason(u.reason_code))) for u in parsed.unplaced],
        notes=[(n.line, note_text(n, current_language())) for n in parsed.notes],
        errors=errors,
    )


_TABLE_NAMES: Final = {
    "group": N_("groups"),
    "person": N_("people"),
    "organisation": N_("organisations"),
    "group_membership": N_("memberships"),
    "secretariat_contact": N_("contact periods"),
    "workgroup": N_("workgroups"),
    "workgroup_member": N_("workgroup members"),
    "meeting": N_("meetings"),
    "meeting_part": N_("meeting parts"),
    "agenda_item": N_("agenda items"),
    "agenda_sub_point": N_("agenda points"),
    "deadline": N_("deadlines"),
    "event": N_("events"),
    "consultation": N_("consultations"),
}


def _changes(report: ImportReport | None) -> list[tuple[str, int, int]]:
    """Per kind of row: how many the import would create and how many it would change."""
    if report is None:
        return []
    tables = sorted(set(report.created) | set(report.updated))
    return [
        (t(_TABLE_NAMES.get(table, table)), report.created[table], report.updated[table])
        for table in tables
        if table in _TABLE_NAMES
    ]
