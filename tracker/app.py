"""The Flask application factory: the web view, the REST API and /healthz on one runtime."""

from __future__ import annotations

from collections.abc import Sequence

from flask import Flask, current_app
from flask_openapi3.models.info import Info
from flask_openapi3.openapi import OpenAPI
from sqlalchemy import text

from tracker.bootstrap import Runtime
from tracker.composition import WebPlugin


def create_app(runtime: Runtime, *, plugins: Sequence[WebPlugin] | None = None) -> OpenAPI:
    """Build the app around a runtime with the web plugins the composition root loaded (when
    none are given, the installed ones)."""
    app = OpenAPI(
        __name__,
        info=Info(title="tiltak", version="1"),
        doc_prefix="/api/v1",
    )
    app.config.update(
        SECRET_KEY=runtime.settings.secret_key.get_secret_value(),
        JSON_SORT_KEYS=False,
        # Werkzeug refuses a larger body with 413 before anything reads it.
        MAX_CONTENT_LENGTH=runtime.settings.web.max_request_bytes,
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["tiltak"] = runtime

    from tracker.api import register_api
    from tracker.web import register_web

    register_api(app)
    register_web(app)
    app.add_url_rule("/healthz", "healthz", _healthz)
    # Adapters (e.g. the Slack endpoint) add themselves without tracker importing them.
    if plugins is None:
        from tracker.composition import web_plugins

        plugins = web_plugins()
    for plugin in plugins:
        plugin(app, runtime)
    return app


def runtime_of(app: Flask | None = None) -> Runtime:
    """The runtime the current app was built with."""
    runtime: Runtime = (app or current_app).extensions["tiltak"]
    return runtime


def _healthz() -> tuple[dict[str, str], int]:
    try:
        with runtime_of().engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        return {"status": "error", "database": type(exc).__name__}, 503
    return {"status": "ok", "database": "ok"}, 200
