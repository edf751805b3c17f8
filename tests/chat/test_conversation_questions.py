"""A change the bot is not sure of is asked back, never guessed: the question offers the typed
command of each reading, «ja» (or the number) does it, «nei» leaves everything as it was, and a
question left for more than 15 minutes is forgotten. Task #3 belongs to Asbjørn Lunde."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from chat_support import Chat, person_id

from tracker import schemas as s
from tracker.clock import FixedClock
from tracker.importer.apply import ImportReport
from tracker.models import Channel, TaskStatus
from tracker.services import groups, history, tasks
from tracker.services.context import Actor, ServiceContext


@pytest.fixture
def three_tasks(ctx: ServiceContext, seeded: ImportReport) -> None:
    """#1 and #2 belong to Dag Aanensen (workgroup 3), #3 to Asbjørn Lunde (workgroup 2)."""
    for title, owner, number in (
        ("Oversikt over næringsprosjekter", "Dag Aanensen", 3),
        ("Tall for tilflytting", "Dag Aanensen", 3),
        ("Innspill til Den Store Sirkulærkonferansen", "Asbjørn Lunde", 2),
    ):
        workgroup = next(wg for wg in groups.list_workgroups(ctx) if wg.number == number)
        tasks.create_task(
            ctx,
            actor=Actor.system_actor(Channel.CLI),
            data=s.TaskCreate(
                title=title,
                workgroup_id=workgroup.id,
                owner_id=person_id(ctx, owner),
                due_on=date(2025, 1, 17),
            ),
        )


def status_of(ctx: ServiceContext, task_id: int) -> TaskStatus:
    return tasks.get_task(ctx, task_id=task_id).status


def changes(ctx: ServiceContext, task_id: int) -> list[str]:
    return [c.field for c in history.history(ctx, entity="task", entity_id=task_id)]


def test_an_unclear_status_change_is_asked_back_and_changes_nothing(
    chat: Chat, ctx: ServiceContext, three_tasks: None
) -> None:
    answer = chat("Asbjørn Lunde").say("3 kanskje ferdig?")
    assert "#3 ferdig" in answer
    assert "Svar" in answer
    assert status_of(ctx, 3) == TaskStatus.TODO
    assert "status" not in changes(ctx, 3)


def test_yes_to_the_question_does_what_it_offered(
    chat: Chat, ctx: ServiceContext, three_tasks: None
) -> None:
    lunde = chat("Asbjørn Lunde")
    lunde.say("3 kanskje ferdig?")
    answer = lunde.say("ja")
    assert "#3 er nå satt til «ferdig»." in answer
    assert status_of(ctx, 3) == TaskStatus.DONE


def test_the_number_of_a_reading_does_that_reading(
    chat: Chat, ctx: ServiceContext, three_tasks: None
) -> None:
    lunde = chat("Asbjørn Lunde")
    question = lunde.say("3 kanskje ferdig?")
    number = next(
        line.strip().split(".", 1)[0]
        for line in question.splitlines()
        if line.strip()[:1].isdigit() and "#3 ferdig" in line
    )
    lunde.say(number)
    assert status_of(ctx, 3) == TaskStatus.DONE


def test_no_to_the_question_changes_nothing_and_the_bot_says_so(
    chat: Chat, ctx: ServiceContext, three_tasks: None
) -> None:
    lunde = chat("Asbjørn Lunde")
    lunde.say("3 kanskje ferdig?")
    answer = lunde.say("nei")
    assert answer
    assert "Det forsto jeg ikke" not in answer
    assert "er nå satt til" not in answer
    assert status_of(ctx, 3) == TaskStatus.TODO
    assert "status" not in changes(ctx, 3)
    # The question is answered: a later «ja» has nothing to say yes to.
    lunde.say("ja")
    assert status_of(ctx, 3) == TaskStatus.TODO


def test_an_answer_after_sixteen_minutes_is_not_understood_and_changes_nothing(
    chat: Chat, ctx: ServiceContext, clock: FixedClock, three_tasks: None
) -> None:
    lunde = chat("Asbjørn Lunde")
    lunde.say("3 kanskje ferdig?")
    clock.advance(timedelta(minutes=16))
    answer = lunde.say("ja")
    assert "Det forsto jeg ikke" in answer
    assert status_of(ctx, 3) == TaskStatus.TODO


def test_someone_else_cannot_answer_a_question_asked_of_another(
    chat: Chat, ctx: ServiceContext, three_tasks: None
) -> None:
    chat("Asbjørn Lunde").say("3 kanskje ferdig?")
    chat("Dag Aanensen").say("ja")
    assert status_of(ctx, 3) == TaskStatus.TODO
