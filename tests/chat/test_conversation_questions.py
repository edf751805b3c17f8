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
    assert answer == (
        "Jeg endrer ingenting før du bekrefter. Mente du dette?\n\n"
        "  1. #3 ferdig\n"
        "Svar «ja» for å gjøre det, eller skriv kommandoen."
    )
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
    assert answer == "Greit, jeg har ikke endret noe."
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


def test_a_task_and_a_date_with_no_verb_offer_the_nearest_command_with_those_values(
    chat: Chat, ctx: ServiceContext, three_tasks: None
) -> None:
    lunde = chat("Asbjørn Lunde")
    answer = lunde.say("3 01.03.2025")
    assert answer.startswith("Jeg endrer ingenting før du bekrefter. Mente du dette?")
    assert "1. #3 frist 01.03.2025" in answer
    assert tasks.get_task(ctx, task_id=3).due_on == date(2025, 1, 17)
    assert "#3 har nå frist" in lunde.say("svar ja")
    assert tasks.get_task(ctx, task_id=3).due_on == date(2025, 3, 1)


def test_a_task_and_a_name_with_no_verb_offer_to_give_the_task_to_that_person(
    chat: Chat, ctx: ServiceContext, three_tasks: None
) -> None:
    lunde = chat("Asbjørn Lunde")
    answer = lunde.say("3 Dag Aanensen")
    assert "1. gi #3 til Dag Aanensen" in answer
    assert tasks.get_task(ctx, task_id=3).owner_name == "Asbjørn Lunde"
    assert "#3 er nå Dag Aanensen sin oppgave." in lunde.say("1")
    assert tasks.get_task(ctx, task_id=3).owner_name == "Dag Aanensen"


def test_an_answer_out_of_range_asks_again_and_keeps_the_question(
    chat: Chat, ctx: ServiceContext, three_tasks: None
) -> None:
    lunde = chat("Asbjørn Lunde")
    lunde.say("flytt 3 en uke fram")
    assert lunde.say("7") == "Svar med et tall fra 1 til 2, eller skriv kommandoen."
    assert lunde.say("ja") == "Svar med et tall fra 1 til 2, eller skriv kommandoen."
    assert "er flyttet fra fre. 17.01 til fre. 24.01" in lunde.say("1")
