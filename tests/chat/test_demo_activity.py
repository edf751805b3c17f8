"""The demo of `tiltak run` has work in progress to show: tasks for every workgroup of the seed,
dated from today, in every status, and an upcoming meeting with the seed meeting's agenda;
added once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chat_support import Chat

from tracker.clock import FixedClock
from tracker.demo.activity import DEMO_TASKS, add_demo_tasks
from tracker.importer.apply import ImportReport
from tracker.models import Channel, TaskStatus
from tracker.services import contributions, groups, meetings, tasks
from tracker.services.context import Actor, ServiceContext


def test_the_demo_gives_every_workgroup_tasks_dated_from_today_once(
    ctx: ServiceContext, seeded: ImportReport
) -> None:
    actor = Actor.system_actor(Channel.IMPORT)
    assert add_demo_tasks(ctx, group_id=seeded.group_id, actor=actor) == len(DEMO_TASKS)
    assert add_demo_tasks(ctx, group_id=seeded.group_id, actor=actor) == 0
    found = tasks.list_tasks(ctx, group_id=seeded.group_id)
    assert len(found) == len(DEMO_TASKS)
    numbers = {w.number for w in groups.list_workgroups(ctx, group_id=seeded.group_id)}
    assert {t.workgroup_number for t in found} == numbers
    assert {t.status for t in found} == set(TaskStatus)
    today = ctx.today()
    due = [t.due_on for t in found if t.due_on is not None]
    assert min(due) < today < max(due) <= today + timedelta(weeks=4)
    (blocked,) = [t for t in found if t.status == TaskStatus.BLOCKED]
    assert blocked.blocked_reason
    # The leads on the roster own their workgroup's tasks.
    lunde = [t for t in found if t.owner_name == "Asbjørn Lunde"]
    assert {t.workgroup_number for t in lunde} == {2}


def test_with_the_demo_tasks_a_lead_has_something_to_ask_about(
    ctx: ServiceContext, seeded: ImportReport, chat: Chat
) -> None:
    add_demo_tasks(ctx, group_id=seeded.group_id, actor=Actor.system_actor(Channel.IMPORT))
    lunde = chat("Asbjørn Lunde")
    mine = lunde.say("mine oppgaver")
    assert mine.startswith("Dine åpne oppgaver (2)")
    assert "Kartlegge sirkulære anskaffelser i regionen" in mine
    assert "Oversikt over ombruksprosjekter" not in mine  # done
    assert "Venter på svar fra fylkeskommunen" in chat("Dag Aanensen").say("frister")


def test_the_weekly_summary_shows_each_task_once_in_its_first_section(
    ctx: ServiceContext, seeded: ImportReport, chat: Chat
) -> None:
    add_demo_tasks(ctx, group_id=seeded.group_id, actor=Actor.system_actor(Channel.IMPORT))
    summary = chat("Dag Aanensen").say("ukestatus")
    # Blocked and due within two weeks: shown under «Står fast» only.
    assert summary.count("Avklare finansiering av en felles næringsanalyse") == 1
    third = summary[summary.index("Arbeidsgruppe 3") : summary.index("Arbeidsgruppe 4")]
    assert third.index("Står fast (1)") < third.index("Avklare finansiering")
    assert third.index("Avklare finansiering") < third.index("Frist de neste to ukene (1)")
    # Overdue and not started: under «Over fristen» only.
    assert summary.count("Samle erfaringer med internasjonal rekruttering") == 1


def test_a_fresh_demo_after_the_seed_meeting_has_an_upcoming_meeting_to_ask_about(
    ctx: ServiceContext, seeded: ImportReport, chat: Chat, clock: FixedClock
) -> None:
    # Wednesday 2 December 2026: the seed's meeting of January 2025 is long over.
    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))
    actor = Actor.system_actor(Channel.IMPORT)
    assert "Det er ikke planlagt noe møte ennå." in chat("Dag Aanensen").say("neste møte")
    add_demo_tasks(ctx, group_id=seeded.group_id, actor=actor)
    add_demo_tasks(ctx, group_id=seeded.group_id, actor=actor)  # a second start adds nothing
    old, new = meetings.list_meetings(ctx, group_id=seeded.group_id)
    # The first Thursday at least two weeks ahead, at the seed meeting's hours.
    assert new.starts_at.astimezone(ctx.zone).isoformat() == "2026-12-17T09:00:00+01:00"
    assert new.ends_at is not None
    assert new.ends_at.astimezone(ctx.zone).isoformat() == "2026-12-17T12:30:00+01:00"
    assert [[(i.label, i.title) for i in p.items] for p in new.parts] == [
        [(i.label, i.title) for i in p.items] for p in old.parts
    ]
    member = chat("Dag Aanensen")
    upcoming = member.say("neste møte")
    assert "torsdag 17. desember 2026 09:00–12:30" in upcoming
    assert "Runde rundt bordet: Aktuelle saker i regionen og mål for 2025" in upcoming
    assert "Sakskart til møte i administrative faggrupper 17. desember" in upcoming
    due = member.say("til neste møte")
    assert due.startswith("Skal være klart til møtet torsdag 17. desember 2026")
    # A task linked to the meeting, and the written input due a week after it.
    assert "Utkast til felles budskap om bo- og arbeidsregionen" in due
    assert "tor. 24.12: sak 3: Sendes inn skriftlig" in due
    linked = [t for t in tasks.list_tasks(ctx, group_id=seeded.group_id) if t.meeting_id]
    assert {t.meeting_id for t in linked} == {new.id}
    assert len(linked) == 3
    answer = member.say("innspill sak 3: Flere webinarer om kraft")
    assert answer == "Innspillet ditt til sak 3 (Handlingsprogram 2025) er registrert."
    (made,) = contributions.list_contributions(ctx, meeting_id=new.id)
    assert made.body == "Flere webinarer om kraft"
