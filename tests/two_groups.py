"""Two groups side by side for the tests that one group reads nothing of another: the seed's
group (A, Næringssamarbeid) and the Bærum invitation's (B, Areal og transport), with a task, a
comment, a contribution, an event and a deleted task of B, each with a name found nowhere in A."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tracker import schemas as s
from tracker.importer.apply import ImportReport, import_invitation
from tracker.models import Channel, Role
from tracker.services import contributions, groups, meetings, tasks
from tracker.services.context import Actor, ServiceContext

SYSTEM = Actor.system_actor(Channel.CLI)
BAERUM = Path(__file__).parent / "data" / "invitation_baerum_2025.md"
# Words that name things of group B only; a reply or page of group A must contain none of them.
B_TASK = "Knutepunktanalyse Sandvika"
B_COMMENT = "Tellingene fra Sandvika stasjon"
B_INPUT = "Innspill om innfartsparkering"
B_EVENT = "Byutviklingskonferansen i Bærum"
B_GONE = "Slettet utkast for Lysaker"
B_OWNED = "Innfartsparkering ved Lysaker"  # a B task given to A's member
B_WORDS = (
    B_TASK,
    B_COMMENT,
    B_INPUT,
    B_EVENT,
    B_GONE,
    B_OWNED,
    "Kollektivknutepunkter",
    "Areal og",
)


@dataclass(frozen=True)
class TwoGroups:
    """The ids a test needs of both groups."""

    a: int
    b: int
    a_member: int  # on A's roster only
    a_secretariat: int  # A's secretariat, nothing in B
    a_lead: int  # lead of A's workgroup 3
    both: int  # leads a workgroup in A and in B
    b_member: int  # lead of B's workgroup 1, nothing in A
    b_workgroup: int
    b_task: int
    b_gone: int  # a task of B deleted by its lead
    b_meeting: int
    b_item: int
    b_deadline: int
    b_event: int
    a_task: int


def _person(ctx: ServiceContext, name: str) -> int:
    (person,) = groups.find_people(ctx, name=name)
    return person.id


def two_groups(ctx: ServiceContext, seeded: ImportReport) -> TwoGroups:
    """Import the Bærum invitation beside the seed and give group B things to hide."""
    report = import_invitation(
        ctx, actor=SYSTEM, text=BAERUM.read_text(encoding="utf-8"), filename=BAERUM.name
    )
    a, b = seeded.group_id, report.group_id
    assert a is not None
    assert b is not None
    assert a != b
    b_member = _person(ctx, "Per Olav Moen")
    (b_workgroup,) = [w for w in groups.list_workgroups(ctx, group_id=b) if w.number == 1]
    (a_workgroup,) = [w for w in groups.list_workgroups(ctx, group_id=a) if w.number == 2]
    b_task = tasks.create_task(
        ctx,
        actor=SYSTEM,
        data=s.TaskCreate(
            title=B_TASK, workgroup_id=b_workgroup.id, owner_id=b_member, due_on=date(2025, 3, 1)
        ),
    )
    b_lead = Actor(person_id=b_member, channel=Channel.API)
    tasks.add_comment(ctx, actor=b_lead, task_id=b_task.id, data=s.CommentCreate(body=B_COMMENT))
    gone = tasks.create_task(
        ctx, actor=SYSTEM, data=s.TaskCreate(title=B_GONE, workgroup_id=b_workgroup.id)
    )
    (b_meeting,) = meetings.list_meetings(ctx, group_id=b)
    b_item = b_meeting.parts[0].items[0]
    contributions.submit_contribution(
        ctx, actor=b_lead, data=s.ContributionCreate(agenda_item_id=b_item.id, body=B_INPUT)
    )
    event = meetings.create_event(
        ctx, actor=SYSTEM, group_id=b, data=s.EventCreate(title=B_EVENT, starts_on=date(2025, 5, 6))
    )
    a_task = tasks.create_task(
        ctx,
        actor=SYSTEM,
        data=s.TaskCreate(title="Oversikt over tiltak", workgroup_id=a_workgroup.id),
    )
    a_member = _person(ctx, "Eli Bryhni")
    # Someone of B gives a task to a person of A (the services let any person own a task): the
    # owner still reads nothing of B, not even that task.
    tasks.create_task(
        ctx,
        actor=SYSTEM,
        data=s.TaskCreate(title=B_OWNED, workgroup_id=b_workgroup.id, owner_id=a_member),
    )
    # Last: SQLite hands a deleted row's id to the next row made.
    tasks.delete_task(ctx, actor=b_lead, task_id=gone.id)
    secretariat = [
        m.person.id for m in groups.roster(ctx, group_id=a) if m.role == Role.SECRETARIAT
    ]
    b_people = {m.person.id for m in groups.roster(ctx, group_id=b)}
    assert a_member not in b_people
    assert secretariat[0] not in b_people
    return TwoGroups(
        a=a,
        b=b,
        a_member=a_member,
        a_secretariat=secretariat[0],
        a_lead=_person(ctx, "Dag Aanensen"),
        both=_person(ctx, "Asbjørn Lunde"),
        b_member=b_member,
        b_workgroup=b_workgroup.id,
        b_task=b_task.id,
        b_gone=gone.id,
        b_meeting=b_meeting.id,
        b_item=b_item.id,
        b_deadline=meetings.list_deadlines(ctx, group_id=b)[0].id,
        b_event=event.id,
        a_task=a_task.id,
    )
