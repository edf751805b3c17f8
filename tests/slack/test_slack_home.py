"""The App Home tab: my open tasks as cards, my workgroups' next deadlines and the next meeting;
published when opened (reading it claims no event), and republished by the worker, once per
person, after changes made in Slack touch someone's tasks."""

from __future__ import annotations

from typing import Any

import pytest
from database_support import lead_task
from slack_support import HomeWorker, SlackHarness, find_element, unique, visible_text
from sqlalchemy import func, select

from chatops.home import WINDOW
from tracker import schemas as s
from tracker.clock import FixedClock
from tracker.models import OutboxMessage, ProcessedEvent, TaskStatus
from tracker.services import tasks
from tracker.services.context import ServiceContext


@pytest.fixture
def task_1(ctx: ServiceContext, linked: dict[str, str]) -> s.TaskView:
    return lead_task(ctx)


def open_home(slack: SlackHarness, user: str) -> dict[str, Any]:
    """Open the Home tab as a user; the view the app published."""
    slack.api.reset()
    slack.event({"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": "home"})
    slack.settle()
    (published,) = slack.api.calls_to("views.publish")
    assert published.args["user_id"] == user
    view: dict[str, Any] = published.args["view"]
    return view


def test_the_home_tab_shows_my_tasks_my_workgroups_deadlines_and_the_next_meeting(
    slack: SlackHarness, task_1: s.TaskView
) -> None:
    view = open_home(slack, "ULUNDE")
    assert view["type"] == "home"
    shown = visible_text(view["blocks"])
    assert "Dine åpne oppgaver (1)" in shown
    assert ":white_circle: *#1* Kartlegg sirkulære anskaffelser" in shown
    assert "*Frister for arbeidsgruppe 2 Sirkulærøkonomi*" in shown
    assert "Møte i faggruppe for Næringssamarbeid" in shown
    assert "torsdag 16. januar 2025 09:00–12:30" in shown
    find_element(view["blocks"], 1, "status:done")  # the card has its buttons here too


def test_an_unknown_users_home_tells_them_how_to_link(slack: SlackHarness, seeded: object) -> None:
    view = open_home(slack, "USTRANGER")
    assert "Jeg vet ikke hvem du er ennå" in visible_text(view["blocks"])


def processed_events(ctx: ServiceContext) -> int:
    with ctx.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(ProcessedEvent)) or 0)


def published_homes(slack: SlackHarness) -> list[str]:
    return [c.args["user_id"] for c in slack.api.calls_to("views.publish")]


def test_opening_the_home_tab_is_reading_and_records_no_handled_event(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    before = processed_events(ctx)
    for _ in range(5):
        assert "Dine åpne oppgaver (1)" in visible_text(open_home(slack, "ULUNDE")["blocks"])
    assert processed_events(ctx) == before


def test_a_change_made_in_slack_has_the_worker_republish_the_home_of_the_people_it_touches(
    slack: SlackHarness, task_1: s.TaskView, clock: FixedClock, home_worker: HomeWorker
) -> None:
    slack.command("gi #1 til <@UDAG>", user="ULUNDE")
    slack.settle()
    assert published_homes(slack) == [], "the request itself publishes no Home"
    clock.advance(WINDOW)
    home_worker.run()
    published = {c.args["user_id"]: c.args["view"] for c in slack.api.calls_to("views.publish")}
    assert set(published) == {"ULUNDE", "UDAG"}
    assert "Kartlegg sirkulære anskaffelser" in visible_text(published["UDAG"]["blocks"])
    assert "Du har ingen åpne oppgaver." in visible_text(published["ULUNDE"]["blocks"])


def test_several_changes_in_a_moment_publish_each_home_once_showing_the_last(
    slack: SlackHarness,
    ctx: ServiceContext,
    task_1: s.TaskView,
    clock: FixedClock,
    home_worker: HomeWorker,
) -> None:
    slack.command("#1 pågår", user="ULUNDE")
    slack.command("gi #1 til <@UDAG>", user="ULUNDE")
    slack.command("#1 blokkert venter på tall", user="UDAG")
    slack.settle()
    clock.advance(WINDOW)
    home_worker.run()
    home_worker.run()  # a second pass finds nothing left to publish
    assert sorted(published_homes(slack)) == ["UDAG", "ULUNDE"]
    (dag,) = [
        c.args["view"] for c in slack.api.calls_to("views.publish") if c.args["user_id"] == "UDAG"
    ]
    assert ":red_circle: *#1* Kartlegg sirkulære anskaffelser\nstår fast" in visible_text(
        dag["blocks"]
    )
    with ctx.uow() as uow:
        statuses = set(uow.session.scalars(select(OutboxMessage.status)))
    assert statuses == {"sent"}
    # A change after the window is a new refresh: the Home shows it too.
    slack.command("#1 ferdig", user="UDAG")
    slack.settle()
    clock.advance(WINDOW)
    home_worker.run()
    assert sorted(published_homes(slack)) == ["UDAG", "UDAG", "ULUNDE"]


def test_a_button_on_the_home_tab_changes_the_task_and_the_worker_redraws_the_home(
    slack: SlackHarness,
    ctx: ServiceContext,
    task_1: s.TaskView,
    clock: FixedClock,
    home_worker: HomeWorker,
) -> None:
    view = open_home(slack, "ULUNDE")
    block_id, button = find_element(view["blocks"], 1, "status:doing")
    slack.api.reset()
    slack.interact(
        {
            "type": "block_actions",
            "user": {"id": "ULUNDE"},
            "trigger_id": unique("trigger."),
            "container": {"type": "view", "view_id": "VHOME"},
            "view": {"id": "VHOME", "type": "home", "blocks": view["blocks"]},
            "actions": [
                {
                    "action_id": "status:doing",
                    "block_id": block_id,
                    "value": button["value"],
                    "type": "button",
                    "action_ts": "1736400001.000100",
                }
            ],
        }
    )
    slack.settle()
    assert tasks.get_task(ctx, task_id=1).status == TaskStatus.DOING
    clock.advance(WINDOW)
    home_worker.run()
    (published,) = slack.api.calls_to("views.publish")
    assert ":large_blue_circle: *#1* Kartlegg sirkulære anskaffelser\npågår" in visible_text(
        published.args["view"]["blocks"]
    )


def test_the_new_task_button_on_the_home_tab_opens_the_task_modal(
    slack: SlackHarness, task_1: s.TaskView
) -> None:
    open_home(slack, "ULUNDE")
    slack.interact(
        {
            "type": "block_actions",
            "user": {"id": "ULUNDE"},
            "trigger_id": unique("trigger."),
            "container": {"type": "view", "view_id": "VHOME"},
            "actions": [
                {"action_id": "new_task", "block_id": "home", "type": "button", "action_ts": "1"}
            ],
        }
    )
    slack.settle()
    (opened,) = slack.api.calls_to("views.open")
    view = opened.args["view"]
    assert view["callback_id"] == "task_modal"
    fields = {b["block_id"]: b["element"] for b in view["blocks"] if b["type"] == "input"}
    assert fields["workgroup"]["initial_option"]["value"] == "2"
    assert fields["title"]["initial_value"] == ""
