"""Which reminders are due: one bundle per person per day from tasks and unanswered input."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from tracker.calendar_no import WorkCalendar
from tracker.models import (
    AgendaItem,
    ChatIdentity,
    Contribution,
    ContributionKind,
    Deadline,
    DeadlineKind,
    Group,
    GroupMembership,
    Meeting,
    MeetingPart,
    Person,
    Role,
    Task,
    TaskStatus,
    Workgroup,
)
from tracker.services import outbox
from tracker.services.meetings import local_day

# A missed first-overdue-day reminder is still sent on the next days up to this many days late.
OVERDUE_CATCH_UP_DAYS = 3

REMINDER = "reminder"
# The occasions of a reminder item.
BEFORE = "before"
OVERDUE = "overdue"
CONTRIBUTION = "contribution"


@dataclass
class PersonBundle:
    """One person's reminder items of the day, gathered across their groups."""

    person_id: int
    day: date  # the local date in the zone of the first group that had an item
    group_ids: set[int]
    items: dict[str, dict[str, Any]]
    lookback_days: int


def _task_item(task_id: int, due_on: date, occasion: str) -> tuple[str, dict[str, Any]]:
    key = f"task:{task_id}:{due_on}:{occasion}"
    return key, {"key": key, "task_id": task_id, "due_on": str(due_on), "occasion": occasion}


def _contribution_item(deadline_id: int, due_on: date) -> tuple[str, dict[str, Any]]:
    key = f"contribution:{deadline_id}:{due_on}"
    return key, {"key": key, "deadline_id": deadline_id, "due_on": str(due_on)}


def _add_item(
    bundles: dict[int, PersonBundle],
    person_id: int,
    group_id: int,
    today: date,
    item: tuple[str, dict[str, Any]],
    lookback: int,
) -> None:
    bundle = bundles.setdefault(person_id, PersonBundle(person_id, today, set(), {}, 0))
    bundle.group_ids.add(group_id)
    bundle.items.setdefault(*item)
    bundle.lookback_days = max(bundle.lookback_days, lookback)


def reminder_items(
    session: Session,
    calendar: WorkCalendar,
    group: Group,
    zone: ZoneInfo,
    at: datetime,
    bundles: dict[int, PersonBundle],
) -> None:
    """Gather the group's reminder items of the day into the people's bundles."""
    today = at.astimezone(zone).date()
    if calendar.is_off(today):
        return  # nothing on a holiday or in the summer break: it went out the day before
    days_before = max(group.reminder_days_before, 0)
    # What would first be due for a reminder on the days off ahead goes out today instead, and
    # what fell overdue on the days off behind is caught up today.
    until = calendar.next_open_day(today) - timedelta(days=1) + timedelta(days=days_before)
    since = min(today - timedelta(days=OVERDUE_CATCH_UP_DAYS), calendar.previous_open_day(today))
    lookback = max(days_before, (today - since).days) + 1
    tasks = session.execute(
        select(Task.id, Task.owner_id, Task.due_on)
        .join(Workgroup, Task.workgroup_id == Workgroup.id)
        .where(
            Workgroup.group_id == group.id,
            Task.status != TaskStatus.DONE.value,
            Task.owner_id.is_not(None),
            Task.due_on >= since,
            Task.due_on <= until,
        )
    ).all()
    for task_id, owner_id, due_on in tasks:
        assert owner_id is not None  # the query's conditions
        assert due_on is not None
        # From N days before the due date up to the day itself; then on the first overdue day
        # (or, if that was missed, the next few days).
        occasion = BEFORE if due_on >= today else OVERDUE
        item = _task_item(task_id, due_on, occasion)
        _add_item(bundles, owner_id, group.id, today, item, lookback)
    for deadline, person_ids in _open_contributions(session, group, zone, today, until):
        for person_id in person_ids:
            item = _contribution_item(*deadline)
            _add_item(bundles, person_id, group.id, today, item, lookback)


def _open_contributions(
    session: Session, group: Group, zone: ZoneInfo, today: date, until: date
) -> list[tuple[tuple[int, date], set[int]]]:
    """Contribution deadlines within the reminder window, and the members yet to be reminded
    (those of organisations that have not delivered)."""
    rows = session.execute(
        select(Deadline, Meeting.starts_at)
        .outerjoin(Meeting, Deadline.meeting_id == Meeting.id)
        .where(Deadline.group_id == group.id, Deadline.kind == DeadlineKind.CONTRIBUTION.value)
    ).all()
    due: list[tuple[Deadline, date]] = []
    for deadline, starts_at in rows:
        resolved = deadline.resolve(local_day(starts_at, zone) if starts_at else None)
        if resolved is not None and today <= resolved <= until:
            due.append((deadline, resolved))
    if not due:
        return []
    members = dict(
        session.execute(
            select(GroupMembership.person_id, Person.organisation_id)
            .join(Person, GroupMembership.person_id == Person.id)
            .where(
                GroupMembership.group_id == group.id,
                GroupMembership.role == Role.MEMBER.value,
            )
        ).all()
    )
    return [
        ((deadline.id, resolved), members_waiting(session, members, deadline))
        for deadline, resolved in due
    ]


def members_waiting(
    session: Session, members: dict[int, int | None], deadline: Deadline
) -> set[int]:
    """The members whose organisation has sent no input for a deadline: the input round asks
    one answer per organisation, so all members of one that has not answered are reminded, and
    none of one that has. A member without an organisation stands for themselves."""
    contributed = set(session.scalars(_contributors(deadline)))
    answered = set(
        session.scalars(
            select(Person.organisation_id).where(
                Person.id.in_(contributed), Person.organisation_id.is_not(None)
            )
        )
    )
    return {
        person_id
        for person_id, organisation_id in members.items()
        if person_id not in contributed and organisation_id not in answered
    }


def _contributors(deadline: Deadline) -> Select[int]:
    """Who has sent written input for a deadline's item (or, without one, its meeting)."""
    query = select(Contribution.person_id).where(Contribution.kind == ContributionKind.INPUT.value)
    if deadline.agenda_item_id is not None:
        return query.where(Contribution.agenda_item_id == deadline.agenda_item_id)
    return (
        query.join(AgendaItem, Contribution.agenda_item_id == AgendaItem.id)
        .join(MeetingPart, AgendaItem.part_id == MeetingPart.id)
        .where(MeetingPart.meeting_id == deadline.meeting_id)
    )


def bundle_messages(
    session: Session, bundles: dict[int, PersonBundle], at: datetime, platforms: Sequence[str]
) -> list[outbox.Outgoing]:
    """One direct message per person per day, with the items no earlier bundle carried."""
    if not bundles:
        return []
    reach = _reach(session, bundles.keys(), platforms)
    languages = dict(
        session.execute(select(Person.id, Person.language).where(Person.id.in_(bundles))).all()
    )
    keys: dict[int, list[str]] = {}
    for person_id, bundle in bundles.items():
        keys[person_id] = [
            _reminder_key(person_id, bundle.day - timedelta(days=back))
            for back in range(bundle.lookback_days + 1)
        ]
    earlier = outbox.payloads(session, (k for ks in keys.values() for k in ks))
    messages = []
    for person_id, bundle in sorted(bundles.items()):
        if person_id not in reach:
            continue  # no linked chat account: there is no one to tell
        today_key = keys[person_id][0]
        if today_key in earlier:
            continue  # today's message went out; new items wait for tomorrow's (still in window)
        covered = {
            item["key"] for key in keys[person_id] for item in earlier.get(key, {}).get("items", [])
        }
        items = [item for key, item in sorted(bundle.items.items()) if key not in covered]
        if not items:
            continue
        platform, user_id = reach[person_id]
        messages.append(
            outbox.Outgoing(
                key=today_key,
                kind=REMINDER,
                platform=platform,
                destination=user_id,
                direct=True,
                payload={
                    "person_id": person_id,
                    "group_ids": sorted(bundle.group_ids),
                    "day": str(bundle.day),
                    "items": items,
                },
                not_before=at,
                language=languages.get(person_id, "nb"),
            )
        )
    return messages


def _reminder_key(person_id: int, day: date) -> str:
    return f"{REMINDER}:{person_id}:{day}"


def _reach(
    session: Session, person_ids: Iterable[int], platforms: Sequence[str]
) -> dict[int, tuple[str, str]]:
    """Where each person is told: their linked account on the first platform in `platforms`,
    else on any platform; among several, the most recently linked."""
    rank = {platform: position for position, platform in enumerate(platforms)}
    rows = session.execute(
        select(ChatIdentity.person_id, ChatIdentity.platform, ChatIdentity.platform_user_id)
        .where(ChatIdentity.person_id.in_(set(person_ids)))
        .order_by(ChatIdentity.linked_at.desc(), ChatIdentity.id.desc())
    ).all()
    best: dict[int, tuple[int, str, str]] = {}
    for person_id, platform, user_id in rows:
        score = rank.get(platform, len(rank))
        if person_id not in best or score < best[person_id][0]:
            best[person_id] = (score, platform, user_id)
    return {person_id: (p, u) for person_id, (_score, p, u) in best.items()}
