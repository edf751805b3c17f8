"""Deadlines, events and consultations over the API."""

from __future__ import annotations

from api_world import World, table_snapshot
from flask.testing import FlaskClient

from tracker.models import Consultation
from tracker.services.context import ServiceContext


def test_the_secretariat_manages_a_deadline(client: FlaskClient, world: World) -> None:
    created = client.post(
        f"/api/v1/groups/{world.group_id}/deadlines",
        json={"title": "Referat", "kind": "minutes", "due_on": "2025-02-14"},
        headers=world.auth("secretariat"),
    )
    assert created.status_code == 201
    assert created.json is not None
    url = created.headers["Location"]
    assert url == f"/api/v1/deadlines/{created.json['id']}"
    changed = client.patch(url, json={"due_on": "2025-02-17"}, headers=world.auth("secretariat"))
    assert changed.status_code == 200
    assert changed.json is not None
    assert changed.json["resolved_on"] == "2025-02-17"
    listed = client.get(f"/api/v1/deadlines?group_id={world.group_id}", headers=world.auth("lead"))
    assert listed.json == [changed.json]
    assert client.delete(url, headers=world.auth("secretariat")).status_code == 204
    assert client.get(url, headers=world.auth("lead")).status_code == 404


def test_a_deadline_needs_a_date_or_an_offset(
    client: FlaskClient, ctx: ServiceContext, world: World
) -> None:
    before = table_snapshot(ctx)
    response = client.post(
        f"/api/v1/groups/{world.group_id}/deadlines",
        json={"title": "Uten dato"},
        headers=world.auth("secretariat"),
    )
    assert response.status_code == 422
    assert response.json is not None
    assert response.json["errors"][0]["field"] == "due_on"
    assert table_snapshot(ctx) == before


def test_members_cannot_touch_deadlines(client: FlaskClient, world: World) -> None:
    created = client.post(
        f"/api/v1/groups/{world.group_id}/deadlines",
        json={"title": "Frist", "due_on": "2025-03-01"},
        headers=world.auth("secretariat"),
    )
    url = created.headers["Location"]
    assert client.patch(url, json={"title": "x"}, headers=world.auth("member")).status_code == 403
    assert client.delete(url, headers=world.auth("member")).status_code == 403


def test_the_secretariat_manages_an_event(client: FlaskClient, world: World) -> None:
    created = client.post(
        f"/api/v1/groups/{world.group_id}/events",
        json={"title": "Arendalsuka", "starts_on": "2025-08-11", "ends_on": "2025-08-15"},
        headers=world.auth("secretariat"),
    )
    assert created.status_code == 201
    url = created.headers["Location"]
    duplicate = client.post(
        f"/api/v1/groups/{world.group_id}/events",
        json={"title": "Arendalsuka", "starts_on": "2025-08-11"},
        headers=world.auth("secretariat"),
    )
    assert duplicate.status_code == 409
    backwards = client.patch(url, json={"ends_on": "2025-08-01"}, headers=world.auth("secretariat"))
    assert backwards.status_code == 422
    assert backwards.json is not None
    assert backwards.json["errors"][0]["field"] == "ends_on"
    changed = client.patch(
        url, json={"description": "Paneldebatt"}, headers=world.auth("secretariat")
    )
    assert changed.status_code == 200
    events = client.get(f"/api/v1/events?group_id={world.group_id}", headers=world.auth("member"))
    assert events.json == [changed.json]
    assert client.get(url, headers=world.auth("member")).json == changed.json
    assert client.delete(url, headers=world.auth("member")).status_code == 403
    assert client.delete(url, headers=world.auth("secretariat")).status_code == 204
    assert client.get(url, headers=world.auth("member")).status_code == 404


def test_consultations_are_listed_per_group(
    client: FlaskClient, ctx: ServiceContext, world: World
) -> None:
    with ctx.uow() as uow:
        uow.session.add(Consultation(group_id=world.group_id, title="Høring om avfallsplan"))
        uow.commit()
    response = client.get(
        f"/api/v1/consultations?group_id={world.group_id}", headers=world.auth("member")
    )
    assert response.status_code == 200
    assert response.json is not None
    assert [c["title"] for c in response.json] == ["Høring om avfallsplan"]
    other = client.get("/api/v1/consultations?group_id=77", headers=world.auth("member"))
    assert other.json == []


def test_an_event_cannot_be_renamed_onto_another_on_the_same_day(
    client: FlaskClient, world: World
) -> None:
    for title in ("Arendalsuka", "Kommunalpolitisk toppmøte"):
        created = client.post(
            f"/api/v1/groups/{world.group_id}/events",
            json={"title": title, "starts_on": "2025-08-11"},
            headers=world.auth("secretariat"),
        )
        assert created.status_code == 201
    response = client.patch(
        created.headers["Location"],
        json={"title": "Arendalsuka"},
        headers=world.auth("secretariat"),
    )
    assert response.status_code == 409
    assert response.json is not None
    assert response.json["errors"][0]["field"] == "title"
    cleared = client.patch(
        created.headers["Location"], json={"description": None}, headers=world.auth("secretariat")
    )
    assert cleared.status_code == 422
