"""The modals: create or edit a task (title, workgroup, owner as a user picker, due date, meeting,
description), and a line for the minutes of the next meeting. The core says what a form offers
and how it starts (chatops.forms); here it is laid out as Block Kit, with the form's field names
as block ids, and a submission is read back into the core's form values."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from adapters.slack.blocks import SlackBlock, plain
from adapters.slack.text import shorten
from chatops.forms import (
    MinutesField,
    MinutesFormInput,
    MinutesFormView,
    Option,
    TaskField,
    TaskFormInput,
    TaskFormView,
)
from chatops.i18n import N_, translate

TASK_MODAL = "task_modal"
MINUTES_MODAL = "minutes_modal"
TITLE_LIMIT = 300
TEXT_LIMIT = 3000
_OPTIONS_LIMIT = 100
_METADATA_LIMIT = 3000


def _option(option: Option) -> dict[str, Any]:
    return {"text": plain(option.label), "value": option.value}


def _select(placeholder: str, options: tuple[Option, ...], chosen: str | None) -> SlackBlock:
    shown = [_option(o) for o in options[:_OPTIONS_LIMIT]]
    select: SlackBlock = {
        "type": "static_select",
        "placeholder": plain(placeholder),
        "options": shown,
    }
    initial = next((o for o in shown if o["value"] == chosen), None)
    if initial is not None:
        select["initial_option"] = initial
    return select


def _text_input(initial: str, limit: int, *, multiline: bool = False) -> SlackBlock:
    element: SlackBlock = {
        "type": "plain_text_input",
        "initial_value": shorten(initial, limit),
        "max_length": limit,
    }
    if multiline:
        element["multiline"] = True
    return element


def _input(block_id: str, label: str, element: SlackBlock, *, optional: bool = False) -> SlackBlock:
    return {
        "type": "input",
        "block_id": block_id,
        "label": plain(label, 2000),
        "element": {"action_id": "value", **element},
        "optional": optional,
    }


def metadata(values: dict[str, Any]) -> str:
    """A view's private_metadata: the values as JSON, leaving out what does not fit."""
    data = {k: v for k, v in values.items() if v not in (None, "")}
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    for droppable in ("url", "query", "link"):
        if len(text) <= _METADATA_LIMIT:
            break
        data.pop(droppable, None)
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    return text


def read_metadata(view: dict[str, Any]) -> dict[str, Any]:
    """A view's private_metadata back as values."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def task_modal(form: TaskFormView, *, private_metadata: str) -> SlackBlock:
    """The modal that creates a task, or edits task `form.task_id`."""

    def t(message: str, **params: object) -> str:
        return translate(message, form.language, **params)

    owner: SlackBlock = {"type": "users_select", "placeholder": plain(t(N_("Choose a person")))}
    if form.owner_user:
        owner["initial_user"] = form.owner_user
    picker: SlackBlock = {"type": "datepicker", "placeholder": plain(t(N_("Due date")))}
    if form.due is not None:
        picker["initial_date"] = form.due.isoformat()
    blocks = [
        _input(TaskField.TITLE, t(N_("Title")), _text_input(form.title, TITLE_LIMIT)),
        _input(
            TaskField.WORKGROUP,
            t(N_("Workgroup")),
            _select(t(N_("Choose a workgroup")), form.workgroups, form.workgroup),
        ),
        _input(TaskField.OWNER, t(N_("Owner")), owner, optional=True),
        _input(TaskField.DUE, t(N_("Due")), picker, optional=True),
    ]
    if form.meetings:
        meeting = _select(t(N_("Due for a meeting")), form.meetings, form.meeting)
        blocks.append(_input(TaskField.MEETING, t(N_("Meeting")), meeting, optional=True))
    description = _text_input(form.description, TEXT_LIMIT, multiline=True)
    blocks.append(_input(TaskField.DESCRIPTION, t(N_("Description")), description, optional=True))
    heading = t(N_("Edit task #{id}"), id=form.task_id) if form.task_id else t(N_("New task"))
    return _modal(TASK_MODAL, heading, t(N_("Save")), t(N_("Cancel")), private_metadata, blocks)


def minutes_modal(form: MinutesFormView, *, private_metadata: str) -> SlackBlock:
    """The modal that adds a line to the minutes of the next meeting, under an agenda item."""

    def t(message: str) -> str:
        return translate(message, form.language)

    blocks = [
        {"type": "context", "elements": [plain(form.meeting, 2000)]},
        _input(
            MinutesField.ITEM,
            t(N_("Agenda item")),
            _select(t(N_("Choose an item")), form.items, None),
        ),
        _input(
            MinutesField.TEXT,
            t(N_("Line for the minutes")),
            _text_input(form.text, TEXT_LIMIT, multiline=True),
        ),
    ]
    heading = t(N_("Add to the minutes"))
    return _modal(MINUTES_MODAL, heading, t(N_("Save")), t(N_("Cancel")), private_metadata, blocks)


def _modal(
    callback_id: str,
    heading: str,
    submit: str,
    close: str,
    private_metadata: str,
    blocks: list[SlackBlock],
) -> SlackBlock:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(heading, 24),
        "submit": plain(submit, 24),
        "close": plain(close, 24),
        "private_metadata": private_metadata,
        "blocks": blocks,
    }


def _value(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    state = (values.get(block_id) or {}).get("value")
    return state if isinstance(state, dict) else {}


def _selected(values: dict[str, Any], block_id: str) -> str | None:
    option = _value(values, block_id).get("selected_option") or {}
    value = option.get("value")
    return value if isinstance(value, str) and value else None


def _typed(values: dict[str, Any], block_id: str) -> str:
    return str(_value(values, block_id).get("value") or "").strip()


def _day(picked: object) -> date | None:
    try:
        return date.fromisoformat(picked) if isinstance(picked, str) and picked else None
    except ValueError:
        return None


def read_task_form(view: dict[str, Any]) -> TaskFormInput:
    """A submitted task modal's values."""
    values = (view.get("state") or {}).get("values") or {}
    return TaskFormInput(
        title=_typed(values, TaskField.TITLE),
        description=_typed(values, TaskField.DESCRIPTION),
        workgroup=_selected(values, TaskField.WORKGROUP),
        owner_user=_value(values, TaskField.OWNER).get("selected_user") or None,
        due=_day(_value(values, TaskField.DUE).get("selected_date")),
        meeting=_selected(values, TaskField.MEETING),
    )


def read_minutes_form(view: dict[str, Any]) -> MinutesFormInput:
    """A submitted minutes modal's values."""
    values = (view.get("state") or {}).get("values") or {}
    return MinutesFormInput(
        item=_selected(values, MinutesField.ITEM), text=_typed(values, MinutesField.TEXT)
    )
