"""Over-long text in chat: the reply says what is too long and the limit (the schemas' limits),
nothing is written, and no log line carries the whole text."""

from __future__ import annotations

import logging

import pytest
from chat_support import Chat

from tracker import schemas as s
from tracker.models import TaskStatus
from tracker.services import tasks
from tracker.services.context import ServiceContext

# A log line may quote some of what a person wrote, never a whole essay.
MOST_USER_TEXT_IN_A_LOG_LINE = 1024


def comment_limit() -> int:
    """The comment limit as the schema declares it, so the test follows the one place it lives."""
    (constraint,) = [
        m for m in s.CommentCreate.model_fields["body"].metadata if hasattr(m, "max_length")
    ]
    return int(constraint.max_length)


@pytest.fixture
def task_1(chat: Chat, ctx: ServiceContext) -> s.TaskView:
    chat("Asbjørn Lunde").say("ny oppgave Kartlegging gruppe 2")
    (task,) = tasks.list_tasks(ctx)
    return task


def test_an_over_long_comment_is_refused_with_the_limit_and_nothing_is_written(
    chat: Chat, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    answer = chat("Asbjørn Lunde").say(f"kommentar #{task_1.id} " + "a" * (comment_limit() + 1))
    assert f"Kommentaren kan være høyst {comment_limit()} tegn." in answer
    assert "Noe gikk galt" not in answer
    assert tasks.list_comments(ctx, task_id=task_1.id) == []


def test_an_over_long_comment_is_refused_in_english_in_english(
    chat: Chat, task_1: s.TaskView
) -> None:
    answer = chat("Asbjørn Lunde").say(f"comment #{task_1.id} " + "a" * 10_001)
    assert "A comment can be at most 10000 characters." in answer


def test_an_over_long_title_is_refused_with_the_limit(chat: Chat, ctx: ServiceContext) -> None:
    answer = chat("Asbjørn Lunde").say("ny oppgave " + "Kartlegg " * 45 + "gruppe 2")
    assert "Tittelen kan være høyst 300 tegn." in answer
    assert tasks.list_tasks(ctx) == []


def test_an_over_long_reason_for_blocked_is_refused_with_the_limit(
    chat: Chat, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    answer = chat("Asbjørn Lunde").say(f"#{task_1.id} blokkert: " + "venter " * 360)
    assert "Begrunnelsen kan være høyst 2000 tegn." in answer
    assert tasks.get_task(ctx, task_id=task_1.id).status == TaskStatus.TODO


def test_no_log_line_carries_more_than_a_kilobyte_of_what_someone_wrote(
    chat: Chat, task_1: s.TaskView, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    lead = chat("Asbjørn Lunde")
    marker = "x"
    for line in (
        f"kommentar #{task_1.id} " + marker * 10_001,
        "ny oppgave " + marker * 400,
        f"#{task_1.id} blokkert: " + marker * 2_500,
        marker * 5_000_000,
    ):
        lead.say(line)
    longest = max((record.getMessage().count(marker) for record in caplog.records), default=0)
    assert longest <= MOST_USER_TEXT_IN_A_LOG_LINE
