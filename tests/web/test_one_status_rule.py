"""One definition of what may follow each status and of what each status is called: the chat and
the web offer the same next statuses for a task and call every status by the same words, in both
languages (tests/test_status_tables.py keeps a second table from coming back)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from web_support import LEAD

from chatops.core import ChatCore
from chatops.messages import IncomingMessage
from chatops.vocabulary import status_label
from tracker import schemas as s
from tracker.i18n import LANGUAGES, translate
from tracker.models import TaskStatus
from tracker.services import identity
from tracker.services.context import ServiceContext


def web_moves(html: str, task_id: int) -> tuple[list[str], bool]:
    """The statuses a task's buttons on a web page offer, and whether it offers a block form."""
    form = re.search(rf'action="/tasks/{task_id}/status" class="move">(.*?)</form>', html, re.S)
    assert form is not None, f"no move buttons for #{task_id}"
    buttons = re.findall(r'name="status" value="(\w+)"', form.group(1))
    block_form = re.search(rf'class="block-form">\s*<summary>[^<]*<span[^>]*> \(#{task_id}\)', html)
    return buttons, block_form is not None


def chat_moves(ctx: ServiceContext, task_id: int) -> list[str]:
    """The statuses a task's actions offer in the chat (what adapters render as buttons)."""
    reply = ChatCore(ctx).handle(
        IncomingMessage(
            platform="console",
            room_id="r",
            sender_id="lead",
            text=f"vis #{task_id}",
            event_id=f"show-{task_id}",
        )
    )
    assert reply is not None
    (line,) = reply.task_lines
    return [action.value for action in line.actions if action.kind == "status"]


@pytest.mark.parametrize("status", list(TaskStatus))
def test_the_chat_and_the_web_offer_the_same_next_statuses(
    status: TaskStatus,
    ctx: ServiceContext,
    client: FlaskClient,
    as_person: Callable[[str], int],
    make_task: Callable[..., s.TaskView],
    workgroup_id: Callable[[int], int],
) -> None:
    reason = {"blocked_reason": "venter på tall"} if status == TaskStatus.BLOCKED else {}
    task = make_task("Skriv forslag", status=status, **reason)
    lead = as_person(LEAD)
    identity.link_identity(ctx, person_id=lead, platform="console", user_id="lead")
    html = client.get(f"/workgroups/{workgroup_id(2)}").get_data(as_text=True)

    buttons, block_form = web_moves(html, task.id)
    assert buttons == chat_moves(ctx, task.id)
    assert buttons == [step.value for step in status.one_press_statuses]
    # Blocking asks for a reason, on the web in a form of its own, wherever the rule allows it.
    assert block_form == (TaskStatus.BLOCKED in status.next_statuses)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_chat_and_the_web_call_each_status_by_the_same_words(
    language: str,
    client: FlaskClient,
    as_person: Callable[[str], int],
    workgroup_id: Callable[[int], int],
) -> None:
    as_person(LEAD)
    html = client.get(f"/workgroups/{workgroup_id(2)}?lang={language}").get_data(as_text=True)
    headings = [
        heading.strip()
        for heading in re.findall(r'<section class="board-column.*?<h2[^>]*>(.*?)<span', html, re.S)
    ]
    assert headings == [translate(status.label, language) for status in TaskStatus]
    # The chat writes the same words, in lower case inside its sentences and commands.
    assert [status_label(status, language) for status in TaskStatus] == [
        heading.lower() for heading in headings
    ]
