"""Proactive messages on Teams: installing the bot stores the conversation references; the
worker's sender posts the weekly summary to the workgroup's channel and a reminder to a
person's personal chat through them, waits out Teams' throttling (429, Retry-After) and posts a
message once however often its idempotency key comes again."""

from __future__ import annotations

from teams_support import CHANNEL, CONNECTOR_TOKEN, FixedConnections, TeamsHarness, text_of
from test_teams_commands import teams_person

from adapters.teams.sender import make_sender
from chatops.delivery import Delivered, Destination, Failed
from chatops.reply import Paragraph, Reply
from chatops.rooms import Rooms
from tracker.bootstrap import Runtime


def _install(teams: TeamsHarness) -> None:
    lunde = teams_person("Asbjørn Lunde")
    in_team = teams.activity(lunde, None, channel=True, kind="conversationUpdate")
    in_team["membersAdded"] = [in_team["recipient"]]
    personal = teams.activity(lunde, None, kind="installationUpdate")
    personal["action"] = "add"
    assert teams.post(in_team)[0] == 202
    assert teams.post(personal)[0] == 202


def _reply(text: str) -> Reply:
    return Reply((Paragraph(text),), "nb")


def test_the_summary_goes_to_the_channel_and_a_reminder_to_the_personal_chat(
    teams: TeamsHarness, runtime: Runtime
) -> None:
    _install(teams)
    sender = make_sender(runtime, connections=FixedConnections())
    lunde = teams_person("Asbjørn Lunde")
    summary = sender.send(
        Destination("teams", CHANNEL), _reply("Ukens status"), idempotency_key="summary-1"
    )
    reminder = sender.send(
        Destination("teams", lunde.aad, direct=True),
        _reply("Frist i morgen"),
        idempotency_key="reminder-1",
    )
    assert isinstance(summary, Delivered)
    assert isinstance(reminder, Delivered)
    to_channel, to_person = teams.connector.posts()
    assert to_channel.path == f"/v3/conversations/{CHANNEL}/activities"
    assert "Ukens status" in text_of(to_channel)
    assert to_person.path == f"/v3/conversations/a:personal-chat-{lunde.aad}/activities"
    assert "Frist i morgen" in text_of(to_person)
    assert to_person.authorization == f"Bearer {CONNECTOR_TOKEN}"


def test_a_throttled_message_is_delivered_once(teams: TeamsHarness, runtime: Runtime) -> None:
    _install(teams)
    waits: list[float] = []
    sender = make_sender(runtime, connections=FixedConnections())
    sender.sleep = waits.append
    teams.connector.throttle = 1
    destination = Destination("teams", CHANNEL)
    first = sender.send(destination, _reply("Ukens status"), idempotency_key="summary-2")
    again = sender.send(destination, _reply("Ukens status"), idempotency_key="summary-2")
    assert isinstance(first, Delivered)
    assert again == first
    attempts = [c for c in teams.connector.calls if c.method == "POST"]
    assert len(attempts) == 2, "one refused with 429, one accepted after Retry-After"
    assert [bool(c.answered_id) for c in attempts] == [False, True]
    assert waits == [1.0], "as long as Retry-After asked"


def test_a_long_throttle_goes_back_to_the_worker_with_its_retry_after(
    teams: TeamsHarness, runtime: Runtime
) -> None:
    _install(teams)
    waits: list[float] = []
    sender = make_sender(runtime, connections=FixedConnections())
    sender.sleep = waits.append
    teams.connector.throttle, teams.connector.retry_after = 1, "120"
    result = sender.send(Destination("teams", CHANNEL), _reply("x"), idempotency_key="k2")
    assert result == Failed("throttled by Teams", retry_after=120.0)
    assert waits == []


def test_a_conversation_the_bot_is_not_in_fails_for_good(
    teams: TeamsHarness, runtime: Runtime
) -> None:
    sender = make_sender(runtime, connections=FixedConnections())
    result = sender.send(Destination("teams", "19:unknown"), _reply("x"), idempotency_key="k")
    assert isinstance(result, Failed)
    assert result.permanent
    assert teams.connector.calls == []


def test_the_installations_are_kept_in_the_database_for_a_worker_elsewhere(
    teams: TeamsHarness, runtime: Runtime
) -> None:
    _install(teams)
    lunde = teams_person("Asbjørn Lunde")
    kept = Rooms(runtime.ctx, "teams")
    assert kept.direct_room(lunde.aad) == f"a:personal-chat-{lunde.aad}"
    assert CHANNEL in (kept.room_reference(CHANNEL) or "")
    assert not any(runtime.settings.var_dir.glob("teams-*")), "no state beside the database"
