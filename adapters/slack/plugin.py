"""The Slack adapter's ways into the tracker's web app and the worker (the `tiltak.web` and
`tiltak.senders` entry points). Cheap to import: slack_bolt and slack_sdk are imported only when
Slack is configured, so an install without the `slack` extra works."""

from __future__ import annotations

from flask import Flask

from chatops.delivery import Sender
from chatops.runtime import Runtime


def register_web(app: Flask, runtime: Runtime) -> None:
    """Mount the Slack endpoint when Slack is configured."""
    if not runtime.settings.slack.enabled:
        return
    from adapters.slack.web import register

    register(app, runtime)


def make_sender(runtime: Runtime) -> Sender | None:
    """The Slack sender for the worker, or None when Slack is not configured."""
    if not runtime.settings.slack.enabled:
        return None
    from adapters.slack.sender import make_sender as slack_sender

    return slack_sender(runtime)
