"""Turn a line of chat into a typed command. Rules are tried in order; each knows its language,
so the reply can answer in the language the command was written in. Never raises anything but
ParseError, whatever the input."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from chatops import commands as c
from tracker.dates import DueDate, DueDateError, MeetingRef, parse_due, scan_due
from chatops.vocabulary import EXAMPLES, STATUS_VERBS, STATUS_WORDS
from tracker.models import ContributionKind


@dataclass(frozen=True, slots=True)
class Parsed:
    """A command and the language it was written in ("" when the words were neutral)."""

    command: c.Command
    language: str


@dataclass
class ParseError(Exception):
    """The line was not understood; `code` says why, `params` fill the message."""

    code: str
    language: str = ""
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What the parser needs to resolve dates: today, and the next meeting if any."""

    today: date
    next_meeting: MeetingRef | None = None


def _alternatives(words: dict[str, object]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_TASK = r"#?(?P<id>\d{1,9})"
_STATUS = _alternatives(STATUS_WORDS)  # type: ignore[arg-type]
_VERBS = _alternatives(STATUS_VERBS)  # type: ignore[arg-type]
_SEP = r"\s*[:\-–—,]?\s*"
_ITEM = r"(?:(?:sak|saken|punkt|item|agenda item)\s*)?(?P<item>\d{1,3}(?:/\d{2,4})?)"

Builder = Callable[[re.Match[str], ParseContext], c.Command]


def _rule(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{pattern})\s*[.!?]*\s*$", re.IGNORECASE | re.DOTALL)


def _due(text: str, ctx: ParseContext, language: str) -> DueDate:
    try:
        return parse_due(text, today=ctx.today, next_meeting=ctx.next_meeting)
    except DueDateError as exc:
        raise ParseError("bad_date", language, {"text": text.strip(), "reason": exc.code}) from exc


def _status(match: re.Match[str], _ctx: ParseContext) -> c.Command:
    word = " ".join(match.group("status").lower().split())
    status = STATUS_WORDS[word][0]
    reason = (match.groupdict().get("reason") or "").strip() or None
    return c.SetStatus(int(match.group("id")), status, reason)


def _verb_status(match: re.Match[str], _ctx: ParseContext) -> c.Command:
    verb = " ".join(match.group("verb").lower().split())
    reason = (match.groupdict().get("reason") or "").strip() or None
    return c.SetStatus(int(match.group("id")), STATUS_VERBS[verb][0], reason)


def _create(language: str) -> Builder:
    def build(match: re.Match[str], ctx: ParseContext) -> c.Command:
        rest = match.group("rest") or ""
        due = None
        found = _find_due_checked(rest, ctx, language)
        if found is not None:
            due, start, end = found
            rest = rest[:start] + " " + rest[end:]
        workgroup = None
        wg = _WORKGROUP_IN_TEXT.search(rest)
        if wg:
            workgroup = wg.group("wg")
            rest = rest[: wg.start()] + " " + rest[wg.end() :]
        owner = None
        who = _OWNER_IN_TEXT.search(rest)
        if who:
            owner = " ".join(who.group("who").split())
            rest = rest[: who.start()]
        title = " ".join(rest.split()).strip(" ,;:-–")
        if not title:
            raise ParseError("missing_title", language)
        return c.CreateTask(title=title, due=due, owner=owner, workgroup=workgroup)

    return build


def _find_due_checked(
    text: str, ctx: ParseContext, language: str
) -> tuple[DueDate, int, int] | None:
    """The due date inside a command; a date that does not exist (31.02) is an error, never
    silently part of the title."""
    found = scan_due(text, today=ctx.today, next_meeting=ctx.next_meeting)
    if found is None:
        return None
    result, start, end = found
    if isinstance(result, DueDateError):
        raise ParseError("bad_date", language, {"text": result.text, "reason": result.code})
    return result, start, end


_WORKGROUP_IN_TEXT = re.compile(
    r"\b(?:i\s+|in\s+|for\s+)?(?:arbeidsgruppe|gruppe|workgroup|group)\s+(?P<wg>\d{1,3})\b",
    re.IGNORECASE,
)
_OWNER_IN_TEXT = re.compile(
    r"(?:\b(?:ansvarlig|owner|eier|assigned to)\s*:?\s*|(?<!\S)@)(?P<who>(?:<@[^>]+>|[^\s,;]+)"
    r"(?:\s+(?!frist\b|due\b)[^\s,;#@]+){0,3})\s*[,;]?\s*$",
    re.IGNORECASE,
)


def _move(language: str) -> Builder:
    def build(match: re.Match[str], ctx: ParseContext) -> c.Command:
        return c.MoveDue(int(match.group("id")), _due(match.group("due"), ctx, language))

    return build


def _text_command(factory: Callable[[re.Match[str]], c.Command], language: str) -> Builder:
    def build(match: re.Match[str], _ctx: ParseContext) -> c.Command:
        if not (match.groupdict().get("text") or "").strip():
            raise ParseError("missing_text", language)
        return factory(match)

    return build


def _contribute(kind: ContributionKind, language: str) -> Builder:
    return _text_command(
        lambda m: c.Contribute(item=m.group("item"), text=m.group("text").strip(), kind=kind),
        language,
    )


def _scope(match: re.Match[str]) -> str | None:
    scope = (match.groupdict().get("scope") or "").strip()
    return scope or None


_RULES: tuple[tuple[re.Pattern[str], str, Builder], ...] = (
    (_rule(r"ping"), "", lambda m, x: c.Ping()),
    (
        _rule(r"(?:hjelp|kommandoer)(?:\s+(?P<topic>.+))?"),
        "nb",
        lambda m, x: c.Help(m.group("topic")),
    ),
    (
        _rule(r"(?:help|\?|commands)(?:\s+(?P<topic>.+))?"),
        "en",
        lambda m, x: c.Help(m.group("topic")),
    ),
    (_rule(r"hvem er jeg"), "nb", lambda m, x: c.WhoAmI()),
    (_rule(r"who ?am ?i"), "en", lambda m, x: c.WhoAmI()),
    (_rule(r"(?:mine oppgaver|mine|oppgavene mine|mine oppg)"), "nb", lambda m, x: c.MyTasks()),
    (_rule(r"(?:my tasks|my|tasks)"), "en", lambda m, x: c.MyTasks()),
    (_rule(r"(?:mine frister|fristene mine)"), "nb", lambda m, x: c.Deadlines(mine=True)),
    (_rule(r"my deadlines"), "en", lambda m, x: c.Deadlines(mine=True)),
    (_rule(r"(?:alle frister|frister for alle)"), "nb", lambda m, x: c.Deadlines(scope="alle")),
    (_rule(r"all deadlines"), "en", lambda m, x: c.Deadlines(scope="all")),
    (
        _rule(r"frister(?:\s+(?:for|i|til)?\s*(?P<scope>.+))?"),
        "nb",
        lambda m, x: c.Deadlines(scope=_scope(m)),
    ),
    (
        _rule(r"deadlines(?:\s+(?:for|of|in)?\s*(?P<scope>.+))?"),
        "en",
        lambda m, x: c.Deadlines(scope=_scope(m)),
    ),
    (
        _rule(
            r"(?:hva skal (?:leveres|være ferdig) |leveranser |hva forfaller )?"
            r"(?:til|før|innen) (?:neste )?møte(?:t)?"
        ),
        "nb",
        lambda m, x: c.DueForMeeting(),
    ),
    (
        _rule(r"(?:what(?:'s| is) )?due (?:for|before|by) (?:the )?(?:next )?meeting"),
        "en",
        lambda m, x: c.DueForMeeting(),
    ),
    (
        _rule(r"(?:neste møte|når er neste møte|møtet|dagsorden|sakskart|sakliste)"),
        "nb",
        lambda m, x: c.NextMeeting(),
    ),
    (
        _rule(r"(?:next meeting|when is the next meeting|agenda)"),
        "en",
        lambda m, x: c.NextMeeting(),
    ),
    (
        _rule(r"(?:hvem er )?(?:kontaktperson(?:en)?|kontakt|sekretariatet)"),
        "nb",
        lambda m, x: c.Contact(),
    ),
    (
        _rule(r"(?:who is )?(?:the )?(?:contact(?: person)?|secretariat)"),
        "en",
        lambda m, x: c.Contact(),
    ),
    (
        _rule(
            r"(?:ukestatus|ukesstatus|oppsummering|statusrapport|status)"
            r"(?:\s+(?:for\s+)?(?P<wg>(?!#)\S.*))?"
        ),
        "nb",
        lambda m, x: c.Summary(m.group("wg")),
    ),
    (
        _rule(r"(?:weekly summary|summary|status report)(?:\s+(?:for\s+)?(?P<wg>\S.*))?"),
        "en",
        lambda m, x: c.Summary(m.group("wg")),
    ),
    (
        _rule(r"(?:koble|kople)(?: meg)?\s+(?P<code>[a-z0-9]{4}-?[a-z0-9]{4})"),
        "nb",
        lambda m, x: c.Link(m.group("code")),
    ),
    (
        _rule(r"link(?: me)?\s+(?P<code>[a-z0-9]{4}-?[a-z0-9]{4})"),
        "en",
        lambda m, x: c.Link(m.group("code")),
    ),
    (
        _rule(r"(?:logg meg inn|logg inn|logge inn|innlogging|innloggingslenke)"),
        "nb",
        lambda m, x: c.SignIn(),
    ),
    (_rule(r"(?:log me in|log ?in|sign ?in|sign me in)"), "en", lambda m, x: c.SignIn()),
    (
        _rule(
            r"(?:bind|koble)\s+(?:dette\s+)?(?:rommet|kanalen)\s+til\s+"
            r"(?:(?P<all>hele\s+faggruppen|faggruppen|hele\s+gruppen)|(?P<wg>.+))"
        ),
        "nb",
        lambda m, x: c.BindRoom(None if m.group("all") else m.group("wg")),
    ),
    (
        _rule(
            r"bind\s+(?:this\s+)?(?:room|channel)\s+to\s+"
            r"(?:(?P<all>the\s+whole\s+group|the\s+group|whole\s+group)|(?P<wg>.+))"
        ),
        "en",
        lambda m, x: c.BindRoom(None if m.group("all") else m.group("wg")),
    ),
    (
        _rule(
            r"(?:ny oppgave|ny leveranse|opprett oppgave|lag oppgave|oppgave)\s*:?\s*(?P<rest>.*)"
        ),
        "nb",
        _create("nb"),
    ),
    (
        _rule(r"(?:new task|add task|create task|task)\s*:?\s*(?P<rest>(?!#).*)"),
        "en",
        _create("en"),
    ),
    (_rule(rf"(?:vis|oppgave)?\s*{_TASK}"), "nb", lambda m, x: c.ShowTask(int(m.group("id")))),
    (_rule(rf"(?:show|task)\s*{_TASK}"), "en", lambda m, x: c.ShowTask(int(m.group("id")))),
    (
        _rule(rf"(?:flytt|utsett|endre frist for)\s+{_TASK}\s+(?:til\s+)?(?P<due>.+)"),
        "nb",
        _move("nb"),
    ),
    (_rule(rf"{_TASK}\s+(?:ny\s+)?frist\s*:?\s*(?P<due>.+)"), "nb", _move("nb")),
    (_rule(rf"(?:move|postpone|reschedule)\s+{_TASK}\s+(?:to\s+)?(?P<due>.+)"), "en", _move("en")),
    (
        _rule(rf"{_TASK}\s+(?:new\s+)?(?:due(?: date)?|deadline)\s*:?\s*(?P<due>.+)"),
        "en",
        _move("en"),
    ),
    (
        _rule(rf"(?:gi|tildel|overfør)\s+{_TASK}\s+(?:til\s+)?(?P<who>.+)"),
        "nb",
        lambda m, x: c.Assign(int(m.group("id")), m.group("who").strip()),
    ),
    (
        _rule(rf"{_TASK}\s+(?:ansvarlig|eier)\s*:?\s*(?P<who>.+)"),
        "nb",
        lambda m, x: c.Assign(int(m.group("id")), m.group("who").strip()),
    ),
    (
        _rule(rf"(?:assign|give|reassign)\s+{_TASK}\s+(?:to\s+)?(?P<who>.+)"),
        "en",
        lambda m, x: c.Assign(int(m.group("id")), m.group("who").strip()),
    ),
    (
        _rule(rf"{_TASK}\s+(?:owner|assignee)\s*:?\s*(?P<who>.+)"),
        "en",
        lambda m, x: c.Assign(int(m.group("id")), m.group("who").strip()),
    ),
    (
        _rule(rf"(?:kommentar|kommenter)\s+(?:til\s+)?{_TASK}{_SEP}(?P<text>.*)"),
        "nb",
        _text_command(lambda m: c.AddComment(int(m.group("id")), m.group("text").strip()), "nb"),
    ),
    (
        _rule(rf"{_TASK}\s+kommentar{_SEP}(?P<text>.*)"),
        "nb",
        _text_command(lambda m: c.AddComment(int(m.group("id")), m.group("text").strip()), "nb"),
    ),
    (
        _rule(rf"comment\s+(?:on\s+)?{_TASK}{_SEP}(?P<text>.*)"),
        "en",
        _text_command(lambda m: c.AddComment(int(m.group("id")), m.group("text").strip()), "en"),
    ),
    (
        _rule(rf"{_TASK}\s+comment{_SEP}(?P<text>.*)"),
        "en",
        _text_command(lambda m: c.AddComment(int(m.group("id")), m.group("text").strip()), "en"),
    ),
    (
        _rule(rf"innspill\s+(?:til\s+)?{_ITEM}{_SEP}(?P<text>.*)"),
        "nb",
        _contribute(ContributionKind.INPUT, "nb"),
    ),
    (
        _rule(rf"(?:input|contribution)\s+(?:to\s+|for\s+|on\s+)?{_ITEM}{_SEP}(?P<text>.*)"),
        "en",
        _contribute(ContributionKind.INPUT, "en"),
    ),
    (
        _rule(
            rf"(?:referat|til referatet|i referatet)\s+(?:til\s+|for\s+)?{_ITEM}{_SEP}(?P<text>.*)"
        ),
        "nb",
        _contribute(ContributionKind.MINUTES, "nb"),
    ),
    (
        _rule(rf"(?:minutes|for the minutes)\s+(?:to\s+|for\s+|on\s+)?{_ITEM}{_SEP}(?P<text>.*)"),
        "en",
        _contribute(ContributionKind.MINUTES, "en"),
    ),
    (
        _rule(
            rf"(?:marker\s+|sett\s+)?{_TASK}\s+(?:er\s+|som\s+|til\s+|status\s+)?"
            rf"(?P<status>{_STATUS})(?:{_SEP}(?P<reason>.+))?"
        ),
        "",
        _status,
    ),
    (
        _rule(
            rf"(?:mark\s+|set\s+)?{_TASK}\s+(?:is\s+|as\s+|to\s+|status\s+)?"
            rf"(?P<status>{_STATUS})(?:{_SEP}(?P<reason>.+))?"
        ),
        "",
        _status,
    ),
    (_rule(rf"(?P<status>{_STATUS})\s+{_TASK}(?:{_SEP}(?P<reason>.+))?"), "", _status),
    (_rule(rf"(?P<verb>{_VERBS})\s+{_TASK}(?:{_SEP}(?P<reason>.+))?"), "", _verb_status),
)

# "#12 avsluttet": a task reference followed by a word we do not know as a status.
_UNKNOWN_STATUS = _rule(rf"(?:marker\s+|mark\s+)?{_TASK}\s+(?P<word>[^\s:]+)(?:.*)")


def _language_of_status(match: re.Match[str]) -> str:
    word = match.groupdict().get("status") or match.groupdict().get("verb") or ""
    table = STATUS_WORDS if match.groupdict().get("status") else STATUS_VERBS
    return table.get(" ".join(word.lower().split()), (None, ""))[1]


def parse(text: str, ctx: ParseContext) -> Parsed:
    """Parse one line of chat into a command, or raise ParseError with a helpful code."""
    line = " ".join(text.replace("\u00a0", " ").split())
    if not line:
        raise ParseError("empty")
    for pattern, language, build in _RULES:
        match = pattern.match(line)
        if match is None:
            continue
        command = build(match, ctx)
        if not language and isinstance(command, c.SetStatus):
            language = _language_of_status(match)
        return Parsed(command, language)
    unknown = _UNKNOWN_STATUS.match(line)
    if unknown:
        raise ParseError("unknown_status", "", {"word": unknown.group("word")})
    raise ParseError("unknown_command", *_suggest(line))


def _suggest(line: str) -> tuple[str, dict[str, str]]:
    """The closest known command, and the language it is in."""
    words = line.lower().split()
    best: tuple[float, str, str] = (0.0, "", "")
    for language, examples in EXAMPLES.items():
        for example in examples:
            head = " ".join(words[: len(example.split())])
            score = difflib.SequenceMatcher(None, head, example).ratio()
            if score > best[0]:
                best = (score, example, language)
    if best[0] < 0.75:
        return "", {"suggestion": ""}
    return best[2], {"suggestion": best[1]}
