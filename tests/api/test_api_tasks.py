"""Tasks over the API: create, read, list with filters, change with a version, delete, comments
and history; who may do what is the service's rule, shown as 403 problems."""

from __future__ import annotations

from typing import Any

import pytest
from api_world import World, table_snapshot
from flask.testing import FlaskClient

from tracker.services.context import ServiceContext

PROBLEM = "application/problem+json"


def create(client: FlaskClient, world: World, who: str = "lead", **fields: Any) -> dict[str, Any]:
    payload = {"title": "Skriv notat", "workgroup_id": world.workgroup_id, **fields}
    response = client.post("/api/v1/tasks", json=payload, headers=world.auth(who))
    assert response.status_code == 201, response.json
    assert response.json is not None
    return response.json


def test_creating_a_task_answers_201_with_its_location(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/tasks",
        json={"title": "Skriv notat", "workgroup_id": world.workgroup_id, "due_on": "2025-01-20"},
        headers=world.auth("lead"),
    )
    assert response.status_code == 201
    assert response.json is not None
    assert response.headers["Location"] == f"/api/v1/tasks/{response.json['id']}"
    assert response.json["title"] == "Skriv notat"
    assert response.json["due_on"] == "2025-01-20"
    assert response.json["version"] == 1
    again = client.get(response.headers["Location"], headers=world.auth("member"))
    assert again.status_code == 200
    assert again.json == response.json


def test_a_task_that_does_not_exist_is_a_404_problem(client: FlaskClient, world: World) -> None:
    response = client.get("/api/v1/tasks/999", headers=world.auth("member"))
    assert response.status_code == 404
    assert response.mimetype == PROBLEM
    assert response.json is not None
    assert response.json["type"] == "urn:tiltak:problem:not_found"


def test_the_owner_of_a_task_may_change_its_status(client: FlaskClient, world: World) -> None:
    task = create(client, world, owner_id=world.member_id)
    response = client.patch(
        f"/api/v1/tasks/{task['id']}",
        json={"status": "doing", "version": task["version"]},
        headers=world.auth("member"),
    )
    assert response.status_code == 200
    assert response.json is not None
    assert response.json["status"] == "doing"
    assert response.json["version"] == task["version"] + 1


def test_a_member_cannot_change_someone_elses_task_but_the_lead_can(
    client: FlaskClient, ctx: ServiceContext, world: World
) -> None:
    task = create(client, world, owner_id=world.other_id)
    before = table_snapshot(ctx)
    refused = client.patch(
        f"/api/v1/tasks/{task['id']}", json={"title": "Mitt nå"}, headers=world.auth("member")
    )
    assert refused.status_code == 403
    assert refused.mimetype == PROBLEM
    assert refused.json is not None
    assert refused.json["type"] == "urn:tiltak:problem:permission_denied"
    assert f"#{task['id']}" in refused.json["detail"]
    assert table_snapshot(ctx) == before
    allowed = client.patch(
        f"/api/v1/tasks/{task['id']}", json={"title": "Ledet"}, headers=world.auth("lead")
    )
    assert allowed.status_code == 200
    assert allowed.json is not None
    assert allowed.json["title"] == "Ledet"


def test_a_stale_version_is_a_409_conflict_that_changes_nothing(
    client: FlaskClient, ctx: ServiceContext, world: World
) -> None:
    task = create(client, world)
    first = client.patch(
        f"/api/v1/tasks/{task['id']}",
        json={"title": "Først", "version": task["version"]},
        headers=world.auth("lead"),
    )
    assert first.status_code == 200
    before = table_snapshot(ctx)
    second = client.patch(
        f"/api/v1/tasks/{task['id']}",
        json={"title": "Sist", "version": task["version"]},
        headers=world.auth("secretariat"),
    )
    assert second.status_code == 409
    assert second.mimetype == PROBLEM
    assert second.json is not None
    assert second.json["errors"][0]["field"] == "version"
    assert table_snapshot(ctx) == before


def test_a_member_may_create_a_task_only_for_themselves(
    client: FlaskClient, ctx: ServiceContext, world: World
) -> None:
    create(client, world, who="member", owner_id=world.member_id)
    before = table_snapshot(ctx)
    response = client.post(
        "/api/v1/tasks",
        json={"title": "Til Ola", "workgroup_id": world.workgroup_id, "owner_id": world.other_id},
        headers=world.auth("member"),
    )
    assert response.status_code == 403
    assert table_snapshot(ctx) == before


def test_a_domain_rule_names_the_field_at_fault(
    client: FlaskClient, ctx: ServiceContext, world: World
) -> None:
    before = table_snapshot(ctx)
    response = client.post(
        "/api/v1/tasks",
        json={"title": "Stopp", "workgroup_id": world.workgroup_id, "status": "blocked"},
        headers=world.auth("lead"),
    )
    assert response.status_code == 422
    assert response.json is not None
    assert response.json["type"] == "urn:tiltak:problem:invalid_input"
    assert [e["field"] for e in response.json["errors"]] == ["blocked_reason"]
    assert table_snapshot(ctx) == before


def test_a_body_that_refers_to_a_missing_workgroup_is_invalid_input(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/tasks", json={"title": "Ingen", "workgroup_id": 4242}, headers=world.auth("lead")
    )
    assert response.status_code == 422
    assert response.json is not None
    assert response.json["errors"][0]["field"] == "workgroup_id"


def test_deleting_a_task_answers_204_and_keeps_its_history(
    client: FlaskClient, world: World
) -> None:
    task = create(client, world)
    refused = client.delete(f"/api/v1/tasks/{task['id']}", headers=world.auth("member"))
    assert refused.status_code == 403
    response = client.delete(f"/api/v1/tasks/{task['id']}", headers=world.auth("lead"))
    assert response.status_code == 204
    assert response.data == b""
    assert client.get(f"/api/v1/tasks/{task['id']}", headers=world.auth("lead")).status_code == 404
    history = client.get(f"/api/v1/tasks/{task['id']}/history", headers=world.auth("lead"))
    assert history.status_code == 200
    assert history.json is not None
    assert [(c["field"], c["channel"]) for c in history.json] == [
        ("created", "api"),
        ("deleted", "api"),
    ]


def test_the_history_records_who_changed_what_through_the_api(
    client: FlaskClient, world: World
) -> None:
    task = create(client, world, owner_id=world.member_id)
    client.patch(
        f"/api/v1/tasks/{task['id']}", json={"due_on": "2025-02-01"}, headers=world.auth("member")
    )
    history = client.get(f"/api/v1/tasks/{task['id']}/history", headers=world.auth("member"))
    assert history.json is not None
    change = history.json[-1]
    assert (change["field"], change["old_value"], change["new_value"]) == (
        "due_on",
        None,
        "2025-02-01",
    )
    assert change["actor_id"] == world.member_id
    assert change["channel"] == "api"


def test_comments_can_be_added_and_listed(client: FlaskClient, world: World) -> None:
    task = create(client, world)
    response = client.post(
        f"/api/v1/tasks/{task['id']}/comments",
        json={"body": "  Jeg tar denne.  "},
        headers=world.auth("member"),
    )
    assert response.status_code == 201
    assert response.headers["Location"] == f"/api/v1/tasks/{task['id']}/comments"
    listed = client.get(f"/api/v1/tasks/{task['id']}/comments", headers=world.auth("lead"))
    assert listed.json is not None
    assert [(c["body"], c["author_id"], c["channel"]) for c in listed.json] == [
        ("Jeg tar denne.", world.member_id, "api")
    ]


def test_comments_of_a_missing_task_are_a_404(client: FlaskClient, world: World) -> None:
    response = client.get("/api/v1/tasks/777/comments", headers=world.auth("lead"))
    assert response.status_code == 404


@pytest.fixture
def listed_tasks(client: FlaskClient, world: World) -> dict[str, int]:
    return {
        "mine_todo": create(client, world, owner_id=world.member_id, due_on="2025-01-15")["id"],
        "mine_doing": create(
            client, world, owner_id=world.member_id, status="doing", due_on="2025-03-01"
        )["id"],
        "other_done": create(client, world, owner_id=world.other_id, status="done")["id"],
        "nobody": create(client, world, due_on="2025-01-12")["id"],
    }


def _ids(client: FlaskClient, world: World, query: str) -> list[int]:
    response = client.get(f"/api/v1/tasks{query}", headers=world.auth("member"))
    assert response.status_code == 200, response.json
    assert response.json is not None
    return [task["id"] for task in response.json]


def test_the_task_list_filters_by_owner_status_and_due_date(
    client: FlaskClient, world: World, listed_tasks: dict[str, int]
) -> None:
    t = listed_tasks
    assert _ids(client, world, "") == [
        t["nobody"],
        t["mine_todo"],
        t["mine_doing"],
        t["other_done"],
    ]
    assert _ids(client, world, f"?owner_id={world.member_id}") == [t["mine_todo"], t["mine_doing"]]
    assert _ids(client, world, "?status=todo&status=doing") == [
        t["nobody"],
        t["mine_todo"],
        t["mine_doing"],
    ]
    assert _ids(client, world, "?due_before=2025-01-31") == [t["nobody"], t["mine_todo"]]
    assert _ids(client, world, f"?group_id={world.group_id}&status=done") == [t["other_done"]]
    assert _ids(client, world, f"?workgroup_id={world.workgroup_id}&limit=2&offset=1") == [
        t["mine_todo"],
        t["mine_doing"],
    ]
    assert _ids(client, world, "?group_id=999") == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?status=later", "status.0"),
        ("?limit=0", "limit"),
        ("?limit=abc", "limit"),
        ("?due_before=tomorrow", "due_before"),
        ("?owner=3", "owner"),
    ],
)
def test_a_bad_filter_is_a_422_naming_the_parameter(
    client: FlaskClient, world: World, query: str, field: str
) -> None:
    response = client.get(f"/api/v1/tasks{query}", headers=world.auth("member"))
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert response.json is not None
    assert [e["field"] for e in response.json["errors"]] == [field]


@pytest.mark.parametrize(
    "change",
    [
        {"status": "doing"},
        {"status": "done"},
        {"status": "blocked", "blocked_reason": "Venter på tall fra SSB"},
        {"due_on": "2025-02-14", "title": "Nytt navn", "description": "Med beskrivelse"},
        {"owner_id": "other"},
        {"meeting_id": "meeting"},
    ],
    ids=["doing", "done", "blocked", "fields", "owner", "meeting"],
)
def test_the_answer_to_a_change_is_the_task_as_stored(
    client: FlaskClient, world: World, change: dict[str, Any]
) -> None:
    task = create(client, world, owner_id=world.member_id, due_on="2025-01-20")
    # Ids are only known once the world is built.
    ids = {"other": world.other_id, "meeting": world.meeting_id}
    payload = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in change.items()}
    changed = client.patch(
        f"/api/v1/tasks/{task['id']}",
        json={**payload, "version": task["version"]},
        headers=world.auth("lead"),
    )
    assert changed.status_code == 200, changed.json
    stored = client.get(f"/api/v1/tasks/{task['id']}", headers=world.auth("member"))
    assert changed.json == stored.json
    assert stored.json is not None
    assert stored.json["version"] == task["version"] + 1
    for field, value in payload.items():
        assert stored.json[field] == value
    if payload.get("status") == "done":
        assert stored.json["completed_at"] is not None
    if "owner_id" in payload:
        assert stored.json["owner_name"] != task["owner_name"]
