"""A due date set on a Norwegian public holiday or in the summer break is said to be one, in the
reply that sets it; a working day is said as before."""

from __future__ import annotations

from datetime import date

from chat_support import Chat

from tracker.services import tasks
from tracker.services.context import ServiceContext


def test_a_due_date_moved_to_17_may_is_flagged_as_a_public_holiday(
    chat: Chat, ctx: ServiceContext
) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Skriv notat frist fredag")
    answer = lead.say("flytt #1 til 17.05")
    assert "#1 har nå frist lør. 17.05 — det er Grunnlovsdag, en helligdag." in answer
    (task,) = tasks.list_tasks(ctx)
    assert task.due_on == date(2025, 5, 17)


def test_a_due_date_in_july_is_flagged_as_the_summer_break_in_both_languages(
    chat: Chat,
) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Skriv notat frist fredag")
    assert "#1 har nå frist fre. 11.07 — det er fellesferie." in lead.say("flytt #1 til 11.07")
    assert "#1 is now due Fri 18 Jul — that is the summer break." in lead.say("move #1 to 18.07")


def test_a_new_task_due_on_easter_monday_says_so_and_a_working_day_says_nothing(
    chat: Chat,
) -> None:
    lead = chat("Asbjørn Lunde")
    answer = lead.say("ny oppgave Skriv notat frist 21. april")
    assert "Frist man. 21.04: det er Andre påskedag, en helligdag." in answer
    assert "helligdag" not in lead.say("ny oppgave Bestill lokale frist 22. april")
    assert "helligdag" not in lead.say("flytt #2 til 23.04")


def test_a_due_date_pushed_onto_a_holiday_is_flagged(chat: Chat) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Skriv notat frist 10.05")
    answer = lead.say("utsett 1 en uke")
    assert "Merk: det er Grunnlovsdag, en helligdag." in answer
