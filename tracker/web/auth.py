"""Signing in without a password: a one-time link from the chat bot ("logg inn") or by e-mail
opens a page with one button; pressing it spends the link and starts a session. The session lives
in the database and the signed cookie carries only its secret, looked up on every request: so a
sign-out, or «sign out everywhere», shuts out every copy of the cookie at once, and a session
expires on the app's clock. Every page but these (and the secret calendar feeds) needs a
signed-in person.

The link's page asks for a press instead of signing in on sight, because chat platforms and
mail scanners open links to preview them, and that would spend the link before its owner could.
Every POST carries a CSRF token (Flask-WTF), checked here before anything else happens."""

from __future__ import annotations

import logging

from flask import current_app, flash, g, redirect, request, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect  # type: ignore[import-untyped]
from werkzeug.wrappers import Response

from tracker.app import runtime_of
from tracker.errors import NotAuthenticated
from tracker.i18n import N_
from tracker.services import access, groups
from tracker.services.access import SessionState
from tracker.web.common import (
    bp,
    current_language,
    current_user,
    render,
    require_user,
    safe_next,
    service_context,
    t,
    web_actor,
)
from tracker.web.mail import mailer_of, sign_in_message

log = logging.getLogger(__name__)

csrf = CSRFProtect()

# The cookie's key for the session secret (the database row holds its hash and whose it is).
SESSION_SLOT = "session"
# Reachable without signing in: the sign-in pages themselves, the stylesheet, and the feeds,
# whose secret address is their credential.
PUBLIC_ENDPOINTS = frozenset(
    {
        "web.static",
        "web.sign_in",
        "web.sign_in_by_email",
        "web.sign_in_link",
        "web.redeem_sign_in_link",
        "web.sign_out",
        "web.feed",
    }
)


def signed_in_user() -> access.WebUser | None:
    """The person this browser's session belongs to, for pages outside the gate (error pages)."""
    if "web_user" not in g:
        g.web_user = _load_user()
    user: access.WebUser | None = g.web_user
    return user


def _load_user() -> access.WebUser | None:
    token = session.get(SESSION_SLOT)
    if not isinstance(token, str):
        return None
    check = access.check_web_session(service_context(), token=token)
    if check.state is not SessionState.ACTIVE or check.person_id is None:
        _forget_person()
        g.session_state = check.state
        return None
    user = access.web_user(service_context(), person_id=check.person_id)
    if user is None:
        _forget_person()
    return user


def _forget_person() -> None:
    session.pop(SESSION_SLOT, None)


def _end_session() -> None:
    """End this browser's session in the database and clear its cookie (keeping the language)."""
    token = session.get(SESSION_SLOT)
    if isinstance(token, str):
        access.end_web_session(service_context(), token=token)
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


@bp.before_request
def _gate() -> Response | None:
    current_language()
    if request.method == "POST":
        csrf.protect()
    g.web_user = _load_user()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    user = current_user()
    if user is None:
        # Before anything is imported there is nobody to sign in: show how to begin.
        if (
            request.endpoint == "web.overview"
            and groups.default_group_id(service_context()) is None
        ):
            return None
        if g.get("session_state") is SessionState.EXPIRED:
            flash(t(N_("Your session has expired. Sign in again.")), "info")
        elif g.get("session_state") is SessionState.ENDED:
            flash(t(N_("You have been signed out. Sign in again.")), "info")
        wanted = request.full_path if request.method == "GET" else request.referrer
        return redirect(url_for("web.sign_in", next=safe_next(wanted, "/").rstrip("?")))
    if user.group_id is None or user.role is None:
        return render(
            "error.html",
            403,
            title=t(N_("No access")),
            message=t(N_("You are not on the roster of any group. Ask the secretariat.")),
        )
    return None


@bp.after_request
def _headers(response: Response) -> Response:
    # No scripts of our own are inline and nothing is framed. The referrer goes to this site
    # only (Flask-WTF checks it on HTTPS), so a sign-in link's address never leaves it.
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint not in ("web.static", "web.feed"):
        # Pages show personal data and one-time secrets: no cache keeps a copy.
        response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.errorhandler(CSRFError)
def _csrf_failed(error: CSRFError) -> Response:
    return render(
        "error.html",
        400,
        title=t(N_("The form has expired")),
        message=t(
            N_("The page was open too long or came from elsewhere. Reload it and try again.")
        ),
    )


@bp.errorhandler(NotAuthenticated)
def _not_signed_in(error: NotAuthenticated) -> Response:
    return redirect(url_for("web.sign_in"))


# --- the sign-in pages ----------------------------------------------------------------------


def _sign_in_page(status: int = 200, **context: object) -> Response:
    web = runtime_of().settings.web
    return render(
        "sign_in.html",
        status,
        email_enabled=web.smtp_enabled and mailer_of(current_app) is not None,
        next=safe_next(request.values.get("next"), ""),
        minutes=int(access.SIGN_IN_TTL.total_seconds() // 60),
        **context,
    )


@bp.get("/sign-in")
def sign_in() -> Response:
    """How to get a sign-in link: from the chat bot, or by e-mail where that is set up."""
    if current_user() is not None and not request.args.get("next"):
        return redirect(url_for("web.overview"))
    return _sign_in_page()


@bp.post("/sign-in")
def sign_in_by_email() -> Response:
    """Send a sign-in link to an address; the answer is the same whether it is known or not."""
    runtime = runtime_of()
    mailer = mailer_of(current_app)
    if mailer is None or not runtime.settings.web.smtp_enabled:
        return _sign_in_page(404)
    email = request.form.get("email", "").strip()
    if "@" not in email or len(email) > 254:
        return _sign_in_page(
            422, email=email, error=t(N_("Write an e-mail address, e.g. navn@kommune.no."))
        )
    found = access.sign_in_link_for_email(runtime.ctx, email=email)
    if found is not None:
        person, token = found
        language = person.language or current_language()
        message = sign_in_message(
            sender=runtime.settings.web.mail_from,
            to=person.email or email,
            name=person.full_name,
            link=access.sign_in_url(runtime.settings.base_url, token),
            minutes=int(access.SIGN_IN_TTL.total_seconds() // 60),
            language=language,
        )
        try:
            mailer.send(message)
        except Exception:  # the visitor is told the same; the log says what failed
            log.exception("could not send a sign-in link by e-mail")
    return render("sign_in_sent.html", email=email)


@bp.get(access.SIGN_IN_PATH + "<token>")
def sign_in_link(token: str) -> Response:
    """The page a sign-in link opens: one button that signs in (the link is not spent yet)."""
    if not access.sign_in_link_is_valid(service_context(), token=token):
        return _link_refused()
    return render("sign_in_confirm.html", token=token)


@bp.post(access.SIGN_IN_PATH + "<token>")
def redeem_sign_in_link(token: str) -> Response:
    """Spend the link and start a session."""
    try:
        person_id = access.redeem_sign_in_link(service_context(), token=token)
    except NotAuthenticated:
        return _link_refused()
    # A fresh session: nothing from before the sign-in carries over except the language (and a
    # session this browser still had is ended, not just forgotten).
    _end_session()
    session.permanent = True
    session[SESSION_SLOT] = access.start_web_session(
        service_context(), person_id=person_id, lifetime=current_app.permanent_session_lifetime
    )
    return redirect(safe_next(request.form.get("next"), url_for("web.overview")), 303)


def _link_refused() -> Response:
    return _sign_in_page(
        400,
        error=t(N_("That sign-in link is unknown, used or expired. Ask for a new one.")),
    )


@bp.post("/sign-out")
def sign_out() -> Response:
    """End the session: the cookie, and any copy of it, stops working at once."""
    _end_session()
    flash(t(N_("You are signed out.")), "info")
    return redirect(url_for("web.sign_in"), 303)


@bp.post("/sign-out-everywhere")
def sign_out_everywhere() -> Response:
    """End every session of the signed-in person, in every browser."""
    user = require_user()
    access.end_all_web_sessions(service_context(), actor=web_actor(), person_id=user.person.id)
    _end_session()
    flash(t(N_("You are signed out everywhere.")), "info")
    return redirect(url_for("web.sign_in"), 303)
