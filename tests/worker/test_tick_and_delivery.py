"""The tick writes what is due once, the relay hands it to RQ, and real burst workers (forking)
deliver it once: run twice, concurrently, or again after delivery, nothing is sent twice."""

from __future__ import annotations

import threading
from datetime import date, timedelta

from rq import Queue
from worker_support import (
    FilePlatform,
    add_task,
    at,
    bind,
    kinds,
    rows,
    tick,
    user_id_of,
    work,
)

from tracker.bootstrap import Runtime
from tracker.clock import FixedClock
from tracker.importer.apply import ImportReport
from tracker.models import OutboxStatus, TaskStatus
from tracker.services import schedule

MONDAY = date(2025, 1, 13)


def _week_of_work(runtime: Runtime) -> None:
    """Rooms for the group and two workgroups, and tasks in workgroups 2 and 3."""
    ctx = runtime.ctx
    bind(ctx, "room-group")
    bind(ctx, "room-wg2", workgroup=2)
    bind(ctx, "room-wg4", workgroup=4)
    add_task(ctx, "Kartlegg avfallsstrømmer", workgroup=2, owner="Asbjørn Lunde", due=MONDAY)
    add_task(
        ctx,
        "Søk om midler",
        workgroup=2,
        owner="Asbjørn Lunde",
        status=TaskStatus.BLOCKED,
        reason="venter på budsjettet",
    )
    add_task(ctx, "Liste over prosjekter", workgroup=3, owner="Dag Aanensen", due=MONDAY)


def test_a_tick_run_twice_in_the_same_minute_sends_each_message_once(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    queue: Queue,
    platform: FilePlatform,
) -> None:
    _week_of_work(wired)
    clock.set(at("2025-01-13 08:00"))
    first = tick(wired, queue)
    second = tick(wired, queue)
    assert first.written == 3  # workgroup 2's summary, the overview, the meeting's digest
    assert second.written == 0
    work(queue)
    clock.advance(timedelta(seconds=59))
    assert tick(wired, queue).written == 0
    work(queue)
    posts = platform.posts()
    assert sorted(p["target"] for p in posts) == ["room-group", "room-group", "room-wg2"]
    assert len({p["key"] for p in posts}) == 3
    assert {e.status for e in rows(wired.ctx)} == {OutboxStatus.SENT}
    # Workgroup 4 had nothing: no message of its own; the overview says so in one line.
    (overview,) = [p for p in posts if p["key"].startswith("overview:")]
    assert "Ingen endringer og ingen frister i: 1 Internasjonal" in overview["text"]
    assert "4 Kompetansebehov og læringsmuligheter" in overview["text"]


def test_two_ticks_at_the_same_moment_write_each_message_once(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    queue: Queue,
    platform: FilePlatform,
) -> None:
    _week_of_work(wired)
    user_id_of(wired.ctx, "Asbjørn Lunde")
    clock.set(at("2025-01-13 08:00"))
    results = []
    start = threading.Barrier(2)

    def run() -> None:
        start.wait()
        results.append(tick(wired, queue).written)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    work(queue)
    # A summary, the overview, the digest and Asbjørn's reminders: written by one tick or the
    # other, never by both.
    assert sum(results) == 4
    assert sorted(kinds(rows(wired.ctx))) == ["digest", "overview", "reminder", "summary"]
    assert len(platform.posts()) == 4


def test_a_restarted_tick_catches_up_a_missed_summary_within_a_day(
    seeded: ImportReport, wired: Runtime, clock: FixedClock, queue: Queue, platform: FilePlatform
) -> None:
    _week_of_work(wired)
    clock.set(at("2025-01-13 07:59"))
    assert [m.kind for m in schedule.due_messages(wired.ctx) if m.kind == "summary"] == []
    # Everything was down from 07:59 until 14:30: the 08:00 summary goes out at 14:30.
    clock.set(at("2025-01-13 14:30"))
    tick(wired, queue)
    work(queue)
    assert "summary" in kinds(rows(wired.ctx))
    # A whole day late is too late: last week's summary is not sent on Tuesday afternoon.
    clock.set(at("2025-01-21 08:01"))
    assert [m.kind for m in schedule.due_messages(wired.ctx) if m.kind == "summary"] == []
