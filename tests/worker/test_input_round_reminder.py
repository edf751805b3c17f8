"""The input round's reminder: before the deadline for written input to Sak 3, once, to the
members of every organisation that has not delivered, and to no one in one that has."""

from __future__ import annotations

from rq import Queue
from worker_support import FilePlatform, at, person_id, tick, user_id_of, work

from tracker import schemas as s
from tracker.bootstrap import Runtime
from tracker.clock import FixedClock
from tracker.i18n import translate
from tracker.importer.apply import ImportReport
from tracker.models import Channel
from tracker.services import contributions
from tracker.services.context import Actor
from tracker.services.meetings import next_meeting


def test_the_input_round_reminds_once_the_organisations_that_have_not_delivered(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    queue: Queue,
    platform: FilePlatform,
) -> None:
    ctx = wired.ctx
    # Fredrikstad kommune has three people on the roster; one of them delivers for all.
    kleiven = user_id_of(ctx, "Eysten Kleiven")
    colleague = user_id_of(ctx, "Anna Gyure-Szamosi")
    lunde = user_id_of(ctx, "Asbjørn Lunde")  # Elverum Vekst: has not delivered
    flo = user_id_of(ctx, "Asbjørn Flo")  # Asker kommune: has not delivered
    meeting = next_meeting(ctx, group_id=seeded.group_id)
    assert meeting is not None
    item = next(i for p in meeting.parts if p.is_group_part for i in p.items if i.label == "3")
    clock.set(at("2025-01-17 10:00"))
    contributions.submit_contribution(
        ctx,
        actor=Actor(person_id(ctx, "Eysten Kleiven"), Channel.WEB),
        data=s.ContributionCreate(agenda_item_id=item.id, body="Fredrikstad støtter forslaget."),
    )
    # Two days before the deadline of 23 January; the tick runs twice in the same minute.
    clock.set(at("2025-01-21 08:00"))
    tick(wired, queue)
    tick(wired, queue)
    work(queue)
    targets = [post["target"] for post in platform.posts()]
    assert sorted(targets) == sorted([lunde, flo])
    assert kleiven not in targets
    assert colleague not in targets
    reminder = translate(
        "Item {label} {title}: the deadline for written input is {date}, "
        "and yours has not come in yet.",
        "nb",
        label="3",
        title="Handlingsprogram 2025",
        date="tor. 23.01",
    )
    assert all(reminder in post["text"] for post in platform.posts())
    # Once: the next day before the deadline brings no second reminder.
    clock.set(at("2025-01-22 08:00"))
    tick(wired, queue)
    work(queue)
    assert len(platform.posts()) == 2


def test_a_reminder_written_before_a_colleague_delivers_is_not_sent(
    seeded: ImportReport,
    wired: Runtime,
    clock: FixedClock,
    queue: Queue,
    platform: FilePlatform,
) -> None:
    ctx = wired.ctx
    colleague = user_id_of(ctx, "Anna Gyure-Szamosi")  # Fredrikstad kommune
    lunde = user_id_of(ctx, "Asbjørn Lunde")  # Elverum Vekst
    meeting = next_meeting(ctx, group_id=seeded.group_id)
    assert meeting is not None
    item = next(i for p in meeting.parts if p.is_group_part for i in p.items if i.label == "3")
    clock.set(at("2025-01-21 08:00"))
    tick(wired, queue)  # the reminders are written for everyone who has not delivered ...
    contributions.submit_contribution(  # ... and then Fredrikstad delivers, before they go out
        ctx,
        actor=Actor(person_id(ctx, "Eysten Kleiven"), Channel.WEB),
        data=s.ContributionCreate(agenda_item_id=item.id, body="Fredrikstad støtter forslaget."),
    )
    work(queue)
    targets = [post["target"] for post in platform.posts()]
    assert targets == [lunde]
    assert colleague not in targets
