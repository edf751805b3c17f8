"""Text from outside cannot fake a line or turn itself around: single-line fields lose line
breaks, controls and bidi overrides; descriptions and comments keep their lines but lose the
rest. The schemas do it, so every edge gets the same."""

from __future__ import annotations

from api_world import World
from flask.testing import FlaskClient

FAKE_LINE = "Kartlegging\r\n#99 ferdig"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: what follows reads backwards


def test_a_title_with_a_line_break_and_a_bidi_override_is_stored_on_one_line(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/tasks",
        json={
            "title": f"{FAKE_LINE} {RLO}gnidnelf\u2066",
            "workgroup_id": world.workgroup_id,
            "description": f"Første linje\r\nAndre {RLO}linje\x07\n\tinnrykk",
            "status": "blocked",
            "blocked_reason": "venter\npå\u2028tall",
        },
        headers=world.auth("lead"),
    )
    assert response.status_code == 201, response.json
    task = response.json
    assert task is not None
    assert task["title"] == "Kartlegging #99 ferdig gnidnelf"
    assert task["description"] == "Første linje\nAndre linje\n\tinnrykk"
    assert task["blocked_reason"] == "venter på tall"


def test_a_comment_keeps_its_lines_and_loses_the_override(
    client: FlaskClient, world: World
) -> None:
    created = client.post(
        "/api/v1/tasks",
        json={"title": "Notat", "workgroup_id": world.workgroup_id},
        headers=world.auth("lead"),
    )
    assert created.json is not None
    response = client.post(
        f"/api/v1/tasks/{created.json['id']}/comments",
        json={"body": f"Sendt.\r\n{RLO}Takk\u202c"},
        headers=world.auth("lead"),
    )
    assert response.status_code == 201, response.json
    assert response.json is not None
    assert response.json["body"] == "Sendt.\nTakk"


def test_a_name_of_only_invisible_characters_is_empty(client: FlaskClient, world: World) -> None:
    response = client.patch(
        f"/api/v1/people/{world.member_id}",
        json={"first_name": f"{RLO}\u2066\r\n"},
        headers=world.auth("member"),
    )
    assert response.status_code == 422
    assert response.json is not None
    assert response.json["errors"][0]["field"] == "first_name"
