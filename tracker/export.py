"""Export a group's data: everything as one JSON document, or its tasks as a CSV sheet.

Reads go through the service layer and its views, so an export shows what every other edge shows.
Where a view exists only one thing at a time (comments and history per task, workgroup members),
this module reads them for the whole group in one query each instead of one query per task.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date, datetime
from typing import Any, Protocol, TextIO

from pydantic import BaseModel
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from tracker import schemas as s
from tracker.i18n import N_
from tracker.models import (
    Change,
    Comment,
    Deadline,
    Meeting,
    Task,
    Workgroup,
    WorkgroupMember,
)
from tracker.services import contributions, groups, meetings, tasks
from tracker.services.context import ServiceContext
from tracker.services.views import change_view, comment_view

# Bump when a field is renamed or removed or changes meaning; adding a field keeps the version.
FORMAT_VERSION = 1

# list_tasks pages by default; an export wants every row from one consistent read.
_ALL = 2**31 - 1

CSV_FIELDS = (
    "id",
    "workgroup_number",
    "workgroup_name",
    "title",
    "owner",
    "status",
    "due_on",
    "meeting",
    "updated_at",
)
# The same columns as a person reads them, in their language (the web's download).
CSV_HEADINGS: dict[str, str] = {
    "id": N_("Number"),
    "workgroup_number": N_("Workgroup number"),
    "workgroup_name": N_("Workgroup"),
    "title": N_("Title"),
    "owner": N_("Owner"),
    "status": N_("Status"),
    "due_on": N_("Due date"),
    "meeting": N_("Meeting"),
    "updated_at": N_("Last changed"),
}


class SheetWords(Protocol):
    """How a sheet for people says its headings, statuses, dates and times (the web's
    formatter is one)."""

    def gettext(self, message: str, /, **params: object) -> str:
        """A message in the reader's language."""
        ...

    def status(self, status: str) -> str:
        """A task status in words."""
        ...

    def short_day(self, value: date) -> str:
        """A date as the reader's spreadsheet takes it, e.g. "23.01.2025"."""
        ...

    def local_day(self, moment: datetime) -> date:
        """The calendar date of an instant in the group's zone."""
        ...

    def clock(self, moment: datetime) -> str:
        """The wall-clock time of an instant in the group's zone, e.g. "09:00"."""
        ...


# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _dump(view: BaseModel) -> dict[str, Any]:
    """A view as plain JSON values: ISO 8601 dates and times, enums as their values."""
    return view.model_dump(mode="json")


def all_tasks(ctx: ServiceContext, group_id: int) -> list[s.TaskView]:
    """Every task of a group, soonest due first, in one query."""
    return tasks.list_tasks(ctx, group_id=group_id, limit=_ALL)


def _comments_and_history(
    ctx: ServiceContext, group_id: int
) -> tuple[dict[int, list[s.CommentView]], dict[tuple[str, int], list[s.ChangeView]]]:
    """The group's task comments by task, and history by (entity, id), one query each."""
    task_ids = (
        select(Task.id)
        .join(Workgroup, Task.workgroup_id == Workgroup.id)
        .where(Workgroup.group_id == group_id)
    )
    owned = {
        "task": task_ids,
        "workgroup": select(Workgroup.id).where(Workgroup.group_id == group_id),
        "meeting": select(Meeting.id).where(Meeting.group_id == group_id),
        "deadline": select(Deadline.id).where(Deadline.group_id == group_id),
    }
    with ctx.uow() as uow:
        comment_rows = uow.session.scalars(
            select(Comment)
            .options(joinedload(Comment.author))
            .where(Comment.task_id.in_(task_ids))
            .order_by(Comment.created_at, Comment.id)
        )
        comments: dict[int, list[s.CommentView]] = defaultdict(list)
        for comment in comment_rows:
            comments[comment.task_id].append(comment_view(comment))
        change_rows = uow.session.scalars(
            select(Change)
            .options(joinedload(Change.actor))
            .where(
                or_(
                    *(
                        (Change.entity == entity) & Change.entity_id.in_(ids)
                        for entity, ids in owned.items()
                    )
                )
            )
            .order_by(Change.at, Change.id)
        )
        changes: dict[tuple[str, int], list[s.ChangeView]] = defaultdict(list)
        for change in change_rows:
            changes[(change.entity, change.entity_id)].append(change_view(change))
    return comments, changes


def _workgroup_members(ctx: ServiceContext, group_id: int) -> dict[int, list[int]]:
    """Person ids of each workgroup's members."""
    with ctx.uow() as uow:
        rows = uow.session.execute(
            select(WorkgroupMember.workgroup_id, WorkgroupMember.person_id)
            .join(Workgroup, WorkgroupMember.workgroup_id == Workgroup.id)
            .where(Workgroup.group_id == group_id)
            .order_by(WorkgroupMember.workgroup_id, WorkgroupMember.person_id)
        ).all()
    members: dict[int, list[int]] = defaultdict(list)
    for workgroup_id, person_id in rows:
        members[workgroup_id].append(person_id)
    return members


def export_json(ctx: ServiceContext, group_id: int) -> dict[str, Any]:
    """The whole dataset of a group as one JSON-serialisable document."""
    group = groups.get_group(ctx, group_id=group_id)
    roster = groups.roster(ctx, group_id=group_id)
    contacts = groups.contacts(ctx, group_id=group_id)
    workgroups = groups.list_workgroups(ctx, group_id=group_id)
    members = _workgroup_members(ctx, group_id)
    meeting_views = meetings.list_meetings(ctx, group_id=group_id)
    deadlines = meetings.list_deadlines(ctx, group_id=group_id)
    task_views = all_tasks(ctx, group_id)
    comments, changes = _comments_and_history(ctx, group_id)
    contribution_views = [
        c for m in meeting_views for c in contributions.list_contributions(ctx, meeting_id=m.id)
    ]

    # Everyone the group's data points at, on the roster or not (a lead may not be invited).
    roles = {m.person.id: m for m in roster}
    referenced = (
        set(roles)
        | {c.person.id for c in contacts}
        | {w.lead_id for w in workgroups if w.lead_id is not None}
        | {pid for ids in members.values() for pid in ids}
        | {t.owner_id for t in task_views if t.owner_id is not None}
        | {c.author_id for cs in comments.values() for c in cs if c.author_id is not None}
        | {c.actor_id for cs in changes.values() for c in cs if c.actor_id is not None}
        | {c.person_id for c in contribution_views}
    )
    people = [p for p in groups.list_people(ctx) if p.id in referenced]
    organisation_names = {p.organisation for p in people} | {group.organisation}
    organisations = [o for o in groups.list_organisations(ctx) if o.name in organisation_names]

    def history_of(entity: str, entity_id: int) -> list[dict[str, Any]]:
        return [_dump(c) for c in changes.get((entity, entity_id), [])]

    return {
        "format_version": FORMAT_VERSION,
        "exported_at": ctx.clock.now().isoformat(),
        "group": _dump(group),
        "organisations": [_dump(o) for o in organisations],
        "people": [
            {
                **_dump(p),
                "role": roles[p.id].role.value if p.id in roles else None,
                "on_roster": roles[p.id].on_roster if p.id in roles else False,
            }
            for p in people
        ],
        "contacts": [
            {
                "person_id": c.person.id,
                "valid_from": _iso(c.valid_from),
                "valid_to": _iso(c.valid_to),
            }
            for c in contacts
        ],
        "workgroups": [
            {
                **_dump(w),
                "member_ids": members.get(w.id, []),
                "history": history_of("workgroup", w.id),
            }
            for w in workgroups
        ],
        "meetings": [{**_dump(m), "history": history_of("meeting", m.id)} for m in meeting_views],
        "deadlines": [{**_dump(d), "history": history_of("deadline", d.id)} for d in deadlines],
        "events": [_dump(e) for e in meetings.list_events(ctx, group_id=group_id)],
        "consultations": [_dump(c) for c in meetings.list_consultations(ctx, group_id=group_id)],
        "tasks": [
            {
                **_dump(t),
                "comments": [_dump(c) for c in comments.get(t.id, [])],
                "history": history_of("task", t.id),
            }
            for t in task_views
        ],
        "contributions": [_dump(c) for c in contribution_views],
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _cell(text: str | None) -> str:
    """Text for a spreadsheet cell, defused if a spreadsheet would run it as a formula."""
    if not text:
        return ""
    return "'" + text if text.startswith(_FORMULA_START) else text


def export_tasks_csv(
    ctx: ServiceContext,
    group_id: int,
    out: TextIO,
    *,
    delimiter: str = ";",
    bom: bool = True,
    task_views: list[s.TaskView] | None = None,
    words: SheetWords | None = None,
) -> int:
    """Write one row per task of a group (or per given task of it, e.g. the tasks one page
    shows) as CSV for spreadsheets; return the number of rows."""
    # Without `words` the sheet is for programs: field names, status codes, ISO dates. With
    # them it is for people: headings, statuses and dates in the reader's language.
    # The defaults suit Excel set to Norwegian: semicolons are its list separator there, and
    # without a UTF-8 byte order mark it reads æ, ø and å as Windows-1252. Dates are ISO 8601;
    # `meeting` is the local date of the meeting the task is due for; `updated_at` is wall-clock
    # time in the group's zone without an offset, which spreadsheets parse as a date and time.
    groups.get_group(ctx, group_id=group_id)  # an unknown group is NotFound, not an empty sheet
    meeting_days = {
        m.id: m.starts_at.astimezone(ctx.zone).date()
        for m in meetings.list_meetings(ctx, group_id=group_id)
    }
    if bom:
        out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, delimiter=delimiter)
    if words is None:
        writer.writeheader()
    else:
        writer.writerow({name: words.gettext(CSV_HEADINGS[name]) for name in CSV_FIELDS})
    rows = all_tasks(ctx, group_id) if task_views is None else task_views
    for task in rows:
        meeting_day = meeting_days.get(task.meeting_id) if task.meeting_id else None
        row: dict[str, object] = {
            "id": task.id,
            "workgroup_number": task.workgroup_number,
            "workgroup_name": _cell(task.workgroup_name),
            "title": _cell(task.title),
            "owner": _cell(task.owner_name),
            "status": task.status.value,
            "due_on": _iso(task.due_on),
            "meeting": _iso(meeting_day),
            "updated_at": _local(task.updated_at, ctx),
        }
        if words is not None:
            row["status"] = words.status(task.status.value)
            row["due_on"] = words.short_day(task.due_on) if task.due_on else ""
            row["meeting"] = words.short_day(meeting_day) if meeting_day else ""
            row["updated_at"] = (
                f"{words.short_day(words.local_day(task.updated_at))} "
                f"{words.clock(task.updated_at)}"
            )
        writer.writerow(row)
    return len(rows)


def _local(moment: datetime, ctx: ServiceContext) -> str:
    return moment.astimezone(ctx.zone).strftime("%Y-%m-%d %H:%M:%S")
