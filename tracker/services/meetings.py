"""Meetings and their agenda; their deadlines (`deadlines`) and the group's events (`events`)
live beside it and are named here too."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from tracker import schemas as s
from tracker.clock import local_day as local_day
from tracker.errors import Conflict, InvalidInput, NotFound
from tracker.i18n import N_
from tracker.models import (
    AgendaItem,
    AgendaSubPoint,
    Deadline,
    Meeting,
    MeetingPart,
)
from tracker.services import history, permissions
from tracker.services.context import Actor, ServiceContext
from tracker.services.deadlines import (
    create_deadline as create_deadline,
)
from tracker.services.deadlines import (
    delete_deadline as delete_deadline,
)
from tracker.services.deadlines import (
    get_deadline as get_deadline,
)
from tracker.services.deadlines import (
    list_deadlines as list_deadlines,
)
from tracker.services.deadlines import (
    update_deadline as update_deadline,
)
from tracker.services.events import (
    create_event as create_event,
)
from tracker.services.events import (
    delete_event as delete_event,
)
from tracker.services.events import (
    get_event as get_event,
)
from tracker.services.events import (
    list_consultations as list_consultations,
)
from tracker.services.events import (
    list_events as list_events,
)
from tracker.services.events import (
    update_event as update_event,
)
from tracker.services.views import (
    agenda_item_view,
    meeting_rows_view,
    meeting_view,
)
from tracker.wordmatch import best_matches


def _meeting_query() -> Select[Meeting]:
    return select(Meeting).options(
        selectinload(Meeting.parts)
        .selectinload(MeetingPart.items)
        .selectinload(AgendaItem.sub_points)
    )


def load_meeting(session: Session, meeting_id: int) -> Meeting:
    """Load a meeting with its agenda, or raise NotFound."""
    meeting = session.scalar(_meeting_query().where(Meeting.id == meeting_id))
    if meeting is None:
        raise NotFound(N_("Meeting {id} does not exist."), id=meeting_id)
    return meeting


def get_meeting(ctx: ServiceContext, *, meeting_id: int) -> s.MeetingView:
    """One meeting with its parts and agenda."""
    with ctx.uow() as uow:
        return meeting_view(load_meeting(uow.session, meeting_id))


def list_meetings(ctx: ServiceContext, *, group_id: int | None = None) -> list[s.MeetingView]:
    """Meetings in date order."""
    query = _meeting_query().order_by(Meeting.starts_at)
    if group_id is not None:
        query = query.where(Meeting.group_id == group_id)
    with ctx.uow() as uow:
        return [meeting_view(row) for row in uow.session.scalars(query)]


# The next meeting with its whole agenda in one statement: the chat asks for it often, and the
# ORM's four loads (meeting, parts, items, sub-points) cost more than the rows they read.
_NEXT = (
    select(Meeting.id)
    .where(Meeting.group_id == bindparam("group_id"), Meeting.starts_at >= bindparam("since"))
    .order_by(Meeting.starts_at)
    .limit(1)
    .scalar_subquery()
)
_AGENDA = (
    select(
        Meeting.id,
        Meeting.group_id,
        Meeting.title,
        Meeting.starts_at,
        Meeting.ends_at,
        Meeting.place,
        Meeting.description,
        Meeting.previous_meeting_on,
        Meeting.version,
        MeetingPart.id.label("part_id"),
        MeetingPart.position,
        MeetingPart.title.label("part_title"),
        MeetingPart.is_group_part,
        MeetingPart.starts_at.label("part_starts"),
        MeetingPart.ends_at.label("part_ends"),
        AgendaItem.id.label("item_id"),
        AgendaItem.number,
        AgendaItem.label,
        AgendaItem.title.label("item_title"),
        AgendaSubPoint.level,
        AgendaSubPoint.text,
    )
    .outerjoin(MeetingPart, MeetingPart.meeting_id == Meeting.id)
    .outerjoin(AgendaItem, AgendaItem.part_id == MeetingPart.id)
    .outerjoin(AgendaSubPoint, AgendaSubPoint.item_id == AgendaItem.id)
    .where(Meeting.id == _NEXT)
    .order_by(MeetingPart.position, AgendaItem.number, AgendaSubPoint.position)
)


def next_meeting(ctx: ServiceContext, *, group_id: int) -> s.MeetingView | None:
    """The first meeting of the group that has not ended yet, with its agenda."""
    since = _start_of_day(ctx.clock.now(), ctx.zone)
    with ctx.read() as conn:
        rows = conn.execute(_AGENDA, {"group_id": group_id, "since": since}).all()
    return meeting_rows_view(rows) if rows else None


_NEXT_REF = (
    select(Meeting.id, Meeting.starts_at)
    .where(Meeting.group_id == bindparam("group_id"), Meeting.starts_at >= bindparam("since"))
    .order_by(Meeting.starts_at)
    .limit(1)
)


def next_meeting_ref(ctx: ServiceContext, *, group_id: int) -> tuple[int, date] | None:
    """Id and local date of the group's next meeting, in one light query."""
    since = _start_of_day(ctx.clock.now(), ctx.zone)
    with ctx.read() as conn:
        row = conn.execute(_NEXT_REF, {"group_id": group_id, "since": since}).first()
    return (row[0], local_day(row[1], ctx.zone)) if row else None


def _start_of_day(moment: datetime, zone: ZoneInfo) -> datetime:
    local = moment.astimezone(zone)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def update_meeting(
    ctx: ServiceContext, *, actor: Actor, meeting_id: int, data: s.MeetingUpdate
) -> s.MeetingView:
    """Reschedule or rename a meeting; deadlines relative to it move along by construction."""
    changes: dict[str, Any] = {name: getattr(data, name) for name in data.model_fields_set}
    with ctx.uow() as uow:
        session = uow.session
        meeting = load_meeting(session, meeting_id)
        permissions.require_secretariat(session, actor, meeting.group_id)
        expected = changes.pop("version", None)
        if expected is not None and expected != meeting.version:
            raise Conflict(
                N_("The meeting was changed by someone else meanwhile; reload and try again."),
                field="version",
            )
        for name in ("starts_at", "ends_at"):
            value = changes.get(name)
            if value is not None and value.tzinfo is None:
                raise InvalidInput(N_("A time needs a time zone offset."), field=name)
        for required in ("title", "starts_at", "place"):
            if required in changes and changes[required] is None:
                raise InvalidInput(N_("{field} cannot be empty."), field=required)
        starts = changes.get("starts_at", meeting.starts_at)
        ends = changes.get("ends_at", meeting.ends_at)
        if ends is not None and ends <= starts:
            raise InvalidInput(N_("A meeting must end after it starts."), field="ends_at")
        clash = session.scalar(
            select(Meeting.id).where(
                Meeting.group_id == meeting.group_id,
                Meeting.starts_at == starts,
                Meeting.id != meeting.id,
            )
        )
        if clash is not None:
            raise Conflict(N_("The group already has a meeting at that time."), field="starts_at")
        tracked = ("title", "starts_at", "ends_at", "place")
        old = {name: getattr(meeting, name) for name in tracked}
        shift = starts - meeting.starts_at
        for name, value in changes.items():
            setattr(meeting, name, value)
        if shift:
            for part in meeting.parts:
                part.starts_at = part.starts_at + shift if part.starts_at else None
                part.ends_at = part.ends_at + shift if part.ends_at else None
        history.record(
            session,
            actor=actor,
            at=ctx.clock.now(),
            entity="meeting",
            entity_id=meeting.id,
            old=old,
            new={name: getattr(meeting, name) for name in tracked},
        )
        try:
            uow.flush()
        except StaleDataError as exc:
            raise Conflict(
                N_("The meeting was changed by someone else meanwhile; reload and try again."),
                field="version",
            ) from exc
        view = meeting_view(meeting)
        uow.commit()
        return view


def get_agenda_item(ctx: ServiceContext, *, item_id: int) -> s.AgendaItemView:
    """One agenda item."""
    with ctx.uow() as uow:
        item = uow.session.scalar(
            select(AgendaItem)
            .options(selectinload(AgendaItem.sub_points))
            .where(AgendaItem.id == item_id)
        )
        if item is None:
            raise NotFound(N_("Agenda item {id} does not exist."), id=item_id)
        return agenda_item_view(item)


def copy_meeting(
    ctx: ServiceContext, *, actor: Actor, meeting_id: int, starts_at: datetime
) -> s.MeetingView:
    """A new meeting of the same group with the agenda of another, moved to start at `starts_at`.

    Parts keep their times of day relative to the start, items their numbers and sub-points,
    and deadlines relative to the meeting come along (fixed dates stay with the original). A
    part title that names the original's day names the new one."""
    if starts_at.tzinfo is None:
        raise InvalidInput(N_("A time needs a time zone offset."), field="starts_at")
    with ctx.uow() as uow:
        session = uow.session
        source = load_meeting(session, meeting_id)
        permissions.require_secretariat(session, actor, source.group_id)
        clash = session.scalar(
            select(Meeting.id).where(
                Meeting.group_id == source.group_id, Meeting.starts_at == starts_at
            )
        )
        if clash is not None:
            raise Conflict(N_("The group already has a meeting at that time."), field="starts_at")
        shift = starts_at - source.starts_at
        old_day = _day_words(local_day(source.starts_at, ctx.zone))
        new_day = _day_words(local_day(starts_at, ctx.zone))
        meeting = Meeting(
            group_id=source.group_id,
            title=source.title,
            starts_at=starts_at,
            ends_at=source.ends_at + shift if source.ends_at else None,
            place=source.place,
            description=source.description,
            previous_meeting_on=local_day(source.starts_at, ctx.zone),
        )
        items: dict[int, AgendaItem] = {}
        for part in source.parts:
            copy = MeetingPart(
                position=part.position,
                title=part.title.replace(old_day, new_day),
                is_group_part=part.is_group_part,
                starts_at=part.starts_at + shift if part.starts_at else None,
                ends_at=part.ends_at + shift if part.ends_at else None,
                link_label=part.link_label,
            )
            meeting.parts.append(copy)
            for item in part.items:
                items[item.id] = AgendaItem(number=item.number, label=item.label, title=item.title)
                items[item.id].sub_points = [
                    AgendaSubPoint(position=p.position, level=p.level, text=p.text)
                    for p in item.sub_points
                ]
                copy.items.append(items[item.id])
        for deadline in session.scalars(select(Deadline).where(Deadline.meeting_id == source.id)):
            if deadline.offset_days is None:
                continue
            meeting.deadlines.append(
                Deadline(
                    group_id=deadline.group_id,
                    agenda_item=items.get(deadline.agenda_item_id or 0),
                    kind=deadline.kind,
                    title=deadline.title,
                    offset_days=deadline.offset_days,
                )
            )
        session.add(meeting)
        uow.flush()
        history.record(
            session,
            actor=actor,
            at=ctx.clock.now(),
            entity="meeting",
            entity_id=meeting.id,
            old={"created": None},
            new={"created": meeting.title},
        )
        view = meeting_view(load_meeting(session, meeting.id))
        uow.commit()
        return view


_NB_MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip


def _day_words(day: date) -> str:
    """A day as an invitation writes it in a heading: «16. januar»."""
    return f"{day.day}. {_NB_MONTHS[day.month - 1]}"


def find_items(meeting: s.MeetingView, words: str) -> list[s.AgendaItemView]:
    """The agenda items whose titles share the most of `words`, in agenda order.

    Words are compared by their Norwegian stem and forgive a small typo, so «innspill til
    handlingsprogrammet» finds «Handlingsprogram 2025»; no shared word, no item."""
    items = [item for part in meeting.parts for item in part.items]
    return best_matches(re.findall(r"\w+", words.casefold()), items, lambda item: item.title)
