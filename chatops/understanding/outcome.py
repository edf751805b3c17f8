"""What understanding a line can come to: a command, a question back, or a refusal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from chatops import commands as c
from chatops.understanding.world import World
from tracker.dates import MeetingRef


@dataclass(frozen=True, slots=True)
class Parsed:
    """A command and the language it was written in ("" when the words were neutral)."""

    command: c.Command
    language: str


@dataclass(frozen=True, slots=True)
class Unclear:
    """The words allow these readings and the bot must not pick one: it asks back.

    `reason` says why, for the question's wording: "hedged" (kanskje, tror, ?), "several"
    (two tasks or people fit), "which_task" (no task named), "direction" (earlier or later)."""

    readings: tuple[c.Command, ...]
    language: str
    reason: str = "hedged"


@dataclass
class ParseError(Exception):
    """The line was not understood; `code` says why, `params` fill the message."""

    code: str
    language: str = ""
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What the parser may look at: today, the next meeting if any, and the world it knows."""

    today: date
    next_meeting: MeetingRef | None = None
    world: World = field(default_factory=World)


Understanding = Parsed | Unclear | ParseError
