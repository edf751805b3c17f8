"""What an attacker (or a broken proxy) sends the Slack endpoint: a timestamp that is no number,
signed bodies that are not what Slack sends, and a body far larger than any Slack request. Each
gets a 4xx and changes nothing; none reaches the bot as a 500."""

from __future__ import annotations

import json
import logging
from urllib.parse import quote

import pytest
from slack_sdk.signature import SignatureVerifier
from slack_support import SECRET, SlackHarness, event_envelope, signed_headers
from sqlalchemy import select

from tracker.config import Settings
from tracker.db import Base
from tracker.services.context import ServiceContext

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def table_snapshot(ctx: ServiceContext) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to prove a refused request changed nothing."""
    with ctx.uow() as uow:
        return {
            table.name: sorted((tuple(row) for row in uow.session.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }


def test_a_timestamp_that_is_not_a_number_is_refused_as_unauthorised(
    slack: SlackHarness, linked: dict[str, str], ctx: ServiceContext
) -> None:
    before = table_snapshot(ctx)
    body = "command=%2Ftiltak&text=mine+oppgaver&user_id=ULUNDE"
    signature = SignatureVerifier(SECRET).generate_signature(timestamp="abc", body=body)
    response = slack.client.post(
        "/slack/events",
        data=body,
        headers={
            "X-Slack-Request-Timestamp": "abc",
            "X-Slack-Signature": signature,
            "Content-Type": FORM,
        },
    )
    assert response.status_code == 401
    assert table_snapshot(ctx) == before


def test_a_signed_payload_of_truncated_json_is_a_bad_request(
    slack: SlackHarness, linked: dict[str, str]
) -> None:
    payload = json.dumps({"type": "block_actions", "user": {"id": "ULUNDE"}})[:-7]
    response = slack.post("payload=" + quote(payload), FORM)
    assert response.status_code == 400


def test_a_signed_payload_that_is_a_json_list_is_a_bad_request(
    slack: SlackHarness, linked: dict[str, str]
) -> None:
    response = slack.post("payload=" + quote(json.dumps([{"type": "block_actions"}])), FORM)
    assert response.status_code == 400


def test_a_signed_payload_that_is_a_json_string_is_a_bad_request(
    slack: SlackHarness, linked: dict[str, str]
) -> None:
    response = slack.post("payload=" + quote(json.dumps("block_actions")), FORM)
    assert response.status_code == 400


def test_a_signed_event_body_cut_short_is_a_bad_request(
    slack: SlackHarness, linked: dict[str, str], ctx: ServiceContext
) -> None:
    before = table_snapshot(ctx)
    event = {"type": "app_mention", "user": "ULUNDE", "text": "<@UBOT> #1 ferdig", "ts": "1.2"}
    body = json.dumps(event_envelope(event))
    response = slack.post(body[: len(body) // 2], JSON)
    assert response.status_code == 400
    assert table_snapshot(ctx) == before


def test_a_signed_event_body_that_is_a_json_list_is_a_bad_request(
    slack: SlackHarness, linked: dict[str, str]
) -> None:
    response = slack.post(json.dumps([event_envelope({"type": "app_mention"})]), JSON)
    assert response.status_code == 400


def test_a_twenty_megabyte_body_is_refused_as_too_large_before_it_is_read(
    slack: SlackHarness, settings: Settings
) -> None:
    body = "text=" + "a" * (20 * 1024 * 1024)
    response = slack.client.post(
        "/slack/events", data=body, headers=signed_headers(body, content_type=FORM)
    )
    assert response.status_code == 413
    assert settings.web.max_request_bytes < 20 * 1024 * 1024
    assert response.mimetype == "text/plain"


def test_a_slash_command_of_nearly_a_megabyte_is_answered_with_the_limit_and_logged_short(
    slack: SlackHarness, linked: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    answer = slack.command("kommentar #1 " + "x" * 1_000_000, user="ULUNDE")
    assert "En melding kan være høyst" in json.dumps(answer, ensure_ascii=False)
    assert max(len(record.getMessage()) for record in caplog.records) <= 1100
