"""Contributions ("innspill") and minutes lines to agenda items, with lateness against the
item's deadline as it stands now."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from tracker import schemas as s
from tracker.errors import NotFound
from tracker.i18n import N_
from tracker.models import (
    AgendaItem,
    Contribution,
    ContributionKind,
    Deadline,
    DeadlineKind,
    Meeting,
    MeetingPart,
)
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


def _item_with_meeting(session: Session, item_id: int) -> tuple[AgendaItem, Meeting]:
    row = session.execute(
        select(AgendaItem, Meeting)
        .join(MeetingPart, AgendaItem.part_id == MeetingPart.id)
        .join(Meeting, MeetingPart.meeting_id == Meeting.id)
        .where(AgendaItem.id == item_id)
    ).first()
    if row is None:
        raise NotFound(N_("Agenda item {id} does not exist."), id=item_id, field="agenda_item_id")
    return row[0], row[1]


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


def submit_contribution(
    ctx: ServiceContext, *, actor: Actor, data: s.ContributionCreate
) -> s.ContributionView:
    """Record a member's written input or minutes line for an agenda item."""
    with ctx.uow() as uow:
        session = uow.session
        item, meeting = _item_with_meeting(session, data.agenda_item_id)
        permissions.require_member(session, actor, meeting.group_id)
        if actor.person_id is None:
            permissions.require_secretariat(session, actor, meeting.group_id)
        contribution = Contribution(
            agenda_item_id=item.id,
            person_id=actor.person_id,
            kind=data.kind,
            body=data.body,
            submitted_at=ctx.clock.now(),
            channel=actor.channel.value,
        )
        session.add(contribution)
        uow.flush()
        contribution = session.scalars(
            select(Contribution)
            .options(joinedload(Contribution.person))
            .where(Contribution.id == contribution.id)
        ).one()
        late = _is_late(ctx, contribution, meeting, _deadlines_by_item(session, {item.id}))
        view = contribution_view(contribution, late)
        uow.commit()
        return view


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
