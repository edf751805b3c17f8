"""The HTTP transport: `POST /slack/events` on the tracker's Flask app (events, slash commands,
interactivity and options all come here). Before bolt sees a request, its signature is checked
(401) and its body must read as Slack's (400): bolt parses the body before it verifies anything
and answers a malformed one with a 500. Mounted only when Slack is configured with a bot token
and a signing secret; the app's one request-size limit (413) covers it too."""

from __future__ import annotations

import logging

from flask import Flask, Request, Response, request
from flask.typing import ResponseReturnValue
from slack_bolt import App
from slack_bolt.adapter.flask.handler import to_bolt_request, to_flask_response
from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier
from werkzeug.exceptions import RequestEntityTooLarge

from adapters.slack.app import build_app
from chatops.runtime import Runtime

log = logging.getLogger(__name__)

EXTENSION = "tiltak.slack"
EVENTS_PATH = "/slack/events"


def register(app: Flask, runtime: Runtime) -> None:
    """Mount the Slack endpoint on the tracker's app (the `tiltak.web` entry point)."""
    settings = runtime.settings.slack
    if not settings.enabled:
        return
    if not settings.signing_secret.get_secret_value():
        log.warning(
            "Slack's HTTP endpoint is off: TILTAK_SLACK__SIGNING_SECRET is not set "
            "(Socket Mode needs none: tiltak slack --socket)"
        )
        return
    bolt_app, bot = build_app(runtime)
    verifier = SignatureVerifier(settings.signing_secret.get_secret_value())

    def slack_events() -> ResponseReturnValue:
        return _dispatch(bolt_app, verifier, request)

    app.add_url_rule(EVENTS_PATH, "slack_events", slack_events, methods=["POST"])
    # The pool's threads are joined when the interpreter exits, so a reply being posted ends.
    app.extensions[EXTENSION] = bot


def _plain(status: int, text: str) -> Response:
    return Response(text, status=status, mimetype="text/plain")


def _dispatch(bolt_app: App, verifier: SignatureVerifier, incoming: Request) -> Response:
    """Refuse what Slack would never send, then hand the request to bolt."""
    try:
        body = incoming.get_data(as_text=True)
    except RequestEntityTooLarge:
        return _plain(413, "Request body too large")
    timestamp = incoming.headers.get("X-Slack-Request-Timestamp", "")
    # The verifier calls int() on the timestamp: anything but digits would raise, not refuse.
    if not timestamp.isdigit() or not verifier.is_valid_request(body, dict(incoming.headers)):
        return _plain(401, "Invalid request signature")
    bolt_request = _bolt_request(incoming)
    if bolt_request is None:
        return _plain(400, "Malformed Slack request")
    return to_flask_response(bolt_app.dispatch(bolt_request))


def _bolt_request(incoming: Request) -> BoltRequest | None:
    """The request as bolt reads it, or None for a body that is not a Slack payload (truncated
    JSON, a list or a string where an object belongs, an object with the wrong inner shapes)."""
    try:
        bolt_request = to_bolt_request(incoming)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError):
        return None
    return bolt_request if isinstance(bolt_request.body, dict) else None
