"""The forms a platform shows beside the chat: a task's (new or edited) and a line for the minutes.
The core decides what a form offers and how it starts, read as the asker in the asker's group
(claiming no event), and what a submitted form becomes (form_checks.py). An adapter only lays a
form out and reads it back, naming its fields as `TaskField` and `MinutesField` do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from chatops import commands as c
from chatops.core import ChatCore
from chatops.formatting import long_day, short_day
from chatops.home import platform_users_of
from chatops.messages import IncomingMessage
from chatops.reply import Paragraph, Reply
from tracker.errors import NotFound
from tracker.i18n import N_, normalise_language, translate
from tracker.schemas import PersonView, WorkgroupView
from tracker.services import groups, meetings, tasks


class TaskField:
    """The fields of the task form."""

    TITLE = "title"
    WORKGROUP = "workgroup"
    OWNER = "owner"
    DUE = "due"
    MEETING = "meeting"
    DESCRIPTION = "description"


class MinutesField:
    """The fields of the minutes form."""

    ITEM = "item"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class Option:
    """One thing a form offers to pick: the value it sends back and the label it shows."""

    value: str
    label: str


@dataclass(frozen=True, slots=True)
class TaskFormView:
    """The task form as it opens: the choices, and the task's values (empty for a new one)."""

    language: str
    workgroups: tuple[Option, ...]
    meetings: tuple[Option, ...]
    # A new task's possible owners: the group's members linked on the asker's platform, for a
    # platform whose forms have no user picker of their own.
    owners: tuple[Option, ...] = ()
    task_id: int | None = None
    version: int | None = None
    title: str = ""
    description: str = ""
    workgroup: str | None = None
    owner_user: str | None = None  # the owner's user id on the asker's platform
    due: date | None = None
    meeting: str | None = None


@dataclass(frozen=True, slots=True)
class MinutesFormView:
    """The minutes form as it opens: the next meeting, its agenda items and the line."""

    language: str
    meeting: str
    items: tuple[Option, ...]
    text: str = ""


@dataclass(frozen=True, slots=True)
class TaskFormInput:
    """What a task form was submitted with."""

    title: str
    description: str
    workgroup: str | None
    owner_user: str | None
    due: date | None
    meeting: str | None


@dataclass(frozen=True, slots=True)
class MinutesFormInput:
    """What a minutes form was submitted with."""

    item: str | None
    text: str


@dataclass(frozen=True, slots=True)
class _Asker:
    person: PersonView
    group_id: int | None
    room_workgroup: WorkgroupView | None


def _refusal(language: str, message: str, **params: object) -> Reply:
    return Reply((Paragraph(translate(message, language, **params)),), language, is_error=True)


def _asker(core: ChatCore, message: IncomingMessage) -> _Asker | Reply:
    """The linked person asking and their group; else the reply that tells them how to link."""
    turn = core.read_turn(message)
    if turn.person is None:
        return core.ask(message, c.WhoAmI(), turn)
    return _Asker(turn.person, turn.group_id, turn.workgroup)


def _language(person: PersonView) -> str:
    return normalise_language(person.language)


def _workgroup_options(workgroups: list[WorkgroupView]) -> tuple[Option, ...]:
    return tuple(Option(str(wg.number), f"{wg.number} {wg.name}") for wg in workgroups)


def _owner_options(core: ChatCore, group_id: int, platform: str, keep: str) -> tuple[Option, ...]:
    """The group's members linked on the platform, by name, one user id each (`keep` where it
    is one of a person's ids: the asker's own)."""
    ids: dict[int, tuple[str, str]] = {}
    for user_id, person_id, first, last in groups.linked_members(
        core.ctx, group_id=group_id, platform=platform
    ):
        if person_id not in ids or user_id == keep:
            ids[person_id] = (user_id, f"{first} {last}".strip())
    return tuple(Option(user_id, name) for user_id, name in ids.values())


def _meeting_options(
    core: ChatCore, group_id: int, language: str, *, keep: int | None = None
) -> tuple[Option, ...]:
    """The group's meetings to come (and the one a task is due for), as 'tor. 16.01 Møte …'."""
    ctx, today = core.ctx, core.ctx.today()
    options = []
    for meeting in meetings.list_meetings(ctx, group_id=group_id):
        day = meeting.starts_at.astimezone(ctx.zone).date()
        if meeting.id == keep or day >= today:
            options.append(
                Option(str(meeting.id), f"{short_day(day, language, today)} {meeting.title}")
            )
    return tuple(options)


def task_form(
    core: ChatCore,
    message: IncomingMessage,
    *,
    task_id: int | None = None,
    title: str = "",
    description: str = "",
    owner_choices: bool = False,
) -> TaskFormView | Reply:
    """The task form for the asker: task `task_id` as it is now, or a new task (in the room's
    workgroup, else the one the asker leads) with a title and description to start from.

    `owner_choices` lists the possible owners, for a platform whose forms have no user picker."""
    asker = _asker(core, message)
    if not isinstance(asker, _Asker):
        return asker
    language = _language(asker.person)
    if task_id is not None:
        return _edit_form(core, message, asker, task_id)
    if asker.group_id is None:
        return _refusal(
            language, N_("There is no group yet; the secretariat must import an invitation.")
        )
    workgroups = groups.list_workgroups(core.ctx, group_id=asker.group_id)
    led = [wg for wg in workgroups if wg.lead_id == asker.person.id]
    chosen = asker.room_workgroup or (led[0] if len(led) == 1 else None)
    return TaskFormView(
        language,
        workgroups=_workgroup_options(workgroups),
        meetings=_meeting_options(core, asker.group_id, language),
        owners=(
            _owner_options(core, asker.group_id, message.platform, message.sender_id)
            if owner_choices
            else ()
        ),
        title=title,
        description=description if description != title else "",
        workgroup=str(chosen.number) if chosen else None,
        owner_user=message.sender_id,
    )


def _edit_form(
    core: ChatCore, message: IncomingMessage, asker: _Asker, task_id: int
) -> TaskFormView | Reply:
    language = _language(asker.person)
    try:
        task = tasks.get_task(core.ctx, task_id=task_id)
        workgroup = groups.get_workgroup(core.ctx, workgroup_id=task.workgroup_id)
    except NotFound:
        workgroup = None
    if workgroup is None or workgroup.group_id != asker.group_id:
        # Another group's task reads as no task at all.
        return _refusal(language, N_("Task #{id} does not exist."), id=task_id)
    owners = platform_users_of(
        core.ctx,
        platform=message.platform,
        person_ids={task.owner_id} if task.owner_id is not None else set(),
    )
    return TaskFormView(
        language,
        workgroups=_workgroup_options(
            groups.list_workgroups(core.ctx, group_id=workgroup.group_id)
        ),
        meetings=_meeting_options(core, workgroup.group_id, language, keep=task.meeting_id),
        task_id=task.id,
        version=task.version,
        title=task.title,
        description=task.description,
        workgroup=str(task.workgroup_number),
        owner_user=min(owners) if owners else None,
        due=task.due_on,
        meeting=str(task.meeting_id) if task.meeting_id is not None else None,
    )


def minutes_form(core: ChatCore, message: IncomingMessage, *, text: str) -> MinutesFormView | Reply:
    """The minutes form for the asker: the agenda items of their group's next meeting (the
    group's own part first) and the line to put under one of them."""
    asker = _asker(core, message)
    if not isinstance(asker, _Asker):
        return asker
    language = _language(asker.person)
    found = (
        meetings.next_meeting(core.ctx, group_id=asker.group_id)
        if asker.group_id is not None
        else None
    )
    if found is None:
        return _refusal(language, N_("No meeting is planned yet."))
    parts = sorted(found.parts, key=lambda part: not part.is_group_part)
    items = tuple(
        Option(item.label, f"{item.label}. {item.title}") for part in parts for item in part.items
    )
    if not items:
        return _refusal(language, N_("The next meeting has no agenda yet."))
    day = found.starts_at.astimezone(core.ctx.zone).date()
    return MinutesFormView(
        language, meeting=f"{found.title} · {long_day(day, language)}", items=items, text=text
    )
