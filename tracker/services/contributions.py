"""Contributions ("innspill") and minutes lines to agenda items, with lateness against the
item's deadline as it stands now."""

from __future__ import annotations

import re

from sqlalchemy import and_, bindparam, insert, select
from sqlalchemy.orm import Session, joinedload

from tracker import schemas as s
from tracker.errors import NotAuthenticated, NotFound
from tracker.i18n import N_
from tracker.models import (
    AgendaItem,
    Contribution,
    ContributionKind,
    Deadline,
    DeadlineKind,
    GroupMembership,
    Meeting,
    MeetingPart,
    Person,
)
from tracker.models.meetings import deadline_day
from tracker.services import permissions
from tracker.services.context import Actor, ServiceContext
from tracker.services.meetings import local_day
from tracker.services.views import contribution_view

# A minutes line counts against a minutes deadline; written input against a contribution one.
_DEADLINE_KIND = {
    ContributionKind.INPUT: DeadlineKind.CONTRIBUTION,
    ContributionKind.MINUTES: DeadlineKind.MINUTES,
}


# Items that by their title take a kind of contribution, with or without a deadline saying so:
# a round-the-table item has no minutes of its own, so its lines come as minutes contributions.
_ASKS_BY_TITLE = {
    ContributionKind.INPUT: re.compile(r"\binnspill|\binput\b|\bhøring", re.IGNORECASE),
    ContributionKind.MINUTES: re.compile(
        r"rundt?\s+bordet|bordrunde|round[- ]?the[- ]?table|roundtable|tour de table",
        re.IGNORECASE,
    ),
}


def items_asking_for(
    ctx: ServiceContext, *, meeting: s.MeetingView, kind: ContributionKind
) -> list[s.AgendaItemView]:
    """The meeting's items that ask for this kind of contribution, in agenda order.

    An item asks by a deadline of that kind (the importer links «send written input at the
    latest a week after the meeting» to its item), or by its title («Runde rundt bordet»)."""
    items = [item for part in meeting.parts for item in part.items]
    with ctx.read() as conn:
        asked = set(
            conn.execute(
                select(Deadline.agenda_item_id).where(
                    Deadline.agenda_item_id.in_([item.id for item in items]),
                    Deadline.kind == _DEADLINE_KIND[kind],
                )
            ).scalars()
        )
    pattern = _ASKS_BY_TITLE[kind]
    return [item for item in items if item.id in asked or pattern.search(item.title)]


def _deadlines_by_item(session: Session, item_ids: set[int]) -> dict[tuple[int, str], Deadline]:
    rows = session.scalars(select(Deadline).where(Deadline.agenda_item_id.in_(item_ids)))
    return {(row.agenda_item_id or 0, str(row.kind)): row for row in rows}


def _is_late(
    ctx: ServiceContext,
    contribution: Contribution,
    meeting: Meeting,
    deadlines: dict[tuple[int, str], Deadline],
) -> bool:
    kind = _DEADLINE_KIND[ContributionKind(contribution.kind)]
    deadline = deadlines.get((contribution.agenda_item_id, kind.value))
    if deadline is None:
        return False
    due = deadline.resolve(local_day(meeting.starts_at, ctx.zone))
    return due is not None and local_day(contribution.submitted_at, ctx.zone) > due


_ACTOR_ROLE = (
    select(GroupMembership.role)
    .where(
        GroupMembership.group_id == Meeting.group_id,
        GroupMembership.person_id == bindparam("person_id"),
    )
    .correlate(Meeting)
    .scalar_subquery()
)
# The item, its meeting, the deadline the contribution counts against, the actor's role and
# name: everything a contribution from chat needs, in one statement.
_ITEM_FOR_CONTRIBUTION = (
    select(
        AgendaItem.id,
        Meeting.group_id,
        Meeting.starts_at,
        Deadline.due_on,
        Deadline.offset_days,
        _ACTOR_ROLE.label("actor_role"),
        Person.first_name,
        Person.last_name,
    )
    .join(MeetingPart, AgendaItem.part_id == MeetingPart.id)
    .join(Meeting, MeetingPart.meeting_id == Meeting.id)
    .outerjoin(
        Deadline,
        and_(Deadline.agenda_item_id == AgendaItem.id, Deadline.kind == bindparam("kind")),
    )
    .outerjoin(Person, Person.id == bindparam("person_id"))
    .where(AgendaItem.id == bindparam("item_id"))
    .order_by(Deadline.id)
    .limit(1)
)
_INSERT_CONTRIBUTION = insert(Contribution).returning(Contribution.id)


def submit_contribution(
    ctx: ServiceContext, *, actor: Actor, data: s.ContributionCreate
) -> s.ContributionView:
    """Record a member's written input or minutes line for an agenda item."""
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        conn = session.connection()
        row = conn.execute(
            _ITEM_FOR_CONTRIBUTION,
            {
                "item_id": data.agenda_item_id,
                "person_id": actor.person_id,
                "kind": _DEADLINE_KIND[data.kind].value,
            },
        ).first()
        if row is None:
            raise NotFound(
                N_("Agenda item {id} does not exist."),
                id=data.agenda_item_id,
                field="agenda_item_id",
            )
        if actor.person_id is not None:
            permissions.remember_role(session, actor.person_id, row.group_id, row.actor_role)
        permissions.require_member(session, actor, row.group_id)
        person_id = actor.person_id
        if person_id is None:  # a contribution is someone's: the system cannot send one
            raise NotAuthenticated(N_("You need to be signed in or linked to a person to do that."))
        contribution_id = conn.execute(
            _INSERT_CONTRIBUTION,
            {
                "agenda_item_id": data.agenda_item_id,
                "person_id": person_id,
                "kind": data.kind,
                "body": data.body,
                "submitted_at": now,
                "channel": actor.channel.value,
            },
        ).scalar_one()
        uow.commit()
    due = deadline_day(row.due_on, row.offset_days, local_day(row.starts_at, ctx.zone))
    return s.ContributionView.model_construct(
        id=contribution_id,
        agenda_item_id=data.agenda_item_id,
        person_id=person_id,
        person_name=f"{row.first_name} {row.last_name}".strip() if row.first_name else "",
        kind=ContributionKind(data.kind),
        body=data.body,
        submitted_at=now,
        channel=actor.channel.value,
        late=due is not None and local_day(now, ctx.zone) > due,
    )


def list_contributions(
    ctx: ServiceContext, *, meeting_id: int | None = None, agenda_item_id: int | None = None
) -> list[s.ContributionView]:
    """Contributions per agenda item in the order they came, each marked late or not."""
    query = (
        select(Contribution, Meeting)
        .join(AgendaItem, Contribution.agenda_item_id == AgendaItem.id)
        .join(MeetingPart, AgendaItem.part_id == MeetingPart.id)
        .join(Meeting, MeetingPart.meeting_id == Meeting.id)
        .options(joinedload(Contribution.person))
        .order_by(MeetingPart.position, AgendaItem.number, Contribution.submitted_at)
    )
    if meeting_id is not None:
        query = query.where(Meeting.id == meeting_id)
    if agenda_item_id is not None:
        query = query.where(Contribution.agenda_item_id == agenda_item_id)
    with ctx.uow() as uow:
        rows = uow.session.execute(query).all()
        deadlines = _deadlines_by_item(uow.session, {c.agenda_item_id for c, _ in rows})
        return [contribution_view(c, _is_late(ctx, c, mt, deadlines)) for c, mt in rows]
