"""Work in progress for the demo of `tiltak run`: the seed's meeting lies in the past, so a fresh
demo would answer every question with an empty list. A dozen tasks for the five workgroups, due
from a few days ago to a few weeks ahead and in every status work goes through, make the chat,
the boards and the summaries show what they are for. Written through the service layer, like any
other change, and dated from today, so the demo looks the same whenever it is started."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from tracker import schemas as s
from tracker.models import TaskStatus
from tracker.services import groups, tasks
from tracker.services.context import Actor, ServiceContext


@dataclass(frozen=True)
class DemoTask:
    """One task of the demo: where, who, what, due how many days from today, how far along."""

    workgroup: int
    owner: str
    title: str
    due_in_days: int
    status: TaskStatus = TaskStatus.TODO
    blocked_reason: str | None = None


DEMO_TASKS = (
    DemoTask(1, "Asbjørn Flo", "Samle erfaringer med internasjonal rekruttering i kommunene", -3),
    DemoTask(1, "Asbjørn Flo", "Utkast til felles søknad om midler til talentrekruttering", 12),
    DemoTask(
        2, "Asbjørn Lunde", "Kartlegge sirkulære anskaffelser i regionen", 4, TaskStatus.DOING
    ),
    DemoTask(2, "Asbjørn Lunde", "Foreslå en ekstern innleder om sirkulærøkonomi", 9),
    DemoTask(2, "Asbjørn Lunde", "Oversikt over ombruksprosjekter", -6, TaskStatus.DONE),
    DemoTask(3, "Dag Aanensen", "Liste over mulige fellesprosjekter for 2025", 6, TaskStatus.DOING),
    DemoTask(
        3,
        "Dag Aanensen",
        "Avklare finansiering av en felles næringsanalyse",
        2,
        TaskStatus.BLOCKED,
        "Venter på svar fra fylkeskommunen",
    ),
    DemoTask(4, "Harriet Slaaen", "Sammenstille kompetansebehov fra bedriftsundersøkelsen", 10),
    DemoTask(4, "Harriet Slaaen", "Innspill til samarbeid med fagskolene", -2, TaskStatus.DONE),
    DemoTask(
        5, "Ove Gjesdal", "Utkast til felles budskap om bo- og arbeidsregionen", 8, TaskStatus.DOING
    ),
    DemoTask(5, "Ove Gjesdal", "Hente inn tall for tilflytting 2024", 1),
)


def add_demo_tasks(ctx: ServiceContext, *, group_id: int, actor: Actor) -> int:
    """Add the demo's tasks to a group that has none yet; return how many were added."""
    if tasks.list_task_summaries(ctx, group_id=group_id, limit=1):
        return 0
    today = ctx.today()
    workgroups = {w.number: w.id for w in groups.list_workgroups(ctx, group_id=group_id)}
    added = 0
    for demo in DEMO_TASKS:
        if demo.workgroup not in workgroups:
            continue  # another invitation than the demo's: leave its workgroups alone
        people = groups.find_people(ctx, name=demo.owner)
        tasks.create_task(
            ctx,
            actor=actor,
            data=s.TaskCreate(
                title=demo.title,
                workgroup_id=workgroups[demo.workgroup],
                owner_id=people[0].id if len(people) == 1 else None,
                due_on=today + timedelta(days=demo.due_in_days),
                status=demo.status,
                blocked_reason=demo.blocked_reason,
            ),
        )
        added += 1
    return added
