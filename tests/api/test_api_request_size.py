"""One limit on a request body for the whole app: the API refuses a larger one as a problem,
before reading it."""

from __future__ import annotations

from api_world import World
from flask.testing import FlaskClient

from tracker.config import Settings


def test_the_api_refuses_a_body_over_the_apps_limit_as_a_problem(
    client: FlaskClient, world: World, settings: Settings
) -> None:
    body = b'{"title": "' + b"a" * settings.web.max_request_bytes + b'"}'
    response = client.post(
        "/api/v1/tasks",
        data=body,
        headers={**world.auth("secretariat"), "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"
    assert response.json is not None
    assert response.json["status"] == 413
    assert "1048576" in response.json["detail"]
