"""Through the API a person reads their own groups and nothing of another: another group's
things answer 404 exactly as things that do not exist, and lists leave them out."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from two_groups import B_WORDS, TwoGroups, two_groups

from tracker.importer.apply import ImportReport
from tracker.services import tokens
from tracker.services.context import ServiceContext

# Ids no row will have: what "not there" looks like, to compare "not yours" with.
NOWHERE = 987_654


@pytest.fixture
def world(ctx: ServiceContext, seeded: ImportReport) -> TwoGroups:
    return two_groups(ctx, seeded)


def _as(ctx: ServiceContext, person_id: int) -> dict[str, str]:
    token = tokens.create_token(ctx, person_id=person_id, name="test")
    return {"Authorization": f"Bearer {token}"}


def _get(client: FlaskClient, auth: dict[str, str], path: str) -> Any:
    response = client.get(f"/api/v1{path}", headers=auth)
    assert response.status_code == 200, (path, response.json)
    return response.json


def _no_b(payload: Any) -> None:
    text = json.dumps(payload, ensure_ascii=False)
    for words in B_WORDS:
        assert words not in text


def _same_as_missing(client: FlaskClient, auth: dict[str, str], path: str, id_: int) -> None:
    """The answer for another group's thing is the answer for one that is not there."""
    theirs = client.get(f"/api/v1{path.format(id_)}", headers=auth)
    nothing = client.get(f"/api/v1{path.format(NOWHERE)}", headers=auth)
    assert theirs.status_code == nothing.status_code == 404, path
    assert theirs.json is not None
    assert nothing.json is not None
    assert theirs.json["detail"] == nothing.json["detail"].replace(str(NOWHERE), str(id_))
    assert theirs.json["title"] == nothing.json["title"]


def test_a_member_reads_nothing_of_another_group_by_its_ids(
    client: FlaskClient, ctx: ServiceContext, world: TwoGroups
) -> None:
    auth = _as(ctx, world.a_member)
    for path, id_ in [
        ("/groups/{}", world.b),
        ("/groups/{}/overview", world.b),
        ("/groups/{}/roster", world.b),
        ("/groups/{}/contact", world.b),
        ("/workgroups/{}", world.b_workgroup),
        ("/tasks/{}", world.b_task),
        ("/tasks/{}/comments", world.b_task),
        ("/tasks/{}/history", world.b_task),
        ("/tasks/{}/history", world.b_gone),
        ("/meetings/{}", world.b_meeting),
        ("/agenda-items/{}", world.b_item),
        ("/deadlines/{}", world.b_deadline),
        ("/events/{}", world.b_event),
        ("/people/{}", world.b_member),
    ]:
        _same_as_missing(client, auth, path, id_)


def test_a_change_to_another_groups_thing_answers_as_one_to_a_missing_thing(
    client: FlaskClient, ctx: ServiceContext, world: TwoGroups
) -> None:
    for who in (world.a_member, world.a_secretariat):
        auth = _as(ctx, who)
        for method, path, id_, body in [
            ("patch", "/tasks/{}", world.b_task, {"title": "x"}),
            ("delete", "/tasks/{}", world.b_task, None),
            ("post", "/tasks/{}/comments", world.b_task, {"body": "x"}),
            ("patch", "/meetings/{}", world.b_meeting, {"title": "x"}),
            ("patch", "/deadlines/{}", world.b_deadline, {"title": "x"}),
            ("delete", "/deadlines/{}", world.b_deadline, None),
            ("patch", "/events/{}", world.b_event, {"title": "x"}),
            ("delete", "/events/{}", world.b_event, None),
            ("patch", "/workgroups/{}", world.b_workgroup, {"name": "x"}),
            ("patch", "/people/{}", world.b_member, {"phone": "12345678"}),
            ("post", "/groups/{}/people", world.b, {"first_name": "Kari", "role": "member"}),
            ("post", "/groups/{}/workgroups", world.b, {"number": 9, "name": "x"}),
            ("post", "/groups/{}/events", world.b, {"title": "x", "starts_on": "2025-06-01"}),
        ]:
            send = getattr(client, method)
            theirs = send(f"/api/v1{path.format(id_)}", json=body, headers=auth)
            nothing = send(f"/api/v1{path.format(NOWHERE)}", json=body, headers=auth)
            assert theirs.status_code == nothing.status_code == 404, (who, method, path)
    # Nothing of B changed.
    b_auth = _as(ctx, world.b_member)
    assert _get(client, b_auth, f"/tasks/{world.b_task}")["title"] == "Knutepunktanalyse Sandvika"
    assert _get(client, b_auth, f"/events/{world.b_event}")["title"] == (
        "Byutviklingskonferansen i Bærum"
    )


def test_a_member_lists_only_their_own_group(
    client: FlaskClient, ctx: ServiceContext, world: TwoGroups
) -> None:
    auth = _as(ctx, world.a_member)
    assert [g["id"] for g in _get(client, auth, "/groups")] == [world.a]
    for path in [
        "/workgroups",
        "/tasks?limit=1000",
        "/meetings",
        "/contributions",
        "/deadlines",
        "/events",
        "/consultations",
        "/people?limit=1000",
        "/organisations?limit=1000",
        f"/groups/{world.a}/overview",
        f"/groups/{world.a}/roster",
    ]:
        _no_b(_get(client, auth, path))
    assert {w["group_id"] for w in _get(client, auth, "/workgroups")} == {world.a}
    assert world.a_task in {t["id"] for t in _get(client, auth, "/tasks?limit=1000")}
    # Naming the other group, or one of its things, in a filter finds nothing.
    for path in [
        f"/workgroups?group_id={world.b}",
        f"/tasks?group_id={world.b}",
        f"/tasks?workgroup_id={world.b_workgroup}",
        f"/tasks?owner_id={world.b_member}",
        f"/meetings?group_id={world.b}",
        f"/contributions?meeting_id={world.b_meeting}",
        f"/contributions?agenda_item_id={world.b_item}",
        f"/deadlines?group_id={world.b}",
        f"/deadlines?meeting_id={world.b_meeting}",
        f"/events?group_id={world.b}",
        f"/consultations?group_id={world.b}",
    ]:
        assert _get(client, auth, path) == [], path


def test_the_secretariat_of_one_group_reads_nothing_of_another(
    client: FlaskClient, ctx: ServiceContext, world: TwoGroups
) -> None:
    auth = _as(ctx, world.a_secretariat)
    _same_as_missing(client, auth, "/tasks/{}", world.b_task)
    _same_as_missing(client, auth, "/groups/{}/roster", world.b)
    assert [g["id"] for g in _get(client, auth, "/groups")] == [world.a]
    _no_b(_get(client, auth, "/tasks?limit=1000"))


def test_the_other_group_reads_its_own_things_and_its_deleted_tasks_history(
    client: FlaskClient, ctx: ServiceContext, world: TwoGroups
) -> None:
    auth = _as(ctx, world.b_member)
    assert _get(client, auth, f"/tasks/{world.b_task}")["title"] == "Knutepunktanalyse Sandvika"
    assert [c["field"] for c in _get(client, auth, f"/tasks/{world.b_gone}/history")] == [
        "created",
        "deleted",
    ]
    assert [g["id"] for g in _get(client, auth, "/groups")] == [world.b]
    _same_as_missing(client, auth, "/tasks/{}", world.a_task)


def test_someone_in_both_groups_reads_both_and_pages_through_them_in_due_order(
    client: FlaskClient, ctx: ServiceContext, world: TwoGroups
) -> None:
    auth = _as(ctx, world.both)
    assert sorted(g["id"] for g in _get(client, auth, "/groups")) == sorted([world.a, world.b])
    everything = _get(client, auth, "/tasks?limit=1000")
    assert {world.a_task, world.b_task} <= {t["id"] for t in everything}
    paged = [t["id"] for t in _get(client, auth, "/tasks?limit=1&offset=0")]
    paged += [t["id"] for t in _get(client, auth, "/tasks?limit=1&offset=1")]
    assert paged == [t["id"] for t in everything[:2]]
    assert _get(client, auth, f"/tasks/{world.b_task}")["id"] == world.b_task
