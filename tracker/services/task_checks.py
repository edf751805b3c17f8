"""The rules a task's fields keep: a real owner, its group's meeting, a reason when blocked."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tracker.errors import InvalidInput
from tracker.i18n import N_
from tracker.models import AgendaItem, Meeting, MeetingPart, Person, TaskStatus


def check_owner(session: Session, owner_id: int | None) -> None:
    """Refuse an owner who does not exist."""
    if owner_id is not None and session.get(Person, owner_id) is None:
        raise InvalidInput(N_("Person {id} does not exist."), id=owner_id, field="owner_id")


def check_links(
    session: Session, group_id: int, meeting_id: int | None, agenda_item_id: int | None
) -> int | None:
    """Validate the meeting and agenda item a task is due for; return the meeting id."""
    if agenda_item_id is not None:
        item = session.get(AgendaItem, agenda_item_id)
        if item is None:
            raise InvalidInput(
                N_("Agenda item {id} does not exist."), id=agenda_item_id, field="agenda_item_id"
            )
        part = session.get(MeetingPart, item.part_id)
        item_meeting = part.meeting_id if part else None
        if meeting_id is not None and meeting_id != item_meeting:
            raise InvalidInput(
                N_("Agenda item {id} is not on that meeting's agenda."),
                id=agenda_item_id,
                field="agenda_item_id",
            )
        meeting_id = item_meeting
    if meeting_id is not None:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None or meeting.group_id != group_id:
            raise InvalidInput(
                N_("Meeting {id} does not exist in this group."), id=meeting_id, field="meeting_id"
            )
    return meeting_id


def check_blocked(status: TaskStatus, reason: str | None) -> None:
    """Refuse a blocked status without a reason."""
    if status == TaskStatus.BLOCKED and not (reason or "").strip():
        raise InvalidInput(
            N_("Say what the task is blocked by, e.g. «blocked: waiting for the budget»."),
            field="blocked_reason",
        )
