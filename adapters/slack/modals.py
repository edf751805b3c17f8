"""The modals: create or edit a task (title, workgroup, owner as a user picker, due date, meeting,
description), and a line for the minutes of the next meeting. Views are built from plain values
and submissions read back into plain values; the bot runs them through the core, and an error
the core names a field for is shown next to that field (`response_action: errors`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from adapters.slack.blocks import SlackBlock, plain
from adapters.slack.text import shorten
from chatops.formatting import short_day
from tracker.i18n import N_, translate
from tracker.schemas import AgendaItemView, MeetingView, WorkgroupView

TASK_MODAL = "task_modal"
MINUTES_MODAL = "minutes_modal"
TITLE_LIMIT = 300
TEXT_LIMIT = 3000
_OPTIONS_LIMIT = 100
_METADATA_LIMIT = 3000

# Which modal block shows an error about which domain field; errors without a field go to the
# block most of them are about (permissions and unknown references: the workgroup, the item).
TASK_ERROR_BLOCKS = {
    "title": "title",
    "description": "description",
    "workgroup": "workgroup",
    "workgroup_id": "workgroup",
    "owner": "owner",
    "owner_id": "owner",
    "due_on": "due",
    "meeting_id": "meeting",
    "agenda_item_id": "meeting",
    "version": "title",
}
MINUTES_ERROR_BLOCKS = {"body": "text", "text": "text", "agenda_item_id": "item"}


@dataclass(frozen=True, slots=True)
class TaskForm:
    """What a task modal was submitted with."""

    title: str
    description: str
    workgroup: str | None
    owner_user: str | None
    due: date | None
    meeting_id: int | None


@dataclass(frozen=True, slots=True)
class MinutesForm:
    """What a minutes modal was submitted with."""

    item: str | None
    text: str


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": plain(text), "value": value}


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


def meeting_label(meeting: MeetingView, language: str, today: date, zone: Any) -> str:
    """A meeting as an option: 'tor. 16.01 Møte i faggruppen'."""
    day = meeting.starts_at.astimezone(zone).date()
    return f"{short_day(day, language, today)} {meeting.title}"


def task_modal(
    language: str,
    *,
    workgroups: list[WorkgroupView],
    meetings: list[tuple[int, str]],
    private_metadata: str,
    task_id: int | None = None,
    title: str = "",
    description: str = "",
    workgroup_id: int | None = None,
    owner_user: str | None = None,
    due: date | None = None,
    meeting_id: int | None = None,
) -> SlackBlock:
    """The modal that creates a task, or edits task `task_id`."""

    def t(message: str, **params: object) -> str:
        return translate(message, language, **params)

    options = [_option(f"{wg.number} {wg.name}", str(wg.number)) for wg in workgroups]
    workgroup: SlackBlock = {
        "type": "static_select",
        "placeholder": plain(t(N_("Choose a workgroup"))),
        "options": options[:_OPTIONS_LIMIT],
    }
    chosen = next(
        (o for o, wg in zip(options, workgroups, strict=True) if wg.id == workgroup_id), None
    )
    if chosen is not None:
        workgroup["initial_option"] = chosen
    owner: SlackBlock = {"type": "users_select", "placeholder": plain(t(N_("Choose a person")))}
    if owner_user:
        owner["initial_user"] = owner_user
    picker: SlackBlock = {"type": "datepicker", "placeholder": plain(t(N_("Due date")))}
    if due is not None:
        picker["initial_date"] = due.isoformat()
    blocks = [
        _input(
            "title",
            t(N_("Title")),
            {
                "type": "plain_text_input",
                "initial_value": shorten(title, TITLE_LIMIT),
                "max_length": TITLE_LIMIT,
            },
        ),
        _input("workgroup", t(N_("Workgroup")), workgroup),
        _input("owner", t(N_("Owner")), owner, optional=True),
        _input("due", t(N_("Due")), picker, optional=True),
    ]
    if meetings:
        meeting_options = [_option(label, str(mid)) for mid, label in meetings[:_OPTIONS_LIMIT]]
        meeting: SlackBlock = {
            "type": "static_select",
            "placeholder": plain(t(N_("Due for a meeting"))),
            "options": meeting_options,
        }
        for (mid, _label), option in zip(meetings, meeting_options, strict=False):
            if mid == meeting_id:
                meeting["initial_option"] = option
        blocks.append(_input("meeting", t(N_("Meeting")), meeting, optional=True))
    blocks.append(
        _input(
            "description",
            t(N_("Description")),
            {
                "type": "plain_text_input",
                "multiline": True,
                "initial_value": shorten(description, TEXT_LIMIT),
                "max_length": TEXT_LIMIT,
            },
            optional=True,
        )
    )
    heading = t(N_("Edit task #{id}"), id=task_id) if task_id else t(N_("New task"))
    return {
        "type": "modal",
        "callback_id": TASK_MODAL,
        "title": plain(heading, 24),
        "submit": plain(t(N_("Save")), 24),
        "close": plain(t(N_("Cancel")), 24),
        "private_metadata": private_metadata,
        "blocks": blocks,
    }


def minutes_modal(
    language: str,
    *,
    meeting: str,
    items: list[AgendaItemView],
    text: str,
    private_metadata: str,
) -> SlackBlock:
    """The modal that adds a line to the minutes of the next meeting, under an agenda item."""

    def t(message: str, **params: object) -> str:
        return translate(message, language, **params)

    return {
        "type": "modal",
        "callback_id": MINUTES_MODAL,
        "title": plain(t(N_("Add to the minutes")), 24),
        "submit": plain(t(N_("Save")), 24),
        "close": plain(t(N_("Cancel")), 24),
        "private_metadata": private_metadata,
        "blocks": [
            {"type": "context", "elements": [plain(meeting, 2000)]},
            _input(
                "item",
                t(N_("Agenda item")),
                {
                    "type": "static_select",
                    "placeholder": plain(t(N_("Choose an item"))),
                    "options": [
                        _option(f"{item.label}. {item.title}", item.label)
                        for item in items[:_OPTIONS_LIMIT]
                    ],
                },
            ),
            _input(
                "text",
                t(N_("Line for the minutes")),
                {
                    "type": "plain_text_input",
                    "multiline": True,
                    "initial_value": shorten(text, TEXT_LIMIT),
                    "max_length": TEXT_LIMIT,
                },
            ),
        ],
    }


def _value(values: dict[str, Any], block_id: str) -> dict[str, Any]:
    state = (values.get(block_id) or {}).get("value")
    return state if isinstance(state, dict) else {}


def _selected(values: dict[str, Any], block_id: str) -> str | None:
    option = _value(values, block_id).get("selected_option") or {}
    value = option.get("value")
    return value if isinstance(value, str) and value else None


def read_task_form(view: dict[str, Any]) -> TaskForm:
    """A submitted task modal's values."""
    values = (view.get("state") or {}).get("values") or {}
    picked = _value(values, "due").get("selected_date")
    meeting = _selected(values, "meeting")
    return TaskForm(
        title=(_value(values, "title").get("value") or "").strip(),
        description=(_value(values, "description").get("value") or "").strip(),
        workgroup=_selected(values, "workgroup"),
        owner_user=_value(values, "owner").get("selected_user") or None,
        due=date.fromisoformat(picked) if picked else None,
        meeting_id=int(meeting) if meeting and meeting.isdigit() else None,
    )


def read_minutes_form(view: dict[str, Any]) -> MinutesForm:
    """A submitted minutes modal's values."""
    values = (view.get("state") or {}).get("values") or {}
    return MinutesForm(
        item=_selected(values, "item"),
        text=(_value(values, "text").get("value") or "").strip(),
    )
