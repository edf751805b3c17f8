"""Nothing lost, nothing twice: a worker killed between posting and recording, Redis stopped (and
emptied) while tasks change, a platform that keeps failing or asks to wait. The outbox in SQL is
what the recovery works from; the sender's idempotency key is what keeps a repeat from posting."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner
from rq import Queue
from rq.job import Job, JobStatus
from worker_support import (
    PLATFORM,
    QUICK_RETRY,
    FilePlatform,
    add_task,
    at,
    bind,
    person_id,
    rows,
    tick,
    user_id_of,
    wait_for,
    work,
)

from tracker import schemas as s
from tracker.bootstrap import Runtime
from tracker.cli import main
from tracker.clock import FixedClock
from tracker.config import Settings
from tracker.i18n import translate
from tracker.importer.apply import ImportReport
from tracker.models import Channel, OutboxStatus
from tracker.services import outbox, rooms, schedule, tasks
from tracker.services.context import Actor
from worker.jobs import LEASE
from worker.queue import connect, delivery_queue, job_id
from worker.redis_server import PrivateRedis
from worker.relay import relay

HERE = Path(__file__).parent


def test_a_worker_killed_in_the_middle_of_a_delivery_delivers_exactly_one_message_after_restart(
    seeded: ImportReport,
    wired: Runtime,
    settings: Settings,
    clock: FixedClock,
    queue: Queue,
    redis_url: str,
    platform: FilePlatform,
    tmp_path: Path,
) -> None:
    ctx = wired.ctx
    bind(ctx, "room-wg2", workgroup=2)
    add_task(
        ctx, "Kartlegg avfallsstrømmer", workgroup=2, owner="Asbjørn Lunde", due=date(2025, 1, 15)
    )
    clock.set(at("2025-01-13 08:00"))
    tick(wired, queue)
    (row,) = rows(ctx)
    # A worker of its own (a real forking RQ worker) posts, then hangs before recording it…
    marker = tmp_path / "hanging"
    process = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "worker_process.py"),
            settings.database_url,
            redis_url,
            str(settings.var_dir),
            str(platform.path),
            clock.now().isoformat(),
            "--hang",
            str(marker),
        ],
        start_new_session=True,
    )
    try:
        wait_for(marker.exists, what="the delivery to be under way")
        # …and is killed there, worker and work horse alike, as by a power cut.
        os.kill(int(marker.read_text()), signal.SIGKILL)
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert len(platform.posts()) == 1
    (row,) = rows(ctx)
    assert (row.status, row.sent_at) == (OutboxStatus.QUEUED, None)
    # Restarted a minute later: the delivery may still be running somewhere, so it waits…
    clock.advance(timedelta(minutes=1))
    tick(wired, queue)
    work(queue)
    assert rows(ctx)[0].status == OutboxStatus.QUEUED
    # …until its lease runs out; then it is handed over again, and posted once in all.
    clock.advance(LEASE)
    result = tick(wired, queue)
    assert result.relayed is not None
    assert result.relayed.requeued == 1
    work(queue)
    (post,) = platform.posts()
    (row,) = rows(ctx)
    assert row.status == OutboxStatus.SENT
    assert row.platform_message_id == post["id"]
    assert row.attempts == 2


def test_redis_stopped_while_tasks_change_then_started_again_delivers_every_due_message_once(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    platform: FilePlatform,
    tmp_path: Path,
) -> None:
    ctx = wired.ctx
    server = PrivateRedis(tmp_path / "redis")
    server.start()
    try:
        queue = delivery_queue(connect(server.url))
        bind(ctx, "room-group")
        bind(ctx, "room-wg2", workgroup=2)
        lunde = user_id_of(ctx, "Asbjørn Lunde")
        aanensen = user_id_of(ctx, "Dag Aanensen")
        clock.set(at("2025-01-10 12:00"))
        add_task(
            ctx,
            "Kartlegg avfallsstrømmer",
            workgroup=2,
            owner="Asbjørn Lunde",
            due=date(2025, 1, 15),
        )
        moved = add_task(
            ctx, "Liste over prosjekter", workgroup=3, owner="Dag Aanensen", due=date(2025, 1, 15)
        )
        clock.set(at("2025-01-13 08:00"))
        first = tick(wired, queue)
        assert first.redis_error is None
        assert sorted(e.kind for e in rows(ctx)) == [
            "digest",
            "overview",
            "reminder",
            "reminder",
            "summary",
        ]
        server.stop()  # every queued job goes with it: it keeps nothing on disk
        # While Redis is down, tasks change and the ticks go on.
        tasks.update_task(
            ctx,
            actor=Actor(person_id(ctx, "Dag Aanensen"), Channel.CONSOLE),
            task_id=moved.id,
            data=s.TaskUpdate(due_on=date(2025, 1, 24)),
        )
        add_task(ctx, "Bestill lokale", workgroup=2, owner="Asbjørn Lunde", due=date(2025, 1, 16))
        clock.set(at("2025-01-13 08:01"))
        assert tick(wired, queue).redis_error is not None
        clock.set(at("2025-01-14 08:00"))
        down = tick(wired, queue)
        assert down.redis_error is not None
        assert down.written == 1  # Asbjørn's reminder of the 14th: written, waiting
        server.start()  # the same address, empty
        clock.set(at("2025-01-14 08:01"))
        back = tick(wired, queue)
        assert back.relayed is not None
        assert (back.relayed.enqueued, back.relayed.requeued) == (1, 5)
        work(queue)
        clock.set(at("2025-01-14 08:02"))
        tick(wired, queue)
        work(queue)
        posts = platform.posts()
        keys = sorted(p["key"].split(":")[0] for p in posts)
        assert keys == ["digest", "overview", "reminder", "reminder", "summary"]
        assert len({p["key"] for p in posts}) == len(posts)
        assert [p["target"] for p in posts if p["direct"]] == [lunde, lunde]
        assert aanensen not in {p["target"] for p in posts}  # his task's date moved meanwhile
        assert {e.status for e in rows(ctx)} == {OutboxStatus.SENT}
    finally:
        server.stop()


def test_a_delivery_that_keeps_failing_is_kept_as_failed_and_can_be_retried_from_the_cli(
    seeded: ImportReport,
    wired: Runtime,
    settings: Settings,
    clock: FixedClock,
    queue: Queue,
    redis_url: str,
    platform: FilePlatform,
) -> None:
    ctx = wired.ctx
    bind(ctx, "room-wg2", workgroup=2)
    add_task(
        ctx, "Kartlegg avfallsstrømmer", workgroup=2, owner="Asbjørn Lunde", due=date(2025, 1, 15)
    )
    clock.set(at("2025-01-13 08:00"))
    outbox.record(ctx, schedule.due_messages(ctx, platforms=(PLATFORM,)))
    platform.go_down("503 Service Unavailable")
    relay(ctx, queue, retry=QUICK_RETRY)
    deadline = time.monotonic() + 30
    while rows(ctx)[0].status != OutboxStatus.FAILED:
        assert time.monotonic() < deadline, rows(ctx)
        work(queue, scheduler=True)  # retries are scheduled a second apart
        time.sleep(0.2)
    (row,) = rows(ctx)
    assert (row.attempts, row.last_error) == (3, "503 Service Unavailable")
    assert platform.posts() == []
    env = {
        "DATABASE_URL": settings.database_url,
        "REDIS_URL": redis_url,
        "TILTAK_VAR_DIR": str(settings.var_dir),
    }
    runner = CliRunner()
    listed = runner.invoke(main, ["outbox", "--failed"], env=env)
    assert listed.exit_code == 0, listed.output
    assert f"{row.id}  {translate('failed', 'nb')}" in listed.output
    assert translate("reason: {reason}", "nb", reason="503 Service Unavailable") in listed.output
    platform.come_back()
    retried = runner.invoke(main, ["outbox", "retry", str(row.id)], env=env)
    assert retried.exit_code == 0, retried.output
    assert translate("Message {id} is on its way again.", "nb", id=row.id) in retried.output
    work(queue)
    (post,) = platform.posts()
    (row,) = rows(ctx)
    assert (row.status, row.platform_message_id) == (OutboxStatus.SENT, post["id"])
    again = runner.invoke(main, ["outbox", "retry", str(row.id)], env=env)
    assert again.exit_code != 0  # only failed messages can be retried


def test_a_platform_that_asks_to_wait_is_retried_no_sooner_than_it_asked(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    queue: Queue,
    platform: FilePlatform,
) -> None:
    ctx = wired.ctx
    bind(ctx, "room-wg2", workgroup=2)
    add_task(ctx, "Kartlegg avfallsstrømmer", workgroup=2, due=date(2025, 1, 15))
    clock.set(at("2025-01-13 08:00"))
    outbox.record(ctx, schedule.due_messages(ctx, platforms=(PLATFORM,)))
    platform.go_down("429 Too Many Requests", retry_after=30)
    relay(ctx, queue, retry=QUICK_RETRY)  # the planned backoff is one second…
    before = datetime.now(UTC)
    work(queue)
    (row,) = rows(ctx)
    assert (row.status, row.last_error) == (OutboxStatus.QUEUED, "429 Too Many Requests")
    job = Job.fetch(job_id(row.id), connection=queue.connection)
    assert job.get_status() == JobStatus.SCHEDULED
    # …but the platform said 30 seconds.
    retry_at = queue.scheduled_job_registry.get_scheduled_time(job)
    assert retry_at >= before + timedelta(seconds=29)


def test_a_message_for_a_platform_without_a_sender_is_kept_as_failed_with_that_reason(
    seeded: ImportReport, wired: Runtime, clock: FixedClock, queue: Queue
) -> None:
    ctx = wired.ctx
    rooms.bind_room(
        ctx,
        actor=Actor.system_actor(Channel.CLI),
        platform="slack",
        room_id="C0123",
        group_id=seeded.group_id,
        workgroup_id=None,
    )
    clock.set(at("2025-01-13 08:00"))
    tick(wired, queue)
    work(queue)
    failed = outbox.list_entries(ctx, status=OutboxStatus.FAILED)
    assert {(e.kind, e.platform) for e in failed} == {("overview", "slack"), ("digest", "slack")}
    assert {e.last_error for e in failed} == {"No sender is configured for this platform."}


def test_a_delivery_interrupted_again_and_again_is_given_up_as_failed(
    seeded: ImportReport, wired: Runtime, clock: FixedClock
) -> None:
    ctx = wired.ctx
    bind(ctx, "room-group")
    clock.set(at("2025-01-13 08:00"))
    outbox.record(ctx, schedule.due_messages(ctx, platforms=(PLATFORM,)))
    row = rows(ctx)[0]
    for _ in range(outbox.MAX_ATTEMPTS):
        assert outbox.begin_attempt(ctx, outbox_id=row.id, lease=LEASE) is not None
    assert outbox.begin_attempt(ctx, outbox_id=row.id, lease=LEASE) is None
    row = outbox.get(ctx, outbox_id=row.id)
    assert row.status == OutboxStatus.FAILED
    assert row.last_error == "Given up after too many interrupted deliveries."
