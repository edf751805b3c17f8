"""The secretariat's edits of a meeting's draft agenda."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey
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
