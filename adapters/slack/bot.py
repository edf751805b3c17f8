"""The work behind the listeners: slash commands, mentions, direct messages and the Home tab, plus
the plumbing every listener shares (the thread pool, the ack budget, posting a reply where it
belongs). Who a user is, and whose Home a change touched, the chat core decides: the core writes
the Home refreshes to the outbox and the worker publishes them, outside the request.

The 3-second rule: a listener that must answer in its acknowledgement (a slash command, a modal
submission) runs its work in the pool and waits at most `ack_budget` seconds for it. In time, the
answer goes out in the HTTP response itself, with no extra Web API call; otherwise the ack says
"working on it" and the answer follows through the response URL when the work is done. Listeners
that answer later (events, buttons, shortcuts) are bolt lazy listeners on the same pool."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.webhook import WebhookClient

from adapters.slack.blocks import message_payload, slash_payload
from adapters.slack.home import home_view
from adapters.slack.people import profile_email
from adapters.slack.text import PLATFORM, command_text, escape
from chatops import commands as c
from chatops.core import ChatCore
from chatops.home import home_tab
from chatops.i18n import N_, translate
from chatops.messages import IncomingMessage
from chatops.reply import Paragraph, Reply, Visibility
from chatops.runtime import Runtime

log = logging.getLogger(__name__)

# Slack waits 3 seconds for an acknowledgement; the rest is the network's and Slack's own margin.
ACK_BUDGET = 2.0
# Errors that mean the bot cannot write to a channel, so the answer goes to the person instead.
_NOT_THERE = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}

P = ParamSpec("P")
T = TypeVar("T")


class ListenerPool(ThreadPoolExecutor):
    """The adapter's thread pool (bolt's lazy listeners and our own work), which knows what is
    still running, so a shutdown or a test can wait until everything is done."""

    def __init__(self, max_workers: int = 8) -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix="tiltak-slack")
        self._pending: set[Future[Any]] = set()
        self._idle = threading.Condition()

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Run a function in the pool, remembering it until it has finished."""
        future = super().submit(fn, *args, **kwargs)
        with self._idle:
            self._pending.add(future)
        future.add_done_callback(self._finished)
        return future

    def _finished(self, future: Future[Any]) -> None:
        with self._idle:
            self._pending.discard(future)
            self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until nothing runs or waits in the pool; False if that took longer than timeout."""
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._pending:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._idle.wait(remaining)
        return True


def first_text(reply: Reply) -> str:
    """The first paragraph of a reply (an error's message, a change's confirmation)."""
    return next((b.text for b in reply.blocks if isinstance(b, Paragraph)), "")


def send_to_response_url(url: str | None, payload: dict[str, Any]) -> bool:
    """Post to an interaction's response URL; False when there is none or it failed."""
    if not url:
        return False
    try:
        response = WebhookClient(url).send_dict(payload)
    except (SlackRequestError, OSError) as exc:
        log.warning("response_url failed: %s", exc)
        return False
    return response.status_code == 200


class SlackBot:
    """The chat core on Slack: what each kind of Slack request does."""

    def __init__(
        self,
        runtime: Runtime,
        *,
        client: WebClient,
        pool: ListenerPool,
        ack_budget: float = ACK_BUDGET,
    ) -> None:
        self.language = runtime.settings.language
        self.core = ChatCore(
            runtime.ctx,
            default_language=self.language,
            web_base_url=runtime.settings.base_url,
            vouch=lambda user_id: profile_email(client, user_id),
            home_tabs=True,
        )
        self.pool = pool
        self.ack_budget = ack_budget

    # --- plumbing -------------------------------------------------------------------------

    def t(self, message: str, language: str | None = None, **params: object) -> str:
        """A message in a language (the workspace's default when None)."""
        return translate(message, language or self.language, **params)

    def within_budget(
        self,
        work: Callable[[], T],
        *,
        late: Callable[[T], None],
        failed: Callable[[str], T],
    ) -> T | None:
        """Run work within the ack budget: its result, or None when it runs late (then `late`
        gets the result when it comes). An unexpected error becomes `failed(error id)`."""
        future = self.pool.submit(work)
        try:
            return future.result(timeout=self.ack_budget)
        except TimeoutError:
            future.add_done_callback(lambda done: self._deliver_late(done, late, failed))
            return None
        except Exception:
            error_id = uuid.uuid4().hex[:8]
            log.exception("Slack request failed (error id %s)", error_id)
            return failed(error_id)

    @staticmethod
    def _deliver_late(
        done: Future[T], late: Callable[[T], None], failed: Callable[[str], T]
    ) -> None:
        try:
            result = done.result()
        except Exception:
            error_id = uuid.uuid4().hex[:8]
            log.exception("late Slack request failed (error id %s)", error_id)
            result = failed(error_id)
        try:
            late(result)
        except Exception:
            log.exception("delivering a late answer failed")

    def failure_payload(self, error_id: str) -> dict[str, Any]:
        """What the asker sees when something unexpected broke."""
        text = self.t(
            N_("Something went wrong on my side (error {id}). Nothing was changed."), id=error_id
        )
        return {"response_type": "ephemeral", "text": escape(text)}

    def post(
        self,
        client: WebClient,
        reply: Reply,
        *,
        channel: str,
        user: str,
        thread_ts: str | None = None,
        direct: bool = False,
        query: str = "",
    ) -> None:
        """Post a reply where it belongs: for the room in the channel (in the thread it came
        from), for the asker alone as an ephemeral message, in a direct message as it is."""
        for_room = direct or (reply.visibility == Visibility.ROOM and not reply.is_error)
        payload = message_payload(reply, query="" if for_room and not direct else query)
        try:
            if for_room:
                client.chat_postMessage(channel=channel, thread_ts=thread_ts, **payload)
            else:
                client.chat_postEphemeral(
                    channel=channel, user=user, thread_ts=thread_ts, **payload
                )
        except SlackApiError as exc:
            if exc.response.get("error") not in _NOT_THERE or direct:
                log.warning("posting to %s failed: %s", channel, exc.response.get("error"))
                return
            self.post_direct(client, user, payload)
        except (SlackRequestError, OSError) as exc:
            log.warning("posting to %s failed: %s", channel, exc)

    def post_direct(self, client: WebClient, user: str, payload: dict[str, Any]) -> None:
        """Post to a person's direct messages with the bot."""
        try:
            opened = client.conversations_open(users=user)
            client.chat_postMessage(channel=opened["channel"]["id"], **payload)
        except (SlackApiError, SlackRequestError, OSError) as exc:
            log.warning("a direct message to %s failed: %s", user, exc)

    def background(self, work: Callable[[], None]) -> None:
        """Run work after the acknowledgement; a failure is logged, since nobody waits for it."""

        def run() -> None:
            try:
                work()
            except Exception:
                log.exception("Slack work after the acknowledgement failed")

        self.pool.submit(run)

    def publish_home(self, client: WebClient, user: str, *, notice: str | None = None) -> None:
        """Publish a user's Home tab as it is now (read from the core, claiming no event)."""
        try:
            home = home_tab(self.core, platform=PLATFORM, user_id=user)
            client.views_publish(user_id=user, view=home_view(home, notice=notice))
        except (SlackApiError, SlackRequestError, OSError) as exc:
            log.warning("publishing the Home of %s failed: %s", user, exc)

    # --- slash commands -------------------------------------------------------------------

    def command(
        self, ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """A slash command: the answer goes in the acknowledgement when it is ready in time."""
        answer = self.within_budget(
            lambda: self._run_command(body, client, context),
            late=lambda payload: self._answer_late(body, payload),
            failed=self.failure_payload,
        )
        if answer is None:
            ack(
                text=escape(self.t(N_("One moment, I am working on it…"))),
                response_type="ephemeral",
            )
        else:
            ack(**answer)

    @staticmethod
    def _answer_late(body: dict[str, Any], payload: dict[str, Any]) -> None:
        if payload:
            send_to_response_url(body.get("response_url"), payload)

    def _run_command(
        self, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> dict[str, Any]:
        user, channel = body["user_id"], body["channel_id"]
        text = command_text(body.get("text") or "", bot_user_id=context.bot_user_id)
        message = IncomingMessage(
            platform=PLATFORM,
            room_id=channel,
            sender_id=user,
            text=text,
            event_id=f"command:{body.get('trigger_id') or uuid.uuid4().hex}",
            is_direct=channel.startswith("D"),
        )
        # A bare `/tiltak` or mention asks for help, in the asker's own language.
        reply = self.core.handle(message, command=None if text else c.Help())
        return {} if reply is None else slash_payload(reply, query=text)

    # --- messages ---------------------------------------------------------------------------

    def mention(self, event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        """`@tiltak …` in a channel: the same command language as the slash command."""
        self._message(event, client, context, direct=False)

    def direct_message(
        self, event: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        """A direct message to the bot: the whole message is the command."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        self._message(event, client, context, direct=True)

    def _message(
        self, event: dict[str, Any], client: WebClient, context: BoltContext, *, direct: bool
    ) -> None:
        user, channel, ts = event.get("user"), event.get("channel"), event.get("ts")
        if not (user and channel and ts):
            return
        text = command_text(event.get("text") or "", bot_user_id=context.bot_user_id)
        thread = event.get("thread_ts")
        # Keyed by the message itself: a retried event, or the same message arriving both as a
        # mention and as a direct message, is handled once.
        message = IncomingMessage(
            platform=PLATFORM,
            room_id=channel,
            sender_id=user,
            text=text,
            event_id=f"message:{channel}:{ts}",
            thread_id=thread,
            is_direct=direct,
        )
        # A bare `/tiltak` or mention asks for help, in the asker's own language.
        reply = self.core.handle(message, command=None if text else c.Help())
        if reply is None:
            return
        self.post(
            client, reply, channel=channel, user=user, thread_ts=thread, direct=direct, query=text
        )

    # --- the Home tab -----------------------------------------------------------------------

    def home_opened(self, event: dict[str, Any], client: WebClient) -> None:
        """The person opened the Home tab: show it as it is now."""
        if event.get("tab", "home") == "home" and event.get("user"):
            self.publish_home(client, event["user"])
