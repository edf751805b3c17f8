"""The reply value: a small tree of blocks that each adapter renders its own way. Every action
carries the typed command that does the same, so a platform without buttons loses nothing."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from tracker.models import TaskStatus


class Visibility(enum.StrEnum):
    """Who should see a reply where the platform can choose."""

    ASKER = "asker"  # only the person who asked (Slack: ephemeral)
    ROOM = "room"  # everyone in the room
    # The asker alone, and never in a shared room, not even where a platform cannot hide a
    # message there (Matrix): such a platform sends it to the asker's direct room instead.
    PRIVATE = "private"


@dataclass(frozen=True, slots=True)
class Action:
    """Something a person can do next, e.g. mark a task done."""

    label: str
    command: str
    task_id: int | None = None
    kind: str = "status"  # "status" (value is a TaskStatus) or "due" (value is an ISO date)
    value: str = ""


@dataclass(frozen=True, slots=True)
class Choice:
    """One reading of a line the bot was unsure of: what it would do, as the typed command."""

    label: str
    command: str


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading."""

    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of plain text."""

    text: str


@dataclass(frozen=True, slots=True)
class TaskLine:
    """One task, with its state and the actions that move it on."""

    task_id: int
    title: str
    status: TaskStatus
    status_label: str
    owner: str | None
    due: date | None
    due_label: str | None
    overdue: bool
    workgroup: str | None = None
    note: str | None = None
    actions: tuple[Action, ...] = ()
    version: int = 1


@dataclass(frozen=True, slots=True)
class Field:
    """A label and its value."""

    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Fields:
    """A group of label/value pairs."""

    items: tuple[Field, ...]


@dataclass(frozen=True, slots=True)
class BulletList:
    """A list of plain-text points, each with an indentation level."""

    items: tuple[tuple[int, str], ...]


Block = Heading | Paragraph | TaskLine | Fields | BulletList


@dataclass(frozen=True, slots=True)
class Reply:
    """What the bot answers."""

    blocks: tuple[Block, ...]
    language: str = "nb"
    visibility: Visibility = Visibility.ASKER
    is_error: bool = False
    title: str | None = None
    # Set when the reply shows tasks a later button press may refresh in place.
    task_ids: tuple[int, ...] = field(default=())
    # For an error: the input it is about (a domain field name such as "owner_id"), so a form
    # can show it next to that field.
    error_field: str | None = None
    # A question back: each reading the bot could act on. Slack shows a button per choice, the
    # other platforms a numbered list answered with «1», «2» or «ja»; every choice carries the
    # typed command, so writing that command does the same.
    choices: tuple[Choice, ...] = field(default=())

    @property
    def task_lines(self) -> tuple[TaskLine, ...]:
        """The task lines of the reply, in order."""
        return tuple(b for b in self.blocks if isinstance(b, TaskLine))
