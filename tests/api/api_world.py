"""Helpers of the API tests: the ids of the test world, a meeting inserted directly (there is
no service that creates meetings), and a snapshot of every table."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select

from tracker.db import Base
from tracker.models import AgendaItem, Meeting, MeetingPart
from tracker.services.context import ServiceContext


@dataclass(frozen=True)
class World:
    """Ids of what the fixture created, and each person's token."""

    group_id: int
    secretariat_id: int
    lead_id: int
    member_id: int
    other_id: int
    workgroup_id: int
    meeting_id: int
    item_id: int
    tokens: dict[str, str] = field(default_factory=dict)

    def auth(self, who: str) -> dict[str, str]:
        """The Authorization header of one of the people: secretariat, lead, member, other."""
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def add_meeting(
    ctx: ServiceContext, group_id: int, starts_at: datetime, title: str = "Faggruppemøte"
) -> tuple[int, int]:
    """Insert a meeting with one part and one agenda item; return (meeting id, item id)."""
    with ctx.uow() as uow:
        meeting = Meeting(
            group_id=group_id,
            title=title,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            place="Teams",
        )
        part = MeetingPart(position=1, title="Gruppemøte", is_group_part=True, starts_at=starts_at)
        item = AgendaItem(number=1, label="Sak 1/25", title="Innspill til handlingsplan")
        part.items.append(item)
        meeting.parts.append(part)
        uow.session.add(meeting)
        uow.commit()
        return meeting.id, item.id


def table_snapshot(ctx: ServiceContext) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, to prove a refused request changed nothing."""
    with ctx.uow() as uow:
        return {
            table.name: sorted((tuple(row) for row in uow.session.execute(select(table))), key=repr)
            for table in Base.metadata.sorted_tables
        }
