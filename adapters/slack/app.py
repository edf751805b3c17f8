"""The bolt app: built from the settings and the runtime, with one thin listener per kind of
Slack request. Both transports (the HTTP endpoint and Socket Mode) dispatch to this same app.

`process_before_response=True`: bolt's default runner runs a listener in a thread and polls for
its ack every 10 ms, which costs about 11 ms a request. Here the ack happens on the request's
own thread: a slash command answers in its acknowledgement when the work is done within the ack
budget (see bot.py), and everything else acks at once and works in a lazy listener."""

from __future__ import annotations

import logging
import re

from slack_bolt import Ack, App
from slack_sdk import WebClient

from adapters.slack.blocks import CHOICE_ACTION
from adapters.slack.bot import ACK_BUDGET, ListenerPool, SlackBot
from adapters.slack.home import NEW_TASK
from adapters.slack.interactions import ADD_TO_MINUTES, CREATE_TASK, Interactions
from adapters.slack.modals import MINUTES_MODAL, TASK_MODAL
from chatops.runtime import Runtime

log = logging.getLogger(__name__)


def web_client(runtime: Runtime) -> WebClient:
    """A Web API client with the bot token, talking to the configured API address."""
    settings = runtime.settings.slack
    return WebClient(
        token=settings.bot_token.get_secret_value(), base_url=settings.api_url, timeout=10
    )


def _ack(ack: Ack) -> None:
    ack()


def build_app(
    runtime: Runtime,
    *,
    client: WebClient | None = None,
    ack_budget: float = ACK_BUDGET,
    workers: int = 8,
) -> tuple[App, SlackBot]:
    """The bolt app with every listener, and the bot behind them."""
    settings = runtime.settings.slack
    pool = ListenerPool(workers)
    client = client or web_client(runtime)
    bot = SlackBot(runtime, client=client, pool=pool, ack_budget=ack_budget)
    interactions = Interactions(bot)
    app = App(
        name="tiltak",
        logger=log,
        client=client,
        signing_secret=settings.signing_secret.get_secret_value(),
        # auth.test once, on the first request, not when the app is built (no call at start-up).
        token_verification_enabled=False,
        # web.py checks every HTTP request's signature before bolt sees it (Socket Mode needs
        # none), so bolt's own second check would only spend another HMAC per request.
        request_verification_enabled=False,
        process_before_response=True,
        listener_executor=pool,
    )
    app.command(settings.command)(bot.command)
    app.event("app_mention")(ack=_ack, lazy=[bot.mention])
    app.event("message")(ack=_ack, lazy=[bot.direct_message])
    app.event("app_home_opened")(ack=_ack, lazy=[bot.home_opened])
    app.action(re.compile(r"^status:"))(ack=_ack, lazy=[interactions.status_pressed])
    app.action("due")(ack=_ack, lazy=[interactions.due_picked])
    app.action(re.compile(f"^{CHOICE_ACTION}"))(ack=_ack, lazy=[interactions.choice_pressed])
    app.action("edit")(ack=_ack, lazy=[interactions.edit_pressed])
    app.action(NEW_TASK)(ack=_ack, lazy=[interactions.new_task_pressed])
    app.shortcut(CREATE_TASK)(ack=_ack, lazy=[interactions.task_from_message])
    app.shortcut(ADD_TO_MINUTES)(ack=_ack, lazy=[interactions.minutes_from_message])
    app.view(TASK_MODAL)(interactions.task_submitted)
    app.view(MINUTES_MODAL)(interactions.minutes_submitted)
    return app, bot
