"""The message extension on a message's «…» menu: «Lag oppgave» opens the task form (a task
module) filled in from the message, the owner picked among the group's members (the asker
first chosen), «Legg i referat» the minutes form with the message as the line. What a form
offers, how it starts and what a submitted form becomes are the core's (chatops.forms,
chatops.form_checks); this module lays the forms out as Adaptive Cards and reads them back. A
submit is claimed by its activity id like any other, so a retry creates nothing new."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse

from adapters.teams import incoming
from adapters.teams.cards import CARD_TYPE
from chatops.core import ChatCore
from chatops.form_checks import check_minutes_form, check_task_form
from chatops.forms import (
    MinutesField,
    MinutesFormInput,
    MinutesFormView,
    Option,
    TaskField,
    TaskFormInput,
    TaskFormView,
    minutes_form,
    task_form,
)
from chatops.i18n import N_, translate
from chatops.messages import IncomingMessage
from chatops.render import render_text
from chatops.reply import Reply

CREATE_TASK = "lagOppgave"
ADD_TO_MINUTES = "leggIReferat"
FETCH = "composeExtension/fetchTask"
SUBMIT = "composeExtension/submitAction"
_TAG = re.compile(r"<[^>]+>")


def invoke_response(body: dict[str, Any]) -> Activity:
    """The synchronous answer to an invoke activity."""
    return Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200, body=body))


def answer(core: ChatCore, activity: Activity) -> Callable[[], dict[str, Any]] | None:
    """The work (run in a worker thread) that answers an extension invoke, or None for others."""
    value = activity.value if isinstance(activity.value, dict) else {}
    command_id = value.get("commandId")
    if command_id not in (CREATE_TASK, ADD_TO_MINUTES) or activity.name not in (FETCH, SUBMIT):
        return None
    is_task = command_id == CREATE_TASK
    text = _message_text(value) if activity.name == FETCH else ""
    asker = incoming.to_message(activity, text)
    if asker is None:
        return None
    found: IncomingMessage = asker
    if activity.name == FETCH:
        if is_task:
            return lambda: _task_module(_task_form(core, found, text))
        return lambda: _task_module(minutes_form(core, found, text=text))
    raw = value.get("data")
    data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    return lambda: _submitted(core, found, is_task, data)


async def run(work: Callable[[], dict[str, Any]]) -> Activity:
    """The invoke's answer, worked out off the event loop."""
    return invoke_response(await asyncio.to_thread(work))


def _message_text(value: dict[str, Any]) -> str:
    body = ((value.get("messagePayload") or {}).get("body") or {}).get("content") or ""
    text = html.unescape(_TAG.sub(" ", str(body).replace("<br>", "\n")))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _task_form(core: ChatCore, asker: IncomingMessage, text: str) -> TaskFormView | Reply:
    first = text.splitlines()[0][:150] if text else ""
    return task_form(core, asker, title=first, description=text, owner_choices=True)


def _task_module(form: TaskFormView | MinutesFormView | Reply, error: str = "") -> dict[str, Any]:
    if isinstance(form, Reply):
        return {"task": {"type": "message", "value": render_text(form)}}
    if isinstance(form, TaskFormView):
        title, card = translate(N_("New task"), form.language), _task_card(form, error)
    else:
        title, card = translate(N_("Add to the minutes"), form.language), _minutes_card(form, error)
    return {
        "task": {
            "type": "continue",
            "value": {"title": title, "card": {"contentType": CARD_TYPE, "content": card}},
        }
    }


def _choices(options: tuple[Option, ...]) -> list[dict[str, str]]:
    return [{"title": option.label, "value": option.value} for option in options]


def _card(body: list[dict[str, Any]], save: str, error: str) -> dict[str, Any]:
    if error:
        body = [{"type": "TextBlock", "text": error, "color": "Attention", "wrap": True}, *body]
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "body": body,
        "actions": [{"type": "Action.Submit", "title": save}],
    }


def _task_card(form: TaskFormView, error: str) -> dict[str, Any]:
    def t(text: str) -> str:
        return translate(text, form.language)

    body: list[dict[str, Any]] = [
        {"type": "Input.Text", "id": TaskField.TITLE, "label": t(N_("Title")),
         "value": form.title, "isRequired": True, "maxLength": 200},
        {"type": "Input.ChoiceSet", "id": TaskField.WORKGROUP, "label": t(N_("Workgroup")),
         "choices": _choices(form.workgroups), "value": form.workgroup or ""},
        {"type": "Input.ChoiceSet", "id": TaskField.OWNER, "label": t(N_("Owner")),
         "choices": _choices(form.owners), "value": form.owner_user or "", "style": "filtered"},
        {"type": "Input.Date", "id": TaskField.DUE, "label": t(N_("Due")),
         "value": form.due.isoformat() if form.due else ""},
        {"type": "Input.Text", "id": TaskField.DESCRIPTION, "label": t(N_("Description")),
         "value": form.description, "isMultiline": True},
    ]  # fmt: skip
    return _card(body, t(N_("Save")), error)


def _minutes_card(form: MinutesFormView, error: str) -> dict[str, Any]:
    def t(text: str) -> str:
        return translate(text, form.language)

    body: list[dict[str, Any]] = [
        {"type": "TextBlock", "text": form.meeting, "weight": "Bolder", "wrap": True},
        {"type": "Input.ChoiceSet", "id": MinutesField.ITEM, "label": t(N_("Agenda item")),
         "choices": _choices(form.items)},
        {"type": "Input.Text", "id": MinutesField.TEXT, "label": t(N_("Line for the minutes")),
         "value": form.text, "isMultiline": True},
    ]  # fmt: skip
    return _card(body, t(N_("Save")), error)


def _submitted(
    core: ChatCore, asker: IncomingMessage, is_task: bool, data: dict[str, Any]
) -> dict[str, Any]:
    def field(name: str) -> str:
        return str(data.get(name) or "").strip()

    if is_task:
        due = field(TaskField.DUE)
        form = TaskFormInput(
            title=field(TaskField.TITLE),
            description=field(TaskField.DESCRIPTION),
            workgroup=field(TaskField.WORKGROUP) or None,
            owner_user=field(TaskField.OWNER) or None,  # none picked: the asker
            due=date.fromisoformat(due) if _iso(due) else None,
            meeting=None,
        )
        checked = check_task_form(core, asker, form)
    else:
        minutes = MinutesFormInput(item=field(MinutesField.ITEM) or None, text=field("text"))
        checked = check_minutes_form(core, asker, minutes)
    if checked.command is None:
        again = (
            _task_form(core, asker, field(TaskField.TITLE))
            if is_task
            else minutes_form(core, asker, text=field(MinutesField.TEXT))
        )
        return _task_module(again, " ".join(checked.errors.values()))
    reply = core.handle(asker, command=checked.command)
    if reply is None:  # the same submit again: it was handled
        return {}
    return {"task": {"type": "message", "value": render_text(reply)}}


def _iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True
