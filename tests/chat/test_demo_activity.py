"""The demo of `tiltak run` has work in progress to show: tasks for every workgroup of the seed,
dated from today, in every status; added once."""

from __future__ import annotations

from datetime import timedelta

from chat_support import Chat

from tracker.demo.activity import DEMO_TASKS, add_demo_tasks
from tracker.importer.apply import ImportReport
from tracker.models import Channel, TaskStatus
from tracker.services import groups, tasks
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
    # Blocked and due within two weeks: shown under «Blokkert» only.
    assert summary.count("Avklare finansiering av en felles næringsanalyse") == 1
    third = summary[summary.index("Arbeidsgruppe 3") : summary.index("Arbeidsgruppe 4")]
    assert third.index("Blokkert (1)") < third.index("Avklare finansiering")
    assert third.index("Avklare finansiering") < third.index("Frist de neste to ukene (1)")
    # Overdue and not started: under «Forfalt» only.
    assert summary.count("Samle erfaringer med internasjonal rekruttering") == 1
