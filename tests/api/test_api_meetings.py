"""Meetings, agenda items and contributions; moving a meeting moves its relative deadlines."""

from __future__ import annotations

from datetime import UTC, datetime

from api_world import World, add_meeting, table_snapshot
from flask.testing import FlaskClient

from tracker.services.context import ServiceContext

PROBLEM = "application/problem+json"


def test_meetings_are_listed_and_read_with_their_agenda(client: FlaskClient, world: World) -> None:
    listed = client.get(f"/api/v1/meetings?group_id={world.group_id}", headers=world.auth("member"))
    assert listed.status_code == 200
    assert listed.json is not None
    [meeting] = listed.json
    assert meeting["id"] == world.meeting_id
    assert meeting["parts"][0]["items"][0]["label"] == "Sak 1/25"
    one = client.get(f"/api/v1/meetings/{world.meeting_id}", headers=world.auth("member"))
    assert one.json == meeting
    item = client.get(f"/api/v1/agenda-items/{world.item_id}", headers=world.auth("member"))
    assert item.status_code == 200
    assert item.json is not None
    assert item.json["title"] == "Innspill til handlingsplan"
    assert client.get("/api/v1/agenda-items/404", headers=world.auth("member")).status_code == 404


def test_moving_a_meeting_moves_its_relative_deadlines(client: FlaskClient, world: World) -> None:
    deadline = client.post(
        f"/api/v1/groups/{world.group_id}/deadlines",
        json={
            "title": "Innspill til sak 1/25",
            "agenda_item_id": world.item_id,
            "kind": "contribution",
            "offset_days": -7,
        },
        headers=world.auth("secretariat"),
    )
    assert deadline.status_code == 201
    assert deadline.json is not None
    assert deadline.json["resolved_on"] == "2025-01-28"
    moved = client.patch(
        f"/api/v1/meetings/{world.meeting_id}",
        json={"starts_at": "2025-02-11T10:00:00+01:00", "ends_at": None, "version": 1},
        headers=world.auth("secretariat"),
    )
    assert moved.status_code == 200, moved.json
    assert moved.json is not None
    starts_at = datetime.fromisoformat(moved.json["starts_at"])
    assert starts_at == datetime(2025, 2, 11, 9, 0, tzinfo=UTC)
    assert moved.json["version"] == 2
    again = client.get(deadline.headers["Location"], headers=world.auth("member"))
    assert again.json is not None
    assert again.json["resolved_on"] == "2025-02-04"


def test_a_stale_meeting_version_is_a_409_that_changes_nothing(
    client: FlaskClient, ctx: ServiceContext, world: World
) -> None:
    first = client.patch(
        f"/api/v1/meetings/{world.meeting_id}",
        json={"place": "Oslo", "version": 1},
        headers=world.auth("secretariat"),
    )
    assert first.status_code == 200
    before = table_snapshot(ctx)
    second = client.patch(
        f"/api/v1/meetings/{world.meeting_id}",
        json={"place": "Bergen", "version": 1},
        headers=world.auth("secretariat"),
    )
    assert second.status_code == 409
    assert second.mimetype == PROBLEM
    assert second.json is not None
    assert second.json["errors"][0]["field"] == "version"
    assert table_snapshot(ctx) == before


def test_only_the_secretariat_reschedules_a_meeting(client: FlaskClient, world: World) -> None:
    response = client.patch(
        f"/api/v1/meetings/{world.meeting_id}", json={"place": "Hjemme"}, headers=world.auth("lead")
    )
    assert response.status_code == 403


def test_a_time_without_a_zone_is_refused_naming_the_field(
    client: FlaskClient, world: World
) -> None:
    response = client.patch(
        f"/api/v1/meetings/{world.meeting_id}",
        json={"starts_at": "2025-02-11T10:00:00"},
        headers=world.auth("secretariat"),
    )
    assert response.status_code == 422
    assert response.json is not None
    assert response.json["errors"][0]["field"] == "starts_at"


def test_a_member_sends_a_contribution_and_it_is_listed(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/contributions",
        json={"agenda_item_id": world.item_id, "body": "Vi støtter forslaget."},
        headers=world.auth("member"),
    )
    assert response.status_code == 201
    assert response.json is not None
    assert response.json["person_id"] == world.member_id
    assert response.json["channel"] == "api"
    assert response.json["late"] is False
    assert response.headers["Location"] == f"/api/v1/contributions?agenda_item_id={world.item_id}"
    listed = client.get(response.headers["Location"], headers=world.auth("lead"))
    assert listed.json == [response.json]
    by_meeting = client.get(
        f"/api/v1/contributions?meeting_id={world.meeting_id}", headers=world.auth("lead")
    )
    assert by_meeting.json == [response.json]


def test_a_contribution_to_a_missing_item_names_the_item(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/contributions",
        json={"agenda_item_id": 999, "body": "Hei"},
        headers=world.auth("member"),
    )
    assert response.status_code == 422
    assert response.json is not None
    assert response.json["errors"][0]["field"] == "agenda_item_id"


def test_a_meeting_field_that_cannot_be_empty_is_refused(client: FlaskClient, world: World) -> None:
    for field in ("title", "place", "starts_at"):
        response = client.patch(
            f"/api/v1/meetings/{world.meeting_id}",
            json={field: None},
            headers=world.auth("secretariat"),
        )
        assert response.status_code == 422, field
        assert response.json is not None
        assert response.json["errors"][0]["field"] == field


def test_two_meetings_of_a_group_cannot_start_at_the_same_time(
    client: FlaskClient, ctx: ServiceContext, world: World
) -> None:
    add_meeting(ctx, world.group_id, datetime(2025, 3, 4, 9, 0, tzinfo=UTC), title="Mars")
    response = client.patch(
        f"/api/v1/meetings/{world.meeting_id}",
        json={"starts_at": "2025-03-04T10:00:00+01:00", "ends_at": "2025-03-04T12:00:00+01:00"},
        headers=world.auth("secretariat"),
    )
    assert response.status_code == 409
    assert response.json is not None
    assert response.json["errors"][0]["field"] == "starts_at"
