"""The import writer's part for the meeting and its agenda, deadlines, events and consultations."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select

from tracker.importer.parsed import (
    ParsedAgendaItem,
    ParsedEvent,
    ParsedPart,
)
from tracker.importer.write_state import WriterState, assign
from tracker.models import (
    AgendaItem,
    AgendaSubPoint,
    Consultation,
    Deadline,
    DeadlineKind,
    Event,
    Group,
    Meeting,
    MeetingPart,
)
from tracker.services import history


class MeetingWriter(WriterState):
    """Upserts the meeting with its parts and agenda, its deadlines, events and consultations."""

    # --- meeting and agenda -----------------------------------------------------------------

    def _at(self, day: date, clock: time | None) -> datetime:
        return datetime.combine(day, clock or time(0, 0), tzinfo=self.zone)

    def _meeting(self, group: Group) -> Meeting | None:
        parsed = self.parsed.meeting
        if parsed.date is None:
            return None
        starts = self._at(parsed.date, parsed.start)
        ends = self._at(parsed.date, parsed.end) if parsed.end else None
        meeting = self.session.scalar(
            select(Meeting).where(Meeting.group_id == group.id, Meeting.starts_at == starts)
        )
        values: dict[str, Any] = {
            "title": f"Møte i faggruppe for {group.name}",
            "ends_at": ends,
            "place": parsed.place or "",
            "description": parsed.description,
            "previous_meeting_on": parsed.previous_meeting_date,
        }
        if meeting is None:
            meeting = Meeting(group_id=group.id, starts_at=starts, **values)
            self.session.add(meeting)
            self.session.flush()
            return meeting
        old = {key: getattr(meeting, key) for key in values}
        assign(meeting, values)
        history.record(
            self.session,
            actor=self.actor,
            at=self.now,
            entity="meeting",
            entity_id=meeting.id,
            old=old,
            new=values,
        )
        return meeting

    def _next_meeting(self, group: Group, meeting: Meeting | None) -> Meeting | None:
        """The meeting the letter plans ("rapporterer på neste møte 15. mai"), at the time given,
        else at this meeting's time of day (groups meet at a fixed hour)."""
        day = self.parsed.next_meeting_date
        if day is None:
            return None
        clock = self.parsed.next_meeting_start or self.parsed.meeting.start
        starts = self._at(day, clock)
        found = self.session.scalar(
            select(Meeting).where(Meeting.group_id == group.id, Meeting.starts_at == starts)
        )
        if found is not None or (meeting is not None and meeting.starts_at == starts):
            return found or meeting
        found = Meeting(
            group_id=group.id,
            starts_at=starts,
            title=f"Møte i faggruppe for {group.name}",
            place="",
            description="",
        )
        self.session.add(found)
        self.session.flush()
        return found

    def _agenda(self, meeting: Meeting) -> dict[tuple[bool, str], AgendaItem]:
        items: dict[tuple[bool, str], AgendaItem] = {}
        for position, parsed_part in enumerate(self.parsed.parts, start=1):
            part = self._part(meeting, position, parsed_part)
            for parsed_item in parsed_part.items:
                item = self._item(part, parsed_item)
                items[(parsed_part.is_group_part, parsed_item.label)] = item
        return items

    def _part(self, meeting: Meeting, position: int, parsed: ParsedPart) -> MeetingPart:
        day = self.parsed.meeting.date
        assert day is not None
        values: dict[str, Any] = {
            "title": parsed.title,
            "is_group_part": parsed.is_group_part,
            "starts_at": self._at(day, parsed.start) if parsed.start else None,
            "ends_at": self._at(day, parsed.end) if parsed.end else None,
            "link_label": parsed.link_label,
        }
        part = self.session.scalar(
            select(MeetingPart).where(
                MeetingPart.meeting_id == meeting.id, MeetingPart.position == position
            )
        )
        if part is None:
            part = MeetingPart(meeting_id=meeting.id, position=position, **values)
            self.session.add(part)
            self.session.flush()
        else:
            assign(part, values)
        return part

    def _item(self, part: MeetingPart, parsed: ParsedAgendaItem) -> AgendaItem:
        item = self.session.scalar(
            select(AgendaItem).where(
                AgendaItem.part_id == part.id, AgendaItem.number == parsed.number
            )
        )
        if item is None:
            item = AgendaItem(
                part_id=part.id, number=parsed.number, label=parsed.label, title=parsed.title
            )
            self.session.add(item)
            self.session.flush()
        else:
            assign(item, {"label": parsed.label, "title": parsed.title})
        wanted = [(p.level, p.text) for p in parsed.sub_points]
        current = self.session.scalars(
            select(AgendaSubPoint)
            .where(AgendaSubPoint.item_id == item.id)
            .order_by(AgendaSubPoint.position)
        ).all()
        if [(p.level, p.text) for p in current] != wanted:
            for old in current:
                self.session.delete(old)
            self.session.flush()
            for position, (level, text) in enumerate(wanted, start=1):
                self.session.add(
                    AgendaSubPoint(item_id=item.id, position=position, level=level, text=text)
                )
        return item

    # --- deadlines, events, consultations ---------------------------------------------------

    def _deadline(
        self,
        group: Group,
        meeting: Meeting | None,
        items: dict[tuple[bool, str], AgendaItem],
        parsed: Any,
    ) -> Deadline | None:
        item = items.get((parsed.part_is_group, parsed.agenda_item_label or ""))
        relative = parsed.offset_days is not None and meeting is not None
        values: dict[str, Any] = {
            "kind": DeadlineKind(parsed.kind),
            "title": parsed.text,
            "due_on": None if relative else parsed.due,
            "offset_days": parsed.offset_days if relative else None,
        }
        if values["due_on"] is None and values["offset_days"] is None:
            return None
        query = select(Deadline).where(Deadline.group_id == group.id, Deadline.title == parsed.text)
        deadline = self.session.scalar(query)
        if deadline is None:
            deadline = Deadline(
                group_id=group.id,
                meeting_id=meeting.id if meeting else None,
                agenda_item_id=item.id if item else None,
                **values,
            )
            self.session.add(deadline)
        else:
            assign(
                deadline,
                {
                    **values,
                    "meeting_id": meeting.id if meeting else None,
                    "agenda_item_id": item.id if item else None,
                },
            )
        return deadline

    def _event(self, group: Group, parsed: ParsedEvent) -> Event:
        event_row = self.session.scalar(
            select(Event).where(
                Event.group_id == group.id,
                Event.title == parsed.title,
                Event.starts_on == parsed.start,
            )
        )
        values = {
            "ends_on": parsed.end,
            "start_time": parsed.start_time,
            "end_time": parsed.end_time,
        }
        if event_row is None:
            event_row = Event(
                group_id=group.id, title=parsed.title, starts_on=parsed.start, **values
            )
            self.session.add(event_row)
        else:
            assign(event_row, values)
        return event_row

    def _consultation(self, group: Group, title: str, text: str, due: date | None) -> None:
        row = self.session.scalar(
            select(Consultation).where(
                Consultation.group_id == group.id, Consultation.title == title
            )
        )
        if row is None:
            self.session.add(
                Consultation(group_id=group.id, title=title, description=text, due_on=due)
            )
        else:
            assign(row, {"description": text, "due_on": due})
