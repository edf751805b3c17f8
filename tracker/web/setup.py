"""The web view's app-wide settings: an expiring signed session cookie, CSRF protection for the
pages' forms (not for the API, whose bearer tokens are no ambient credential), and e-mail."""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from flask import Flask, request
from werkzeug.exceptions import Forbidden, HTTPException, InternalServerError, NotFound
from werkzeug.wrappers import Response

from tracker.api.problems import http_problem, is_api_request
from tracker.app import runtime_of
from tracker.i18n import N_
from tracker.web.auth import csrf, signed_in_user
from tracker.web.common import bp, render, t
from tracker.web.mail import install_mailer

log = logging.getLogger(__name__)


def setup_web(app: Flask) -> None:
    """Configure sessions, CSRF and the mailer for the web pages."""
    settings = runtime_of(app).settings
    lifetime = timedelta(hours=settings.web.session_hours)
    app.config.update(
        PERMANENT_SESSION_LIFETIME=lifetime,
        SESSION_COOKIE_NAME="tiltak_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.base_url.startswith("https://"),
        # Checked by the web blueprint only (see tracker.web.auth), so the API and the chat
        # platforms' signed webhooks are not asked for a form token they cannot have.
        WTF_CSRF_CHECK_DEFAULT=False,
        # A form stays valid as long as the session it belongs to.
        WTF_CSRF_TIME_LIMIT=int(lifetime.total_seconds()),
    )
    csrf.init_app(app)
    install_mailer(app, settings.web)
    # Registered after the API's own, which they hand its addresses back to.
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)


# Every page of the web view that is not there, or not for this person, or broken, answers in
# the site's frame and the person's language; the API keeps its problem documents.
ERROR_TEXTS: dict[int, tuple[str, str]] = {
    400: (N_("Bad request"), N_("The page could not read what was sent. Go back and try again.")),
    403: (N_("Not allowed"), N_("You do not have access to this page.")),
    404: (
        N_("Not found"),
        N_("There is nothing here. It may have been deleted, or the address is wrong."),
    ),
    405: (N_("Not possible here"), N_("This address does not take that kind of request.")),
    500: (N_("Something went wrong"), N_("Something went wrong on our side.")),
}


def error_page(status: int, error_id: str | None = None) -> Response:
    """The page for an HTTP error, in the frame of the site and the person's language."""
    title, message = ERROR_TEXTS.get(status, ERROR_TEXTS[400 if status < 500 else 500])
    text = t(message)
    if error_id is not None:
        text += " " + t(N_("Quote error id {error_id} when you report it."), error_id=error_id)
    return render("error.html", status, title=t(title), message=text)


@bp.errorhandler(NotFound)
def _not_found(error: NotFound) -> Response:
    return error_page(404)


@bp.errorhandler(Forbidden)
def _forbidden(error: Forbidden) -> Response:
    return error_page(403)


def _http_error(error: HTTPException) -> Response | HTTPException:
    """Errors that belong to no page (an unknown address, a wrong method): a problem document
    under /api, the web view's own page elsewhere."""
    if is_api_request():
        return http_problem(error)
    signed_in_user()  # the frame shows who is signed in, as on every other page
    return error_page(error.code or 500)


def _server_error(error: InternalServerError) -> Response | HTTPException:
    """A bug in a page: logged with an id the page repeats, so a report can be matched."""
    if is_api_request():  # the API's own handler logs its bugs; this is what is left
        return http_problem(error)
    error_id = uuid.uuid4().hex
    log.error(
        "Unexpected error %s in %s %s",
        error_id,
        request.method,
        request.path[:200],
        exc_info=error.original_exception or error,
    )
    return error_page(500, error_id)
