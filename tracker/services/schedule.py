"""What is due at a given instant, decided from the database and the clock alone: the weekly
summaries and the group overview, the pre-meeting digests, and the reminders to people, bundled
into one direct message per person per day and never sent in the group's quiet hours.

The answer is a list of outbox messages with idempotency keys, so asking twice (two ticks in one
minute, a restart) writes each message once; a missed instant is caught up within a window.
Reminder items carry the due date they were made for and are checked again at delivery, so a
reminder for a date that has since moved is never sent.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from tracker import schemas as s
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
    RoomBinding,
    Task,
    TaskStatus,
    Workgroup,
)
from tracker.services import outbox
from tracker.services.context import ServiceContext
from tracker.services.meetings import _meeting_query, local_day
from tracker.services.summaries import group_summary
from tracker.services.tasks import _TASK_COLUMNS, _row_view
from tracker.services.views import meeting_view, person_view

# A summary or digest whose moment was missed (everything was down) still goes out this late.
CATCH_UP = timedelta(hours=24)
# The digest goes out this long before its meeting's day, at the group's summary hour.
DIGEST_LEAD = timedelta(days=7)
# A missed first-overdue-day reminder is still sent on the next days up to this many days late.
OVERDUE_CATCH_UP_DAYS = 3

SUMMARY = "summary"
OVERVIEW = "overview"
DIGEST = "digest"
REMINDER = "reminder"

BEFORE = "before"
OVERDUE = "overdue"
CONTRIBUTION = "contribution"


# --- time -----------------------------------------------------------------------------------


def at_local(day: date, hour: int, zone: ZoneInfo) -> datetime:
    """The instant (UTC) of a local wall-clock hour; a skipped hour counts from before the jump."""
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


def is_quiet(hour: int, start: int, end: int) -> bool:
    """Whether a local hour falls in quiet hours [start, end), which may wrap past midnight."""
    if start == end:
        return False
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end


def quiet_end(at: datetime, zone: ZoneInfo, start: int, end: int) -> datetime | None:
    """When the quiet hours around `at` end (UTC), or None if `at` is not in quiet hours."""
    local = at.astimezone(zone)
    if not is_quiet(local.hour, start, end):
        return None
    day = local.date() + timedelta(days=1) if local.hour >= end else local.date()
    return at_local(day, end, zone)


def quiet_until(ctx: ServiceContext, *, group_ids: Iterable[int], at: datetime) -> datetime | None:
    """The latest end of quiet hours of these groups around `at`, or None if none is quiet."""
    with ctx.uow() as uow:
        rows = uow.session.execute(
            select(Group.timezone, Group.quiet_hours_start, Group.quiet_hours_end).where(
                Group.id.in_(set(group_ids))
            )
        ).all()
    ends = [
        end for zone, start, stop in rows if (end := quiet_end(at, ZoneInfo(zone), start, stop))
    ]
    return max(ends) if ends else None


def summary_day(calendar: WorkCalendar, day: date) -> date | None:
    """The day a week's summary goes out: its own day, or if that is a holiday the next working
    day of the same week; None in the summer break or when the rest of the week is off."""
    if calendar.in_summer_break(day):
        return None
    if not calendar.is_off(day):
        return day
    sunday = day + timedelta(days=6 - day.weekday())
    while day < sunday:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            return day
    return None


def digest_day(calendar: WorkCalendar, day: date, meeting_day: date) -> date | None:
    """The day a meeting's digest goes out: a week before, or the next working day after that
    holiday or break; None when no working day is left before the meeting."""
    if not calendar.is_off(day):
        return day
    while True:
        day += timedelta(days=1)
        if day >= meeting_day:
            return None
        if calendar.is_working_day(day):
            return day


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _room(platform: str, room_id: str) -> str:
    # Keys stay short and printable whatever a platform's room ids look like.
    return f"{platform}:{hashlib.sha256(room_id.encode()).hexdigest()[:12]}"


# --- what is due ----------------------------------------------------------------------------


def due_messages(
    ctx: ServiceContext,
    *,
    at: datetime | None = None,
    platforms: Sequence[str] = (),
    language: str = "nb",
) -> list[outbox.Outgoing]:
    """Every message due at `at` (default: now) that has not been written yet.

    `platforms` orders the chat platforms a person is reached on (a platform that has a sender
    first); rooms are written for whatever platform they are on, so a message for a platform
    without a sender fails visibly instead of disappearing."""
    at = at or ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        groups = list(session.scalars(select(Group).order_by(Group.id)))
        bindings: dict[tuple[int, int | None], list[RoomBinding]] = defaultdict(list)
        for binding in session.scalars(select(RoomBinding).order_by(RoomBinding.id)):
            bindings[(binding.group_id, binding.workgroup_id)].append(binding)
        messages: list[outbox.Outgoing] = []
        reminders: dict[int, _Bundle] = {}
        for group in groups:
            zone = ZoneInfo(group.timezone)
            messages += _summaries(ctx, session, group, zone, bindings, at, language)
            messages += _digests(session, ctx.calendar, group, zone, bindings, at, language)
            if not is_quiet(
                at.astimezone(zone).hour, group.quiet_hours_start, group.quiet_hours_end
            ):
                _reminder_items(session, ctx.calendar, group, zone, at, reminders)
        messages += _bundles(session, reminders, at, platforms)
    return messages


def _summaries(
    ctx: ServiceContext,
    session: Session,
    group: Group,
    zone: ZoneInfo,
    bindings: dict[tuple[int, int | None], list[RoomBinding]],
    at: datetime,
    language: str,
) -> list[outbox.Outgoing]:
    """This week's summary per workgroup to its rooms, and the overview to the group's rooms."""
    local_today = at.astimezone(zone).date()
    monday = local_today - timedelta(days=local_today.weekday())
    slots = []
    for week_start in (monday, monday - timedelta(days=7)):
        found = summary_day(ctx.calendar, week_start + timedelta(days=group.summary_weekday))
        if found is None:
            continue
        day = found
        slot = at_local(day, group.summary_hour, zone)
        if slot <= at < slot + CATCH_UP:
            slots.append((slot, day))
    rooms = {key: rows for key, rows in bindings.items() if key[0] == group.id}
    if not slots or not rooms:
        return []
    candidates: list[tuple[str, str, RoomBinding, date]] = []
    for _slot, day in slots:
        for (_group, workgroup_id), rows in rooms.items():
            for room in rows:
                kind, scope = (
                    (OVERVIEW, group.id) if workgroup_id is None else (SUMMARY, workgroup_id)
                )
                key = f"{kind}:{scope}:{_week(day)}:{_room(room.platform, room.room_id)}"
                candidates.append((key, kind, room, day))
    written = outbox.existing_keys(session, (c[0] for c in candidates))
    missing = [c for c in candidates if c[0] not in written]
    if not missing:
        return []
    # One summary of the whole group, whatever the number of workgroups and tasks.
    summary = group_summary(replace(ctx, zone=zone), group_id=group.id)
    quiet = {part.workgroup.id for part in summary.workgroups if part.quiet}
    messages = []
    for key, kind, room, day in missing:
        if kind == SUMMARY and room.workgroup_id in quiet:
            continue  # nothing changed and nothing is due: the overview says so in one line
        payload: dict[str, Any] = {"group_id": group.id, "week": _week(day), "day": str(day)}
        if kind == SUMMARY:
            payload["workgroup_id"] = room.workgroup_id
        messages.append(
            outbox.Outgoing(
                key=key,
                kind=kind,
                platform=room.platform,
                destination=room.room_id,
                payload=payload,
                not_before=at,
                language=language,
            )
        )
    return messages


def _digests(
    session: Session,
    calendar: WorkCalendar,
    group: Group,
    zone: ZoneInfo,
    bindings: dict[tuple[int, int | None], list[RoomBinding]],
    at: datetime,
    language: str,
) -> list[outbox.Outgoing]:
    """The digest of each coming meeting, a week before its day, to the group's rooms."""
    rooms = bindings.get((group.id, None), [])
    if not rooms:
        return []
    meetings = session.execute(
        select(Meeting.id, Meeting.starts_at).where(
            Meeting.group_id == group.id,
            Meeting.starts_at > at,
            Meeting.starts_at <= at + DIGEST_LEAD + timedelta(days=2),
        )
    ).all()
    candidates = []
    for meeting_id, starts_at in meetings:
        day = local_day(starts_at, zone)
        send_on = digest_day(calendar, day - DIGEST_LEAD, day)
        if send_on is None:
            continue
        slot = at_local(send_on, group.summary_hour, zone)
        # Until the meeting starts: a meeting planned at short notice still gets its digest.
        if slot <= at < starts_at:
            for room in rooms:
                key = f"{DIGEST}:{meeting_id}:{day}:{_room(room.platform, room.room_id)}"
                candidates.append((key, meeting_id, day, room))
    written = outbox.existing_keys(session, (c[0] for c in candidates))
    return [
        outbox.Outgoing(
            key=key,
            kind=DIGEST,
            platform=room.platform,
            destination=room.room_id,
            payload={"group_id": group.id, "meeting_id": meeting_id, "day": str(day)},
            not_before=at,
            language=language,
        )
        for key, meeting_id, day, room in candidates
        if key not in written
    ]


@dataclass
class _Bundle:
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
    bundles: dict[int, _Bundle],
    person_id: int,
    group_id: int,
    today: date,
    item: tuple[str, dict[str, Any]],
    lookback: int,
) -> None:
    bundle = bundles.setdefault(person_id, _Bundle(person_id, today, set(), {}, 0))
    bundle.group_ids.add(group_id)
    bundle.items.setdefault(*item)
    bundle.lookback_days = max(bundle.lookback_days, lookback)


def _reminder_items(
    session: Session,
    calendar: WorkCalendar,
    group: Group,
    zone: ZoneInfo,
    at: datetime,
    bundles: dict[int, _Bundle],
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
        ((deadline.id, resolved), _waiting(session, members, deadline))
        for deadline, resolved in due
    ]


def _waiting(session: Session, members: dict[int, int | None], deadline: Deadline) -> set[int]:
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


def _bundles(
    session: Session, bundles: dict[int, _Bundle], at: datetime, platforms: Sequence[str]
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


# --- what to say, checked again at delivery -------------------------------------------------


@dataclass(frozen=True)
class TaskReminder:
    """A task its owner is reminded of: due soon, or overdue."""

    task: s.TaskView
    occasion: str


@dataclass(frozen=True)
class ContributionReminder:
    """Written input a member has yet to send for an agenda item, and by when."""

    deadline_id: int
    due_on: date
    item_label: str | None
    item_title: str | None
    meeting_title: str | None


@dataclass(frozen=True)
class ReminderBundle:
    """What is still worth reminding a person of, as it stands at delivery."""

    person: s.PersonView
    tasks: list[TaskReminder]
    contributions: list[ContributionReminder]


def reminder_bundle(ctx: ServiceContext, *, payload: dict[str, Any]) -> ReminderBundle | None:
    """The items of a reminder message that still hold: the task is open, still the person's and
    still due on the date the item was made for; the member still has not contributed.

    None when nothing is left (the message is not sent)."""
    person_id = int(payload["person_id"])
    items = list(payload.get("items", []))
    task_items = {int(i["task_id"]): i for i in items if "task_id" in i}
    deadline_items = {int(i["deadline_id"]): i for i in items if "deadline_id" in i}
    with ctx.uow() as uow:
        session = uow.session
        person = session.get(Person, person_id)
        if person is None:
            return None
        rows = session.connection().execute(
            select(*_TASK_COLUMNS)
            .join(Workgroup, Task.workgroup_id == Workgroup.id)
            .outerjoin(Person, Task.owner_id == Person.id)
            .where(Task.id.in_(task_items))
            .order_by(Task.due_on, Task.id)
        )
        tasks = [
            TaskReminder(view, task_items[view.id]["occasion"])
            for view in map(_row_view, rows)
            if view.status != TaskStatus.DONE
            and view.owner_id == person_id
            and view.due_on is not None
            and str(view.due_on) == task_items[view.id]["due_on"]
        ]
        contributions = _contribution_reminders(ctx, session, person_id, deadline_items)
        view = person_view(person)
    if not tasks and not contributions:
        return None
    return ReminderBundle(view, tasks, contributions)


def _contribution_reminders(
    ctx: ServiceContext, session: Session, person_id: int, items: dict[int, dict[str, Any]]
) -> list[ContributionReminder]:
    if not items:
        return []
    rows = session.execute(
        select(Deadline, Meeting, AgendaItem)
        .outerjoin(Meeting, Deadline.meeting_id == Meeting.id)
        .outerjoin(AgendaItem, Deadline.agenda_item_id == AgendaItem.id)
        .where(Deadline.id.in_(items))
        .order_by(Deadline.id)
    ).all()
    found = []
    zones = dict(session.execute(select(Group.id, Group.timezone)).all())
    for deadline, meeting, item in rows:
        zone = ZoneInfo(zones.get(deadline.group_id, ctx.zone.key))
        resolved = deadline.resolve(local_day(meeting.starts_at, zone) if meeting else None)
        if resolved is None or str(resolved) != items[deadline.id]["due_on"]:
            continue  # the deadline moved: a new reminder comes for the new date
        organisation_id = session.scalar(
            select(Person.organisation_id).where(Person.id == person_id)
        )
        if not _waiting(session, {person_id: organisation_id}, deadline):
            continue  # the person's organisation has answered since
        found.append(
            ContributionReminder(
                deadline_id=deadline.id,
                due_on=resolved,
                item_label=item.label if item else None,
                item_title=item.title if item else None,
                meeting_title=meeting.title if meeting else None,
            )
        )
    return found


@dataclass(frozen=True)
class ItemContributions:
    """An agenda item, who has sent written input for it, and its deadline."""

    label: str
    title: str
    names: list[str]
    deadline: date | None


@dataclass(frozen=True)
class MeetingDigest:
    """A week before a meeting: what is due for it, what is missing, the input received."""

    meeting: s.MeetingView
    day: date
    open_tasks: list[s.TaskView]
    done_tasks: list[s.TaskView]
    items: list[ItemContributions]


def meeting_digest(ctx: ServiceContext, *, meeting_id: int, day: date) -> MeetingDigest | None:
    """The digest of a meeting, or None if the meeting is gone or no longer on that day."""
    with ctx.uow() as uow:
        session = uow.session
        meeting = session.scalar(_meeting_query().where(Meeting.id == meeting_id))
        if meeting is None:
            return None
        zone = ZoneInfo(session.get_one(Group, meeting.group_id).timezone)
        if local_day(meeting.starts_at, zone) != day:
            return None  # rescheduled: its digest comes a week before the new day
        rows = session.connection().execute(
            select(*_TASK_COLUMNS)
            .join(Workgroup, Task.workgroup_id == Workgroup.id)
            .outerjoin(Person, Task.owner_id == Person.id)
            .where(Task.meeting_id == meeting_id)
            .order_by(Task.due_on.is_(None), Task.due_on, Task.id)
        )
        tasks = [_row_view(row) for row in rows]
        deadlines: dict[int, date | None] = {}
        for deadline in session.scalars(
            select(Deadline).where(
                Deadline.meeting_id == meeting_id,
                Deadline.kind == DeadlineKind.CONTRIBUTION.value,
                Deadline.agenda_item_id.is_not(None),
            )
        ):
            deadlines[deadline.agenda_item_id or 0] = deadline.resolve(day)
        names: dict[int, list[str]] = defaultdict(list)
        for item_id, first, last in session.execute(
            select(Contribution.agenda_item_id, Person.first_name, Person.last_name)
            .join(Person, Contribution.person_id == Person.id)
            .join(AgendaItem, Contribution.agenda_item_id == AgendaItem.id)
            .join(MeetingPart, AgendaItem.part_id == MeetingPart.id)
            .where(
                MeetingPart.meeting_id == meeting_id,
                Contribution.kind == ContributionKind.INPUT.value,
            )
            .order_by(Contribution.submitted_at, Contribution.id)
        ):
            name = f"{first} {last}".strip()
            if name not in names[item_id]:
                names[item_id].append(name)
        view = meeting_view(meeting)
    items = [
        ItemContributions(item.label, item.title, names.get(item.id, []), deadlines.get(item.id))
        for part in view.parts
        for item in part.items
        if item.id in deadlines or item.id in names
    ]
    return MeetingDigest(
        meeting=view,
        day=day,
        open_tasks=[t for t in tasks if t.status != TaskStatus.DONE],
        done_tasks=[t for t in tasks if t.status == TaskStatus.DONE],
        items=items,
    )
