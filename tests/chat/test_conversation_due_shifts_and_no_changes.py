"""A change to what a task already is says so and writes nothing; a due date shifted by days or
months moves from the task's current due date, not from today. The clock stands at Friday 10
January 2025; the seed's meeting is on Thursday the 16th."""

from __future__ import annotations

from datetime import date

from chat_support import Chat, run

from chatops.commands import ShiftDue
from chatops.render import render_text
from chatops.reply import Visibility
from tracker.services import history, tasks
from tracker.services.context import ServiceContext


def state(ctx: ServiceContext, task_id: int = 1) -> tuple[tasks.s.TaskView, int]:
    """The task as stored, and how many history rows it has."""
    return tasks.get_task(ctx, task_id=task_id), len(
        history.history(ctx, entity="task", entity_id=task_id)
    )


def test_a_status_the_task_already_has_is_named_and_nothing_is_written(
    chat: Chat, ctx: ServiceContext
) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Kartlegg sirkulære anskaffelser frist fredag")
    assert lead.say("#1 ferdig").startswith("#1 er nå satt til «ferdig».")
    before = state(ctx)
    answer = lead.send("#1 ferdig")
    assert answer is not None
    assert render_text(answer).startswith("#1 har allerede status «ferdig».")
    # Nothing happened, so the room need not hear about it.
    assert answer.visibility == Visibility.ASKER
    assert lead.say("#1 done").startswith("#1 is already done.")
    assert state(ctx) == before


def test_a_due_date_the_task_already_has_is_named_and_nothing_is_written(
    chat: Chat, ctx: ServiceContext
) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Kartlegg sirkulære anskaffelser frist fredag")
    before = state(ctx)
    assert lead.say("#1 frist 17.01").startswith("#1 har allerede frist fre. 17.01.")
    assert lead.say("move #1 to friday").startswith("#1 is already due Fri 17 Jan.")
    assert state(ctx) == before
    assert "#1 har nå frist fre. 24.01." in lead.say("#1 frist 24.01")
    task, changes = state(ctx)
    assert (task.due_on, task.version, changes) == (date(2025, 1, 24), 2, before[1] + 1)


def test_giving_a_task_to_the_one_who_has_it_is_named_and_nothing_is_written(
    chat: Chat, ctx: ServiceContext
) -> None:
    secretariat = chat("Målfrid Baik")
    secretariat.say("ny oppgave Samle tall frist fredag @Dag Aanensen gruppe 3")
    before = state(ctx)
    assert secretariat.say("gi #1 til Dag Aanensen").startswith("Dag Aanensen har allerede #1.")
    assert secretariat.say("assign #1 to Dag Aanensen").startswith("Dag Aanensen already has #1.")
    assert state(ctx) == before


def test_postponing_a_week_moves_from_the_current_due_date_not_from_today(
    chat: Chat, ctx: ServiceContext
) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Kartlegg sirkulære anskaffelser frist fredag")
    _, changes = state(ctx)
    answer = lead.say("utsett 1 en uke")
    assert answer.startswith("Fristen for #1 er flyttet fra fre. 17.01 til fre. 24.01.")
    task, after = state(ctx)
    assert (task.due_on, task.version, after) == (date(2025, 1, 24), 2, changes + 1)
    # The same words again move it a week further: from the current date, not from today.
    assert lead.say("push 1 by a week").startswith("The due date of #1 is moved from Fri 24 Jan")
    assert state(ctx)[0].due_on == date(2025, 1, 31)


def test_a_shift_is_shown_to_the_room(chat: Chat, ctx: ServiceContext) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Kartlegg sirkulære anskaffelser frist fredag")
    reply = run(lead, ShiftDue(1, days=7))
    assert reply.visibility == Visibility.ROOM


def test_bringing_a_due_date_two_days_forward(chat: Chat, ctx: ServiceContext) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Kartlegg sirkulære anskaffelser frist fredag")
    answer = lead.say("fremskynd 1 med to dager")
    assert answer.startswith("Fristen for #1 er flyttet fra fre. 17.01 til ons. 15.01.")
    assert state(ctx)[0].due_on == date(2025, 1, 15)


def test_a_month_later_from_the_last_of_january_is_the_last_of_february(
    chat: Chat, ctx: ServiceContext
) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Kartlegg sirkulære anskaffelser frist 31.01")
    answer = lead.say("kan du utsette 1 en måned?")
    assert answer.startswith("Fristen for #1 er flyttet fra fre. 31.01 til fre. 28.02.")
    assert state(ctx)[0].due_on == date(2025, 2, 28)


def test_shifting_a_task_without_a_due_date_is_refused_and_says_what_to_write(
    chat: Chat, ctx: ServiceContext
) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Kartlegg sirkulære anskaffelser")
    before = state(ctx)
    answer = lead.say("utsett 1 en uke")
    assert answer == "#1 har ingen frist ennå. Skriv f.eks. «#1 frist 24.01.2025»."
    assert state(ctx) == before
    assert before[0].due_on is None


def test_an_owner_postpones_a_task_due_before_the_meeting_and_it_leaves_that_meeting(
    chat: Chat, ctx: ServiceContext
) -> None:
    member = chat("Anne Huse")
    member.say("ny oppgave Utkast til handlingsplan frist før neste møte gruppe 2")
    task, _ = state(ctx)
    assert (task.due_on, task.meeting_id is not None) == (date(2025, 1, 15), True)
    assert "Utkast til handlingsplan" in member.say("til neste møte")
    answer = member.say("utsett 1 en uke")
    assert answer.startswith("Fristen for #1 er flyttet fra ons. 15.01 til ons. 22.01.")
    task, _ = state(ctx)
    assert (task.due_on, task.meeting_id) == (date(2025, 1, 22), None)
    assert "Utkast til handlingsplan" not in member.say("til neste møte")


def test_someone_else_cannot_shift_a_task_they_do_not_own(chat: Chat, ctx: ServiceContext) -> None:
    chat("Asbjørn Lunde").say("ny oppgave Kartlegg sirkulære anskaffelser frist fredag")
    before = state(ctx)
    answer = chat("Anne Huse").say("utsett 1 en uke")
    assert "Oppgave #1 er noen andres" in answer
    assert state(ctx) == before


def test_moving_a_due_date_a_week_fram_asks_which_way_and_the_answer_moves_it(
    chat: Chat, ctx: ServiceContext
) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Kartlegg sirkulære anskaffelser frist fredag")
    answer = lead.say("flytt 1 en uke fram")
    assert answer.startswith("Det kan bety flere ting, så jeg har ikke endret noe.")
    assert "1. utsett #1 7 dager" in answer
    assert "2. fremskynd #1 7 dager" in answer
    assert state(ctx)[0].due_on == date(2025, 1, 17)
    assert lead.say("2").startswith("Fristen for #1 er flyttet fra fre. 17.01 til fre. 10.01.")
    assert state(ctx)[0].due_on == date(2025, 1, 10)
