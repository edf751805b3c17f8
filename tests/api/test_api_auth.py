"""Every endpoint needs a bearer token; only the OpenAPI document is public."""

from __future__ import annotations

import re

import pytest
from api_world import World
from flask.testing import FlaskClient
from sqlalchemy import select

from tracker.models import ApiToken
from tracker.services import tokens
from tracker.services.context import ServiceContext

PROBLEM = "application/problem+json"


def test_a_request_without_a_token_is_refused_with_a_bearer_challenge(
    client: FlaskClient, world: World
) -> None:
    response = client.get("/api/v1/tasks")
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="tiltak"'
    assert response.json is not None
    assert response.json["type"] == "urn:tiltak:problem:not_authenticated"
    assert response.json["status"] == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer tlt_not-a-real-token", "Basic dXNlcjpwYXNz", "Bearer", "bearer    "],
)
def test_a_wrong_or_unknown_token_is_refused(
    client: FlaskClient, world: World, header: str
) -> None:
    response = client.get("/api/v1/groups", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_named_an_invalid_token_in_the_challenge(
    client: FlaskClient, world: World
) -> None:
    response = client.get("/api/v1/groups", headers={"Authorization": "Bearer tlt_nope"})
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="tiltak", error="invalid_token"'


def test_a_revoked_token_no_longer_works(
    client: FlaskClient, ctx: ServiceContext, world: World
) -> None:
    assert client.get("/api/v1/groups", headers=world.auth("member")).status_code == 200
    with ctx.uow() as uow:
        token_id = uow.session.scalar(
            select(ApiToken.id).where(ApiToken.person_id == world.member_id)
        )
    assert token_id is not None
    tokens.revoke_token(ctx, token_id=token_id)
    response = client.get("/api/v1/groups", headers=world.auth("member"))
    assert response.status_code == 401
    assert response.mimetype == PROBLEM


def test_the_scheme_name_is_case_insensitive(client: FlaskClient, world: World) -> None:
    token = world.tokens["lead"]
    response = client.get("/api/v1/groups", headers={"Authorization": f"bearer {token}"})
    assert response.status_code == 200


def test_a_token_is_checked_before_the_payload(client: FlaskClient, world: World) -> None:
    response = client.post("/api/v1/tasks", data="{not json", content_type="application/json")
    assert response.status_code == 401


def test_the_openapi_document_is_public(client: FlaskClient, world: World) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json is not None
    assert response.json["openapi"].startswith("3.")


def test_every_documented_endpoint_refuses_a_request_without_a_token(
    client: FlaskClient, world: World
) -> None:
    document = client.get("/api/v1/openapi.json").json
    assert document is not None
    checked = 0
    for path, operations in document["paths"].items():
        url = re.sub(r"\{[^}]+\}", "1", path)
        for method in operations:
            response = client.open(url, method=method.upper(), json={})
            assert response.status_code == 401, (method, path)
            checked += 1
    assert checked > 30
