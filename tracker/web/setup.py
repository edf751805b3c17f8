"""The web view's app-wide settings: an expiring signed session cookie, CSRF protection for the
pages' forms (not for the API, whose bearer tokens are no ambient credential), and e-mail."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from werkzeug.exceptions import Forbidden, NotFound
from werkzeug.wrappers import Response

from tracker.app import runtime_of
from tracker.i18n import N_
from tracker.web.auth import csrf
from tracker.web.common import bp, render, t
from tracker.web.mail import install_mailer


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


@bp.errorhandler(NotFound)
def _not_found(error: NotFound) -> Response:
    return render(
        "error.html",
        404,
        title=t(N_("Not found")),
        message=t(N_("There is nothing here. It may have been deleted, or the address is wrong.")),
    )


@bp.errorhandler(Forbidden)
def _forbidden(error: Forbidden) -> Response:
    return render(
        "error.html",
        403,
        title=t(N_("Not allowed")),
        message=t(N_("You do not have access to this page.")),
    )
