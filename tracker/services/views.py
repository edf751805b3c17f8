"""ORM object → view model. Callers load the relationships these read (no lazy loads in loops)."""

from __future__ import annotations

from datetime import date

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


def task_view(task: m.Task) -> s.TaskView:
    """A task's view."""
    return s.TaskView(
        id=task.id,
        title=task.title,
        description=task.description,
        status=m.TaskStatus(task.status),
        blocked_reason=task.blocked_reason,
        due_on=task.due_on,
        workgroup_id=task.workgroup_id,
        workgroup_number=task.workgroup.number,
        workgroup_name=task.workgroup.name,
        owner_id=task.owner_id,
        owner_name=task.owner.full_name if task.owner else None,
        meeting_id=task.meeting_id,
        agenda_item_id=task.agenda_item_id,
        source_link=task.source_link,
        created_at=task.created_at,
        updated_at=task.updated_at,
        completed_at=task.completed_at,
        version=task.version,
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
    """A meeting's view with its parts and agenda."""
    return s.MeetingView(
        id=meeting.id,
        group_id=meeting.group_id,
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
        description=meeting.description,
        previous_meeting_on=meeting.previous_meeting_on,
        version=meeting.version,
        parts=[
            s.MeetingPartView(
                id=part.id,
                position=part.position,
                title=part.title,
                is_group_part=part.is_group_part,
                starts_at=part.starts_at,
                ends_at=part.ends_at,
                items=[agenda_item_view(item) for item in part.items],
            )
            for part in meeting.parts
        ],
    )


def agenda_item_view(item: m.AgendaItem) -> s.AgendaItemView:
    """An agenda item's view."""
    return s.AgendaItemView(
        id=item.id,
        number=item.number,
        label=item.label,
        title=item.title,
        sub_points=[s.SubPointView(level=p.level, text=p.text) for p in item.sub_points],
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
