"""Groups, their overview, roster and contact; workgroups; people; organisations."""

from __future__ import annotations

from datetime import date

from api_world import World, table_snapshot
from flask.testing import FlaskClient

from tracker.models import SecretariatContact
from tracker.services.context import ServiceContext


def get(client: FlaskClient, world: World, url: str, who: str = "member") -> object:
    response = client.get(f"/api/v1{url}", headers=world.auth(who))
    assert response.status_code == 200, response.json
    return response.json


def test_groups_can_be_listed_and_read(client: FlaskClient, world: World) -> None:
    groups = get(client, world, "/groups")
    assert isinstance(groups, list)
    assert [(g["id"], g["name"], g["organisation"]) for g in groups] == [
        (world.group_id, "Næringssamarbeid", "KS")
    ]
    assert get(client, world, f"/groups/{world.group_id}") == groups[0]
    assert client.get("/api/v1/groups/99", headers=world.auth("member")).status_code == 404


def test_lists_page_with_limit_and_offset(client: FlaskClient, world: World) -> None:
    people = get(client, world, "/people")
    assert isinstance(people, list)
    assert len(people) == 4
    assert get(client, world, "/people?limit=2&offset=1") == people[1:3]
    assert get(client, world, "/people?offset=10") == []


def test_the_overview_shows_the_workgroups_and_the_next_meeting(
    client: FlaskClient, world: World
) -> None:
    overview = get(client, world, f"/groups/{world.group_id}/overview?horizon_days=30")
    assert isinstance(overview, dict)
    assert overview["today"] == "2025-01-10"
    assert [w["workgroup"]["id"] for w in overview["workgroups"]] == [world.workgroup_id]
    assert overview["next_meeting"]["id"] == world.meeting_id


def test_the_roster_lists_everyone_with_their_role(client: FlaskClient, world: World) -> None:
    roster = get(client, world, f"/groups/{world.group_id}/roster")
    assert isinstance(roster, list)
    roles = {m["person"]["id"]: m["role"] for m in roster}
    assert roles[world.secretariat_id] == "secretariat"
    assert roles[world.member_id] == "member"


def test_the_contact_is_the_one_valid_on_the_day_asked(
    client: FlaskClient, ctx: ServiceContext, world: World
) -> None:
    with ctx.uow() as uow:
        uow.session.add_all(
            [
                SecretariatContact(
                    group_id=world.group_id,
                    person_id=world.secretariat_id,
                    valid_from=None,
                    valid_to=date(2025, 1, 31),
                ),
                SecretariatContact(
                    group_id=world.group_id,
                    person_id=world.lead_id,
                    valid_from=date(2025, 2, 1),
                    valid_to=date(2025, 2, 28),
                ),
            ]
        )
        uow.commit()
    today = get(client, world, f"/groups/{world.group_id}/contact")
    later = get(client, world, f"/groups/{world.group_id}/contact?on=2025-02-10")
    assert isinstance(today, dict)
    assert isinstance(later, dict)
    assert (today["person"]["id"], later["person"]["id"]) == (world.secretariat_id, world.lead_id)
    nobody = client.get(
        f"/api/v1/groups/{world.group_id}/contact?on=2025-06-01", headers=world.auth("member")
    )
    assert nobody.status_code == 404
    assert nobody.mimetype == "application/problem+json"


def test_the_secretariat_adds_a_person_to_the_roster(client: FlaskClient, world: World) -> None:
    response = client.post(
        f"/api/v1/groups/{world.group_id}/people",
        json={"first_name": "Kari", "last_name": "Nord", "organisation": "Agder", "role": "member"},
        headers=world.auth("secretariat"),
    )
    assert response.status_code == 201
    assert response.json is not None
    assert response.headers["Location"] == f"/api/v1/people/{response.json['id']}"
    assert get(client, world, f"/people/{response.json['id']}") == response.json
    organisations = get(client, world, "/organisations")
    assert isinstance(organisations, list)
    assert [o["name"] for o in organisations] == ["Agder", "KS", "Viken"]


def test_a_member_cannot_add_people_and_nothing_changes(
    client: FlaskClient, ctx: ServiceContext, world: World
) -> None:
    before = table_snapshot(ctx)
    response = client.post(
        f"/api/v1/groups/{world.group_id}/people",
        json={"first_name": "Kari"},
        headers=world.auth("member"),
    )
    assert response.status_code == 403
    assert table_snapshot(ctx) == before


def test_an_e_mail_address_already_taken_is_a_conflict_naming_the_field(
    client: FlaskClient, world: World
) -> None:
    response = client.patch(
        f"/api/v1/people/{world.member_id}",
        json={"email": "OLA@example.no"},
        headers=world.auth("member"),
    )
    assert response.status_code == 409
    assert response.json is not None
    assert response.json["errors"][0]["field"] == "email"


def test_a_person_may_change_their_own_details_but_not_others(
    client: FlaskClient, world: World
) -> None:
    own = client.patch(
        f"/api/v1/people/{world.member_id}",
        json={"phone": "+47 900 00 000", "language": "en"},
        headers=world.auth("member"),
    )
    assert own.status_code == 200
    assert own.json is not None
    assert (own.json["phone"], own.json["language"]) == ("+47 900 00 000", "en")
    other = client.patch(
        f"/api/v1/people/{world.other_id}", json={"phone": "1"}, headers=world.auth("member")
    )
    assert other.status_code == 403


def test_the_secretariat_sets_up_and_renames_a_workgroup(client: FlaskClient, world: World) -> None:
    response = client.post(
        f"/api/v1/groups/{world.group_id}/workgroups",
        json={"number": 2, "name": "Energi", "lead_id": world.member_id},
        headers=world.auth("secretariat"),
    )
    assert response.status_code == 201
    assert response.json is not None
    workgroup = response.json
    assert response.headers["Location"] == f"/api/v1/workgroups/{workgroup['id']}"
    assert workgroup["lead_name"] == "Mona Medlem"
    renamed = client.patch(
        f"/api/v1/workgroups/{workgroup['id']}",
        json={"name": "Energi og klima", "lead_id": None},
        headers=world.auth("secretariat"),
    )
    assert renamed.status_code == 200
    assert renamed.json is not None
    assert (renamed.json["name"], renamed.json["lead_id"]) == ("Energi og klima", None)
    listed = get(client, world, f"/workgroups?group_id={world.group_id}")
    assert isinstance(listed, list)
    assert [w["number"] for w in listed] == [1, 2]
    assert get(client, world, "/workgroups?group_id=999") == []


def test_a_taken_workgroup_number_is_a_conflict(client: FlaskClient, world: World) -> None:
    response = client.post(
        f"/api/v1/groups/{world.group_id}/workgroups",
        json={"number": 1, "name": "Dobbel"},
        headers=world.auth("secretariat"),
    )
    assert response.status_code == 409
    assert response.json is not None
    assert response.json["errors"][0]["field"] == "number"


def test_a_lead_cannot_set_up_workgroups(client: FlaskClient, world: World) -> None:
    response = client.post(
        f"/api/v1/groups/{world.group_id}/workgroups",
        json={"number": 3, "name": "Egen"},
        headers=world.auth("lead"),
    )
    assert response.status_code == 403
