"""Tasks and deliverables, their comments, and the history of every change."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.db import Base, UTCDateTime
from tracker.i18n import N_
from tracker.models.groups import Workgroup
from tracker.models.meetings import AgendaItem, Meeting
from tracker.models.people import Person


class TaskStatus(enum.StrEnum):
    """The life of a task: its statuses in the order a task moves through them (the columns of
    the board), each with its label and the statuses that may follow it. Every edge (chat, web,
    API, adapters) reads both from here."""

    TODO = "todo"
    DOING = "doing"
    BLOCKED = "blocked"
    DONE = "done"

    @property
    def label(self) -> str:
        """The status in words, as a catalog message id (translate it for the reader)."""
        return _LABELS[self]

    @property
    def next_statuses(self) -> tuple[TaskStatus, ...]:
        """The statuses a task in this one may move to next, in the order buttons show them."""
        return _NEXT_STATUSES[self]

    @property
    def one_press_statuses(self) -> tuple[TaskStatus, ...]:
        """The next statuses a single press may set: blocking asks for a reason first."""
        return tuple(step for step in _NEXT_STATUSES[self] if step != TaskStatus.BLOCKED)


_LABELS: dict[TaskStatus, str] = {
    TaskStatus.TODO: N_("Not started"),
    TaskStatus.DOING: N_("In progress"),
    TaskStatus.BLOCKED: N_("Blocked"),
    TaskStatus.DONE: N_("Done"),
}
_NEXT_STATUSES: dict[TaskStatus, tuple[TaskStatus, ...]] = {
    TaskStatus.TODO: (TaskStatus.DOING, TaskStatus.DONE, TaskStatus.BLOCKED),
    TaskStatus.DOING: (TaskStatus.DONE, TaskStatus.TODO, TaskStatus.BLOCKED),
    TaskStatus.BLOCKED: (TaskStatus.DOING, TaskStatus.DONE),
    TaskStatus.DONE: (TaskStatus.DOING,),
}


# Everything not done yet: what lists of "open" tasks show.
OPEN_STATUSES = (TaskStatus.TODO, TaskStatus.DOING, TaskStatus.BLOCKED)


class Channel(enum.StrEnum):
    """Where a change came from."""

    WEB = "web"
    API = "api"
    SLACK = "slack"
    MATRIX = "matrix"
    TEAMS = "teams"
    CONSOLE = "console"
    IMPORT = "import"
    CLI = "cli"
    SYSTEM = "system"


class Task(Base):
    """A unit of work with an owner, a workgroup and a due date."""

    __tablename__ = "task"
    __table_args__ = (
        Index("ix_task_workgroup_status", "workgroup_id", "status"),
        Index("ix_task_owner_status", "owner_id", "status"),
        Index("ix_task_due_on", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workgroup_id: Mapped[int] = mapped_column(ForeignKey("workgroup.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    status: Mapped[TaskStatus] = mapped_column(String(20), default=TaskStatus.TODO)
    blocked_reason: Mapped[str | None] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL")
    )
    source_link: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    workgroup: Mapped[Workgroup] = relationship()
    owner: Mapped[Person | None] = relationship(foreign_keys=[owner_id])
    created_by: Mapped[Person | None] = relationship(foreign_keys=[created_by_id])
    meeting: Mapped[Meeting | None] = relationship()
    agenda_item: Mapped[AgendaItem | None] = relationship()
    comments: Mapped[list[Comment]] = relationship(
        back_populates="task", order_by="Comment.created_at", cascade="all, delete-orphan"
    )

    # The ORM refuses an UPDATE whose version moved underneath it: no lost updates.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Comment(Base):
    """A comment on a task."""

    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(20))

    task: Mapped[Task] = relationship(back_populates="comments")
    author: Mapped[Person | None] = relationship()


class Change(Base):
    """One changed field: who, when, from where, old and new value. Changes are never silent."""

    __tablename__ = "change"
    __table_args__ = (Index("ix_change_entity", "entity", "entity_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    channel: Mapped[str] = mapped_column(String(20))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)

    actor: Mapped[Person | None] = relationship()


class ImportRun(Base):
    """A record of one import of an invitation file."""

    __tablename__ = "import_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(300))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    changes: Mapped[int] = mapped_column(Integer, default=0)
