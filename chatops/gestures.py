"""What a press stands for. A button or a picked date on a task's card is a typed command, run
with the version of the task the card showed, so a press on an outdated card changes nothing;
a button of a question back is the reading's typed command, answered once."""

from __future__ import annotations

from datetime import date

from chatops import commands as c
from chatops.core import READ_ONLY, ChatCore
from chatops.messages import IncomingMessage
from chatops.parser import Parsed
from chatops.reply import Reply
from chatops.status import parse_status
from tracker.dates import DueDate
from tracker.services import questions


def status_command(task_id: int, value: str, *, version: int) -> c.SetStatus | None:
    """A status button's command: move the task to the status the button names."""
    status = parse_status(value)
    if status is None:
        return None
    return c.SetStatus(task_id, status, version=version)


def due_command(task_id: int, picked: str, *, version: int) -> c.MoveDue | None:
    """A due-date picker's command: the picked day (ISO 8601) as the task's due date."""
    try:
        day = date.fromisoformat(picked)
    except ValueError:
        return None
    return c.MoveDue(task_id, DueDate(day), version=version)


def choose(core: ChatCore, message: IncomingMessage) -> Reply | None:
    """Run a question's reading (the message's text is its typed command) as if typed; once
    answered, the question is closed, so a «ja» typed later does not run it a second time."""
    turn = core.read_turn(message)
    if turn.person is None:
        # Someone not linked is told how to link, and their press does not use up the question
        # (its event is the question's), so its asker can still answer it.
        return core.ask(message, c.WhoAmI(), turn)
    reply = core.handle(message)
    if reply is not None and not reply.choices:
        questions.take_question(
            core.ctx,
            platform=message.platform,
            room_id=message.room_id,
            user_id=message.sender_id,
        )
    return reply


def ask_again(core: ChatCore, message: IncomingMessage) -> Reply | None:
    """A list asked for again after a press on it (the message's text is the query that listed
    it), read as the sender and claiming no event; None where that text is not a query."""
    understood = core.understand(message)
    if not isinstance(understood, Parsed) or not isinstance(understood.command, READ_ONLY):
        return None
    return core.ask(message, understood.command)
