"""Buttons, the due-date picker, the message shortcuts and the modals, as the listeners see them.
Each kind has its module: presses.py (a press runs the typed command it stands for through the
core), modal_openers.py (what a modal offers is the core's), submissions.py (a saved modal is a
command too), with redraw.py showing each outcome where the person pressed."""

from __future__ import annotations

from adapters.slack.bot import SlackBot
from adapters.slack.modal_openers import ModalOpeners
from adapters.slack.presses import Presses
from adapters.slack.redraw import Origins
from adapters.slack.submissions import Submissions

CREATE_TASK = "create_task"
ADD_TO_MINUTES = "add_to_minutes"


class Interactions:
    """What presses, picks, shortcuts and modal submissions do."""

    def __init__(self, bot: SlackBot) -> None:
        origins = Origins()  # an edit modal's message, kept from its opening to its saving
        presses = Presses(bot)
        openers = ModalOpeners(bot, origins)
        submissions = Submissions(bot, origins)
        self.status_pressed = presses.status_pressed
        self.due_picked = presses.due_picked
        self.choice_pressed = presses.choice_pressed
        self.edit_pressed = openers.edit_pressed
        self.new_task_pressed = openers.new_task_pressed
        self.task_from_message = openers.task_from_message
        self.minutes_from_message = openers.minutes_from_message
        self.task_submitted = submissions.task_submitted
        self.minutes_submitted = submissions.minutes_submitted
