"""Bearer tokens (created from the CLI) turn into the acting person before every API request;
the OpenAPI document is the only thing under /api/v1 readable without one."""

from __future__ import annotations

from flask import g, request
from flask_openapi3.types import SecuritySchemesDict

from tracker.api.common import BEARER, service_context
from tracker.api.problems import request_language
from tracker.errors import NotAuthenticated
from tracker.i18n import N_
from tracker.models import Channel
from tracker.services import tokens
from tracker.services.context import Actor

SECURITY_SCHEMES: SecuritySchemesDict = {
    BEARER: {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token from `tiltak token create`.",
    }
}


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer …` header, if there is one."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def authenticate_request() -> None:
    """Set the acting person from the bearer token, or refuse the request with 401."""
    token = bearer_token()
    if token is None:
        raise NotAuthenticated(
            N_("An API token is required: send the header «Authorization: Bearer» and the token.")
        )
    g.api_actor = tokens.authenticate(
        service_context(),
        token=token,
        actor_channel=Actor(person_id=None, channel=Channel.API, language=request_language()),
    )
