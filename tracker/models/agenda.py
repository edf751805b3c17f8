"""The secretariat's edits of a meeting's draft agenda and of its minutes draft."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db import Base, UTCDateTime


class AgendaLayout(Base):
    """A draft agenda as edited: its items in order with their titles, and the ones dropped.

    Items are keyed ("notice", "workgroup:3", "item:12", "custom:1"), so a draft built later
    still carries each workgroup's current deliverables under the title the secretariat chose."""

    __tablename__ = "agenda_layout"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True
    )
    items: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    dropped: Mapped[list[str]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MinutesNote(Base):
    """The secretariat's minutes of one agenda item: the text as written and the decision.

    The lines sent from chat and web stay in their contributions; the text written here stands
    for the ones sent before `updated_at`, so a line sent after the edit is still shown."""

    __tablename__ = "minutes_note"

    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True
    )
