"""What a line was found to hold: its tokens, the lexicon phrases hit, and the slots they fill."""

from __future__ import annotations

from dataclasses import dataclass, field

from chatops.understanding.lexicon import Intent
from tracker.dates import (
    DateShift,
    DueDate,
    DueDateError,
)
from tracker.models import TaskStatus


@dataclass(frozen=True, slots=True)
class Token:
    """A word as typed, as looked up, and where it stands."""

    text: str
    folded: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon phrase found in the line."""

    key: str
    start: int  # token index
    end: int  # token index, exclusive
    language: str
    fuzzy: bool = False


@dataclass
class Slots:
    """Everything found in a line."""

    text: str  # the whole line, spaces collapsed
    head: str  # before the first «:» (or the whole line)
    tail: str | None  # after it: free text
    tokens: list[Token]
    note: str | None = None  # «#3: sendt purring»: the text after a bare task and a colon
    note_at: int = 0  # where the note starts in the head
    used: set[int] = field(default_factory=set)  # token indexes some slot took
    tasks: list[int] = field(default_factory=list)
    explicit_task: bool = False  # «#12» or «oppgave 12», not a bare number
    statuses: list[tuple[TaskStatus, Hit]] = field(default_factory=list)
    negated_hits: set[int] = field(default_factory=set)  # statuses with «ikke» in front
    bare_date: bool = False  # the date had no keyword: «3 20.01»
    intents: dict[Intent, Hit] = field(default_factory=dict)
    hedged: bool = False
    polite: bool = False
    question: bool = False  # ends with «?» or opens with a question word
    asks: bool = False  # opens with a question word («er 12 ferdig?» asks, it does not tell)
    item: str | None = None
    workgroup: str | None = None
    due: DueDate | DueDateError | None = None
    due_span: tuple[int, int] | None = None
    shift: DateShift | None = None
    shift_span: tuple[int, int] | None = None
    mentions: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)

    def has(self, *intents: Intent) -> bool:
        """Whether any of these intents was found."""
        return any(i in self.intents for i in intents)

    @property
    def language(self) -> str:
        """The language most of the recognised words are in ("" when neutral)."""
        en = self.languages.count("en")
        nb = len(self.languages) - en
        return "" if en == nb == 0 else "en" if en > nb else "nb"

    def leftover(self, start: int = 0) -> list[Token]:
        """The head's tokens no slot took, from token `start` on."""
        return [t for i, t in enumerate(self.tokens) if i >= start and i not in self.used]
