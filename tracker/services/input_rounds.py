"""Input rounds: for a meeting's items that ask for written input, each organisation on the
group's roster and whether someone from it has delivered (who, when, late or not).

An organisation delivers for all its members: one contribution from anyone in it counts. Members
without an organisation stand for themselves. Only members' organisations (not the secretariat's
alone, not read-only people's) are asked: the same people the contribution reminder goes to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tracker import schemas as s
from tracker.models import ContributionKind, DeadlineKind, Role
from tracker.services import contributions, groups, meetings, permissions
from tracker.services.context import Actor, ServiceContext


@dataclass(frozen=True)
class Delivery:
    """One contribution to an item from someone in an organisation."""

    person_name: str
    submitted_at: datetime
    late: bool


@dataclass(frozen=True)
class OrganisationRound:
    """An organisation asked for input to an item, its members, and what came from them."""

    name: str
    members: list[str]
    deliveries: list[Delivery]

    @property
    def delivered(self) -> bool:
        """Whether someone from the organisation has sent input."""
        return bool(self.deliveries)


@dataclass(frozen=True)
class ItemRound:
    """An agenda item asking for written input, its deadline, and the round per organisation."""

    item: s.AgendaItemView
    deadline: date | None
    organisations: list[OrganisationRound]

    @property
    def delivered_count(self) -> int:
        """How many organisations have delivered."""
        return sum(1 for organisation in self.organisations if organisation.delivered)


def organisation_key(member: s.PersonView) -> str:
    """What a person delivers for: their organisation, or themselves without one."""
    return member.organisation or member.full_name


def input_rounds(ctx: ServiceContext, *, meeting: s.MeetingView) -> list[ItemRound]:
    """The input round of every item of the meeting that asks for written input."""
    asking = contributions.items_asking_for(ctx, meeting=meeting, kind=ContributionKind.INPUT)
    if not asking:
        return []
    names: dict[str, list[str]] = {}
    organisation_of: dict[int, str] = {}
    for member in groups.roster(ctx, group_id=meeting.group_id):
        key = organisation_key(member.person)
        # Anyone's input counts for their organisation (as for the reminder); only members'
        # organisations are asked.
        organisation_of[member.person.id] = key
        if member.role == Role.MEMBER:
            names.setdefault(key, []).append(member.person.full_name)
    deadlines = {
        deadline.agenda_item_id: deadline.resolved_on
        for deadline in meetings.list_deadlines(ctx, meeting_id=meeting.id)
        if deadline.kind == DeadlineKind.CONTRIBUTION and deadline.agenda_item_id is not None
    }
    delivered: dict[tuple[int, str], list[Delivery]] = {}
    for contribution in contributions.list_contributions(ctx, meeting_id=meeting.id):
        organisation = organisation_of.get(contribution.person_id)
        if contribution.kind != ContributionKind.INPUT or organisation is None:
            continue  # minutes lines are not the round's
        delivered.setdefault((contribution.agenda_item_id, organisation), []).append(
            Delivery(contribution.person_name, contribution.submitted_at, contribution.late)
        )
    return [
        ItemRound(
            item=item,
            deadline=deadlines.get(item.id),
            organisations=[
                OrganisationRound(name, people, delivered.get((item.id, name), []))
                for name, people in sorted(names.items())
            ],
        )
        for item in asking
    ]


def may_follow(ctx: ServiceContext, *, actor: Actor, group_id: int) -> bool:
    """Whether the actor chases input: the secretariat, or a lead of one of the workgroups."""
    with ctx.uow() as uow:
        if permissions.is_secretariat(uow.session, actor, group_id):
            return True
    return any(
        workgroup.lead_id == actor.person_id and actor.person_id is not None
        for workgroup in groups.list_workgroups(ctx, group_id=group_id)
    )
