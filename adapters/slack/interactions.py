"""Buttons, the due-date picker, the message shortcuts and the modals. A press runs the typed
command it stands for through the core, with the version the card showed, then redraws the card
in place: `chat.update` for a message in the channel (falling back to the response URL), the
response URL for an ephemeral list (asked again, since Slack does not send its blocks back), a
new Home for the Home tab. A press on an outdated card changes nothing and shows the task as it
is now. A button of a question back runs its reading's typed command exactly as if it had been
typed, and the answer takes the question's place."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError

from adapters.slack.blocks import (
    Card,
    SlackBlock,
    context,
    fallback_text,
    message_payload,
    render_blocks,
    replace_card,
)
from adapters.slack.bot import SlackBot, first_text, send_to_response_url
from adapters.slack.home import slack_users_of
from adapters.slack.modals import (
    MINUTES_ERROR_BLOCKS,
    TASK_ERROR_BLOCKS,
    meeting_label,
    metadata,
    minutes_modal,
    read_metadata,
    read_minutes_form,
    read_task_form,
    task_modal,
)
from adapters.slack.people import display_names
from adapters.slack.text import PLATFORM, escape, mentioned_users, plain_text
from chatops import commands as c
from chatops.formatting import long_day
from chatops.messages import IncomingMessage
from chatops.reply import Paragraph, Reply, Visibility
from tracker.dates import DueDate
from tracker.errors import NotFound
from tracker.i18n import N_
from tracker.models import ContributionKind, TaskStatus
from tracker.schemas import PersonView
from tracker.services import groups, meetings, questions, rooms, tasks

log = logging.getLogger(__name__)

CREATE_TASK = "create_task"
ADD_TO_MINUTES = "add_to_minutes"
_ORIGINS_KEPT = 500
_NAMES_ASKED = 5

Submission = tuple[dict[str, Any], Callable[[], None] | None]


def _answer_id(body: dict[str, Any], channel: str) -> str:
    """The event id of a press on a question's button: the question message itself where Slack
    names it, so that it is answered once, whichever button and however many clicks (each click
    has a trigger id of its own); else the press's own id, which a redelivery repeats."""
    ts = (body.get("container") or {}).get("message_ts") or (body.get("message") or {}).get("ts")
    if ts and channel:
        return f"action:choice:{channel}:{ts}"
    return f"action:{body.get('trigger_id') or body['actions'][0].get('action_ts')}"


class Interactions:
    """What presses, picks, shortcuts and modal submissions do."""

    def __init__(self, bot: SlackBot) -> None:
        self.bot = bot
        self.core = bot.core
        self.ctx = bot.ctx
        # The blocks of a channel message an edit modal was opened from, by view id, so the card
        # can be redrawn when the modal is saved (a submission does not carry the message).
        self._origins: OrderedDict[str, tuple[list[SlackBlock], str]] = OrderedDict()
        self._lock = threading.Lock()

    # --- buttons and the date picker --------------------------------------------------------

    def status_pressed(self, body: dict[str, Any], client: WebClient) -> None:
        """A status button on a card."""
        action = body["actions"][0]
        card = Card.parse(action.get("block_id"))
        status = str(action.get("value", "")).rsplit(":", 1)[-1]
        if card is None or status not in set(TaskStatus):
            return
        command = c.SetStatus(card.task_id, TaskStatus(status), version=card.version)
        self._act(body, client, card, command, f"#{card.task_id} {status}")

    def due_picked(self, body: dict[str, Any], client: WebClient) -> None:
        """A date picked on a card's due-date picker."""
        action = body["actions"][0]
        card = Card.parse(action.get("block_id"))
        picked = action.get("selected_date")
        if card is None or not picked:
            return
        day = date.fromisoformat(picked)
        command = c.MoveDue(card.task_id, DueDate(day), version=card.version)
        self._act(body, client, card, command, f"#{card.task_id} frist {day:%d.%m.%Y}")

    def choice_pressed(self, body: dict[str, Any], client: WebClient) -> None:
        """A button of a question back: run the reading's typed command, then show the answer
        where the question was."""
        user = body["user"]["id"]
        container = body.get("container") or {}
        channel = (body.get("channel") or {}).get("id") or container.get("channel_id") or ""
        typed = str(body["actions"][0].get("value") or "")
        if not typed:
            return
        message = IncomingMessage(
            platform=PLATFORM,
            room_id=channel or f"home:{user}",
            sender_id=user,
            text=typed,
            event_id=_answer_id(body, channel),
            is_direct=channel.startswith("D"),
            verified_email=self.bot.people.email_if_unlinked(client, user),
        )
        reply = self.core.handle(message)
        if reply is None:
            return
        if not reply.choices:
            # Answered: a «ja» typed later must not run the question's reading a second time.
            questions.take_question(self.ctx, platform=PLATFORM, room_id=channel, user_id=user)
        if container.get("is_ephemeral"):
            payload = {"replace_original": True, **message_payload(reply)}
            send_to_response_url(body.get("response_url"), payload)
        elif channel.startswith("D") or (
            reply.visibility == Visibility.ROOM and not reply.is_error
        ):
            question = body.get("message") or {}
            ts = question.get("ts") or container.get("message_ts")
            answer = message_payload(reply)
            self._update(
                client,
                body.get("response_url"),
                (channel, ts, answer["text"]),
                answer["blocks"],
            )
        else:
            # The question stands in a shared channel, but the answer is for the presser alone
            # (an error, a private list, a sign-in link): it must not take the question's place.
            payload = {"response_type": "ephemeral", "replace_original": False}
            payload.update(message_payload(reply))
            send_to_response_url(body.get("response_url"), payload)
        self.bot.after_change(client, reply, user)

    def _act(
        self, body: dict[str, Any], client: WebClient, card: Card, command: c.Command, typed: str
    ) -> None:
        user = body["user"]["id"]
        container = body.get("container") or {}
        channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
        action = body["actions"][0]
        event_id = f"action:{body.get('trigger_id') or action.get('action_ts')}"
        message = IncomingMessage(
            platform=PLATFORM,
            room_id=channel or f"home:{user}",
            sender_id=user,
            text=typed,
            event_id=event_id,
            verified_email=self.bot.people.email_if_unlinked(client, user),
        )
        reply = self.core.handle(message, command=command)
        if reply is None:
            return  # the same press again (a redelivery): it was handled
        if container.get("type") == "view":
            if reply.is_error:
                self.bot.publish_home(client, user, notice=first_text(reply))
            else:  # the presser's Home is among those the change touched
                self.bot.after_change(client, reply, user)
            return
        if container.get("is_ephemeral"):
            self._redraw_private(body, reply, card, event_id)
        else:
            self._redraw_shared(body, client, reply, user, channel or "")
        self.bot.after_change(client, reply, user)

    def _redraw_shared(
        self, body: dict[str, Any], client: WebClient, reply: Reply, user: str, channel: str
    ) -> None:
        """A card in a channel message: redraw it for everyone; an error goes to the presser."""
        message = body.get("message") or {}
        line = reply.task_lines[0] if reply.task_lines else None
        if line is not None and message.get("blocks"):
            note = None if reply.is_error else f"{escape(first_text(reply))} · <@{user}>"
            blocks = replace_card(message["blocks"], line, reply.language, note=note)
            where = (channel, message.get("ts"), message.get("text") or fallback_text(reply))
            self._update(client, body.get("response_url"), where, blocks)
        if reply.is_error:
            payload = {"response_type": "ephemeral", "replace_original": False}
            payload.update(message_payload(reply))
            send_to_response_url(body.get("response_url"), payload)

    def _update(
        self,
        client: WebClient,
        response_url: str | None,
        where: tuple[str, str | None, str],
        blocks: list[SlackBlock],
    ) -> None:
        """Replace a channel message's blocks and its text (for notifications)."""
        channel, ts, text = where
        try:
            client.chat_update(channel=channel, ts=ts or "", blocks=blocks, text=text)
            return
        except (SlackApiError, SlackRequestError, OSError) as exc:
            log.info("chat.update failed (%s); replacing through the response URL", exc)
        send_to_response_url(
            response_url, {"replace_original": True, "blocks": blocks, "text": text}
        )

    def _redraw_private(
        self, body: dict[str, Any], reply: Reply, card: Card, event_id: str
    ) -> None:
        """A card in an ephemeral list: ask the list again and show it with what happened."""
        shown = reply
        if card.query:
            again = self.core.handle(
                IncomingMessage(
                    platform=PLATFORM,
                    room_id=(body.get("container") or {}).get("channel_id") or "",
                    sender_id=body["user"]["id"],
                    text=card.query,
                    event_id=f"{event_id}:again",
                )
            )
            shown = again or reply
        mark = ":warning: " if reply.is_error else ":heavy_check_mark: "
        blocks = [
            context(mark + escape(first_text(reply))),
            *render_blocks(shown, query=card.query, limit=49),
        ]
        send_to_response_url(
            body.get("response_url"),
            {"replace_original": True, "blocks": blocks, "text": fallback_text(shown)},
        )

    # --- opening the task modal --------------------------------------------------------------

    def edit_pressed(self, body: dict[str, Any], client: WebClient) -> None:
        """The edit button on a card: open the task modal filled in with the task as it is."""
        user = body["user"]["id"]
        action = body["actions"][0]
        card = Card.parse(action.get("block_id"))
        person = self.bot.people.person(client, user)
        try:
            task = tasks.get_task(self.ctx, task_id=int(action.get("value") or 0))
        except (NotFound, ValueError):
            return
        container = body.get("container") or {}
        message = body.get("message") or {}
        language = person.language if person else self.bot.language
        workgroup = groups.get_workgroup(self.ctx, workgroup_id=task.workgroup_id)
        owners = sorted(slack_users_of(self.ctx, {task.owner_id} if task.owner_id else set()))
        values = {
            "mode": "edit",
            "task": task.id,
            "version": task.version,
            "channel": container.get("channel_id"),
            "ts": message.get("ts") or container.get("message_ts"),
            "thread": message.get("thread_ts") or message.get("ts"),
            "eph": bool(container.get("is_ephemeral")),
            "home": container.get("type") == "view",
            "query": card.query if card else "",
            "url": body.get("response_url"),
        }
        view = task_modal(
            language,
            workgroups=groups.list_workgroups(self.ctx, group_id=workgroup.group_id),
            meetings=self._meeting_options(workgroup.group_id, language, keep=task.meeting_id),
            private_metadata=metadata(values),
            task_id=task.id,
            title=task.title,
            description=task.description,
            workgroup_id=task.workgroup_id,
            owner_user=owners[0] if owners else None,
            due=task.due_on,
            meeting_id=task.meeting_id,
        )
        opened = self._open(client, body, view)
        if opened and message.get("blocks") and not values["eph"]:
            with self._lock:
                self._origins[opened] = (message["blocks"], message.get("text") or "")
                while len(self._origins) > _ORIGINS_KEPT:
                    self._origins.popitem(last=False)

    def new_task_pressed(self, body: dict[str, Any], client: WebClient) -> None:
        """The Home tab's "New task" button."""
        person = self._linked_or_told(client, body)
        if person is not None:
            self._open_create(client, body, person, channel=None, values={"home": True})

    def task_from_message(self, body: dict[str, Any], client: WebClient) -> None:
        """The message shortcut "Lag oppgave": the task modal filled in from the message, which
        stays on the task as its source (the message's permalink)."""
        person = self._linked_or_told(client, body)
        if person is None:
            return
        channel = body["channel"]["id"]
        message = body.get("message") or {}
        text = self._readable(client, message.get("text") or "")
        link = None
        try:
            link = client.chat_getPermalink(channel=channel, message_ts=message["ts"])["permalink"]
        except (SlackApiError, SlackRequestError, OSError, KeyError) as exc:
            log.info("no permalink for a message in %s: %s", channel, exc)
        first_line = next((line for line in text.splitlines() if line.strip()), "")
        values = {
            "channel": channel,
            "thread": message.get("thread_ts") or message.get("ts"),
            "link": link,
        }
        self._open_create(
            client, body, person, channel=channel, values=values, title=first_line, text=text
        )

    def _open_create(
        self,
        client: WebClient,
        body: dict[str, Any],
        person: PersonView,
        *,
        channel: str | None,
        values: dict[str, Any],
        title: str = "",
        text: str = "",
    ) -> None:
        binding = (
            rooms.binding_for_room(self.ctx, platform=PLATFORM, room_id=channel)
            if channel
            else None
        )
        group_id = (
            binding.group_id
            if binding
            else groups.group_of_person(self.ctx, person_id=person.id)
            or groups.default_group_id(self.ctx)
        )
        if group_id is None:
            self._tell(
                client,
                body,
                N_("There is no group yet; the secretariat must import an invitation."),
                person.language,
            )
            return
        workgroups = groups.list_workgroups(self.ctx, group_id=group_id)
        led = [wg.id for wg in workgroups if wg.lead_id == person.id]
        default = binding.workgroup_id if binding and binding.workgroup_id else None
        view = task_modal(
            person.language,
            workgroups=workgroups,
            meetings=self._meeting_options(group_id, person.language),
            private_metadata=metadata({"mode": "create", **values}),
            title=title,
            description=text if text != title else "",
            workgroup_id=default or (led[0] if len(led) == 1 else None),
            owner_user=body["user"]["id"],
        )
        self._open(client, body, view)

    def _meeting_options(
        self, group_id: int, language: str, *, keep: int | None = None
    ) -> list[tuple[int, str]]:
        today = self.ctx.today()
        return [
            (m.id, meeting_label(m, language, today, self.ctx.zone))
            for m in meetings.list_meetings(self.ctx, group_id=group_id)
            if m.id == keep or m.starts_at.astimezone(self.ctx.zone).date() >= today
        ]

    def _open(self, client: WebClient, body: dict[str, Any], view: SlackBlock) -> str | None:
        try:
            opened = client.views_open(trigger_id=body["trigger_id"], view=view)
        except (SlackApiError, SlackRequestError, OSError) as exc:
            log.warning("views.open failed: %s", exc)
            return None
        view_id = (opened.get("view") or {}).get("id")
        return view_id if isinstance(view_id, str) else None

    def _linked_or_told(self, client: WebClient, body: dict[str, Any]) -> PersonView | None:
        """The person pressing, or None after telling an unlinked user how to link."""
        user = body["user"]["id"]
        person = self.bot.people.person(client, user)
        if person is None:
            who = self.core.handle(
                IncomingMessage(
                    platform=PLATFORM,
                    room_id=(body.get("channel") or {}).get("id") or f"home:{user}",
                    sender_id=user,
                    text="",
                    event_id=f"action:{body.get('trigger_id')}",
                ),
                command=c.WhoAmI(),
            )
            if who is not None:
                self._say_privately(client, body, who)
        return person

    def _tell(self, client: WebClient, body: dict[str, Any], message: str, language: str) -> None:
        self._say_privately(
            client,
            body,
            Reply((Paragraph(self.bot.t(message, language)),), language, is_error=True),
        )

    def _say_privately(self, client: WebClient, body: dict[str, Any], reply: Reply) -> None:
        payload = {"response_type": "ephemeral", **message_payload(reply)}
        if not send_to_response_url(body.get("response_url"), payload):
            self.bot.post_direct(client, body["user"]["id"], message_payload(reply))

    def _readable(self, client: WebClient, text: str) -> str:
        """A message's text as a person reads it (mentions as names)."""
        # A few names at most: the modal must open within 3 seconds of the press.
        return plain_text(text, display_names(client, mentioned_users(text)[:_NAMES_ASKED]))

    # --- "Legg i referat" ---------------------------------------------------------------------

    def minutes_from_message(self, body: dict[str, Any], client: WebClient) -> None:
        """The message shortcut "Legg i referat": a modal to put the message into the minutes of
        the next meeting, under the agenda item the person picks."""
        person = self._linked_or_told(client, body)
        if person is None:
            return
        channel = body["channel"]["id"]
        message = body.get("message") or {}
        binding = rooms.binding_for_room(self.ctx, platform=PLATFORM, room_id=channel)
        group_id = (
            binding.group_id
            if binding
            else groups.group_of_person(self.ctx, person_id=person.id)
            or groups.default_group_id(self.ctx)
        )
        meeting = meetings.next_meeting(self.ctx, group_id=group_id) if group_id else None
        if meeting is None:
            self._tell(client, body, N_("No meeting is planned yet."), person.language)
            return
        items = [
            item
            for part in sorted(meeting.parts, key=lambda p: not p.is_group_part)
            for item in part.items
        ]
        if not items:
            self._tell(client, body, N_("The next meeting has no agenda yet."), person.language)
            return
        day = meeting.starts_at.astimezone(self.ctx.zone).date()
        view = minutes_modal(
            person.language,
            meeting=f"{meeting.title} · {long_day(day, person.language)}",
            items=items,
            text=self._readable(client, message.get("text") or ""),
            private_metadata=metadata(
                {"channel": channel, "thread": message.get("thread_ts") or message.get("ts")}
            ),
        )
        self._open(client, body, view)

    # --- modal submissions ----------------------------------------------------------------

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
        user = body["user"]["id"]
        outcome = self.bot.within_budget(
            work,
            late=partial(self._late_submission, client, user),
            failed=lambda error_id: self._failed_submission(error_id),
        )
        if outcome is None:
            ack()  # closes the modal; the outcome follows as a message
            return
        response, then = outcome
        ack(**response)
        if then is not None:
            self.bot.background(then)

    def _failed_submission(self, error_id: str) -> Submission:
        text = self.bot.t(
            N_("Something went wrong on my side (error {id}). Nothing was changed."), id=error_id
        )
        return {"response_action": "errors", "errors": {"title": text, "item": text}}, None

    def _late_submission(self, client: WebClient, user: str, outcome: Submission) -> None:
        response, then = outcome
        if then is not None:
            then()
            return
        errors = response.get("errors") or {}
        if errors:
            text = "\n".join(dict.fromkeys(errors.values()))
            self.bot.post_direct(client, user, {"text": escape(text)})

    def _save_task(
        self, body: dict[str, Any], client: WebClient, view: dict[str, Any]
    ) -> Submission:
        user = body["user"]["id"]
        values = read_metadata(view)
        form = read_task_form(view)
        language = self.bot.language_of(client, user)
        errors: dict[str, str] = {}
        if not form.title:
            errors["title"] = self.bot.t(N_("Give the task a title."), language)
        if not form.workgroup:
            errors["workgroup"] = self.bot.t(N_("Choose a workgroup"), language)
        owner = None
        if form.owner_user:
            if self.bot.people.person(client, form.owner_user) is None:
                errors["owner"] = self.bot.t(
                    N_("That person has not linked their chat account yet."), language
                )
            owner = f"<@{form.owner_user}>"
        if errors:
            return {"response_action": "errors", "errors": errors}, None
        due = self._due(form.due, form.meeting_id)
        command: c.Command
        if values.get("mode") == "edit":
            command = c.EditTask(
                task_id=int(values.get("task") or 0),
                version=int(values.get("version") or 1),
                title=form.title,
                workgroup=form.workgroup or "",
                description=form.description,
                owner=owner,
                due=due,
            )
        else:
            command = c.CreateTask(
                title=form.title,
                due=due,
                owner=owner,
                workgroup=form.workgroup,
                description=form.description,
                source_link=values.get("link"),
            )
        reply = self._run_form(body, view, values, command, form.title)
        if reply is None:
            return {}, None
        if reply.is_error:
            block = TASK_ERROR_BLOCKS.get(reply.error_field or "", "workgroup")
            return {"response_action": "errors", "errors": {block: first_text(reply)}}, None
        return {}, partial(self._task_saved, client, user, values, reply, view.get("id", ""))

    def _due(self, day: date | None, meeting_id: int | None) -> DueDate | None:
        if day is not None:
            return DueDate(day, meeting_id=meeting_id)
        if meeting_id is None:
            return None
        try:
            meeting = meetings.get_meeting(self.ctx, meeting_id=meeting_id)
        except NotFound:
            return None
        return DueDate(meeting.starts_at.astimezone(self.ctx.zone).date(), meeting_id=meeting_id)

    def _run_form(
        self,
        body: dict[str, Any],
        view: dict[str, Any],
        values: dict[str, Any],
        command: c.Command,
        text: str,
    ) -> Reply | None:
        user = body["user"]["id"]
        message = IncomingMessage(
            platform=PLATFORM,
            room_id=values.get("channel") or f"home:{user}",
            sender_id=user,
            text=text,
            # A modal is submitted once per version of its view (its hash changes with it).
            event_id=f"view:{view.get('id')}:{view.get('hash') or body.get('trigger_id')}",
        )
        return self.core.handle(message, command=command)

    def _task_saved(
        self, client: WebClient, user: str, values: dict[str, Any], reply: Reply, view_id: str
    ) -> None:
        """After a saved modal: show the task where the person was."""
        channel, thread = values.get("channel"), values.get("thread")
        line = reply.task_lines[0] if reply.task_lines else None
        with self._lock:
            origin = self._origins.pop(view_id, None)
        if values.get("mode") == "edit" and line is not None and not values.get("home"):
            if values.get("eph"):
                card = Card(line.task_id, line.version, 0, values.get("query") or "")
                body = {
                    "user": {"id": user},
                    "container": {"channel_id": channel},
                    "response_url": values.get("url"),
                }
                self._redraw_private(body, reply, card, f"view:{view_id}")
            elif origin is not None and channel:
                note = f"{escape(first_text(reply))} · <@{user}>"
                blocks = replace_card(origin[0], line, reply.language, note=note)
                where = (channel, values.get("ts"), origin[1] or fallback_text(reply))
                self._update(client, values.get("url"), where, blocks)
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
        self.bot.after_change(client, reply, user)

    def _save_minutes(
        self, body: dict[str, Any], client: WebClient, view: dict[str, Any]
    ) -> Submission:
        user = body["user"]["id"]
        values = read_metadata(view)
        form = read_minutes_form(view)
        language = self.bot.language_of(client, user)
        errors: dict[str, str] = {}
        if not form.item:
            errors["item"] = self.bot.t(N_("Choose an item"), language)
        if not form.text:
            errors["text"] = self.bot.t(N_("Write the line for the minutes."), language)
        if errors or form.item is None:
            return {"response_action": "errors", "errors": errors}, None
        command = c.Contribute(item=form.item, text=form.text, kind=ContributionKind.MINUTES)
        reply = self._run_form(body, view, values, command, form.text)
        if reply is None:
            return {}, None
        if reply.is_error:
            block = MINUTES_ERROR_BLOCKS.get(reply.error_field or "", "item")
            return {"response_action": "errors", "errors": {block: first_text(reply)}}, None
        channel = values.get("channel")
        if not channel:
            return {}, None
        then = partial(
            self.bot.post,
            client,
            reply,
            channel=channel,
            user=user,
            thread_ts=values.get("thread"),
            direct=channel.startswith("D"),
        )
        return {}, then
