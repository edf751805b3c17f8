"""Handlers: plain functions from a typed command and its environment to a reply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chatops import commands as c
from chatops.handlers import account, meeting_cycle, meetings, tasks
from chatops.handlers.env import Env
from chatops.reply import Reply

HANDLERS: dict[type[Any], Callable[[Any, Env], Reply]] = {
    c.Help: account.help_,
    c.Ping: account.ping,
    c.WhoAmI: account.who_am_i,
    c.Link: account.link,
    c.SignIn: account.sign_in,
    c.BindRoom: account.bind_room,
    c.MyTasks: tasks.my_tasks,
    c.ShowTask: tasks.show_task,
    c.CreateTask: tasks.create_task,
    c.EditTask: tasks.edit_task,
    c.SetStatus: tasks.set_status,
    c.MoveDue: tasks.move_due,
    c.ShiftDue: tasks.shift_due,
    c.Assign: tasks.assign,
    c.AddComment: tasks.add_comment,
    c.Deadlines: meetings.deadlines,
    c.DueForMeeting: meetings.due_for_meeting,
    c.NextMeeting: meetings.next_meeting,
    c.AgendaDraft: meeting_cycle.agenda_draft,
    c.InputRound: meeting_cycle.input_round,
    c.Contribute: meetings.contribute,
    c.Contact: meetings.contact,
    c.Summary: meetings.summary,
}


def handle(command: c.Command, env: Env) -> Reply:
    """Run the handler of a command."""
    return HANDLERS[type(command)](command, env)
