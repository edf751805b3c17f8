"""The HTTP transport: `POST /slack/events` on the tracker's Flask app (events, slash commands,
interactivity and options all come here), with Slack's request signature verified by bolt.
Mounted only when Slack is configured with a bot token and a signing secret."""

from __future__ import annotations

import logging

from flask import Flask, request
from flask.typing import ResponseReturnValue
from slack_bolt.adapter.flask import SlackRequestHandler

from adapters.slack.app import build_app
from tracker.bootstrap import Runtime

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
    handler = SlackRequestHandler(bolt_app)

    def slack_events() -> ResponseReturnValue:
        return handler.handle(request)

    app.add_url_rule(EVENTS_PATH, "slack_events", slack_events, methods=["POST"])
    # The pool's threads are joined when the interpreter exits, so a reply being posted ends.
    app.extensions[EXTENSION] = bot
