"""Work in progress for the demo of `tiltak run`: the seed's meeting lies in the past, so a fresh
demo would answer every question with an empty list. An upcoming meeting with the seed meeting's
agenda, and a dozen tasks for the five workgroups, due from a few days ago to a few weeks ahead
and in every status work goes through (a few of them for that meeting), make the chat, the boards
and the summaries show what they are for. Written through the service layer, like any other
change, and dated from today, so the demo looks the same whenever it is started."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tracker import schemas as s
from tracker.models import TaskStatus
from tracker.services import groups, meetings, tasks
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
    # Due for the demo's upcoming meeting: so «til neste møte» has work to show.
    for_meeting: bool = False


DEMO_TASKS = (
    DemoTask(1, "Asbjørn Flo", "Samle erfaringer med internasjonal rekruttering i kommunene", -3),
    DemoTask(
        1,
        "Asbjørn Flo",
        "Utkast til felles søknad om midler til talentrekruttering",
        12,
        for_meeting=True,
    ),
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
    DemoTask(
        4,
        "Harriet Slaaen",
        "Sammenstille kompetansebehov fra bedriftsundersøkelsen",
        10,
        for_meeting=True,
    ),
    DemoTask(4, "Harriet Slaaen", "Innspill til samarbeid med fagskolene", -2, TaskStatus.DONE),
    DemoTask(
        5,
        "Ove Gjesdal",
        "Utkast til felles budskap om bo- og arbeidsregionen",
        8,
        TaskStatus.DOING,
        for_meeting=True,
    ),
    DemoTask(5, "Ove Gjesdal", "Hente inn tall for tilflytting 2024", 1),
)


# The demo's meeting: a Thursday morning like the seed's, far enough ahead to prepare for.
MEETING_WEEKDAY = 3  # Thursday
MEETING_LEAD_DAYS = 14
MEETING_START = time(9, 0)


def upcoming_meeting_day(today: date) -> date:
    """The first Thursday at least two weeks after `today`."""
    first = today + timedelta(days=MEETING_LEAD_DAYS)
    return first + timedelta(days=(MEETING_WEEKDAY - first.weekday()) % 7)


def add_demo_meeting(
    ctx: ServiceContext, *, group_id: int, actor: Actor
) -> tuple[int, date] | None:
    """Give a group whose meetings all lie in the past the next one, with the last one's agenda.

    Returns the id and day of the group's next meeting (the one added, or the one it already
    had); None when the group has no meeting to copy."""
    upcoming = meetings.next_meeting_ref(ctx, group_id=group_id)
    if upcoming is not None:
        return upcoming
    past = meetings.list_meetings(ctx, group_id=group_id)
    if not past:
        return None
    day = upcoming_meeting_day(ctx.today())
    copy = meetings.copy_meeting(
        ctx,
        actor=actor,
        meeting_id=past[-1].id,
        starts_at=datetime.combine(day, MEETING_START, tzinfo=ctx.zone),
    )
    return copy.id, day


def add_demo_tasks(ctx: ServiceContext, *, group_id: int, actor: Actor) -> int:
    """Add the demo's upcoming meeting and tasks to a group with no tasks yet; return how many."""
    meeting = add_demo_meeting(ctx, group_id=group_id, actor=actor)
    if tasks.list_task_summaries(ctx, group_id=group_id, limit=1):
        return 0
    today = ctx.today()
    workgroups = {w.number: w.id for w in groups.list_workgroups(ctx, group_id=group_id)}
    added = 0
    for demo in DEMO_TASKS:
        if demo.workgroup not in workgroups:
            continue  # another invitation than the demo's: leave its workgroups alone
        people = groups.find_people(ctx, name=demo.owner)
        due_on = today + timedelta(days=demo.due_in_days)
        # Linked only where it is due by the meeting's day, as «før neste møte» would link it.
        for_meeting = meeting is not None and demo.for_meeting and due_on <= meeting[1]
        tasks.create_task(
            ctx,
            actor=actor,
            data=s.TaskCreate(
                title=demo.title,
                workgroup_id=workgroups[demo.workgroup],
                owner_id=people[0].id if len(people) == 1 else None,
                due_on=due_on,
                meeting_id=meeting[0] if meeting is not None and for_meeting else None,
                status=demo.status,
                blocked_reason=demo.blocked_reason,
            ),
        )
        added += 1
    return added
