"""Conversations about tasks, in Norwegian and English, with the state they leave behind."""

from __future__ import annotations

from datetime import date

from chat_support import Chat, person_id

from tracker.models import TaskStatus
from tracker.services import history, tasks
from tracker.services.context import ServiceContext


def only_task(ctx: ServiceContext) -> tasks.s.TaskView:
    (task,) = tasks.list_tasks(ctx)
    return task


def test_a_lead_creates_a_task_in_norwegian_for_their_own_workgroup(
    chat: Chat, ctx: ServiceContext
) -> None:
    lead = chat("Asbjørn Lunde")
    answer = lead.say("ny oppgave Kartlegg sirkulære anskaffelser frist fredag")
    assert "Opprettet oppgave #1 i arbeidsgruppe 2." in answer
    assert (
        "Kartlegg sirkulære anskaffelser — ikke startet · Asbjørn Lunde · frist fre. 17.01"
        in answer
    )
    task = only_task(ctx)
    assert (task.title, task.workgroup_number, task.owner_name) == (
        "Kartlegg sirkulære anskaffelser",
        2,
        "Asbjørn Lunde",
    )
    assert task.due_on == date(2025, 1, 17)


def test_a_lead_creates_a_task_in_english_for_someone_else_in_a_named_workgroup(
    chat: Chat, ctx: ServiceContext
) -> None:
    secretariat = chat("Målfrid Baik")
    answer = secretariat.say("new task Collect figures due in two weeks @Dag Aanensen group 3")
    assert "Created task #1 in workgroup 3." in answer
    assert "not started · Dag Aanensen · due Fri 24 Jan" in answer
    task = only_task(ctx)
    assert (task.title, task.owner_name, task.due_on) == (
        "Collect figures",
        "Dag Aanensen",
        date(2025, 1, 24),
    )


def test_a_task_due_before_the_next_meeting_is_linked_to_that_meeting(
    chat: Chat, ctx: ServiceContext
) -> None:
    chat("Asbjørn Lunde").say("ny oppgave Utkast til handlingsplan frist før neste møte")
    task = only_task(ctx)
    assert task.due_on == date(2025, 1, 15)
    assert task.meeting_id is not None


def test_a_member_cannot_create_a_task_for_someone_else(chat: Chat, ctx: ServiceContext) -> None:
    member = chat("Anne Huse")
    answer = member.say("ny oppgave Skriv notat gruppe 2 @Dag Aanensen")
    assert "Bare lederen av arbeidsgruppe 2 kan opprette oppgaver for andre." in answer
    assert tasks.list_tasks(ctx) == []


def test_a_task_without_a_workgroup_asks_which_one(chat: Chat, ctx: ServiceContext) -> None:
    answer = chat("Anne Huse").say("ny oppgave Skriv notat")
    assert "Hvilken arbeidsgruppe gjelder det?" in answer
    assert tasks.list_tasks(ctx) == []


def test_a_task_needs_a_title(chat: Chat, ctx: ServiceContext) -> None:
    assert "Oppgaven må ha en tittel" in chat("Asbjørn Lunde").say("ny oppgave frist fredag")
    assert "The task needs a title" in chat("Asbjørn Lunde").say("new task due friday")
    assert tasks.list_tasks(ctx) == []


def test_an_impossible_date_is_refused_and_nothing_is_created(
    chat: Chat, ctx: ServiceContext
) -> None:
    answer = chat("Asbjørn Lunde").say("ny oppgave Skriv notat frist 31.02.2025")
    assert answer == "«31.02.2025» er ikke en dato som finnes."
    assert tasks.list_tasks(ctx) == []


def test_the_owner_moves_their_task_through_the_statuses_in_norwegian(
    chat: Chat, ctx: ServiceContext
) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Skriv notat")
    assert "#1 er nå satt til «pågår»." in lead.say("#1 pågår")
    assert only_task(ctx).status == TaskStatus.DOING
    answer = lead.say("#1 blokkert: venter på tall fra SSB")
    assert "#1 er nå satt til «står fast»." in answer
    assert "Står fast: venter på tall fra SSB" in answer
    assert (only_task(ctx).status, only_task(ctx).blocked_reason) == (
        TaskStatus.BLOCKED,
        "venter på tall fra SSB",
    )
    lead.say("ferdig #1")
    task = only_task(ctx)
    assert task.status == TaskStatus.DONE
    assert task.blocked_reason is None
    statuses = [
        c.new_value for c in history.history(ctx, entity="task", entity_id=1) if c.field == "status"
    ]
    assert statuses == ["doing", "blocked", "done"]


def test_the_plain_words_block_a_task_as_the_old_one_did(chat: Chat, ctx: ServiceContext) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Skriv notat")
    answer = lead.say("#1 står fast: venter på tall")
    assert "#1 er nå satt til «står fast»." in answer
    assert (only_task(ctx).status, only_task(ctx).blocked_reason) == (
        TaskStatus.BLOCKED,
        "venter på tall",
    )
    assert lead.say("#1 står nå fast: venter på tall").startswith(
        "#1 har allerede status «står fast»."
    )


def test_the_owner_changes_status_in_english(chat: Chat, ctx: ServiceContext) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("new task Write memo")
    assert "#1 is now in progress." in lead.say("#1 in progress")
    assert "#1 is now done." in lead.say("mark #1 as done")
    assert only_task(ctx).status == TaskStatus.DONE


def test_blocking_without_a_reason_asks_for_one_and_changes_nothing(
    chat: Chat, ctx: ServiceContext
) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Skriv notat")
    answer = lead.say("#1 blokkert")
    assert "Skriv hva oppgaven venter på" in answer
    assert only_task(ctx).status == TaskStatus.TODO


def test_an_unknown_status_word_is_named_and_changes_nothing(
    chat: Chat, ctx: ServiceContext
) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Skriv notat")
    answer = lead.say("#1 grønn")
    assert answer == (
        "Jeg kjenner ikke statusen «grønn». Bruk en av: ikke startet, pågår, står fast, ferdig."
    )
    assert only_task(ctx).status == TaskStatus.TODO


def test_an_unknown_task_gets_a_clear_answer(chat: Chat) -> None:
    assert chat("Asbjørn Lunde").say("#999 ferdig") == "Oppgave #999 finnes ikke."
    assert chat("Asbjørn Lunde").say("#999 done") == "Task #999 does not exist."


def test_a_member_may_not_change_someone_elses_task(chat: Chat, ctx: ServiceContext) -> None:
    chat("Asbjørn Lunde").say("ny oppgave Skriv notat")
    answer = chat("Anne Huse").say("#1 ferdig")
    assert "Oppgave #1 er noen andres" in answer
    assert only_task(ctx).status == TaskStatus.TODO


def test_moving_a_due_date_in_both_languages(chat: Chat, ctx: ServiceContext) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Skriv notat frist fredag")
    assert "#1 har nå frist fre. 14.02." in lead.say("flytt #1 til 14. februar")
    assert only_task(ctx).due_on == date(2025, 2, 14)
    assert "#1 is now due Fri 21 Feb." in lead.say("move #1 to 21.02")
    assert only_task(ctx).due_on == date(2025, 2, 21)
    assert "#1 har nå frist" in lead.say("#1 frist uke 7")
    assert only_task(ctx).due_on == date(2025, 2, 14)


def test_moving_to_an_impossible_date_changes_nothing(chat: Chat, ctx: ServiceContext) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Skriv notat frist 20.01")
    assert "er ikke en dato som finnes" in lead.say("flytt #1 til 30.02")
    assert only_task(ctx).due_on == date(2025, 1, 20)


def test_a_lead_assigns_a_task_and_a_member_may_not(chat: Chat, ctx: ServiceContext) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Skriv notat")
    assert "#1 er nå Anne Huse sin oppgave." in lead.say("gi #1 til Anne Huse")
    assert only_task(ctx).owner_id == person_id(ctx, "Anne Huse")
    answer = chat("Anne Huse").say("gi #1 til Eli Bryhni")
    assert "Bare lederen av arbeidsgruppe 2 eller sekretariatet kan gjøre det." in answer
    assert only_task(ctx).owner_id == person_id(ctx, "Anne Huse")
    assert "#1 now belongs to Asbjørn Lunde." in lead.say("assign #1 to Asbjørn Lunde")


def test_assigning_to_a_first_name_two_people_share_asks_which_and_the_answer_assigns(
    chat: Chat, ctx: ServiceContext
) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Skriv notat")
    answer = lead.say("gi #1 til Anne")
    assert answer.startswith("Det kan bety flere ting, så jeg har ikke endret noe.")
    assert "1. gi #1 til Anne Huse" in answer
    assert "2. gi #1 til Anne Solheim" in answer
    assert only_task(ctx).owner_name == "Asbjørn Lunde"
    assert "#1 er nå Anne Solheim sin oppgave." in lead.say("2")
    assert only_task(ctx).owner_name == "Anne Solheim"


def test_comments_in_both_languages(chat: Chat, ctx: ServiceContext) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Skriv notat")
    assert lead.say("kommentar #1 Utkast sendt til Dag") == "Kommentaren er lagt til på #1."
    assert chat("Anne Huse").say("comment #1: Looks good") == "Comment added to #1."
    bodies = [c.body for c in tasks.list_comments(ctx, task_id=1)]
    assert bodies == ["Utkast sendt til Dag", "Looks good"]


def test_my_tasks_lists_open_tasks_soonest_first(chat: Chat) -> None:
    lead = chat("Asbjørn Lunde")
    assert lead.say("mine oppgaver") == "Du har ingen åpne oppgaver."
    lead.say("ny oppgave Seinere frist 20.02")
    lead.say("ny oppgave Snart frist mandag")
    lead.say("ny oppgave Ferdig allerede")
    lead.say("#3 ferdig")
    answer = lead.say("mine oppgaver")
    assert answer.splitlines()[0] == "Dine åpne oppgaver (2)"
    assert answer.index("Snart") < answer.index("Seinere")
    assert "Ferdig allerede" not in answer
    assert "Your open tasks (2)" in lead.say("my tasks")


def test_showing_one_task_gives_details_and_history(chat: Chat) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Skriv notat frist 20.01")
    lead.say("#1 pågår")
    answer = lead.say("#1")
    assert "Arbeidsgruppe: 2 Sirkulærøkonomi" in answer
    assert "Siste endringer" in answer
    assert "Asbjørn Lunde endret status (console)" in answer
