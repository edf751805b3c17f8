"""The web view: server-rendered pages in Norwegian Bokmål (English with `?lang=en`)."""

from __future__ import annotations

from flask import Flask

from tracker.web import (
    day_off,  # noqa: F401  (the note beside a due date on a day off, for the templates)
    pages,  # noqa: F401  (puts every page on the blueprint)
    summary,  # noqa: F401  (the weekly summary pages, on the same blueprint)
)
from tracker.web.setup import setup_web
from tracker.web.views import bp


def register_web(app: Flask) -> None:
    """Mount the web pages on the app."""
    app.register_blueprint(bp)
    setup_web(app)
