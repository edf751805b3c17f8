"""A title written to fake a line («…\\n#99 ferdig») or to read backwards (U+202E) arrives on
one clean line in the weekly summary and on the Slack task card."""

from __future__ import annotations

from flask.testing import FlaskClient
from slack_support import SlackHarness, visible_text

from tracker.services import groups, tokens
from tracker.services.context import ServiceContext

RLO = "\u202e"


def test_a_fake_line_and_a_bidi_override_in_a_title_reach_summary_and_card_clean(
    slack: SlackHarness, linked: dict[str, str], ctx: ServiceContext, client: FlaskClient
) -> None:
    (lunde,) = groups.find_people(ctx, name="Asbjørn Lunde")
    (workgroup,) = [w for w in groups.list_workgroups(ctx) if w.number == 2]
    token = tokens.create_token(ctx, person_id=lunde.id, name="test")
    created = client.post(
        "/api/v1/tasks",
        json={
            "title": f"Kartlegging\n#99 ferdig {RLO}gnidnelf",
            "workgroup_id": workgroup.id,
            "owner_id": lunde.id,
            "status": "blocked",
            "blocked_reason": f"venter\r\n#98 ferdig{RLO}",
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    assert created.status_code == 201, created.json
    for line in ("status gruppe 2", "mine oppgaver"):
        answer = slack.command(line, user="ULUNDE")
        shown = visible_text(answer.get("blocks", [])) + "\n" + answer.get("text", "")
        assert "Kartlegging #99 ferdig gnidnelf" in shown, (line, shown)
        assert RLO not in shown
        lines = [text.strip(" *_>•-") for text in shown.splitlines()]
        assert not [text for text in lines if text.startswith(("#99", "#98"))], (line, shown)
