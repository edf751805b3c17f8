"""Both transports and the rules of the road: requests Slack did not sign, or signed too long
ago, are refused and change nothing; a retried event or a redelivered press is applied once; the
acknowledgement comes within Slack's 3 seconds even while the database is stuck; and Socket Mode
dispatches to the same listeners as the HTTP endpoint."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from database_support import lead_task
from slack_support import (
    BOT_USER,
    MockSlackApi,
    SlackHarness,
    SocketModeServer,
    command_payload,
    event_envelope,
    find_element,
    unique,
    visible_text,
)
from sqlalchemy import text

from adapters.slack.cli import socket_handler
from adapters.slack.text import PLATFORM
from tracker import schemas as s
from tracker.bootstrap import Runtime
from tracker.i18n import translate
from tracker.models import TaskStatus
from tracker.services import history, identity, tasks
from tracker.services.context import ServiceContext


@pytest.fixture
def task_1(ctx: ServiceContext, linked: dict[str, str]) -> s.TaskView:
    return lead_task(ctx)


def status_changes(ctx: ServiceContext, task_id: int) -> int:
    return len(
        [c for c in history.history(ctx, entity="task", entity_id=task_id) if c.field == "status"]
    )


def test_a_request_with_a_bad_signature_is_refused_and_changes_nothing(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    body = "&".join(
        f"{k}={v}"
        for k, v in command_payload(
            "#1 ferdig", user="ULUNDE", channel="C0GENERAL", response_url="http://127.0.0.1:9/x"
        ).items()
    )
    response = slack.post(body, "application/x-www-form-urlencoded", secret="not-the-secret")
    assert response.status_code == 401
    slack.settle()
    assert tasks.get_task(ctx, task_id=1).status == TaskStatus.TODO
    assert slack.api.calls == []


def test_a_request_signed_too_long_ago_is_refused(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    response = slack.event(
        {
            "type": "app_mention",
            "user": "ULUNDE",
            "text": f"<@{BOT_USER}> #1 ferdig",
            "ts": "1736500001.000200",
            "channel": "C0GENERAL",
        },
        timestamp=int(time.time()) - 6 * 60,
    )
    assert response.status_code == 401
    slack.settle()
    assert tasks.get_task(ctx, task_id=1).status == TaskStatus.TODO
    assert slack.api.calls == []


def test_a_retried_event_is_applied_once(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    event = {
        "type": "app_mention",
        "user": "ULUNDE",
        "text": f"<@{BOT_USER}> #1 ferdig",
        "ts": "1736500001.000200",
        "channel": "C0GENERAL",
    }
    assert slack.event(event, event_id="Ev0RETRIED").status_code == 200
    slack.settle()
    assert slack.event(event, event_id="Ev0RETRIED", retry=1).status_code == 200
    assert slack.event(event, event_id="Ev0RETRIED", retry=2).status_code == 200
    slack.settle()
    assert status_changes(ctx, 1) == 1
    assert len(slack.api.calls_to("chat.postMessage")) == 1


def test_slack_asks_for_the_bots_identity_once_not_on_every_request(
    slack: SlackHarness, task_1: s.TaskView
) -> None:
    for _ in range(3):
        slack.command("mine oppgaver", user="ULUNDE")
    assert len(slack.api.calls_to("auth.test")) == 1


def test_the_endpoint_answers_slacks_url_verification(slack: SlackHarness) -> None:
    response = slack.post(
        '{"type": "url_verification", "challenge": "abc123", "token": "legacy"}',
        "application/json",
    )
    assert response.status_code == 200
    assert response.get_json() == {"challenge": "abc123"}


@contextmanager
def database_stuck(runtime: Runtime, db_kind: str) -> Iterator[None]:
    """Hold the lock every chat turn needs (a long migration, a stuck transaction)."""
    if db_kind == "sqlite":
        path = runtime.engine.url.database
        assert path
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        return
    with runtime.engine.connect() as conn, conn.begin():
        conn.execute(text("LOCK TABLE processed_event IN EXCLUSIVE MODE"))
        yield


def test_the_acknowledgement_comes_in_time_while_the_database_is_stuck_and_the_answer_follows(
    slack: SlackHarness, runtime: Runtime, db_kind: str, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    slack.bot.ack_budget = 0.3
    released = threading.Event()

    def release_later() -> None:
        time.sleep(1.5)
        released.set()

    with database_stuck(runtime, db_kind):
        releaser = threading.Thread(target=release_later)
        releaser.start()
        started = time.monotonic()
        answer = slack.command("#1 ferdig", user="ULUNDE")
        took = time.monotonic() - started
        released.wait(5)
        releaser.join()
    assert took < 1.0, f"the acknowledgement took {took:.2f} s"
    assert answer["response_type"] == "ephemeral"
    assert translate("One moment, I am working on it…", "nb") in answer["text"]
    (late,) = slack.api.wait_for("respond")
    assert late.args["response_type"] == "in_channel"
    assert "#1 er nå satt til «ferdig»." in visible_text(late.args["blocks"])
    assert tasks.get_task(ctx, task_id=1).status == TaskStatus.DONE


@pytest.fixture
def socket_mode(
    runtime: Runtime, slack_api: MockSlackApi, linked: dict[str, str]
) -> Iterator[tuple[SocketModeServer, Any]]:
    """`tiltak slack --socket`'s handler, connected to a local Socket Mode server."""
    server = SocketModeServer()
    slack_api.socket_url = server.url
    handler, bot = socket_handler(runtime)
    handler.connect()
    server.wait_connected()
    yield server, bot
    bot.pool.wait_idle(15)
    # Slack's end goes first, so the client's read returns at once instead of timing out.
    handler.client.auto_reconnect_enabled = False
    server.close()
    handler.close()
    bot.pool.shutdown(wait=True)


def test_socket_mode_answers_a_slash_command_in_its_acknowledgement(
    socket_mode: tuple[SocketModeServer, Any], task_1: s.TaskView, slack_api: MockSlackApi
) -> None:
    server, _bot = socket_mode
    payload = command_payload(
        "mine oppgaver",
        user="ULUNDE",
        channel="C0GENERAL",
        response_url=slack_api.response_url("socket"),
    )
    ack = server.wait_ack(server.envelope("slash_commands", payload))
    assert ack["payload"]["response_type"] == "ephemeral"
    assert "Kartlegg sirkulære anskaffelser" in visible_text(ack["payload"]["blocks"])
    assert slack_api.calls_to("apps.connections.open")


def test_socket_mode_handles_mentions_and_a_redelivered_event_once(
    socket_mode: tuple[SocketModeServer, Any],
    task_1: s.TaskView,
    slack_api: MockSlackApi,
    ctx: ServiceContext,
) -> None:
    server, bot = socket_mode
    event = event_envelope(
        {
            "type": "app_mention",
            "user": "ULUNDE",
            "text": f"<@{BOT_USER}> #1 pågår",
            "ts": "1736500009.000100",
            "channel": "C0GENERAL",
        },
        event_id="Ev0SOCKET",
    )
    first = server.wait_ack(server.envelope("events_api", event))
    again = server.wait_ack(server.envelope("events_api", event, retry_attempt=1))
    assert "payload" not in first
    assert "payload" not in again
    bot.pool.wait_idle(10)
    assert tasks.get_task(ctx, task_id=1).status == TaskStatus.DOING
    assert status_changes(ctx, 1) == 1
    (posted,) = slack_api.calls_to("chat.postMessage")
    assert "#1 er nå satt til «pågår»." in visible_text(posted.args["blocks"])


def test_socket_mode_handles_a_button_press_and_a_redelivered_press_once(
    socket_mode: tuple[SocketModeServer, Any],
    task_1: s.TaskView,
    slack_api: MockSlackApi,
    ctx: ServiceContext,
) -> None:
    server, bot = socket_mode
    answer = server.wait_ack(
        server.envelope(
            "slash_commands",
            command_payload(
                "#1 pågår",
                user="ULUNDE",
                channel="C0GENERAL",
                response_url=slack_api.response_url("s1"),
            ),
        )
    )
    blocks = answer["payload"]["blocks"]
    block_id, button = find_element(blocks, 1, "status:done")
    press = {
        "type": "block_actions",
        "user": {"id": "ULUNDE"},
        "team": {"id": "T0TILTAK"},
        "api_app_id": "A0TILTAK",
        "trigger_id": unique("trigger."),
        "container": {
            "type": "message",
            "message_ts": "1736400000.000100",
            "channel_id": "C0GENERAL",
        },
        "channel": {"id": "C0GENERAL"},
        "message": {"ts": "1736400000.000100", "text": "…", "blocks": blocks},
        "response_url": slack_api.response_url("s2"),
        "actions": [
            {
                "action_id": "status:done",
                "block_id": block_id,
                "value": button["value"],
                "type": "button",
                "action_ts": "1736400001.000100",
            }
        ],
    }
    server.wait_ack(server.envelope("interactive", press))
    server.wait_ack(server.envelope("interactive", press))
    bot.pool.wait_idle(10)
    assert tasks.get_task(ctx, task_id=1).status == TaskStatus.DONE
    assert status_changes(ctx, 1) == 2  # todo → doing (the command), doing → done (the press)
    (update,) = slack_api.calls_to("chat.update")
    assert "ferdig · Asbjørn Lunde" in visible_text(update.args["blocks"])


def test_socket_mode_needs_no_signing_secret(
    socket_mode: tuple[SocketModeServer, Any], ctx: ServiceContext, slack_api: MockSlackApi
) -> None:
    server, _bot = socket_mode
    ack = server.wait_ack(
        server.envelope(
            "slash_commands",
            command_payload(
                "hvem er jeg",
                user="UDAG",
                channel="D0DAG",
                response_url=slack_api.response_url("s3"),
            ),
        )
    )
    assert "Du er Dag Aanensen" in ack["payload"]["text"]
    assert identity.person_for_identity(ctx, platform=PLATFORM, user_id="UDAG") is not None
