"""The worker's Slack sender: it posts to a channel or to a person, updates a message, waits
out Slack's rate limit as Slack asks (a few times at most), and returns every outcome as a value."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import replace

import pytest
from slack_sdk import WebClient
from slack_support import MockSlackApi, visible_text

from adapters.slack.sender import SlackSender, make_sender
from chatops.delivery import Delivered, Destination, Failed
from chatops.reply import Heading, Paragraph, Reply, Visibility
from tracker.bootstrap import Runtime
from tracker.config import SlackSettings

SUMMARY = Reply(
    (Heading("Ukestatus for arbeidsgruppe 2"), Paragraph("Ferdig: 3 · Pågår: 2")),
    visibility=Visibility.ROOM,
)


@pytest.fixture
def api() -> Iterator[MockSlackApi]:
    mock = MockSlackApi()
    yield mock
    mock.close()


@pytest.fixture
def waits() -> list[float]:
    return []


@pytest.fixture
def sender(api: MockSlackApi, waits: list[float]) -> SlackSender:
    return SlackSender(WebClient(token="xoxb-test", base_url=api.url), sleep=waits.append)


def test_a_reply_is_posted_to_a_channel_as_block_kit(
    sender: SlackSender, api: MockSlackApi
) -> None:
    result = sender.send(Destination("slack", "C0SIRKULAR"), SUMMARY, idempotency_key="k1")
    assert isinstance(result, Delivered)
    assert result.room_id == "C0SIRKULAR"
    (posted,) = api.calls_to("chat.postMessage")
    assert posted.args["channel"] == "C0SIRKULAR"
    assert posted.args["text"].startswith("Ukestatus for arbeidsgruppe 2")
    assert "*Ukestatus for arbeidsgruppe 2*" in visible_text(posted.args["blocks"])
    assert result.message_id == posted.answer["ts"]


def test_a_reply_to_a_person_goes_to_their_direct_message_opened_once(
    sender: SlackSender, api: MockSlackApi
) -> None:
    person = Destination("slack", "UDAG", direct=True)
    first = sender.send(person, SUMMARY, idempotency_key="r1")
    second = sender.send(person, SUMMARY, idempotency_key="r2")
    assert isinstance(first, Delivered)
    assert isinstance(second, Delivered)
    assert [c.args["users"] for c in api.calls_to("conversations.open")] == ["UDAG"]
    assert [c.args["channel"] for c in api.calls_to("chat.postMessage")] == ["DUDAG", "DUDAG"]


def test_a_reply_in_a_thread_and_an_update_in_place(sender: SlackSender, api: MockSlackApi) -> None:
    where = Destination("slack", "C0GENERAL", thread_id="1736400000.000100")
    sent = sender.send(where, SUMMARY, idempotency_key="t1")
    assert isinstance(sent, Delivered)
    assert api.calls_to("chat.postMessage")[0].args["thread_ts"] == "1736400000.000100"
    updated = sender.update(where, sent.message_id, Reply((Paragraph("Oppdatert"),)))
    assert isinstance(updated, Delivered)
    (update,) = api.calls_to("chat.update")
    assert (update.args["channel"], update.args["ts"]) == ("C0GENERAL", sent.message_id)
    assert visible_text(update.args["blocks"]) == "Oppdatert"


def test_the_same_idempotency_key_posts_once(sender: SlackSender, api: MockSlackApi) -> None:
    first = sender.send(Destination("slack", "C1"), SUMMARY, idempotency_key="same")
    again = sender.send(Destination("slack", "C1"), SUMMARY, idempotency_key="same")
    assert first == again
    assert len(api.calls_to("chat.postMessage")) == 1


def test_a_rate_limit_is_waited_out_as_slack_asks_and_the_reply_then_goes(
    sender: SlackSender, api: MockSlackApi, waits: list[float]
) -> None:
    api.answer(
        "chat.postMessage",
        status=429,
        body={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": "2"},
    )
    result = sender.send(Destination("slack", "C1"), SUMMARY, idempotency_key="rl1")
    assert isinstance(result, Delivered)
    assert waits == [2.0]
    assert len(api.calls_to("chat.postMessage")) == 2


def test_a_rate_limit_that_lasts_is_a_failure_that_says_when_to_try_again(
    sender: SlackSender, api: MockSlackApi, waits: list[float]
) -> None:
    api.answer(
        "chat.postMessage",
        status=429,
        body={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": "3"},
        times=3,
    )
    result = sender.send(Destination("slack", "C1"), SUMMARY, idempotency_key="rl2")
    assert result == Failed("rate limited: ratelimited", retry_after=3.0)
    assert waits == [3.0, 3.0]
    assert len(api.calls_to("chat.postMessage")) == 3


def test_a_long_rate_limit_is_not_waited_in_the_worker(
    sender: SlackSender, api: MockSlackApi, waits: list[float]
) -> None:
    api.answer(
        "chat.postMessage",
        status=429,
        body={"ok": False, "error": "ratelimited"},
        headers={"Retry-After": "120"},
    )
    result = sender.send(Destination("slack", "C1"), SUMMARY, idempotency_key="rl3")
    assert result == Failed("rate limited: ratelimited", retry_after=120.0)
    assert waits == []


def test_a_channel_the_bot_cannot_post_to_is_a_permanent_failure(
    sender: SlackSender, api: MockSlackApi
) -> None:
    api.answer("chat.postMessage", body={"ok": False, "error": "channel_not_found"})
    result = sender.send(Destination("slack", "C404"), SUMMARY, idempotency_key="p1")
    assert result == Failed("channel_not_found", permanent=True)


def test_slack_out_of_reach_is_a_failure_not_an_exception() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    unreachable = WebClient(token="xoxb-test", base_url=f"http://127.0.0.1:{port}/api/")
    result = SlackSender(unreachable).send(Destination("slack", "C1"), SUMMARY, idempotency_key="x")
    assert isinstance(result, Failed)
    assert not result.permanent


def test_the_worker_gets_a_slack_sender_only_when_slack_is_configured(runtime: Runtime) -> None:
    assert isinstance(make_sender(runtime), SlackSender)
    off = replace(runtime, settings=runtime.settings.model_copy(update={"slack": SlackSettings()}))
    assert make_sender(off) is None
