"""Saving the modals. A submission is checked by the core (chatops.form_checks): errors go next to
their fields (`response_action: errors`) and keep the modal open; otherwise the command the form
stands for runs through the core, a refusal again goes next to its field, and success closes
the modal and shows the outcome where the person was (a redrawn card, a post in the thread)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from adapters.slack.blocks import Card
from adapters.slack.bot import SlackBot, first_text
from adapters.slack.incoming import incoming, presser
from adapters.slack.modals import read_metadata, read_minutes_form, read_task_form
from adapters.slack.redraw import Origins, done_note, redraw_card, redraw_private
from adapters.slack.text import escape
from chatops.form_checks import (
    Checked,
    check_minutes_form,
    check_task_form,
    minutes_error_field,
    task_error_field,
)
from chatops.forms import MinutesField, TaskField
from chatops.i18n import N_, translate
from chatops.messages import IncomingMessage
from chatops.reply import Reply
from chatops.typed import typed_command

# What the acknowledgement says (errors by field, or nothing to close the modal) and the work
# that follows it, if any.
Submission = tuple[dict[str, Any], Callable[[], None] | None]


def _errors(errors: dict[str, str]) -> Submission:
    return {"response_action": "errors", "errors": errors}, None


def _submitter(
    body: dict[str, Any], view: dict[str, Any], values: dict[str, Any]
) -> IncomingMessage:
    """The person saving a modal, in the room it was opened from (else their Home)."""
    # A modal is submitted once per version of its view (its hash changes with it).
    event_id = f"view:{view.get('id')}:{view.get('hash') or body.get('trigger_id')}"
    return incoming(body, text="", event_id=event_id, room=values.get("channel") or "")


class Submissions:
    """What saving a modal does."""

    def __init__(self, bot: SlackBot, origins: Origins) -> None:
        self.bot = bot
        self.origins = origins

    def task_submitted(
        self, ack: Ack, body: dict[str, Any], client: WebClient, view: dict[str, Any]
    ) -> None:
        """The task modal saved: errors go next to their fields, success closes the modal."""
        self._submitted(ack, body, client, partial(self._save_task, body, client, view))

    def minutes_submitted(
        self, ack: Ack, body: dict[str, Any], client: WebClient, view: dict[str, Any]
    ) -> None:
        """The minutes modal saved."""
        self._submitted(ack, body, client, partial(self._save_minutes, body, client, view))

    def _submitted(
        self, ack: Ack, body: dict[str, Any], client: WebClient, work: Callable[[], Submission]
    ) -> None:
        outcome = self.bot.within_budget(
            work, late=partial(self._late_submission, client, presser(body)), failed=self._failed
        )
        if outcome is None:
            ack()  # closes the modal; the outcome follows as a message
            return
        response, then = outcome
        ack(**response)
        if then is not None:
            self.bot.background(then)

    def _failed(self, error_id: str) -> Submission:
        text = translate(
            N_("Something went wrong on my side (error {id}). Nothing was changed."),
            self.bot.core.default_language,
            id=error_id,
        )
        # One of the two is the modal's; Slack shows the error next to it.
        return _errors({TaskField.TITLE: text, MinutesField.ITEM: text})

    def _late_submission(self, client: WebClient, user: str, outcome: Submission) -> None:
        response, then = outcome
        if then is not None:
            then()
            return
        errors = response.get("errors") or {}
        if errors:
            text = "\n".join(dict.fromkeys(errors.values()))
            self.bot.post_direct(client, user, {"text": escape(text)})

    def _run(
        self, message: IncomingMessage, checked: Checked, field_of: Callable[[Reply], str]
    ) -> Reply | Submission:
        """A checked form's command run through the core: its reply, or what to acknowledge
        (the errors by field, or nothing for a form submitted before)."""
        if checked.command is None:
            return _errors(checked.errors)
        text = typed_command(checked.command, checked.language)
        reply = self.bot.core.handle(replace(message, text=text), command=checked.command)
        if reply is None:
            return {}, None
        if reply.is_error:
            return _errors({field_of(reply): first_text(reply)})
        return reply

    def _save_task(
        self, body: dict[str, Any], client: WebClient, view: dict[str, Any]
    ) -> Submission:
        values = read_metadata(view)
        form = read_task_form(view)
        edited = (
            (int(values.get("task") or 0), int(values.get("version") or 1))
            if values.get("mode") == "edit"
            else None
        )
        message = _submitter(body, view, values)
        checked = check_task_form(
            self.bot.core, message, form, task=edited, source_link=values.get("link")
        )
        reply = self._run(message, checked, task_error_field)
        if not isinstance(reply, Reply):
            return reply
        return {}, partial(
            self._task_saved, client, presser(body), values, reply, view.get("id", "")
        )

    def _task_saved(
        self, client: WebClient, user: str, values: dict[str, Any], reply: Reply, view_id: str
    ) -> None:
        """After a saved modal: show the task where the person was."""
        channel, thread = values.get("channel"), values.get("thread")
        line = reply.task_lines[0] if reply.task_lines else None
        origin = self.origins.take(view_id)
        if values.get("mode") == "edit" and line is not None and not values.get("home"):
            if values.get("eph"):
                card = Card(line.task_id, line.version, 0, values.get("query") or "")
                body = {
                    "user": {"id": user},
                    "container": {"channel_id": channel},
                    "response_url": values.get("url"),
                }
                redraw_private(self.bot, body, reply, card, f"view:{view_id}")
            elif origin is not None and channel:
                where = (channel, values.get("ts"))
                note = done_note(reply, user)
                redraw_card(client, values.get("url"), origin, where, reply, note)
            elif channel:
                self.bot.post(client, reply, channel=channel, user=user, thread_ts=thread)
        elif channel:
            self.bot.post(
                client,
                reply,
                channel=channel,
                user=user,
                thread_ts=thread,
                direct=channel.startswith("D"),
            )

    def _save_minutes(
        self, body: dict[str, Any], client: WebClient, view: dict[str, Any]
    ) -> Submission:
        values = read_metadata(view)
        message = _submitter(body, view, values)
        checked = check_minutes_form(self.bot.core, message, read_minutes_form(view))
        reply = self._run(message, checked, minutes_error_field)
        if not isinstance(reply, Reply):
            return reply
        channel = values.get("channel")
        if not channel:
            return {}, None
        then = partial(
            self.bot.post,
            client,
            reply,
            channel=channel,
            user=presser(body),
            thread_ts=values.get("thread"),
            direct=channel.startswith("D"),
        )
        return {}, then
