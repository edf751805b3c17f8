"""A throttled proactive message through the worker's real path: the weekly summary for a Teams
channel is written to the outbox, relayed to a real RQ queue on Redis and delivered by a real
worker through the Teams sender to the recording connector. Teams throttles it twice: a short
Retry-After is waited out in place, a long one goes back to the worker as a retry no sooner than
Teams asked. In the end the channel got the summary once and the row is marked sent; a second
pass of the worker sends nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from rq import Queue, SimpleWorker
from rq.job import Job, JobStatus
from teams_support import CHANNEL, FixedConnections, TeamsHarness, text_of
from test_teams_commands import teams_person

from adapters.teams import PLATFORM
from adapters.teams.sender import make_sender
from tracker import schemas as s
from tracker.bootstrap import Runtime
from tracker.clock import FixedClock
from tracker.importer.apply import ImportReport
from tracker.models import Channel, OutboxStatus
from tracker.services import groups, outbox, rooms, schedule, tasks
from tracker.services.context import Actor, ServiceContext
from worker import jobs
from worker.queue import job_id
from worker.relay import relay

ADMIN = Actor.system_actor(Channel.CLI)


@pytest.fixture
def waits(runtime: Runtime, teams: TeamsHarness) -> Iterator[list[float]]:
    """The worker delivers Teams rows through the Teams sender; its waits in place are noted."""
    noted: list[float] = []
    sender = make_sender(runtime, connections=FixedConnections())
    sender.sleep = noted.append
    jobs.install(runtime, {PLATFORM: sender})
    yield noted
    jobs.uninstall()


def _work(queue: Queue) -> None:
    SimpleWorker([queue], connection=queue.connection).work(burst=True, logging_level="WARNING")


def _summary_due(ctx: ServiceContext, seeded: ImportReport, clock: FixedClock) -> None:
    """Workgroup 2 meets in the Teams channel; on Monday morning its weekly summary is due."""
    (workgroup,) = [
        wg for wg in groups.list_workgroups(ctx, group_id=seeded.group_id) if wg.number == 2
    ]
    rooms.bind_room(
        ctx,
        actor=ADMIN,
        platform=PLATFORM,
        room_id=CHANNEL,
        group_id=seeded.group_id,
        workgroup_id=workgroup.id,
    )
    tasks.create_task(
        ctx,
        actor=ADMIN,
        data=s.TaskCreate(
            title="Kartlegg avfallsstrømmer", workgroup_id=workgroup.id, due_on=date(2025, 1, 15)
        ),
    )
    clock.set(datetime(2025, 1, 13, 8, 0, tzinfo=ZoneInfo("Europe/Oslo")))
    outbox.record(ctx, schedule.due_messages(ctx, platforms=(PLATFORM,)))


def test_a_throttled_summary_reaches_the_channel_once_through_the_worker(
    seeded: ImportReport,
    runtime: Runtime,
    clock: FixedClock,
    teams: TeamsHarness,
    queue: Queue,
    waits: list[float],
) -> None:
    ctx = runtime.ctx
    lunde = teams_person("Asbjørn Lunde")
    installed = teams.activity(lunde, None, channel=True, kind="conversationUpdate")
    installed["membersAdded"] = [installed["recipient"]]
    assert teams.post(installed)[0] == 202
    _summary_due(ctx, seeded, clock)
    (row,) = outbox.list_entries(ctx)
    assert (row.platform, row.destination, row.direct) == (PLATFORM, CHANNEL, False)
    teams.connector.throttles = ["1", "120"]

    relay(ctx, queue)
    before = datetime.now(UTC)
    _work(queue)
    assert waits == [1.0], "the short Retry-After is waited out in place"
    row = outbox.get(ctx, outbox_id=row.id)
    assert (row.status, row.last_error) == (OutboxStatus.QUEUED, "throttled by Teams")
    job = Job.fetch(job_id(row.id), connection=queue.connection)
    assert job.get_status() == JobStatus.SCHEDULED
    retry_at = queue.scheduled_job_registry.get_scheduled_time(job)
    assert retry_at >= before + timedelta(seconds=119), "no sooner than Teams asked"
    assert [c.answered_id for c in teams.connector.calls if c.method == "POST"] == ["", ""]

    # Two minutes on, the retry is due: the scheduler hands it back to the queue.
    queue.scheduled_job_registry.remove(job)
    queue.enqueue_job(job)
    _work(queue)
    delivered = [c for c in teams.connector.calls if c.method == "POST" and c.answered_id]
    assert len(delivered) == 1
    (post,) = delivered
    assert post.path == f"/v3/conversations/{CHANNEL}/activities"
    assert "Kartlegg avfallsstrømmer" in text_of(post)
    row = outbox.get(ctx, outbox_id=row.id)
    assert (row.status, row.platform_message_id) == (OutboxStatus.SENT, post.answered_id)

    # A second pass (a relay that finds the row, the same job handed over again) sends nothing.
    calls = len(teams.connector.calls)
    relay(ctx, queue)
    queue.enqueue_job(Job.fetch(job_id(row.id), connection=queue.connection))
    _work(queue)
    assert len(teams.connector.calls) == calls
    assert outbox.get(ctx, outbox_id=row.id).status == OutboxStatus.SENT
