"""Typed commands: what the parser makes of a line of chat, and what the handlers take."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.dates import DueDate
from tracker.models import ContributionKind, TaskStatus


@dataclass(frozen=True, slots=True)
class Help:
    """List the commands, or explain one topic."""

    topic: str | None = None


@dataclass(frozen=True, slots=True)
class Ping:
    """A health check."""


@dataclass(frozen=True, slots=True)
class WhoAmI:
    """Say who the sender is linked as."""


@dataclass(frozen=True, slots=True)
class MyTasks:
    """The sender's open tasks."""


@dataclass(frozen=True, slots=True)
class Deadlines:
    """Deadlines: the sender's, a workgroup's, or the group's (`scope` as typed)."""

    mine: bool = False
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class DueForMeeting:
    """What is due for the next meeting."""


@dataclass(frozen=True, slots=True)
class NextMeeting:
    """The next meeting: date, time, place and agenda."""


@dataclass(frozen=True, slots=True)
class AgendaDraft:
    """The draft agenda of the next meeting: the workgroups' deliverables, missing ones flagged."""


@dataclass(frozen=True, slots=True)
class InputRound:
    """Who has delivered written input to an item of the next meeting (as typed; None: the
    item that asks for it), and who has not."""

    item: str | None = None


@dataclass(frozen=True, slots=True)
class ShowTask:
    """One task with its details and recent history."""

    task_id: int


@dataclass(frozen=True, slots=True)
class CreateTask:
    """A new task."""

    title: str
    due: DueDate | None = None
    owner: str | None = None
    workgroup: str | None = None
    description: str = ""
    # Where the task came from, e.g. the permalink of the chat message it was made from.
    source_link: str | None = None


@dataclass(frozen=True, slots=True)
class EditTask:
    """Change a task's title, description, workgroup, owner and due date at once (a form).

    Every field is the wanted value; only those that differ from the task are changed."""

    task_id: int
    version: int
    title: str
    workgroup: str
    description: str = ""
    owner: str | None = None
    due: DueDate | None = None


@dataclass(frozen=True, slots=True)
class SetStatus:
    """Move a task to a status (blocked needs a reason).

    `version` is the task's version the asker saw (a button on a card): a stale one changes
    nothing and the reply shows the task as it is now."""

    task_id: int
    status: TaskStatus
    reason: str | None = None
    version: int | None = None


@dataclass(frozen=True, slots=True)
class MoveDue:
    """Set or move a task's due date (`version` as for SetStatus)."""

    task_id: int
    due: DueDate
    version: int | None = None


@dataclass(frozen=True, slots=True)
class ShiftDue:
    """Move a task's *current* due date by days or months; negative moves it earlier."""

    task_id: int
    days: int = 0
    months: int = 0


@dataclass(frozen=True, slots=True)
class Assign:
    """Give a task to someone.

    `owner_id` is set when the words already named one person on the roster: the handler then
    need not look the name up again. The typed form carries the name alone."""

    task_id: int
    owner: str
    owner_id: int | None = None


@dataclass(frozen=True, slots=True)
class AddComment:
    """Comment on a task."""

    task_id: int
    text: str


@dataclass(frozen=True, slots=True)
class Contribute:
    """Written input, or a line for the minutes, to an agenda item of the next meeting.

    Without `item` the meeting decides: input goes to the item that asks for it, a minutes line
    to the round-the-table item; where that is not one item, the handler asks which."""

    item: str | None
    text: str
    kind: ContributionKind = ContributionKind.INPUT


@dataclass(frozen=True, slots=True)
class Summary:
    """The weekly status summary on demand."""

    workgroup: str | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """Who the secretariat's contact person is."""


@dataclass(frozen=True, slots=True)
class Link:
    """Link this chat identity to a person with a one-time code."""

    code: str


@dataclass(frozen=True, slots=True)
class SignIn:
    """A one-time link that signs the sender in to the web view."""


@dataclass(frozen=True, slots=True)
class BindRoom:
    """Bind this room to a workgroup (or, with None, to the whole group)."""

    workgroup: str | None


Command = (
    Help
    | Ping
    | WhoAmI
    | MyTasks
    | Deadlines
    | DueForMeeting
    | NextMeeting
    | AgendaDraft
    | InputRound
    | ShowTask
    | CreateTask
    | EditTask
    | SetStatus
    | MoveDue
    | ShiftDue
    | Assign
    | AddComment
    | Contribute
    | Summary
    | Contact
    | Link
    | SignIn
    | BindRoom
)

# Commands an unlinked sender may use: they cause no change tied to a person.
OPEN_TO_UNLINKED = (Help, Ping, WhoAmI, Link)
