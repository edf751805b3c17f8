"""The Teams bot as an Agents SDK agent: a message (typed, or a card's Action.Submit) goes to the
chat core as the neutral message and its reply back into the same conversation and thread; a
press on a task card edits that card in place (updateActivity). Installing the bot stores the
conversation reference the worker needs to write first; removing it forgets that reference.

The core is synchronous and reads the database: it runs in a worker thread, so the event loop
keeps taking activities while one is handled."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, ConversationParameters
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.connector import ConnectorClientBase

from adapters.teams import cards, extension, incoming
from adapters.teams.references import References
from chatops import commands as c
from chatops.core import ChatCore
from chatops.gestures import choose, due_command, status_command
from chatops.reply import Reply, Visibility
from chatops.typed import typed_command

log = logging.getLogger(__name__)


class TeamsBot:
    """Answers Teams activities through the chat core."""

    def __init__(self, core: ChatCore, references: References) -> None:
        self.core = core
        self.references = references

    async def on_turn(self, context: TurnContext) -> None:
        """The SDK's entry point for every activity."""
        activity = context.activity
        if activity.type in (ActivityTypes.conversation_update, ActivityTypes.installation_update):
            await asyncio.to_thread(self._remember, activity)
        elif activity.type == ActivityTypes.message:
            data = incoming.submitted(activity)
            if data is not None and data.get(cards.KIND):
                await self._pressed(context, data)
            else:
                await self._typed(context)
        elif activity.type == ActivityTypes.invoke:
            work = extension.answer(self._core(context), activity)
            if work is not None:
                await context.send_activity(await extension.run(work))

    def _remember(self, activity: Activity) -> None:
        person = incoming.sender_of(activity) if incoming.is_personal(activity) else None
        reference = activity.get_conversation_reference()
        if _bot_removed(activity):
            self.references.forget(reference, person=person)
        else:
            self.references.remember(reference, person=person)

    def _remember_personal(self, activity: Activity) -> None:
        """A personal chat the bot was not told of (installed before tiltak kept references)."""
        if not self.references.knows_person(incoming.sender_of(activity) or ""):
            self._remember(activity)

    async def _typed(self, context: TurnContext) -> None:
        activity = context.activity
        text = incoming.plain_text(activity)
        if not text:
            return
        if incoming.is_personal(activity):
            await asyncio.to_thread(self._remember_personal, activity)
        message = incoming.to_message(activity, text)
        if message is None:
            return
        reply = await asyncio.to_thread(self._core(context).handle, message)
        if reply is not None:
            await self._answer(context, reply)

    async def _pressed(self, context: TurnContext, data: dict[str, Any]) -> None:
        activity = context.activity
        value = activity.value if isinstance(activity.value, dict) else {}
        command = _command_of(data, value)
        kind = data.get(cards.KIND)
        if kind == cards.CHOICE:
            typed = str(data.get("command") or "")
            message = incoming.to_message(activity, typed)
            core = self._core(context)
            reply = None if message is None else await asyncio.to_thread(choose, core, message)
            if reply is not None:
                await self._answer(context, reply)
            return
        if command is None:
            return
        message = incoming.to_message(activity, typed_command(command))
        if message is None:
            return
        reply = await asyncio.to_thread(self._core(context).handle, message, command=command)
        if reply is None:
            return  # the same press again: handled once
        if reply.task_lines and activity.reply_to_id:
            # The card shows the task as it is now: changed, or unchanged when it was stale.
            card = cards.reply_activity(reply)
            card.id = activity.reply_to_id
            await context.update_activity(card)
        if reply.is_error or not reply.task_lines:
            await self._answer(context, reply)

    async def _answer(self, context: TurnContext, reply: Reply) -> None:
        activity = context.activity
        out = cards.reply_activity(reply)
        if reply.visibility != Visibility.PRIVATE or incoming.is_personal(activity):
            await context.send_activity(out)
            return
        # For the asker alone, never in the shared channel: their personal chat with the bot,
        # opened (Teams gives the existing one back) where the bot has none stored.
        connector = _connector(context)
        if connector is None:
            log.warning("a private reply was not sent: no connector for the personal chat")
            return
        person = incoming.sender_of(activity) or ""
        reference = await asyncio.to_thread(self.references.person, person)
        if reference is not None:
            conversation_id = reference.conversation.id
        else:
            tenant = activity.conversation.tenant_id if activity.conversation else None
            opened = await connector.conversations.create_conversation(
                ConversationParameters(
                    is_group=False,
                    agent=activity.recipient,
                    members=[activity.from_property],
                    tenant_id=tenant,
                    channel_data={"tenant": {"id": tenant}} if tenant else None,
                )
            )
            conversation_id = opened.id
        await connector.conversations.send_to_conversation(conversation_id, out)

    def _core(self, context: TurnContext) -> ChatCore:
        """The core for this turn, vouching through this conversation's roster: the core asks
        only about a sender not linked yet, from its worker thread, and the roster look-up runs
        on the event loop (Teams gives the member's Entra ID e-mail, which it vouches for)."""
        loop = asyncio.get_running_loop()
        conversation = context.activity.conversation
        connector = _connector(context)
        if conversation is None or connector is None:
            return self.core

        def vouch(aad_object_id: str) -> str | None:
            lookup = _roster_email(connector, conversation.id, aad_object_id)
            return asyncio.run_coroutine_threadsafe(lookup, loop).result(timeout=30)

        return replace(self.core, vouch=vouch)


async def _roster_email(
    connector: ConnectorClientBase, conversation_id: str, member_id: str
) -> str | None:
    try:
        member = await connector.conversations.get_conversation_member(conversation_id, member_id)
    except Exception:
        log.info("Teams gave no roster entry for a sender")
        return None
    email = getattr(member, "email", None) or getattr(member, "user_principal_name", None)
    return str(email) if email else None


def _bot_removed(activity: Activity) -> bool:
    """Whether the activity tells that the bot was uninstalled or removed from the conversation."""
    if activity.type == ActivityTypes.installation_update:
        return activity.action in ("remove", "remove-upgrade")
    bot = activity.recipient.id if activity.recipient is not None else None
    return bot is not None and any(m.id == bot for m in activity.members_removed or [])


def _connector(context: TurnContext) -> ConnectorClientBase | None:
    """The SDK's client for the connector this turn came from (the same serviceUrl)."""
    found = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
    return found if isinstance(found, ConnectorClientBase) else None


def _command_of(data: dict[str, Any], value: dict[str, Any]) -> c.Command | None:
    """The typed command a card's submit stands for (the version is the one the card showed)."""
    try:
        task_id, version = int(data["task"]), int(data["version"])
    except (KeyError, TypeError, ValueError):
        return None
    if data.get(cards.KIND) == cards.STATUS:
        return status_command(task_id, str(data.get("value") or ""), version=version)
    if data.get(cards.KIND) == cards.DUE:
        picked = value.get(str(data.get("input") or ""), "")
        return due_command(task_id, str(picked), version=version)
    return None
