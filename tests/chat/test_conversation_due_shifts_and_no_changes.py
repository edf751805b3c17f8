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
    assert render_text(answer).startswith("#1 er allerede ferdig.")
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
    reply = run(lead, ShiftDue(1, days=7))
    assert render_text(reply).startswith("Fristen for #1 er flyttet fra fre. 17.01 til fre. 24.01.")
    assert reply.visibility == Visibility.ROOM
    task, after = state(ctx)
    assert (task.due_on, task.version, after) == (date(2025, 1, 24), 2, changes + 1)


def test_bringing_a_due_date_two_days_forward(chat: Chat, ctx: ServiceContext) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Kartlegg sirkulære anskaffelser frist fredag")
    reply = run(lead, ShiftDue(1, days=-2))
    assert render_text(reply).startswith("Fristen for #1 er flyttet fra fre. 17.01 til ons. 15.01.")
    assert state(ctx)[0].due_on == date(2025, 1, 15)


def test_a_month_later_from_the_last_of_january_is_the_last_of_february(
    chat: Chat, ctx: ServiceContext
) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Kartlegg sirkulære anskaffelser frist 31.01")
    reply = run(lead, ShiftDue(1, months=1))
    assert render_text(reply).startswith("Fristen for #1 er flyttet fra fre. 31.01 til fre. 28.02.")
    assert state(ctx)[0].due_on == date(2025, 2, 28)


def test_shifting_a_task_without_a_due_date_is_refused_and_says_what_to_write(
    chat: Chat, ctx: ServiceContext
) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Kartlegg sirkulære anskaffelser")
    before = state(ctx)
    reply = run(lead, ShiftDue(1, days=7))
    assert reply.is_error
    assert render_text(reply) == "#1 har ingen frist ennå. Skriv f.eks. «#1 frist 24.01.2025»."
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
    reply = run(member, ShiftDue(1, days=7))
    assert render_text(reply).startswith("Fristen for #1 er flyttet fra ons. 15.01 til ons. 22.01.")
    task, _ = state(ctx)
    assert (task.due_on, task.meeting_id) == (date(2025, 1, 22), None)
    assert "Utkast til handlingsplan" not in member.say("til neste møte")


def test_someone_else_cannot_shift_a_task_they_do_not_own(chat: Chat, ctx: ServiceContext) -> None:
    chat("Asbjørn Lunde").say("ny oppgave Kartlegg sirkulære anskaffelser frist fredag")
    before = state(ctx)
    reply = run(chat("Anne Huse"), ShiftDue(1, days=7))
    assert reply.is_error
    assert "Oppgave #1 er noen andres" in render_text(reply)
    assert state(ctx) == before
