"""The chat brain: an incoming message becomes at most one effect and at most one reply.

Order matters: the platform event id is claimed first (a retry is a no-op), then the sender is
identified (an unknown sender changes nothing), then the line is parsed and handled. Known
errors become a reply in the asker's language; unknown ones a short reply with an error id.
`ask` answers a read-only command (a home view) without claiming any event."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass

from pydantic import ValidationError

from chatops import commands as c
from chatops import home
from chatops import identity as who
from chatops.answers import answer_of, is_no
from chatops.commands import OPEN_TO_UNLINKED, Command
from chatops.handlers import handle
from chatops.handlers.account import link_instructions
from chatops.handlers.env import Env
from chatops.messages import IncomingMessage
from chatops.parser import ParseContext, Parsed, ParseError, Unclear, Understanding, parse
from chatops.refusals import LONGEST_LINE, invalid_refusal, parse_refusal
from chatops.reply import Choice, Paragraph, Reply
from chatops.typed import typed_command
from chatops.understanding.world import (
    KnownItem,
    KnownPerson,
    KnownTask,
    KnownWorkgroup,
    World,
)
from tracker.dates import MeetingRef
from tracker.errors import DomainError
from tracker.i18n import N_, normalise_language, translate
from tracker.logsafe import shorten
from tracker.models import OPEN_STATUSES, Channel
from tracker.schemas import PersonView
from tracker.services import groups, identity, meetings, questions, tasks
from tracker.services.context import Actor, ServiceContext

log = logging.getLogger(__name__)

_MEETING_WORD = re.compile(r"m[øo]te|meeting", re.IGNORECASE)
_MAX_TASKS_KNOWN = 200
# What `ask` answers: commands that only read.
READ_ONLY = (
    c.Help,
    c.Ping,
    c.WhoAmI,
    c.MyTasks,
    c.Deadlines,
    c.DueForMeeting,
    c.NextMeeting,
    c.ShowTask,
)


@dataclass(frozen=True)
class ChatCore:
    """Handles incoming messages from any platform."""

    ctx: ServiceContext
    default_language: str = "nb"
    # The web view's address (Settings.base_url), for the sign-in links the bot hands out.
    web_base_url: str | None = None
    # How the platform vouches for a user it knows (their verified e-mail), asked only for a
    # user not linked yet.
    vouch: who.Vouch | None = None
    # The platform shows each person a home view, republished after a change touches them.
    home_tabs: bool = False

    def handle(self, message: IncomingMessage, *, command: Command | None = None) -> Reply | None:
        """Handle a message once; a repeat of its event id returns None and changes nothing.

        `command` skips parsing: a platform gesture (a button, a reaction) that stands for a
        typed command runs it with the same event claim, identity and permissions."""
        with self.ctx.turn():
            turn = who.claim_turn(self.ctx, message, self.vouch)
            if turn is None:
                return None
            if command is None:
                who.link_mentioned(self.ctx, message, self.vouch)
            reply = self._respond(message, turn, command)
            if self.home_tabs and home.touched(reply):
                home.refresh_homes(
                    self.ctx, platform=message.platform, reply=reply, actor=message.sender_id
                )
            return reply

    def ask(
        self, message: IncomingMessage, command: Command, turn: who.ChatTurn | None = None
    ) -> Reply:
        """Answer a read-only command as the message's sender, claiming no event."""
        if not isinstance(command, READ_ONLY):
            raise ValueError(f"{type(command).__name__} changes things; handle it instead")
        return self._respond(message, turn or self.read_turn(message), command)

    def read_turn(self, message: IncomingMessage) -> who.ChatTurn:
        """Who sends a message in which room and group, claiming no event."""
        return who.read_turn(self.ctx, message, self.vouch)

    def person(self, *, platform: str, user_id: str) -> who.PersonView | None:
        """The person behind a platform user (linked on the way where the platform vouches)."""
        return who.person_of(self.ctx, platform=platform, user_id=user_id, vouch=self.vouch)

    def understand(self, message: IncomingMessage) -> Understanding:
        """What a line would do, claiming no event and changing nothing (the corpus reads this)."""
        turn = identity.read_chat_turn(
            self.ctx,
            platform=message.platform,
            room_id=message.room_id,
            user_id=message.sender_id,
        )
        try:
            return self._parse(message.text, turn)
        except ParseError as exc:
            return exc

    def _parse(self, text: str, turn: identity.ChatTurn) -> Parsed | Unclear:
        group_id = turn.group_id
        meeting = None
        if group_id is not None and _MEETING_WORD.search(text):
            found = meetings.next_meeting_ref(self.ctx, group_id=group_id)
            meeting = MeetingRef(found[0], found[1]) if found else None
        context = ParseContext(self.ctx.today(), meeting, self._world(turn))
        return parse(text, context)

    def _world(self, turn: identity.ChatTurn) -> World:
        """What a line may name, each part loaded only if the line needs it."""
        ctx, person, group_id = self.ctx, turn.person, turn.group_id
        me = _known(person) if person else None

        def my_tasks() -> list[KnownTask]:
            if person is None or group_id is None:
                return []
            # Done ones too: «oversikten er ferdig» names a task, and hears it is already done.
            found = tasks.list_task_summaries(
                ctx, group_id=group_id, owner_id=person.id, limit=_MAX_TASKS_KNOWN
            )
            return [KnownTask(t.id, t.title, t.status, t.owner_id) for t in found]

        def group_tasks() -> list[KnownTask]:
            if group_id is None:
                return []
            found = tasks.list_task_summaries(
                ctx,
                group_id=group_id,
                workgroup_id=turn.workgroup_id,
                statuses=OPEN_STATUSES,
                limit=_MAX_TASKS_KNOWN,
            )
            return [KnownTask(t.id, t.title, t.status, t.owner_id) for t in found]

        def people() -> list[KnownPerson]:
            if group_id is None:
                return []
            return [KnownPerson(*row) for row in groups.member_names(ctx, group_id=group_id)]

        def items() -> list[KnownItem]:
            if group_id is None:
                return []
            meeting = meetings.next_meeting(ctx, group_id=group_id)
            if meeting is None:
                return []
            parts = sorted(meeting.parts, key=lambda p: not p.is_group_part)
            return [KnownItem(i.label, i.number, i.title) for p in parts for i in p.items]

        def workgroups() -> list[KnownWorkgroup]:
            if group_id is None:
                return []
            return [KnownWorkgroup(*row) for row in groups.workgroup_names(ctx, group_id=group_id)]

        def existing(task_ids: tuple[int, ...]) -> set[int]:
            if group_id is None:
                return set()
            return tasks.existing_task_ids(ctx, group_id=group_id, task_ids=task_ids)

        return World(me, people, my_tasks, group_tasks, items, workgroups, existing)

    def _respond(
        self, message: IncomingMessage, turn: identity.ChatTurn, command: Command | None = None
    ) -> Reply:
        person = turn.person
        preferred = normalise_language(person.language if person else self.default_language)
        if command is None and person is not None and answer_of(message.text) is not None:
            answered = self._answer(message, preferred)
            if isinstance(answered, Reply):
                return answered
            command = answered
        if command is None and len(message.text) > LONGEST_LINE:
            text = translate(
                N_("A message can be at most {limit} characters; I have changed nothing."),
                preferred,
                limit=LONGEST_LINE,
            )
            return Reply((Paragraph(text),), preferred, is_error=True)
        try:
            parsed = Parsed(command, "") if command is not None else self._parse(message.text, turn)
        except ParseError as exc:
            if person is None and exc.code == "no_task":
                # An unknown sender reads no group, so no task is known to them: the answer is
                # how to link, not that the task is missing.
                return link_instructions(self._env(message, turn, exc.language or preferred))
            return parse_refusal(exc, exc.language or preferred)
        if isinstance(parsed, Unclear):
            return self._ask_back(message, parsed, parsed.language or preferred)
        language = parsed.language or preferred
        env = self._env(message, turn, language)
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
        except ValidationError as exc:
            return invalid_refusal(exc, language)
        except Exception:
            error_id = uuid.uuid4().hex[:8]
            log.exception("chat command failed (error id %s): %r", error_id, shorten(message.text))
            text = translate(
                N_("Something went wrong on my side (error {id}). Nothing was changed."),
                language,
                id=error_id,
            )
            return Reply((Paragraph(text),), language, is_error=True)

    def _env(self, message: IncomingMessage, turn: identity.ChatTurn, language: str) -> Env:
        person = turn.person
        return Env(
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
            group_id=turn.group_id,
            room_workgroup=turn.workgroup,
            today=self.ctx.today(),
            web_base_url=self.web_base_url,
        )

    def _answer(self, message: IncomingMessage, language: str) -> Command | Reply | None:
        """The command a «1», «ja» or «nei» picks from the question asked last, if one waits."""
        where = {
            "platform": message.platform,
            "room_id": message.room_id,
            "user_id": message.sender_id,
        }
        pending = questions.take_question(self.ctx, **where)
        if pending is None:
            return None
        language = pending.language or language
        answer = answer_of(message.text) or ""
        if is_no(answer):
            text = translate(N_("All right, I have changed nothing."), language)
            return Reply((Paragraph(text),), language)
        count = len(pending.commands)
        index = int(answer) - 1 if answer.isdigit() else 0 if count == 1 else -1
        if not 0 <= index < count:
            questions.remember_question(
                self.ctx, **where, commands=list(pending.commands), language=language
            )
            text = translate(
                N_("Answer with a number from 1 to {count}, or write the command."),
                language,
                count=count,
            )
            return Reply((Paragraph(text),), language, is_error=True)
        # The answer carries the typed command: it is read again, exactly as if typed.
        reread = parse(pending.commands[index], ParseContext(self.ctx.today()))
        if not isinstance(reread, Parsed):
            return None
        return reread.command

    def _ask_back(self, message: IncomingMessage, unclear: Unclear, language: str) -> Reply:
        """A question back: the readings as typed commands, remembered for «1» or «ja»."""
        lines = [typed_command(command, language) for command in unclear.readings]
        questions.remember_question(
            self.ctx,
            platform=message.platform,
            room_id=message.room_id,
            user_id=message.sender_id,
            commands=lines,
            language=language,
        )
        if len(lines) == 1:
            text = N_("I won't change anything before you confirm. Did you mean this?")
        else:
            text = N_("That can mean more than one thing, so I have changed nothing. Which one?")
        return Reply(
            (Paragraph(translate(text, language)),),
            language,
            choices=tuple(Choice(line, line) for line in lines),
        )


def _known(person: PersonView) -> KnownPerson:
    return KnownPerson(person.id, person.first_name, person.last_name)


def _channel(platform: str) -> Channel:
    try:
        return Channel(platform)
    except ValueError:
        return Channel.CONSOLE
