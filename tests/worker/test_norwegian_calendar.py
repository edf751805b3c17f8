"""The Norwegian calendar as the tick sees it: nothing goes out on a public holiday or in the
summer break (fellesferie, July by default). A reminder that would fall on such a day comes the
day before; a Monday summary on a holiday comes the next working day of its week, and in the
break not at all; a digest on such a day comes the next working day before its meeting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from rq import Queue
from worker_support import (
    ADMIN,
    FilePlatform,
    add_task,
    at,
    bind,
    install,
    tick,
    user_id_of,
    work,
)

from tracker import schemas as s
from tracker.bootstrap import Runtime, bootstrap
from tracker.clock import FixedClock
from tracker.config import CalendarSettings, ConfigError, Settings, load_settings
from tracker.importer.apply import ImportReport
from tracker.services import meetings
from tracker.services.meetings import next_meeting
from worker import jobs

OSLO = ZoneInfo("Europe/Oslo")


def _day_by_day(
    runtime: Runtime, queue: Queue, clock: FixedClock, first: date, last: date, hour: int = 9
) -> None:
    """Move the clock a day at a time, ticking and delivering at `hour` in Oslo."""
    day = first
    while day <= last:
        clock.set(at(f"{day} {hour:02d}:00"))
        tick(runtime, queue)
        work(queue)
        day += timedelta(days=1)


def _sent_on(platform: FilePlatform) -> list[tuple[date, str]]:
    return [
        (datetime.fromisoformat(post["at"]).astimezone(OSLO).date(), post["text"])
        for post in platform.posts()
    ]


def test_no_reminder_goes_out_on_17_may_it_comes_on_the_16th_instead(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    queue: Queue,
    platform: FilePlatform,
) -> None:
    ctx = wired.ctx
    user_id_of(ctx, "Asbjørn Lunde")
    clock.set(at("2025-05-12 12:00"))
    # Two days ahead is the group's reminder day: for this task, Saturday 17 May.
    add_task(
        ctx, "Skriv notat om ombruk", workgroup=2, owner="Asbjørn Lunde", due=date(2025, 5, 19)
    )
    _day_by_day(wired, queue, clock, date(2025, 5, 13), date(2025, 5, 20))
    sent = _sent_on(platform)
    assert date(2025, 5, 17) not in [day for day, _text in sent]
    reminded = [day for day, text in sent if "Skriv notat om ombruk" in text]
    assert reminded == [date(2025, 5, 16), date(2025, 5, 20)]  # before, then overdue


def test_no_reminder_goes_out_in_july_what_falls_in_it_comes_before_and_after(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    queue: Queue,
    platform: FilePlatform,
) -> None:
    ctx = wired.ctx
    user_id_of(ctx, "Asbjørn Lunde")
    clock.set(at("2025-06-20 12:00"))
    add_task(ctx, "Høringssvar", workgroup=2, owner="Asbjørn Lunde", due=date(2025, 7, 10))
    add_task(ctx, "Budsjettinnspill", workgroup=2, owner="Asbjørn Lunde", due=date(2025, 8, 1))
    _day_by_day(wired, queue, clock, date(2025, 6, 27), date(2025, 8, 4))
    sent = _sent_on(platform)
    assert [day for day, _text in sent if day.month == 7] == []
    # Due in the break: told on the last day before it, and once more as overdue after it.
    assert [day for day, text in sent if "Høringssvar" in text] == [
        date(2025, 6, 30),
        date(2025, 8, 1),
    ]
    # Due on the first day after the break, whose reminder days fall in it: told before it.
    assert [day for day, text in sent if "Budsjettinnspill" in text] == [
        date(2025, 6, 30),
        date(2025, 8, 2),
    ]


def test_a_monday_summary_on_easter_monday_goes_out_on_tuesday_at_the_same_hour(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    queue: Queue,
    platform: FilePlatform,
) -> None:
    ctx = wired.ctx
    bind(ctx, "room-wg2", workgroup=2)
    clock.set(at("2025-04-14 12:00"))
    add_task(ctx, "Rapport om ombruk", workgroup=2, owner="Asbjørn Lunde", due=date(2025, 4, 25))
    for hour in range(7, 10):
        clock.set(at(f"2025-04-21 {hour:02d}:00"))
        tick(wired, queue)
    work(queue)
    assert platform.posts() == []  # Andre påskedag
    clock.set(at("2025-04-22 07:59"))
    tick(wired, queue)
    work(queue)
    assert platform.posts() == []
    clock.set(at("2025-04-22 08:00"))
    tick(wired, queue)
    work(queue)
    (post,) = platform.posts()
    assert post["title"] == "Status uke 17 for arbeidsgruppe 2 Sirkulærøkonomi"
    assert datetime.fromisoformat(post["at"]).astimezone(OSLO) == at("2025-04-22 08:00")


def test_no_weekly_summary_goes_out_in_the_summer_break(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    queue: Queue,
    platform: FilePlatform,
) -> None:
    ctx = wired.ctx
    bind(ctx, "room-wg2", workgroup=2)
    bind(ctx, "room-group")
    clock.set(at("2025-06-20 12:00"))
    add_task(ctx, "Rapport om ombruk", workgroup=2, owner="Asbjørn Lunde", due=date(2025, 8, 20))
    _day_by_day(wired, queue, clock, date(2025, 6, 30), date(2025, 8, 4), hour=8)
    weeks = sorted({post["title"] for post in platform.posts()})
    assert [day for day, _text in _sent_on(platform) if day.month == 7] == []
    assert any("uke 27" in title for title in weeks)  # Monday 30 June
    assert any("uke 32" in title for title in weeks)  # Monday 4 August
    assert not any(f"uke {week}" in title for title in weeks for week in range(28, 32))


@pytest.fixture
def no_break(
    seeded: ImportReport, settings: Settings, clock: FixedClock, platform: FilePlatform
) -> Iterator[Runtime]:
    """The seeded database, run with settings that have no summer break (start and end empty)."""
    calendar = CalendarSettings(summer_break_start="", summer_break_end="")
    runtime = bootstrap(settings.model_copy(update={"calendar": calendar}), clock=clock)
    install(runtime, platform)
    yield runtime
    jobs.uninstall()
    runtime.close()


def test_without_a_summer_break_in_the_settings_the_july_summary_goes_out(
    no_break: Runtime, clock: FixedClock, queue: Queue, platform: FilePlatform
) -> None:
    ctx = no_break.ctx
    bind(ctx, "room-wg2", workgroup=2)
    clock.set(at("2025-06-30 12:00"))
    add_task(ctx, "Rapport om ombruk", workgroup=2, owner="Asbjørn Lunde", due=date(2025, 7, 20))
    clock.set(at("2025-07-07 08:00"))
    tick(no_break, queue)
    work(queue)
    (post,) = platform.posts()
    assert post["title"] == "Status uke 28 for arbeidsgruppe 2 Sirkulærøkonomi"


def test_a_summer_break_that_is_not_a_date_is_refused_naming_the_setting() -> None:
    with pytest.raises(ConfigError, match="TILTAK_CALENDAR"):
        load_settings(_env_file=None, calendar={"summer_break_start": "31-07"})


def test_a_digest_due_on_maundy_thursday_goes_out_on_the_first_working_day_after_easter(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    queue: Queue,
    platform: FilePlatform,
) -> None:
    ctx = wired.ctx
    bind(ctx, "room-group")
    meeting = next_meeting(ctx, group_id=seeded.group_id)
    assert meeting is not None
    # The meeting moves to Thursday 24 April: a week before it is Skjærtorsdag.
    shift = date(2025, 4, 24) - meeting.starts_at.astimezone(OSLO).date()
    meetings.update_meeting(
        ctx,
        actor=ADMIN,
        meeting_id=meeting.id,
        data=s.MeetingUpdate(
            starts_at=meeting.starts_at + shift,
            ends_at=meeting.ends_at + shift if meeting.ends_at else None,
        ),
    )
    _day_by_day(wired, queue, clock, date(2025, 4, 16), date(2025, 4, 23), hour=8)
    digests = [p for p in platform.posts() if p["key"].startswith("digest:")]
    assert [datetime.fromisoformat(p["at"]).astimezone(OSLO) for p in digests] == [
        at("2025-04-22 08:00")
    ]
