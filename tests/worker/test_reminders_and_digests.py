"""Reminders to a task's owner, each once and bundled into one direct message per person per
day; never for a due date that has moved; the contribution reminder only to those who have not
contributed; and the digest a week before the meeting."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rq import Queue
from worker_support import (
    ADMIN,
    FilePlatform,
    add_task,
    at,
    bind,
    person_id,
    rows,
    tick,
    user_id_of,
    work,
)

from tracker import schemas as s
from tracker.bootstrap import Runtime
from tracker.clock import FixedClock
from tracker.i18n import translate
from tracker.importer.apply import ImportReport
from tracker.models import Channel, OutboxStatus, TaskStatus
from tracker.services import contributions, meetings, tasks
from tracker.services.context import Actor
from tracker.services.meetings import next_meeting


def test_a_persons_reminders_of_a_day_come_in_one_message_each_item_once(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    queue: Queue,
    platform: FilePlatform,
) -> None:
    ctx = wired.ctx
    user = user_id_of(ctx, "Asbjørn Lunde")
    clock.set(at("2025-01-20 12:00"))
    add_task(
        ctx, "Skriv notat om ombruk", workgroup=2, owner="Asbjørn Lunde", due=date(2025, 1, 23)
    )
    add_task(ctx, "Finn innledere", workgroup=2, owner="Asbjørn Lunde", due=date(2025, 1, 22))
    add_task(ctx, "Send budsjett", workgroup=1, owner="Asbjørn Lunde", due=date(2025, 1, 20))
    add_task(ctx, "Ikke hans", workgroup=2, owner="Dag Aanensen", due=date(2025, 1, 22))
    add_task(
        ctx,
        "Ferdig allerede",
        workgroup=2,
        owner="Asbjørn Lunde",
        due=date(2025, 1, 22),
        status=TaskStatus.DONE,
    )
    clock.set(at("2025-01-21 08:00"))
    tick(wired, queue)
    clock.set(at("2025-01-21 08:01"))
    tick(wired, queue)
    work(queue)
    (post,) = platform.posts()
    assert post["target"] == user
    assert post["direct"] is True
    text = post["text"]
    # Two due within two days, one overdue since yesterday: one message, each task once.
    for title in ("Skriv notat om ombruk", "Finn innledere", "Send budsjett"):
        assert text.count(title) == 1
    assert "Ikke hans" not in text
    assert "Ferdig allerede" not in text
    assert text.index("Over fristen (1)") < text.index("Send budsjett")
    # The next day: those items were told; a task that came due meanwhile is.
    add_task(ctx, "Bestill lokale", workgroup=2, owner="Asbjørn Lunde", due=date(2025, 1, 24))
    clock.set(at("2025-01-22 09:00"))
    tick(wired, queue)
    work(queue)
    later = platform.posts()[1]
    assert "Bestill lokale" in later["text"]
    assert "Skriv notat om ombruk" not in later["text"]
    # …and on the first day overdue, once more for that occasion.
    clock.set(at("2025-01-24 09:00"))
    tick(wired, queue)
    work(queue)
    assert "Skriv notat om ombruk" in platform.posts()[2]["text"]
    clock.set(at("2025-01-25 09:00"))
    tick(wired, queue)
    work(queue)
    assert "Skriv notat om ombruk" not in "".join(p["text"] for p in platform.posts()[3:])


def test_a_reminder_for_a_task_whose_due_date_moved_is_not_sent_for_the_old_date(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    queue: Queue,
    platform: FilePlatform,
) -> None:
    ctx = wired.ctx
    user_id_of(ctx, "Asbjørn Lunde")
    clock.set(at("2025-02-03 12:00"))
    task = add_task(
        ctx, "Skriv notat om ombruk", workgroup=2, owner="Asbjørn Lunde", due=date(2025, 2, 6)
    )
    # The reminder is written at 08:00 on the 4th, two days before; the worker is slow…
    clock.set(at("2025-02-04 08:00"))
    tick(wired, queue)
    (row,) = rows(ctx)
    assert [item["key"] for item in row.payload["items"]] == [f"task:{task.id}:2025-02-06:before"]
    # …and meanwhile the owner moves the due date to the 14th.
    clock.set(at("2025-02-04 08:05"))
    tasks.update_task(
        ctx,
        actor=Actor(person_id(ctx, "Asbjørn Lunde"), Channel.WEB),
        task_id=task.id,
        data=s.TaskUpdate(due_on=date(2025, 2, 14)),
    )
    work(queue)
    assert platform.posts() == []  # checked again at delivery: not for the old date
    (row,) = rows(ctx)
    assert row.status == OutboxStatus.SENT
    assert row.platform_message_id is None
    # Nothing on the old date's days either…
    for day in ("2025-02-05 09:00", "2025-02-06 09:00", "2025-02-07 09:00"):
        clock.set(at(day))
        tick(wired, queue)
        work(queue)
    assert platform.posts() == []
    # …and a reminder, once, two days before the new date.
    clock.set(at("2025-02-12 08:00"))
    tick(wired, queue)
    work(queue)
    (post,) = platform.posts()
    assert "Skriv notat om ombruk" in post["text"]
    assert "fre. 14.02" in post["text"]


def test_the_contribution_reminder_goes_only_to_members_who_have_not_contributed(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    queue: Queue,
    platform: FilePlatform,
) -> None:
    ctx = wired.ctx
    lunde = user_id_of(ctx, "Asbjørn Lunde")
    flo = user_id_of(ctx, "Asbjørn Flo")
    meeting = next_meeting(ctx, group_id=seeded.group_id)
    assert meeting is not None
    item = next(i for p in meeting.parts if p.is_group_part for i in p.items if i.label == "3")
    # Written input to item 3 is due one week after the meeting of 16 January: the 23rd.
    clock.set(at("2025-01-17 10:00"))
    contributions.submit_contribution(
        ctx,
        actor=Actor(person_id(ctx, "Asbjørn Flo"), Channel.WEB),
        data=s.ContributionCreate(agenda_item_id=item.id, body="Vi foreslår et webinar."),
    )
    clock.set(at("2025-01-21 08:00"))
    tick(wired, queue)
    work(queue)
    (post,) = platform.posts()
    assert post["target"] == lunde
    assert flo not in {p["target"] for p in platform.posts()}
    assert (
        translate(
            "Item {label} {title}: the deadline for written input is {date}, "
            "and yours has not come in yet.",
            "nb",
            label="3",
            title="Handlingsprogram 2025",
            date="tor. 23.01",
        )
        in post["text"]
    )
    assert "innspill sak 3: …" in post["text"]
    # Once: the same deadline is not reminded again on the next days.
    clock.set(at("2025-01-22 08:00"))
    tick(wired, queue)
    work(queue)
    assert len(platform.posts()) == 1


def test_the_pre_meeting_digest_goes_to_the_group_room_a_week_before_the_meeting(
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
    clock.set(at("2025-01-02 10:00"))
    add_task(
        ctx,
        "Innspill til handlingsprogram",
        workgroup=2,
        owner="Asbjørn Lunde",
        due=date(2025, 1, 14),
        meeting_id=meeting.id,
    )
    add_task(
        ctx,
        "Forslag til webinarer",
        workgroup=3,
        owner="Dag Aanensen",
        due=date(2025, 1, 13),
        meeting_id=meeting.id,
        status=TaskStatus.DONE,
    )
    clock.set(at("2025-01-09 07:59"))
    tick(wired, queue)
    assert [r for r in rows(ctx) if r.kind == "digest"] == []
    clock.set(at("2025-01-09 08:00"))  # a week before the meeting, at the group's hour
    tick(wired, queue)
    work(queue)
    (digest,) = [p for p in platform.posts() if p["key"].startswith("digest:")]
    assert digest["target"] == "room-group"
    text = digest["text"]
    assert "torsdag 16. januar 2025" in text
    assert text.index("Innspill til handlingsprogram") < text.index("Forslag til webinarer")
    nothing_yet = translate(
        "Item {label} {title}: nothing yet (deadline {date})",
        "nb",
        label="3",
        title="Handlingsprogram 2025",
        date="tor. 23.01",
    )
    assert nothing_yet in text
    clock.set(at("2025-01-10 08:00"))
    tick(wired, queue)
    work(queue)
    assert len([p for p in platform.posts() if p["key"].startswith("digest:")]) == 1


def test_a_digest_for_a_meeting_moved_to_another_day_waits_for_the_new_day(
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
    clock.set(at("2025-01-09 08:00"))
    tick(wired, queue)  # written, not yet delivered
    meetings.update_meeting(
        ctx,
        actor=ADMIN,
        meeting_id=meeting.id,
        data=s.MeetingUpdate(
            starts_at=meeting.starts_at + timedelta(days=14),
            ends_at=meeting.ends_at + timedelta(days=14) if meeting.ends_at else None,
        ),
    )
    work(queue)
    assert platform.posts() == []  # the digest for the 16th is not sent for a meeting on the 30th
    clock.set(at("2025-01-23 08:00"))
    tick(wired, queue)
    work(queue)
    (post,) = platform.posts()
    assert "torsdag 30. januar 2025" in post["text"]


def test_a_person_without_a_linked_chat_account_gets_no_reminder_row(
    seeded: ImportReport, wired: Runtime, clock: FixedClock, queue: Queue
) -> None:
    ctx = wired.ctx
    clock.set(at("2025-01-20 12:00"))
    add_task(ctx, "Skriv notat", workgroup=2, owner="Asbjørn Lunde", due=date(2025, 1, 22))
    clock.set(datetime(2025, 1, 21, 9, 0, tzinfo=at("2025-01-21 08:00").tzinfo))
    tick(wired, queue)
    assert rows(ctx) == []
