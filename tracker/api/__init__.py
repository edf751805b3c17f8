"""The REST API under /api/v1."""

from __future__ import annotations

from flask_openapi3 import OpenAPI


def register_api(app: OpenAPI) -> None:
    """Mount the API blueprints on the app."""
