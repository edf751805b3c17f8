"""What the OpenAPI document declares is what the API enforces: ids from 1 to 2^31 - 1 (any
other number names no address, whatever the method), dates written YYYY-MM-DD and nothing else,
offsets within range, and every problem an operation can answer documented as problem+json."""

from __future__ import annotations

import re
from typing import Any

import pytest
from api_world import World
from flask.testing import FlaskClient

from tracker.api.common import ID_PATTERN

PROBLEM = "application/problem+json"
TOP = 2**31 - 1


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.json is not None
    return response.json


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    ]


@pytest.mark.parametrize(
    "number", ["1", "9", "10", "999999999", "1000000000", "2147483647", "2099999999", "2147483639"]
)
def test_the_id_pattern_takes_every_id_an_integer_column_holds(number: str) -> None:
    assert re.fullmatch(ID_PATTERN, number)


@pytest.mark.parametrize(
    "number", ["0", "01", "-1", "2147483648", "2147483650", "2200000000", "9999999999", "1e3"]
)
def test_the_id_pattern_refuses_what_no_integer_column_holds(number: str) -> None:
    assert not re.fullmatch(ID_PATTERN, number)


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
@pytest.mark.parametrize("task_id", ["0", "2147483648", "99999999999999999999"])
def test_a_task_id_out_of_range_is_no_address_for_any_method(
    client: FlaskClient, world: World, method: str, task_id: str
) -> None:
    response = client.open(
        f"/api/v1/tasks/{task_id}", method=method, json={}, headers=world.auth("secretariat")
    )
    assert response.status_code == 404
    assert response.mimetype == PROBLEM
    assert response.json is not None
    assert response.json["status"] == 404


def test_the_highest_id_is_a_task_that_does_not_exist(client: FlaskClient, world: World) -> None:
    response = client.delete(f"/api/v1/tasks/{TOP}", headers=world.auth("secretariat"))
    assert response.status_code == 404
    assert response.json is not None
    assert response.json["type"] == "urn:tiltak:problem:not_found"


@pytest.mark.parametrize("written", ["0", "1736500000", "10.01.2025", "2025-1-10", "i morgen"])
def test_a_query_date_not_written_yyyy_mm_dd_is_refused_naming_the_parameter(
    client: FlaskClient, world: World, written: str
) -> None:
    response = client.get(
        f"/api/v1/groups/{world.group_id}/contact",
        query_string={"on": written},
        headers={**world.auth("member"), "Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert response.json is not None
    assert response.json["errors"] == [{"field": "on", "detail": "Give a date as YYYY-MM-DD."}]


def test_a_task_list_due_before_zero_is_refused(client: FlaskClient, world: World) -> None:
    response = client.get("/api/v1/tasks?due_before=0", headers=world.auth("member"))
    assert response.status_code == 422
    assert response.json is not None
    assert [error["field"] for error in response.json["errors"]] == ["due_before"]


@pytest.mark.parametrize("due_on", [0, 1736500000, "0", True])
def test_a_due_date_sent_as_a_number_is_refused(
    client: FlaskClient, world: World, due_on: object
) -> None:
    response = client.post(
        "/api/v1/tasks",
        json={"title": "Notat", "workgroup_id": world.workgroup_id, "due_on": due_on},
        headers=world.auth("secretariat"),
    )
    assert response.status_code == 422
    assert response.json is not None
    assert [error["field"] for error in response.json["errors"]] == ["due_on"]


def test_a_meeting_time_sent_as_a_number_is_refused(client: FlaskClient, world: World) -> None:
    response = client.patch(
        f"/api/v1/meetings/{world.meeting_id}",
        json={"starts_at": 1736500000},
        headers=world.auth("secretariat"),
    )
    assert response.status_code == 422
    assert response.json is not None
    assert [error["field"] for error in response.json["errors"]] == ["starts_at"]


def test_dates_written_yyyy_mm_dd_are_taken(client: FlaskClient, world: World) -> None:
    response = client.get("/api/v1/tasks?due_before=2025-02-01", headers=world.auth("member"))
    assert response.status_code == 200


def test_the_document_declares_the_range_of_every_id_and_offset(document: dict[str, Any]) -> None:
    for method, path, operation in operations(document):
        for parameter in operation.get("parameters", []):
            schema = parameter["schema"]
            if parameter["name"].endswith("_id") or parameter["name"] == "offset":
                declared = schema["anyOf"][0] if "anyOf" in schema else schema
                assert declared["maximum"] == TOP, (method, path, parameter["name"])
                assert declared["minimum"] in (0, 1), (method, path, parameter["name"])


def test_the_document_declares_dates_as_yyyy_mm_dd_from_1900_to_2999(
    document: dict[str, Any],
) -> None:
    due_on = document["components"]["schemas"]["TaskCreate"]["properties"]["due_on"]["anyOf"][0]
    assert due_on["format"] == "date"
    pattern = re.compile(due_on["pattern"])
    assert pattern.search("2025-01-10")
    assert pattern.search("2999-12-31")
    assert not pattern.search("1899-12-31")
    assert not pattern.search("0")


def test_every_operation_documents_the_problems_its_shape_can_cause(
    document: dict[str, Any],
) -> None:
    problem = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for method, path, operation in operations(document):
        expected = {"401", "422", "500"}
        if "{" in path:
            expected.add("404")
        if "requestBody" in operation:
            expected |= {"400", "413", "415"}
        documented = operation["responses"]
        assert expected <= set(documented), (method, path)
        for status in expected:
            assert documented[status]["content"] == problem, (method, path, status)


def test_every_create_says_where_the_new_thing_is(document: dict[str, Any]) -> None:
    creates = [(path, op) for method, path, op in operations(document) if method == "post"]
    assert creates
    for path, operation in creates:
        assert operation["responses"]["201"]["headers"]["Location"]["required"], path


def test_a_created_task_links_to_reading_changing_and_deleting_it(
    document: dict[str, Any],
) -> None:
    links = document["paths"]["/api/v1/tasks"]["post"]["responses"]["201"]["links"]
    for target in ("get_task", "update_task", "delete_task"):
        assert links[target] == {
            "operationId": target,
            "parameters": {"task_id": "$response.body#/id"},
        }


def test_a_listed_workgroup_links_to_making_a_task_in_it(document: dict[str, Any]) -> None:
    links = document["paths"]["/api/v1/workgroups"]["get"]["responses"]["200"]["links"]
    assert links["create_task"] == {
        "operationId": "create_task",
        "requestBody": {"workgroup_id": "$response.body#/0/id"},
    }
