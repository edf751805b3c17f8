"""The task modal is read as the presser, in the presser's group: a card that names another
group's task opens nothing and reads as no task at all, and a modal's meeting alone sets the
due date to that meeting's day."""

from __future__ import annotations

from datetime import date

import pytest
from slack_support import SlackHarness, find_element, visible_text
from test_slack_modals import shortcut, submit

from adapters.slack.blocks import render_blocks
from chatops.reply import Reply, TaskLine
from chatops.status import TaskStatus
from tracker import schemas as s
from tracker.services import groups, tasks
from tracker.services.context import Actor, ServiceContext

SYSTEM = Actor.system_actor()


@pytest.fixture
def other_groups_task(ctx: ServiceContext, linked: dict[str, str]) -> s.TaskView:
    """A task in workgroup 1 of a group none of the linked Slack users belongs to."""
    other = groups.create_group(ctx, actor=SYSTEM, name="Helt annen gruppe")
    workgroup = groups.create_workgroup(
        ctx, actor=SYSTEM, group_id=other.id, data=s.WorkgroupCreate(number=1, name="Hemmelig")
    )
    return tasks.create_task(
        ctx,
        actor=SYSTEM,
        data=s.TaskCreate(title="Hemmelig oppgave", workgroup_id=workgroup.id),
    )


def test_the_edit_button_on_another_groups_task_opens_nothing_and_reads_as_no_task(
    slack: SlackHarness, other_groups_task: s.TaskView
) -> None:
    line = TaskLine(
        other_groups_task.id, "x", TaskStatus.TODO, "ikke startet", None, None, None, False
    )
    blocks = render_blocks(Reply((line,)))
    find_element(blocks, other_groups_task.id, "edit")
    slack.press(blocks, other_groups_task.id, "edit", user="ULUNDE")
    slack.settle()
    assert slack.api.calls_to("views.open") == []
    (told,) = slack.api.calls_to("respond")
    shown = visible_text(told.args["blocks"])
    assert f"Oppgave #{other_groups_task.id} finnes ikke." in shown
    assert "Hemmelig" not in shown


def test_a_meeting_picked_without_a_day_makes_the_meeting_day_the_due_date(
    slack: SlackHarness, ctx: ServiceContext, linked: dict[str, str]
) -> None:
    view = shortcut(slack, "create_task", user="ULUNDE")
    fields = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    (meeting,) = fields["meeting"]["options"]
    answer = submit(slack, view, user="ULUNDE", meeting=meeting["value"], due=None)
    assert answer == {}
    slack.settle()
    (task,) = tasks.list_tasks(ctx)
    assert (task.due_on, task.meeting_id) == (date(2025, 1, 16), int(meeting["value"]))
