"""The question back the bot keeps per person and room until it is answered or expires."""

from __future__ import annotations

from datetime import timedelta

from tracker.clock import FixedClock
from tracker.services import questions
from tracker.services.context import ServiceContext

ROOM = {"platform": "matrix", "room_id": "!group2:test"}


def ask(ctx: ServiceContext, user_id: str, *commands: str, room_id: str = "!group2:test") -> None:
    questions.remember_question(
        ctx,
        platform="matrix",
        room_id=room_id,
        user_id=user_id,
        commands=list(commands),
        language="nb",
    )


def test_a_question_is_taken_once_with_its_choices_in_the_order_offered(
    ctx: ServiceContext, clock: FixedClock
) -> None:
    ask(ctx, "@asbjorn:test", "#3 ferdig", "#3 pågår")
    taken = questions.take_question(ctx, **ROOM, user_id="@asbjorn:test")
    assert taken is not None
    assert (taken.commands, taken.language, taken.asked_at) == (
        ("#3 ferdig", "#3 pågår"),
        "nb",
        clock.now(),
    )
    assert questions.take_question(ctx, **ROOM, user_id="@asbjorn:test") is None


def test_a_new_question_replaces_the_earlier_one_of_the_same_person_in_the_same_room(
    ctx: ServiceContext,
) -> None:
    ask(ctx, "@asbjorn:test", "#3 ferdig")
    ask(ctx, "@asbjorn:test", "#4 pågår", "#4 blokkert")
    taken = questions.take_question(ctx, **ROOM, user_id="@asbjorn:test")
    assert taken is not None
    assert taken.commands == ("#4 pågår", "#4 blokkert")
    assert questions.take_question(ctx, **ROOM, user_id="@asbjorn:test") is None


def test_questions_of_other_people_and_other_rooms_are_kept_apart(ctx: ServiceContext) -> None:
    ask(ctx, "@asbjorn:test", "#3 ferdig")
    ask(ctx, "@dag:test", "#5 ferdig")
    ask(ctx, "@asbjorn:test", "#1 ferdig", room_id="!dm:test")
    assert questions.take_question(ctx, **ROOM, user_id="@anne:test") is None
    in_dm = questions.take_question(
        ctx, platform="matrix", room_id="!dm:test", user_id="@asbjorn:test"
    )
    assert in_dm is not None
    assert in_dm.commands == ("#1 ferdig",)
    dags = questions.take_question(ctx, **ROOM, user_id="@dag:test")
    assert dags is not None
    assert dags.commands == ("#5 ferdig",)
    asbjorns = questions.take_question(ctx, **ROOM, user_id="@asbjorn:test")
    assert asbjorns is not None
    assert asbjorns.commands == ("#3 ferdig",)


def test_the_same_room_and_person_on_another_platform_is_another_question(
    ctx: ServiceContext,
) -> None:
    ask(ctx, "U1", "#3 ferdig")
    assert (
        questions.take_question(ctx, platform="slack", room_id="!group2:test", user_id="U1") is None
    )
    assert questions.take_question(ctx, **ROOM, user_id="U1") is not None


def test_a_question_is_pending_until_it_is_answered(ctx: ServiceContext) -> None:
    assert not questions.has_question(ctx, **ROOM, user_id="@asbjorn:test")
    ask(ctx, "@asbjorn:test", "#3 ferdig")
    assert questions.has_question(ctx, **ROOM, user_id="@asbjorn:test")
    assert not questions.has_question(ctx, **ROOM, user_id="@dag:test")
    questions.take_question(ctx, **ROOM, user_id="@asbjorn:test")
    assert not questions.has_question(ctx, **ROOM, user_id="@asbjorn:test")


def test_a_question_fifteen_minutes_old_is_still_answered(
    ctx: ServiceContext, clock: FixedClock
) -> None:
    ask(ctx, "@asbjorn:test", "#3 ferdig")
    clock.advance(timedelta(minutes=14, seconds=59))
    assert questions.has_question(ctx, **ROOM, user_id="@asbjorn:test")
    taken = questions.take_question(ctx, **ROOM, user_id="@asbjorn:test")
    assert taken is not None
    assert taken.commands == ("#3 ferdig",)


def test_a_question_older_than_fifteen_minutes_has_expired_and_is_forgotten(
    ctx: ServiceContext, clock: FixedClock
) -> None:
    ask(ctx, "@asbjorn:test", "#3 ferdig")
    clock.advance(timedelta(minutes=15))
    assert not questions.has_question(ctx, **ROOM, user_id="@asbjorn:test")
    assert questions.take_question(ctx, **ROOM, user_id="@asbjorn:test") is None
    clock.advance(timedelta(minutes=-15))
    assert questions.take_question(ctx, **ROOM, user_id="@asbjorn:test") is None


def test_asking_forgets_questions_nobody_answered_in_time(
    ctx: ServiceContext, clock: FixedClock
) -> None:
    ask(ctx, "@dag:test", "#5 ferdig")
    clock.advance(timedelta(minutes=16))
    ask(ctx, "@asbjorn:test", "#3 ferdig")
    clock.advance(timedelta(minutes=-16))
    assert questions.take_question(ctx, **ROOM, user_id="@dag:test") is None
