"""Time as people live it: the Monday summary at 08:00 in Oslo on both sides of both DST changes
(so at 06:00 UTC in summer and 07:00 UTC in winter), and reminders never in the quiet hours but
at their end, also when the delivery itself was late."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from rq import Queue
from worker_support import (
    FilePlatform,
    add_task,
    at,
    bind,
    rows,
    tick,
    user_id_of,
    work,
)

from tracker.bootstrap import Runtime
from tracker.clock import FixedClock
from tracker.importer.apply import ImportReport
from tracker.models import OutboxStatus
from tracker.services import schedule
from worker.relay import relay

OSLO = ZoneInfo("Europe/Oslo")


@pytest.mark.parametrize(
    ("monday", "utc_hour"),
    [
        pytest.param(date(2025, 3, 24), 7, id="last-winter-monday"),
        pytest.param(date(2025, 3, 31), 6, id="first-summer-monday"),
        pytest.param(date(2025, 10, 20), 6, id="last-summer-monday"),
        pytest.param(date(2025, 10, 27), 7, id="first-winter-monday"),
    ],
)
def test_the_weekly_summary_goes_out_at_eight_in_oslo_across_both_dst_changes(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    queue: Queue,
    platform: FilePlatform,
    monday: date,
    utc_hour: int,
) -> None:
    ctx = wired.ctx
    bind(ctx, "room-wg2", workgroup=2)
    clock.set(datetime.combine(monday - timedelta(days=3), datetime.min.time(), tzinfo=UTC))
    add_task(ctx, "Rapport om ombruk", workgroup=2, owner="Asbjørn Lunde", due=monday)
    eight = datetime(monday.year, monday.month, monday.day, utc_hour, 0, tzinfo=UTC)
    clock.set(eight - timedelta(minutes=1))
    tick(wired, queue)
    assert rows(ctx) == []  # 07:59 in Oslo: not yet
    clock.set(eight)
    tick(wired, queue)
    work(queue)
    (post,) = platform.posts()
    sent_at = datetime.fromisoformat(post["at"])
    assert sent_at.astimezone(OSLO).hour == 8
    assert sent_at.astimezone(UTC).hour == utc_hour
    assert (
        post["title"]
        == f"Status uke {monday.isocalendar().week} for arbeidsgruppe 2 Sirkulærøkonomi"
    )


def test_a_summary_hour_that_a_dst_change_skips_or_repeats_is_sent_once() -> None:
    # 02:00 does not exist on 30 March 2025 in Oslo: it counts from before the jump (03:00 CEST).
    skipped = schedule.at_local(date(2025, 3, 30), 2, OSLO)
    assert skipped == datetime(2025, 3, 30, 1, 0, tzinfo=UTC)
    assert skipped.astimezone(OSLO).hour == 3
    # 02:00 happens twice on 26 October 2025: the first one.
    repeated = schedule.at_local(date(2025, 10, 26), 2, OSLO)
    assert repeated == datetime(2025, 10, 26, 0, 0, tzinfo=UTC)


def test_quiet_hours_wrap_past_midnight_and_end_on_the_local_hour_across_dst() -> None:
    assert schedule.is_quiet(22, 20, 8)
    assert schedule.is_quiet(7, 20, 8)
    assert not schedule.is_quiet(8, 20, 8)
    assert not schedule.is_quiet(12, 20, 8)
    assert schedule.is_quiet(3, 0, 6)
    assert not schedule.is_quiet(3, 8, 8)  # start == end: no quiet hours
    # A night across the spring change ends at 08:00 CEST, 06:00 UTC.
    night = datetime(2025, 3, 29, 22, 0, tzinfo=UTC)  # 23:00 CET on Saturday
    assert schedule.quiet_end(night, OSLO, 20, 8) == datetime(2025, 3, 30, 6, 0, tzinfo=UTC)
    assert schedule.quiet_end(datetime(2025, 3, 30, 6, 0, tzinfo=UTC), OSLO, 20, 8) is None


def test_reminders_wait_through_the_quiet_hours_and_go_out_when_they_end(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    queue: Queue,
    platform: FilePlatform,
) -> None:
    ctx = wired.ctx
    user_id_of(ctx, "Asbjørn Lunde")
    clock.set(at("2025-01-20 12:00"))
    add_task(
        ctx, "Kartlegg avfallsstrømmer", workgroup=2, owner="Asbjørn Lunde", due=date(2025, 1, 24)
    )
    # Two days before the due date, but at 21:00: quiet (20–08) — nothing is written.
    clock.set(at("2025-01-22 21:00"))
    tick(wired, queue)
    clock.set(at("2025-01-23 07:59"))
    tick(wired, queue)
    work(queue)
    assert rows(ctx) == []
    assert platform.posts() == []
    clock.set(at("2025-01-23 08:00"))
    tick(wired, queue)
    work(queue)
    (post,) = platform.posts()
    assert post["direct"] is True
    assert datetime.fromisoformat(post["at"]).astimezone(OSLO).hour == 8
    assert "Kartlegg avfallsstrømmer" in post["text"]


def test_a_reminder_delivered_late_into_the_quiet_hours_waits_for_the_morning(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    queue: Queue,
    platform: FilePlatform,
) -> None:
    ctx = wired.ctx
    user_id_of(ctx, "Asbjørn Lunde")
    clock.set(at("2025-01-20 12:00"))
    add_task(
        ctx, "Kartlegg avfallsstrømmer", workgroup=2, owner="Asbjørn Lunde", due=date(2025, 1, 24)
    )
    clock.set(at("2025-01-22 19:59"))
    tick(wired, queue)  # written and queued a minute before the quiet hours
    clock.set(at("2025-01-22 20:30"))  # …but the worker only gets to it at 20:30
    work(queue)
    assert platform.posts() == []
    (row,) = rows(ctx)
    assert row.status == OutboxStatus.PENDING
    assert row.not_before == at("2025-01-23 08:00")
    clock.set(at("2025-01-23 07:59"))
    relay(ctx, queue)
    work(queue)
    assert platform.posts() == []
    clock.set(at("2025-01-23 08:00"))
    relay(ctx, queue)
    work(queue)
    (post,) = platform.posts()
    assert datetime.fromisoformat(post["at"]).astimezone(OSLO).hour == 8
