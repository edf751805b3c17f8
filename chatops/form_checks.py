"""A submitted form, checked by the core: what to fix, field by field, in the submitter's
language; else the typed command the form stands for, which the core then runs like any other.
A refusal of that command names a domain field, shown next to the form's field for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chatops import commands as c
from chatops.core import ChatCore
from chatops.forms import MinutesField, MinutesFormInput, TaskField, TaskFormInput
from chatops.messages import IncomingMessage
from chatops.reply import Reply
from tracker.dates import DueDate
from tracker.errors import NotFound
from tracker.i18n import N_, normalise_language, translate
from tracker.models import ContributionKind
from tracker.services import meetings

# Which form field shows a refusal about which domain field; a refusal without a field goes to
# the field most of them are about (permissions and unknown references).
_TASK_FIELDS = {
    "title": TaskField.TITLE,
    "description": TaskField.DESCRIPTION,
    "workgroup": TaskField.WORKGROUP,
    "workgroup_id": TaskField.WORKGROUP,
    "owner": TaskField.OWNER,
    "owner_id": TaskField.OWNER,
    "due_on": TaskField.DUE,
    "meeting_id": TaskField.MEETING,
    "agenda_item_id": TaskField.MEETING,
    "version": TaskField.TITLE,
}
_MINUTES_FIELDS = {"body": MinutesField.TEXT, "text": MinutesField.TEXT}


@dataclass(frozen=True, slots=True)
class Checked:
    """A submitted form: the command to run, or the errors to show next to their fields."""

    command: c.Command | None
    errors: dict[str, str]
    language: str


def _required(
    core: ChatCore, message: IncomingMessage, fields: dict[str, tuple[bool, str]]
) -> Checked:
    """The errors of the fields whose check failed (each with its message), in the language of
    the person who submitted the form."""
    turn = core.read_turn(message)
    language = normalise_language(turn.person.language if turn.person else core.default_language)
    errors = {
        field: translate(text, language) for field, (good, text) in fields.items() if not good
    }
    return Checked(None, errors, language)


def check_task_form(
    core: ChatCore,
    message: IncomingMessage,
    form: TaskFormInput,
    *,
    task: tuple[int, int] | None = None,
    source_link: str | None = None,
) -> Checked:
    """A submitted task form: an edit of `task` (its id and the version the form showed) or a
    new task, with `source_link` where it came from; or what to fix, field by field."""
    # A platform vouches for an owner not linked yet through the core (their verified e-mail).
    linked = not form.owner_user or core.person(platform=message.platform, user_id=form.owner_user)
    checked = _required(
        core,
        message,
        {
            TaskField.TITLE: (bool(form.title), N_("Give the task a title.")),
            TaskField.WORKGROUP: (bool(form.workgroup), N_("Choose a workgroup")),
            TaskField.OWNER: (
                bool(linked),
                N_("That person has not linked their chat account yet."),
            ),
        },
    )
    if checked.errors:
        return checked
    language = checked.language
    owner = f"<@{form.owner_user}>" if form.owner_user else None
    due = _due(core, form.due, form.meeting)
    command: c.Command
    if task is not None:
        command = c.EditTask(
            task_id=task[0],
            version=task[1],
            title=form.title,
            workgroup=form.workgroup or "",
            description=form.description,
            owner=owner,
            due=due,
        )
    else:
        command = c.CreateTask(
            title=form.title,
            due=due,
            owner=owner,
            workgroup=form.workgroup,
            description=form.description,
            source_link=source_link,
        )
    return Checked(command, {}, language)


def _due(core: ChatCore, day: date | None, meeting: str | None) -> DueDate | None:
    """The due date a form sets: the day picked, else the day of the meeting picked."""
    meeting_id = int(meeting) if meeting and meeting.isdigit() else None
    if day is not None:
        return DueDate(day, meeting_id=meeting_id)
    if meeting_id is None:
        return None
    try:
        found = meetings.get_meeting(core.ctx, meeting_id=meeting_id)
    except NotFound:
        return None
    return DueDate(found.starts_at.astimezone(core.ctx.zone).date(), meeting_id=meeting_id)


def check_minutes_form(core: ChatCore, message: IncomingMessage, form: MinutesFormInput) -> Checked:
    """A submitted minutes form: the line for the minutes under the item picked, or what to fix."""
    checked = _required(
        core,
        message,
        {
            MinutesField.ITEM: (bool(form.item), N_("Choose an item")),
            MinutesField.TEXT: (bool(form.text), N_("Write the line for the minutes.")),
        },
    )
    if checked.errors or form.item is None:
        return checked
    language = checked.language
    command = c.Contribute(item=form.item, text=form.text, kind=ContributionKind.MINUTES)
    return Checked(command, {}, language)


def task_error_field(reply: Reply) -> str:
    """The task form's field that shows a refusal of the core."""
    return _TASK_FIELDS.get(reply.error_field or "", TaskField.WORKGROUP)


def minutes_error_field(reply: Reply) -> str:
    """The minutes form's field that shows a refusal of the core."""
    return _MINUTES_FIELDS.get(reply.error_field or "", MinutesField.ITEM)
