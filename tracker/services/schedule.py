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
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.calendar_no import WorkCalendar
from tracker.models import (
    Group,
    Meeting,
    RoomBinding,
)
from tracker.services import outbox
from tracker.services.context import ServiceContext
from tracker.services.meetings import local_day
from tracker.services.reminder_content import (
    ContributionReminder,
    ItemContributions,
    MeetingDigest,
    ReminderBundle,
    TaskReminder,
    meeting_digest,
    reminder_bundle,
)
from tracker.services.reminder_plan import (
    BEFORE,
    CONTRIBUTION,
    OVERDUE,
    OVERDUE_CATCH_UP_DAYS,
    REMINDER,
    PersonBundle,
    bundle_messages,
    reminder_items,
)
from tracker.services.schedule_time import (
    at_local,
    digest_day,
    is_quiet,
    quiet_end,
    quiet_until,
    summary_day,
)
from tracker.services.summaries import group_summary

__all__ = [
    "BEFORE",
    "CATCH_UP",
    "CONTRIBUTION",
    "DIGEST",
    "DIGEST_LEAD",
    "OVERDUE",
    "OVERDUE_CATCH_UP_DAYS",
    "OVERVIEW",
    "REMINDER",
    "SUMMARY",
    "ContributionReminder",
    "ItemContributions",
    "MeetingDigest",
    "ReminderBundle",
    "TaskReminder",
    "at_local",
    "digest_day",
    "due_messages",
    "is_quiet",
    "meeting_digest",
    "quiet_end",
    "quiet_until",
    "reminder_bundle",
    "summary_day",
]

# A summary or digest whose moment was missed (everything was down) still goes out this late.
CATCH_UP = timedelta(hours=24)
# The digest goes out this long before its meeting's day, at the group's summary hour.
DIGEST_LEAD = timedelta(days=7)

SUMMARY = "summary"
OVERVIEW = "overview"
DIGEST = "digest"


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
        reminders: dict[int, PersonBundle] = {}
        for group in groups:
            zone = ZoneInfo(group.timezone)
            messages += _summaries(ctx, session, group, zone, bindings, at, language)
            messages += _digests(session, ctx.calendar, group, zone, bindings, at, language)
            if not is_quiet(
                at.astimezone(zone).hour, group.quiet_hours_start, group.quiet_hours_end
            ):
                reminder_items(session, ctx.calendar, group, zone, at, reminders)
        messages += bundle_messages(session, reminders, at, platforms)
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
