"""ORM object → view model. Callers load the relationships these read (no lazy loads in loops)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any

from tracker import models as m
from tracker import schemas as s


def person_view(person: m.Person) -> s.PersonView:
    """A person's view."""
    return s.PersonView(
        id=person.id,
        first_name=person.first_name,
        last_name=person.last_name,
        full_name=person.full_name,
        organisation=person.organisation.name if person.organisation else None,
        email=person.email,
        phone=person.phone,
        language=person.language,
    )


def workgroup_view(workgroup: m.Workgroup) -> s.WorkgroupView:
    """A workgroup's view."""
    return s.WorkgroupView(
        id=workgroup.id,
        group_id=workgroup.group_id,
        number=workgroup.number,
        name=workgroup.name,
        lead_id=workgroup.lead_id,
        lead_name=workgroup.lead.full_name if workgroup.lead else None,
    )


def group_view(group: m.Group) -> s.GroupView:
    """A group's view."""
    return s.GroupView(
        id=group.id,
        name=group.name,
        slug=group.slug,
        organisation=group.organisation.name if group.organisation else None,
        timezone=group.timezone,
        workgroup_mandate=group.workgroup_mandate,
    )


def task_row_view(row: Any) -> s.TaskView:
    """A task's view from a row of the task columns: the one mapper every task view goes through."""
    owner = f"{row.owner_first} {row.owner_last}".strip() if row.owner_id is not None else None
    return s.TaskView.model_construct(
        id=row.id,
        title=row.title,
        description=row.description,
        status=m.TaskStatus(row.status),
        blocked_reason=row.blocked_reason,
        due_on=row.due_on,
        workgroup_id=row.workgroup_id,
        workgroup_number=row.workgroup_number,
        workgroup_name=row.workgroup_name,
        owner_id=row.owner_id,
        owner_name=owner,
        meeting_id=row.meeting_id,
        agenda_item_id=row.agenda_item_id,
        source_link=row.source_link,
        created_at=row.created_at,
        updated_at=row.updated_at,
        completed_at=row.completed_at,
        version=row.version,
    )


def task_view(task: m.Task) -> s.TaskView:
    """A task's view from a loaded task (its workgroup and owner loaded), as a row maps it."""
    owner = task.owner
    return task_row_view(
        SimpleNamespace(
            **{name: getattr(task, name) for name in _TASK_FIELDS},
            workgroup_number=task.workgroup.number,
            workgroup_name=task.workgroup.name,
            owner_first=owner.first_name if owner else None,
            owner_last=owner.last_name if owner else None,
        )
    )


# The task's own columns, as `task_row_view` reads them.
_TASK_FIELDS = (
    "id",
    "title",
    "description",
    "status",
    "blocked_reason",
    "due_on",
    "workgroup_id",
    "owner_id",
    "meeting_id",
    "agenda_item_id",
    "source_link",
    "created_at",
    "updated_at",
    "completed_at",
    "version",
)


def task_summary_view(row: Any) -> s.TaskSummary:
    """A line of a task list from a row of the summary columns, in their order."""
    (
        id_,
        title,
        status,
        reason,
        due_on,
        workgroup_id,
        number,
        owner,
        first,
        last,
        meeting_id,
        version,
    ) = row
    return s.TaskSummary(
        id=id_,
        title=title,
        status=m.TaskStatus(status),
        blocked_reason=reason,
        due_on=due_on,
        workgroup_id=workgroup_id,
        workgroup_number=number,
        owner_id=owner,
        owner_name=f"{first} {last}".strip() if owner is not None else None,
        meeting_id=meeting_id,
        version=version,
    )


def comment_view(comment: m.Comment) -> s.CommentView:
    """A comment's view."""
    return s.CommentView(
        id=comment.id,
        task_id=comment.task_id,
        author_id=comment.author_id,
        author_name=comment.author.full_name if comment.author else None,
        body=comment.body,
        created_at=comment.created_at,
        channel=comment.channel,
    )


def change_view(change: m.Change) -> s.ChangeView:
    """A history entry's view."""
    return s.ChangeView(
        id=change.id,
        at=change.at,
        actor_id=change.actor_id,
        actor_name=change.actor.full_name if change.actor else None,
        channel=change.channel,
        entity=change.entity,
        entity_id=change.entity_id,
        field=change.field,
        old_value=change.old_value,
        new_value=change.new_value,
    )


def meeting_view(meeting: m.Meeting) -> s.MeetingView:
    """A meeting's view with its parts and agenda, from a loaded meeting."""
    view = _meeting_of(meeting)
    for part in meeting.parts:
        part_view = _part_of(
            part.id, part.position, part.title, part.is_group_part, part.starts_at, part.ends_at
        )
        part_view.items.extend(agenda_item_view(item) for item in part.items)
        view.parts.append(part_view)
    return view


def meeting_rows_view(rows: Sequence[Any]) -> s.MeetingView:
    """A meeting's view from flat rows of the meeting, part, item and sub-point columns (one row
    per sub-point, ordered), built by the same pieces as `meeting_view`."""
    view = _meeting_of(rows[0])
    parts: dict[int, s.MeetingPartView] = {}
    items: dict[int, s.AgendaItemView] = {}
    for row in rows:
        if row.part_id is None:
            continue
        part = parts.get(row.part_id)
        if part is None:
            part = parts[row.part_id] = _part_of(
                row.part_id,
                row.position,
                row.part_title,
                row.is_group_part,
                row.part_starts,
                row.part_ends,
            )
            view.parts.append(part)
        if row.item_id is None:
            continue
        item = items.get(row.item_id)
        if item is None:
            item = items[row.item_id] = _item_of(row.item_id, row.number, row.label, row.item_title)
            part.items.append(item)
        if row.text is not None:
            item.sub_points.append(s.SubPointView.model_construct(level=row.level, text=row.text))
    return view


def agenda_item_view(item: m.AgendaItem) -> s.AgendaItemView:
    """An agenda item's view."""
    view = _item_of(item.id, item.number, item.label, item.title)
    view.sub_points.extend(
        s.SubPointView.model_construct(level=p.level, text=p.text) for p in item.sub_points
    )
    return view


def _meeting_of(source: Any) -> s.MeetingView:
    """The meeting's own fields (from a meeting or a row with the same names), no parts yet."""
    return s.MeetingView.model_construct(
        id=source.id,
        group_id=source.group_id,
        title=source.title,
        starts_at=source.starts_at,
        ends_at=source.ends_at,
        place=source.place,
        description=source.description,
        previous_meeting_on=source.previous_meeting_on,
        version=source.version,
        parts=[],
    )


def _part_of(
    id_: int,
    position: int,
    title: str,
    is_group_part: bool,
    starts_at: datetime | None,
    ends_at: datetime | None,
) -> s.MeetingPartView:
    return s.MeetingPartView.model_construct(
        id=id_,
        position=position,
        title=title,
        is_group_part=is_group_part,
        starts_at=starts_at,
        ends_at=ends_at,
        items=[],
    )


def _item_of(id_: int, number: int, label: str, title: str) -> s.AgendaItemView:
    return s.AgendaItemView.model_construct(
        id=id_, number=number, label=label, title=title, sub_points=[]
    )


def deadline_view(deadline: m.Deadline, meeting_day: date | None) -> s.DeadlineView:
    """A deadline's view, resolved against its meeting's local date."""
    return s.DeadlineView(
        id=deadline.id,
        group_id=deadline.group_id,
        meeting_id=deadline.meeting_id,
        agenda_item_id=deadline.agenda_item_id,
        agenda_item_label=deadline.agenda_item.label if deadline.agenda_item else None,
        kind=m.DeadlineKind(deadline.kind),
        title=deadline.title,
        due_on=deadline.due_on,
        offset_days=deadline.offset_days,
        resolved_on=deadline.resolve(meeting_day),
    )


def event_view(event: m.Event) -> s.EventView:
    """An event's view."""
    return s.EventView.model_validate(event)


def consultation_view(consultation: m.Consultation) -> s.ConsultationView:
    """A consultation's view."""
    return s.ConsultationView.model_validate(consultation)


def contribution_view(contribution: m.Contribution, late: bool) -> s.ContributionView:
    """A contribution's view."""
    return s.ContributionView(
        id=contribution.id,
        agenda_item_id=contribution.agenda_item_id,
        person_id=contribution.person_id,
        person_name=contribution.person.full_name,
        kind=m.ContributionKind(contribution.kind),
        body=contribution.body,
        submitted_at=contribution.submitted_at,
        channel=contribution.channel,
        late=late,
    )
