"""The chat corpus (`tests/chat/corpus/*.tsv`): lines as workgroup members write them, each with
what it must give; loaded and graded here for the corpus test and `bench/bench_understanding.py`.

A corpus line is `<what the person writes><TAB><expected>`. `<expected>` is a typed command in its
canonical Norwegian form (`chatops.typed.typed_command(command, "nb")`), `? <typed> | <typed> …`
for a question back with exactly these readings, or `! <code>` (`!` alone: any refusal) for a
refusal. A line without a tab that starts with `#` is a comment; a line with a tab is always a
case, so `#4 ferdig<TAB>#4 ferdig` is one. Every line is read in one fixed world: `build_world`.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from adapters.console.session import PLATFORM, console_sender_for
from chatops import commands as c
from chatops.core import ChatCore
from chatops.messages import IncomingMessage
from chatops.parser import Parsed, ParseError
from chatops.typed import typed_command
from tracker.demo.activity import add_demo_tasks
from tracker.importer.apply import import_invitation
from tracker.models import Channel
from tracker.services import groups, identity
from tracker.services.context import Actor, ServiceContext

CORPUS_DIR = Path(__file__).parent / "corpus"
KNOWN_MISSES = CORPUS_DIR / "known_misses.txt"
SEED = Path(__file__).parents[2] / "tracker" / "demo" / "invitation_osloregionen.txt"
SENDER = "Asbjørn Lunde"
# Friday 10 January 2025, 10:00 in Oslo: the test clock of tests/conftest.py.
NOW = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)

REFUSAL_CODES = frozenset(
    {
        "unknown_command",
        "bad_date",
        "missing_text",
        "missing_title",
        "missing_date",
        "unknown_status",
        "unknown_person",
        "missing_person",
        "no_task",
    }
)
# Commands that change state: one of these where something else was meant is a wrong effect.
STATE_CHANGING: tuple[type, ...] = (
    c.SetStatus,
    c.MoveDue,
    c.ShiftDue,
    c.Assign,
    c.CreateTask,
    c.EditTask,
    c.AddComment,
    c.Contribute,
    c.BindRoom,
    c.Link,
)

Kind = Literal["command", "unclear", "refusal"]


def normalise(typed: str) -> str:
    """A typed command as compared: spaces collapsed, case folded."""
    return " ".join(typed.split()).casefold()


@dataclass(frozen=True, slots=True)
class Expectation:
    """What a line must give: a command, a question back with these readings, or a refusal."""

    kind: Kind
    readings: frozenset[str] = frozenset()  # normalised typed commands
    code: str | None = None  # a refusal's code; None: any refusal


def parse_expected(expected: str) -> Expectation:
    """Read the `<expected>` column."""
    expected = expected.strip()
    if expected.startswith("!"):
        code = expected[1:].strip() or None
        if code is not None and code not in REFUSAL_CODES:
            raise ValueError(f"unknown refusal code {code!r}")
        return Expectation("refusal", code=code)
    if expected.startswith("? "):
        readings = [r.strip() for r in expected[2:].split("|")]
        if not all(readings):
            raise ValueError(f"an empty reading in {expected!r}")
        return Expectation("unclear", frozenset(normalise(r) for r in readings))
    return Expectation("command", frozenset({normalise(expected)}))


@dataclass(frozen=True, slots=True)
class Case:
    """One corpus line."""

    file: str
    line: int
    text: str
    expected: str

    @property
    def id(self) -> str:
        """`status.tsv:12`: where the line is."""
        return f"{self.file}:{self.line}"

    @property
    def key(self) -> str:
        """`status.tsv:ferdig med 4`: how known_misses.txt names the line."""
        return f"{self.file}:{self.text}"

    @property
    def category(self) -> str:
        """The file's name without `.tsv`."""
        return self.file.removesuffix(".tsv")

    @property
    def expectation(self) -> Expectation:
        """The parsed `<expected>` column."""
        return parse_expected(self.expected)

    @property
    def typed(self) -> tuple[str, ...]:
        """Every typed command the line names (the command, or each reading), as written."""
        if self.expected.startswith("!"):
            return ()
        if self.expected.startswith("? "):
            return tuple(r.strip() for r in self.expected[2:].split("|"))
        return (self.expected,)


def load_corpus(directory: Path = CORPUS_DIR) -> list[Case]:
    """Every case of every `*.tsv` in `directory`, in file and line order."""
    cases = []
    for path in sorted(directory.glob("*.tsv")):
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            line = raw.strip("\r\n")
            if not line.strip() or ("\t" not in line and line.startswith("#")):
                continue
            text, sep, expected = line.partition("\t")
            if not sep or not text.strip() or not expected.strip():
                raise ValueError(f"{path.name}:{number}: want <text><TAB><expected>: {raw!r}")
            case = Case(path.name, number, text.strip(), expected.strip())
            try:
                parse_expected(case.expected)
            except ValueError as exc:
                raise ValueError(f"{case.id}: {exc}") from exc
            cases.append(case)
    return cases


def load_known_misses(path: Path = KNOWN_MISSES) -> set[str]:
    """The lines the lead declares not handled yet, as `file:text`."""
    if not path.exists():
        return set()
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {line for line in lines if line and not line.startswith("#")}


@dataclass(frozen=True, slots=True)
class Grade:
    """How the bot did on one line: understood, and whether it would change the wrong thing."""

    understood: bool
    wrong_effect: bool
    got: str  # what came back, in the corpus's own notation


def _readings(outcome: object) -> tuple[c.Command, ...] | None:
    # chatops.parser.Unclear is the lead's to add; its readings are all the grader needs.
    readings = getattr(outcome, "readings", None)
    return tuple(readings) if readings is not None else None


def describe(outcome: object) -> str:
    """An outcome of `understand` in the corpus's notation: typed, `? a | b` or `! code`."""
    if isinstance(outcome, Parsed):
        return typed_command(outcome.command, "nb")
    if isinstance(outcome, ParseError):
        return f"! {outcome.code}"
    readings = _readings(outcome)
    if readings is not None:
        return "? " + " | ".join(typed_command(r, "nb") for r in readings)
    return f"?? {outcome!r}"


def grade(case: Case, outcome: object) -> Grade:
    """Grade what `ChatCore.understand` made of the case's line."""
    expected = case.expectation
    got = describe(outcome)
    if isinstance(outcome, Parsed):
        typed = normalise(typed_command(outcome.command, "nb"))
        understood = expected.kind == "command" and typed in expected.readings
        # A change where a different one, a question back or a refusal was meant.
        wrong = isinstance(outcome.command, STATE_CHANGING) and not understood
        return Grade(understood, wrong, got)
    if isinstance(outcome, ParseError):
        understood = expected.kind == "refusal" and expected.code in (None, outcome.code)
        return Grade(understood, False, got)
    readings = _readings(outcome)
    if readings is None:
        raise TypeError(f"understand gave {outcome!r}, not Parsed, Unclear or ParseError")
    offered = frozenset(normalise(typed_command(r, "nb")) for r in readings)
    understood = expected.kind == "unclear" and offered == expected.readings
    return Grade(understood, False, got)


@dataclass(frozen=True, slots=True)
class World:
    """The world every corpus line is read in."""

    core: ChatCore
    sender_id: str
    group_id: int


def build_world(ctx: ServiceContext) -> World:
    """The seed invitation, the demo's tasks 1–11 of today, and the sender linked on the console."""
    actor = Actor.system_actor(Channel.IMPORT)
    report = import_invitation(
        ctx, actor=actor, text=SEED.read_text(encoding="utf-8"), filename=SEED.name
    )
    add_demo_tasks(ctx, group_id=report.group_id, actor=actor)
    (person,) = groups.find_people(ctx, name=SENDER)
    sender = console_sender_for(person.id)
    identity.link_identity(ctx, person_id=person.id, platform=PLATFORM, user_id=sender)
    return World(core=ChatCore(ctx), sender_id=sender, group_id=report.group_id)


def understand(world: World, text: str) -> object:
    """What the bot makes of `text` from the sender in an unbound room, changing nothing."""
    message = IncomingMessage(
        platform=PLATFORM,
        room_id="console",
        sender_id=world.sender_id,
        text=text,
        event_id=f"corpus-{uuid.uuid4().hex}",
        is_direct=True,
    )
    try:
        outcome: object = world.core.understand(message)
    except ParseError as exc:  # raised rather than returned: the same refusal
        return exc
    return outcome


# The canonical shapes of the typed commands (chatops.typed, Norwegian), one per family. A corpus
# line whose expectation fits none is a typing mistake in the corpus, not a bot failure.
_DATE = r"\d{2}\.\d{2}\.\d{4}"
_AMOUNT = r"(?:1 (?:dag|måned)|(?:[2-9]|[1-9]\d+) (?:dager|måneder))"
READ_ONLY_SHAPES = {
    "help": r"hjelp(?: \S.*)?",
    "ping": r"ping",
    "whoami": r"hvem er jeg",
    "mytasks": r"mine oppgaver",
    "mydeadlines": r"mine frister",
    "deadlines": r"frister(?: gruppe \d+| alle)?",
    "due_meeting": r"til neste møte",
    "next_meeting": r"neste møte",
    "agenda_draft": r"dagsorden neste møte",
    "input_round": r"hvem har levert innspill(?: til sak \d+)?",
    "show": r"vis #(?P<task>\d+)",
    "summary": r"status(?: gruppe \d+)?",
    "contact": r"kontaktperson",
    "signin": r"logg inn",
}
CHANGE_SHAPES = {
    "status": r"#(?P<task>\d+) (?:ikke startet|pågår|ferdig)",
    "blocked": r"#(?P<task>\d+) står fast: \S.*",
    "due": rf"#(?P<task>\d+) frist (?P<date>{_DATE})",
    "shift": rf"(?:utsett|fremskynd) #(?P<task>\d+) {_AMOUNT}",
    "assign": r"gi #(?P<task>\d+) til (?P<person>\S.*)",
    "comment": r"kommentar #(?P<task>\d+): \S.*",
    "contribute": r"(?:innspill|referat)(?: sak \d+)?: \S.*",
    "create": (
        rf"ny oppgave (?!frist |ansvarlig |gruppe )\S.*?(?: frist (?P<date>{_DATE}))?"
        r"(?: ansvarlig (?P<person>\S.*?))?(?: gruppe \d+)?"
    ),
    "link": r"koble [A-Z0-9]{4}-[A-Z0-9]{4}",
    "bind": r"bind rommet til (?:\d+|hele faggruppen)",
}


def shape_of(typed: str) -> tuple[str, re.Match[str]] | None:
    """The family a typed command belongs to, with the match; None when it fits none."""
    for family, pattern in {**READ_ONLY_SHAPES, **CHANGE_SHAPES}.items():
        match = re.fullmatch(pattern, typed)
        if match:
            return family, match
    return None


def roster_names(seed: Path = SEED) -> set[str]:
    """Full names of the seed's roster, its workgroup leads and its secretariat, as the typed
    form writes them."""
    text = seed.read_text(encoding="utf-8")
    names = set()
    for line in text.splitlines():
        columns = line.split("\t")
        if len(columns) == 3 and columns[0] != "Fornavn":
            names.add(f"{columns[0].strip()} {columns[1].strip()}")
    names.update(m.strip() for m in re.findall(r"Ansvarelig:\s*([^\n]+?)\s*$", text, re.M))
    # The secretariat: the letter's signer and the contact who takes over after her.
    names.update({"Karoline Holmstrøm Ulateig", "Målfrid Baik"})
    return names


def by_category(cases: Iterable[Case]) -> dict[str, list[Case]]:
    """Cases grouped by their file, in file order."""
    grouped: dict[str, list[Case]] = {}
    for case in cases:
        grouped.setdefault(case.category, []).append(case)
    return grouped
