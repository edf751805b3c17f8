"""The web view."""

from __future__ import annotations

from flask_openapi3 import OpenAPI


def register_web(app: OpenAPI) -> None:
    """Mount the web pages on the app."""
