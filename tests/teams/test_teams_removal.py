"""Removing the bot forgets where it was: an uninstall (installationUpdate "remove" or
"remove-upgrade") or the bot's own removal from a conversation (conversationUpdate with the bot
in membersRemoved) deletes the stored conversation reference, and in a personal chat the
person's direct room. The worker's next message there fails for good as "the bot is not
installed there" without reaching Teams; installing the bot again makes delivery work again."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from rq import Queue
from rq.job import Job, JobStatus
from sqlalchemy import func, select
from teams_support import CHANNEL, PERSONAL, FixedConnections, Person, TeamsHarness, text_of
from test_teams_commands import teams_person
from test_teams_worker import _summary_due, _work

from adapters.teams import PLATFORM
from adapters.teams.sender import TeamsSender, make_sender
from chatops.delivery import Delivered, Destination, Failed
from chatops.reply import Paragraph, Reply
from chatops.rooms import Rooms
from tracker.bootstrap import Runtime
from tracker.clock import FixedClock
from tracker.importer.apply import ImportReport
from tracker.models import DirectRoom, OutboxStatus, SyncState
from tracker.services import outbox
from tracker.services.context import ServiceContext
from worker import jobs
from worker.queue import job_id
from worker.relay import relay

NOT_INSTALLED = "the bot is not installed there"


def _reply(text: str) -> Reply:
    return Reply((Paragraph(text),), "nb")


def _installation(
    teams: TeamsHarness, person: Person, action: str, *, channel: bool = False
) -> dict[str, Any]:
    body = teams.activity(person, None, channel=channel, kind="installationUpdate")
    body["action"] = action
    return body


def _members(
    teams: TeamsHarness, person: Person, *, added: bool, bot: bool = True, channel: bool = False
) -> dict[str, Any]:
    body = teams.activity(person, None, channel=channel, kind="conversationUpdate")
    who = body["recipient"] if bot else body["from"]
    body["membersAdded" if added else "membersRemoved"] = [who]
    return body


def _removal(teams: TeamsHarness, person: Person, how: str, *, channel: bool) -> dict[str, Any]:
    if how == "membersRemoved":
        return _members(teams, person, added=False, channel=channel)
    return _installation(teams, person, how, channel=channel)


def _post(teams: TeamsHarness, body: dict[str, Any]) -> None:
    assert teams.post(body)[0] == 202


def _stored(ctx: ServiceContext) -> tuple[int, int]:
    """How many Teams references and Teams direct rooms the database holds."""
    with ctx.uow() as uow:
        references = uow.session.scalar(
            select(func.count())
            .select_from(SyncState)
            .where(SyncState.account.like(f"{PLATFORM}:reference:%"))
        )
        direct = uow.session.scalar(
            select(func.count()).select_from(DirectRoom).where(DirectRoom.platform == PLATFORM)
        )
    return int(references or 0), int(direct or 0)


@pytest.fixture
def sender(runtime: Runtime) -> TeamsSender:
    return make_sender(runtime, connections=FixedConnections())


@pytest.fixture
def worker(runtime: Runtime, teams: TeamsHarness) -> Iterator[None]:
    """The worker delivers Teams rows through the Teams sender."""
    jobs.install(runtime, {PLATFORM: make_sender(runtime, connections=FixedConnections())})
    yield
    jobs.uninstall()


HOW = ["remove", "remove-upgrade", "membersRemoved"]


@pytest.mark.parametrize("how", HOW)
def test_a_summary_for_a_channel_the_bot_was_removed_from_fails_for_good(
    seeded: ImportReport,
    runtime: Runtime,
    clock: FixedClock,
    teams: TeamsHarness,
    queue: Queue,
    worker: None,
    how: str,
) -> None:
    ctx = runtime.ctx
    lunde = teams_person("Asbjørn Lunde")
    _post(teams, _members(teams, lunde, added=True, channel=True))
    assert _stored(ctx) == (1, 0)

    _post(teams, _removal(teams, lunde, how, channel=True))
    assert Rooms(ctx, PLATFORM).room_reference(CHANNEL) is None
    assert _stored(ctx) == (0, 0), "the reference's row is deleted, not emptied"

    _summary_due(ctx, seeded, clock)
    (row,) = outbox.list_entries(ctx)
    relay(ctx, queue)
    _work(queue)
    row = outbox.get(ctx, outbox_id=row.id)
    assert (row.status, row.last_error) == (OutboxStatus.FAILED, NOT_INSTALLED)
    job = Job.fetch(job_id(row.id), connection=queue.connection)
    assert job.get_status() == JobStatus.FINISHED, "no retry is scheduled"
    assert teams.connector.posts() == [], "nothing reached Teams"


@pytest.mark.parametrize("how", HOW)
def test_removing_the_bot_from_a_personal_chat_forgets_only_that_persons_chat(
    teams: TeamsHarness, runtime: Runtime, sender: TeamsSender, how: str
) -> None:
    lunde, eli = teams_person("Asbjørn Lunde"), teams_person("Eli Bryhni")
    _post(teams, _installation(teams, lunde, "add"))
    _post(teams, _installation(teams, eli, "add"))
    kept = Rooms(runtime.ctx, PLATFORM)
    assert kept.direct_room(lunde.aad) == PERSONAL + lunde.aad

    _post(teams, _removal(teams, lunde, how, channel=False))
    assert kept.direct_room(lunde.aad) is None
    assert kept.room_reference(PERSONAL + lunde.aad) is None
    assert kept.direct_room(eli.aad) == PERSONAL + eli.aad
    assert _stored(runtime.ctx) == (1, 1)

    to_lunde = sender.send(
        Destination(PLATFORM, lunde.aad, direct=True), _reply("Frist i morgen"), idempotency_key="a"
    )
    assert to_lunde == Failed(NOT_INSTALLED, permanent=True)
    to_eli = sender.send(
        Destination(PLATFORM, eli.aad, direct=True), _reply("Frist i morgen"), idempotency_key="b"
    )
    assert isinstance(to_eli, Delivered)
    (post,) = teams.connector.posts()
    assert post.path == f"/v3/conversations/{PERSONAL}{eli.aad}/activities"
    assert "Frist i morgen" in text_of(post)


def test_another_member_leaving_forgets_nothing(
    teams: TeamsHarness, runtime: Runtime, sender: TeamsSender
) -> None:
    lunde = teams_person("Asbjørn Lunde")
    _post(teams, _members(teams, lunde, added=True, channel=True))
    _post(teams, _members(teams, lunde, added=False, bot=False, channel=True))
    assert _stored(runtime.ctx) == (1, 0)
    result = sender.send(
        Destination(PLATFORM, CHANNEL), _reply("Ukens status"), idempotency_key="k"
    )
    assert isinstance(result, Delivered)


def test_installing_the_bot_again_makes_delivery_work_again(
    teams: TeamsHarness, runtime: Runtime, sender: TeamsSender
) -> None:
    lunde = teams_person("Asbjørn Lunde")
    person = Destination(PLATFORM, lunde.aad, direct=True)
    channel = Destination(PLATFORM, CHANNEL)
    _post(teams, _installation(teams, lunde, "add", channel=True))
    _post(teams, _installation(teams, lunde, "add"))
    _post(teams, _installation(teams, lunde, "remove", channel=True))
    _post(teams, _installation(teams, lunde, "remove"))
    assert _stored(runtime.ctx) == (0, 0)
    assert sender.send(channel, _reply("x"), idempotency_key="1") == Failed(
        NOT_INSTALLED, permanent=True
    )
    assert sender.send(person, _reply("x"), idempotency_key="2") == Failed(
        NOT_INSTALLED, permanent=True
    )

    _post(teams, _installation(teams, lunde, "add", channel=True))
    _post(teams, _installation(teams, lunde, "add"))
    assert _stored(runtime.ctx) == (2, 1)
    summary = sender.send(channel, _reply("Ukens status"), idempotency_key="3")
    reminder = sender.send(person, _reply("Frist i morgen"), idempotency_key="4")
    assert isinstance(summary, Delivered)
    assert isinstance(reminder, Delivered)
    to_channel, to_person = teams.connector.posts()
    assert to_channel.path == f"/v3/conversations/{CHANNEL}/activities"
    assert "Ukens status" in text_of(to_channel)
    assert to_person.path == f"/v3/conversations/{PERSONAL}{lunde.aad}/activities"
    assert "Frist i morgen" in text_of(to_person)


def test_a_message_after_the_removal_records_the_personal_chat_again(
    teams: TeamsHarness, runtime: Runtime, sender: TeamsSender, linked: dict[str, Person]
) -> None:
    """The bot process forgets the person too: a message from their personal chat (the bot is
    evidently there) records it again, as for a chat installed before references were kept."""
    lunde = teams_person("Asbjørn Lunde")
    _post(teams, _installation(teams, lunde, "add"))
    _post(teams, _installation(teams, lunde, "remove"))
    assert Rooms(runtime.ctx, PLATFORM).direct_room(lunde.aad) is None
    teams.say(lunde, "hvem er jeg")
    assert Rooms(runtime.ctx, PLATFORM).direct_room(lunde.aad) == PERSONAL + lunde.aad
    reminder = sender.send(
        Destination(PLATFORM, lunde.aad, direct=True), _reply("Frist i morgen"), idempotency_key="r"
    )
    assert isinstance(reminder, Delivered)
