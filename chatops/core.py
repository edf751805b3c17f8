"""The chat brain: an incoming message becomes at most one effect and at most one reply.

Order matters: the platform event id is claimed first (a retry is a no-op), then the sender is
identified (an unknown sender changes nothing), then the line is parsed and handled. Known
errors become a reply in the asker's language; unknown ones a short reply with an error id."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass

from chatops.commands import OPEN_TO_UNLINKED, Command
from tracker.dates import MeetingRef
from chatops.handlers import handle
from chatops.handlers.account import link_instructions
from chatops.handlers.env import Env
from chatops.messages import IncomingMessage
from chatops.parser import ParseContext, Parsed, ParseError, parse
from chatops.reply import Paragraph, Reply
from tracker.errors import DomainError
from tracker.i18n import N_, normalise_language, translate
from tracker.models import Channel
from tracker.services import identity, meetings
from tracker.services.context import Actor, ServiceContext

log = logging.getLogger(__name__)

_MEETING_WORD = re.compile(r"m[øo]te|meeting", re.IGNORECASE)
_PARSE_MESSAGES = {
    "unknown_command": N_("I didn't understand that. Write «{help}» to see what I can do."),
    "unknown_command_suggestion": N_(
        "I didn't understand that. Did you mean «{suggestion}»? Write «{help}» to see more."
    ),
    "unknown_status": N_("I don't know the status «{word}». Use one of: {statuses}."),
    "bad_date": N_("I can't read «{text}» as a date ({reason})."),
    "missing_title": N_("The task needs a title, e.g. «{example}»."),
    "missing_text": N_("Write the text after the command, e.g. «{example}»."),
    "empty": N_("Write «{help}» to see what I can do."),
}
_DATE_REASONS = {
    "invalid_date": N_("that date does not exist"),
    "no_meeting": N_("no meeting is planned"),
    "unrecognised": N_("try e.g. 14.02, fredag or om to uker"),
}
_EXAMPLES = {
    "help": {"nb": "hjelp", "en": "help"},
    "statuses": {
        "nb": "ikke startet, pågår, blokkert, ferdig",
        "en": "not started, in progress, blocked, done",
    },
    "missing_title": {
        "nb": "ny oppgave Skriv notat frist fredag",
        "en": "new task Write memo due friday",
    },
    "missing_text": {"nb": "innspill sak 3: Vi foreslår …", "en": "input item 3: We propose …"},
}


@dataclass(frozen=True)
class ChatCore:
    """Handles incoming messages from any platform."""

    ctx: ServiceContext
    default_language: str = "nb"
    # The web view's address (Settings.base_url), for the sign-in links the bot hands out.
    web_base_url: str | None = None

    def handle(self, message: IncomingMessage, *, command: Command | None = None) -> Reply | None:
        """Handle a message once; a repeat of its event id returns None and changes nothing.

        `command` skips parsing: a platform gesture (a button, a reaction) that stands for a
        typed command runs it with the same event claim, identity and permissions."""
        turn = identity.begin_chat_turn(
            self.ctx,
            platform=message.platform,
            event_id=message.event_id,
            room_id=message.room_id,
            user_id=message.sender_id,
            verified_email=message.verified_email,
        )
        if turn is None:
            return None
        return self._respond(message, turn, command)

    def _respond(
        self, message: IncomingMessage, turn: identity.ChatTurn, command: Command | None = None
    ) -> Reply:
        person, group_id = turn.person, turn.group_id
        preferred = normalise_language(person.language if person else self.default_language)
        today = self.ctx.today()
        meeting = None
        if command is None and group_id is not None and _MEETING_WORD.search(message.text):
            found = meetings.next_meeting_ref(self.ctx, group_id=group_id)
            meeting = MeetingRef(found[0], found[1]) if found else None
        try:
            parsed = (
                Parsed(command, "")
                if command is not None
                else parse(message.text, ParseContext(today=today, next_meeting=meeting))
            )
        except ParseError as exc:
            return self._parse_error(exc, exc.language or preferred)
        language = parsed.language or preferred
        env = Env(
            ctx=self.ctx,
            actor=Actor(
                person_id=person.id if person else None,
                channel=_channel(message.platform),
                language=language,
            ),
            person=person,
            language=language,
            platform=message.platform,
            room_id=message.room_id,
            sender_id=message.sender_id,
            group_id=group_id,
            room_workgroup=turn.workgroup,
            today=today,
            web_base_url=self.web_base_url,
        )
        if person is None and not isinstance(parsed.command, OPEN_TO_UNLINKED):
            return link_instructions(env)
        try:
            return handle(parsed.command, env)
        except DomainError as exc:
            return Reply(
                (Paragraph(exc.localized(language)),),
                language,
                is_error=True,
                error_field=exc.field,
            )
        except Exception:
            error_id = uuid.uuid4().hex[:8]
            log.exception("chat command failed (error id %s): %r", error_id, message.text)
            text = translate(
                N_("Something went wrong on my side (error {id}). Nothing was changed."),
                language,
                id=error_id,
            )
            return Reply((Paragraph(text),), language, is_error=True)

    def _parse_error(self, exc: ParseError, language: str) -> Reply:
        params: dict[str, str] = {"help": _EXAMPLES["help"].get(language, "hjelp")}
        code = exc.code
        if code == "unknown_command" and exc.params.get("suggestion"):
            code = "unknown_command_suggestion"
            params["suggestion"] = exc.params["suggestion"]
        elif code == "unknown_status":
            params.update(word=exc.params["word"], statuses=_EXAMPLES["statuses"].get(language, ""))
        elif code == "bad_date":
            reason = _DATE_REASONS.get(exc.params.get("reason", ""), _DATE_REASONS["unrecognised"])
            params.update(text=exc.params["text"], reason=translate(reason, language))
        elif code in ("missing_title", "missing_text"):
            params["example"] = _EXAMPLES[code].get(language, "")
        text = translate(_PARSE_MESSAGES[code], language, **params)
        return Reply((Paragraph(text),), language, is_error=True)


def _channel(platform: str) -> Channel:
    try:
        return Channel(platform)
    except ValueError:
        return Channel.CONSOLE
