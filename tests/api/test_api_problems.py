"""Errors are problem documents (RFC 9457) in the reader's language, naming the field at fault;
a refused request changes nothing."""

from __future__ import annotations

import logging

import pytest
from api_world import World, table_snapshot
from flask.testing import FlaskClient

from tracker import i18n
from tracker.api import tasks as task_api
from tracker.services.context import ServiceContext

PROBLEM = "application/problem+json"


def test_an_unknown_address_under_the_api_is_a_404_problem(
    client: FlaskClient, world: World
) -> None:
    response = client.get("/api/v1/nothing-here", headers=world.auth("member"))
    assert response.status_code == 404
    assert response.mimetype == PROBLEM
    assert response.json is not None
    assert response.json["status"] == 404
    assert response.json["instance"] == "/api/v1/nothing-here"


def test_an_id_beyond_what_the_database_holds_is_simply_not_found(
    client: FlaskClient, world: World
) -> None:
    response = client.get("/api/v1/tasks/99999999999999999999", headers=world.auth("member"))
    assert response.status_code == 404
    assert response.mimetype == PROBLEM


def test_a_method_the_address_does_not_support_is_a_405_problem_with_allow(
    client: FlaskClient, world: World
) -> None:
    response = client.put("/api/v1/tasks", json={}, headers=world.auth("member"))
    assert response.status_code == 405
    assert response.mimetype == PROBLEM
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_pages_outside_the_api_keep_their_own_404(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype != PROBLEM


def test_malformed_json_is_a_400_problem(
    client: FlaskClient, ctx: ServiceContext, world: World
) -> None:
    before = table_snapshot(ctx)
    response = client.post(
        "/api/v1/tasks",
        data='{"title": "Halv',
        content_type="application/json",
        headers=world.auth("lead"),
    )
    assert response.status_code == 400
    assert response.mimetype == PROBLEM
    assert response.json is not None
    assert response.json["type"] == "urn:tiltak:problem:malformed_json"
    assert table_snapshot(ctx) == before


def test_a_body_that_is_not_json_is_a_415_problem(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/tasks", data="title=Notat", content_type="text/plain", headers=world.auth("lead")
    )
    assert response.status_code == 415
    assert response.mimetype == PROBLEM


@pytest.mark.parametrize("body", ["[]", '"{}"', "42", "null"])
def test_a_json_body_that_is_not_an_object_is_a_422_problem(
    client: FlaskClient, world: World, body: str
) -> None:
    response = client.post(
        "/api/v1/tasks", data=body, content_type="application/json", headers=world.auth("lead")
    )
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert response.json is not None
    assert response.json["errors"][0]["field"] is None


def test_a_missing_body_is_a_422_problem(client: FlaskClient, world: World) -> None:
    response = client.post("/api/v1/tasks", headers=world.auth("lead"))
    assert response.status_code == 422
    assert response.mimetype == PROBLEM


def test_validation_errors_name_every_field_at_fault(
    client: FlaskClient, ctx: ServiceContext, world: World
) -> None:
    before = table_snapshot(ctx)
    response = client.post(
        "/api/v1/tasks",
        json={"workgroup_id": "one", "due_on": "2025-02-30", "colour": "red", "title": "  "},
        headers={**world.auth("lead"), "Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert response.json is not None
    assert response.json["type"] == "urn:tiltak:problem:validation_error"
    fields = {e["field"]: e["detail"] for e in response.json["errors"]}
    assert fields == {
        "workgroup_id": "Give a whole number.",
        "due_on": "Give a date as YYYY-MM-DD.",
        "colour": "This field is not expected here.",
        "title": "This cannot be empty.",
    }
    assert table_snapshot(ctx) == before


@pytest.fixture
def norwegian_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalog with the few Norwegian messages these tests read (the real one may lag)."""
    messages = {
        "Task #{id} does not exist.": "Oppgave #{id} finnes ikke.",
        "Give at most {max_length} characters.": "Skriv høyst {max_length} tegn.",
        "Not found": "Ikke funnet",
    }
    monkeypatch.setattr(i18n, "_catalog", lambda language: messages if language == "nb" else {})


@pytest.mark.usefixtures("norwegian_catalog")
def test_problem_details_follow_accept_language(client: FlaskClient, world: World) -> None:
    norwegian = client.get("/api/v1/tasks/7", headers=world.auth("member"))
    english = client.get(
        "/api/v1/tasks/7", headers={**world.auth("member"), "Accept-Language": "en-GB,en;q=0.8"}
    )
    assert norwegian.json is not None
    assert english.json is not None
    assert norwegian.json["detail"] == "Oppgave #7 finnes ikke."
    assert norwegian.headers["Content-Language"] == "nb"
    assert english.json["detail"] == "Task #7 does not exist."
    assert english.headers["Content-Language"] == "en"
    assert (norwegian.json["title"], english.json["title"]) == ("Ikke funnet", "Not found")


@pytest.mark.usefixtures("norwegian_catalog")
def test_validation_messages_are_translated_with_their_limits(
    client: FlaskClient, world: World
) -> None:
    payload = {"workgroup_id": world.workgroup_id, "title": "x" * 301}
    norwegian = client.post("/api/v1/tasks", json=payload, headers=world.auth("lead"))
    english = client.post(
        "/api/v1/tasks", json=payload, headers={**world.auth("lead"), "Accept-Language": "en"}
    )
    assert norwegian.json is not None
    assert english.json is not None
    assert norwegian.json["errors"] == [{"field": "title", "detail": "Skriv høyst 300 tegn."}]
    assert english.json["errors"] == [{"field": "title", "detail": "Give at most 300 characters."}]


def test_an_unexpected_error_is_a_500_problem_with_an_id_in_the_log(
    client: FlaskClient,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(task_api.reads, "get_task", broken)
    with caplog.at_level(logging.ERROR, logger="tracker.api.problems"):
        response = client.get("/api/v1/tasks/1", headers=world.auth("member"))
    assert response.status_code == 500
    assert response.mimetype == PROBLEM
    assert response.json is not None
    error_id = response.json["error_id"]
    assert error_id in response.json["detail"]
    assert "disk" not in response.get_data(as_text=True)
    [record] = [r for r in caplog.records if error_id in r.getMessage()]
    assert record.exc_info is not None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        # Controls are removed (tracker.text), so a title of nothing else is empty.
        ({"title": "\x00\x07\u202e"}, "title"),
        ({"title": "Notat", "owner_id": 2**40}, "owner_id"),
        ({"title": "Notat", "due_on": "0001-01-01"}, "due_on"),
        ({"title": "Notat", "description": None}, "description"),
    ],
)
def test_values_no_column_can_hold_are_refused_naming_the_field(
    client: FlaskClient, ctx: ServiceContext, world: World, fields: dict[str, object], field: str
) -> None:
    before = table_snapshot(ctx)
    response = client.post(
        "/api/v1/tasks",
        json={"workgroup_id": world.workgroup_id, **fields},
        headers=world.auth("lead"),
    )
    assert response.status_code == 422
    assert response.json is not None
    assert [e["field"] for e in response.json["errors"]] == [field]
    assert table_snapshot(ctx) == before
