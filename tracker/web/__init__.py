"""The web view: server-rendered pages in Norwegian Bokmål (English with `?lang=en`)."""

from __future__ import annotations

from flask import Flask

from tracker.web.views import bp


def register_web(app: Flask) -> None:
    """Mount the web pages on the app."""
    app.register_blueprint(bp)
