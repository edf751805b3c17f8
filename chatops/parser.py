"""Turn a line of chat into a typed command, a question back, or a refusal.

Most lines are understood by slots (`chatops.understanding`): what the line names, in any word
order. A few commands have fixed words and free parts that slots would only blur (a link code,
binding a room, a new task's title), and keep a pattern of their own here. Never raises anything
but ParseError, whatever the input."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from chatops import commands as c
from chatops.understanding.decide import decide
from chatops.understanding.lexicon import SELF_WORDS
from chatops.understanding.outcome import ParseContext, Parsed, ParseError, Unclear, Understanding
from chatops.understanding.resolve import content_words, people_named, workgroups_named
from chatops.understanding.slots import extract, tokenize
from chatops.vocabulary import EXAMPLES
from tracker.dates import DueDate, DueDateError, scan_due

__all__ = ["ParseContext", "ParseError", "Parsed", "Unclear", "Understanding", "parse"]

Builder = Callable[[re.Match[str], ParseContext], c.Command]


def _rule(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{pattern})\s*[.!?]*\s*$", re.IGNORECASE | re.DOTALL)


def _create(language: str) -> Builder:
    def build(match: re.Match[str], ctx: ParseContext) -> c.Command:
        rest = match.group("rest") or ""
        due = None
        owner = None
        # «ny oppgave til Dag Aanensen: Sjekke EU-midler»: the owner first, the title after.
        first = _OWNER_FIRST.match(rest)
        if first:
            owner = _full_name(" ".join(first.group("who").split()), ctx)
            rest = rest[first.end() :]
        found = _find_due_checked(rest, ctx, language)
        if found is not None:
            due, start, end = found
            after = _FROM_NOW.match(rest, end)  # «frist 3 uker fra nå»
            rest = rest[:start] + " " + rest[after.end() if after else end :]
        workgroup = None
        wg = _WORKGROUP_IN_TEXT.search(rest)
        if wg:
            workgroup = wg.group("wg")
            rest = rest[: wg.start()] + " " + rest[wg.end() :]
        who = _OWNER_IN_TEXT.search(rest) if owner is None else None
        if who:
            owner = _full_name(" ".join(who.group("who").split()), ctx)
            rest = rest[: who.start()]
        title = " ".join(rest.split()).strip(" ,;:-–").strip("«»\"“”'")  # «Tittel» in quotes
        if not title:
            raise ParseError("missing_title", language)
        return c.CreateTask(title=title, due=due, owner=owner, workgroup=workgroup)

    return build


def _workgroup_ref(ref: str, ctx: ParseContext) -> str:
    """«gruppe 2», «arbeidsgruppe 2», «sirkulærøkonomi-gruppa» → «2»; else as typed."""
    found = _WORKGROUP_IN_TEXT.fullmatch(ref.strip())
    if found:
        return found.group("wg")
    named = workgroups_named(content_words(tokenize(ref)), ctx.world)
    return str(named[0].number) if len(named) == 1 else ref.strip()


def _full_name(name: str, ctx: ParseContext) -> str:
    """A name as the roster has it, where the typed one names exactly one person."""
    if name.startswith("<@"):
        return name
    if name.casefold() in SELF_WORDS and ctx.world.me is not None:
        return ctx.world.me.full_name
    probe = extract(name, today=ctx.today, next_meeting=None)
    people, taken = people_named(probe, ctx.world)
    whole = len(taken) >= len([t for t in probe.tokens if t.folded.isalpha()])
    if len(people) == 1 and whole:
        return people[0].full_name
    if ctx.world.people and not (people and whole):
        # The roster is known and no one on it has that name («Kari Nordmann» is not «Kari
        # Halvorsrud»): say so, do not guess.
        raise ParseError("unknown_person", "", {"name": name})
    return name  # a first name two people share: the handler asks for the full name


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
    r"(?:\b(?:ansvarlig|ansvarleg|owner|eier|assigned to)\s*:?\s*|(?<!\S)@)"
    r"(?P<who>(?:<@[^>]+>|[^\s,;]+)"
    r"(?:\s+(?!frist\b|due\b)[^\s,;#@]+){0,3})\s*[,;]?\s*$",
    re.IGNORECASE,
)
_OWNER_FIRST = re.compile(
    r"\s*(?:til|for|to)\s+(?!(?:arbeids)?gruppe\b|group\b|workgroup\b)(?P<who>[^:,]{2,40}):\s*",
    re.IGNORECASE,
)
_FROM_NOW = re.compile(r"\s*(?:fra nå|fra i dag|from now|from today)\b", re.IGNORECASE)
_POLITE = r"(?:(?:kan du|kunne du|vil du|could you|can you|please|pls)\s+)?"

_ITEM_WORD = re.compile(r"^(?:saka?|item|punkt)\s+", re.IGNORECASE)


def _input_round(match: re.Match[str], ctx: ParseContext) -> c.Command:
    """«hvem har levert innspill til sak 3?»: the item as typed, without «sak»."""
    typed = match.group("item") or match.group("round") or ""
    item = _ITEM_WORD.sub("", typed.strip(' «»"')).strip()
    return c.InputRound(item or None)


# Commands with fixed words and a free part: a pattern each, tried before the slots.
_RULES: tuple[tuple[re.Pattern[str], str, Builder], ...] = (
    (
        _rule(
            r"(?:vis\s+)?(?:(?:utkast(?:et)?|forslag(?:et)?)\s+til\s+)?"
            r"(?:dagsorden(?:en)?|saksliste[na]?)"
            r"(?:\s+(?:(?:til|for)\s+)?(?:neste|kommende)\s+møte[t]?)"
            r"|(?:vis\s+)?(?:utkast(?:et)?|forslag(?:et)?)\s+til\s+(?:dagsorden(?:en)?|saksliste[na]?)"
        ),
        "nb",
        lambda m, x: c.AgendaDraft(),
    ),
    (
        _rule(
            r"(?:show\s+)?(?:the\s+)?(?:draft\s+)?agenda(?:\s+(?:for|of))?(?:\s+the)?"
            r"\s+next\s+meeting|(?:show\s+)?(?:the\s+)?draft\s+agenda"
        ),
        "en",
        lambda m, x: c.AgendaDraft(),
    ),
    (
        _rule(
            r"(?:hvem|hvilke|kven)\s+(?:har\s+(?:ikke\s+)?(?:levert|sendt(?:\s+inn)?|gitt)"
            r"|mangler)\s+(?:skriftlige?\s+)?innspill(?:\s+(?:til|på|for)\s+(?P<item>.+?))?"
            r"|(?:vis\s+)?innspillsrunden?(?:\s+(?:til|på|for)\s+(?P<round>.+?))?"
        ),
        "nb",
        _input_round,
    ),
    (
        _rule(
            r"who\s+(?:has|have)(?:\s+not|n't)?\s+(?:delivered|sent(?:\s+in)?|given|submitted)"
            r"\s+(?:written\s+)?input(?:\s+(?:to|for|on)\s+(?P<item>.+?))?"
            r"|(?:show\s+)?(?:the\s+)?input\s+round(?:\s+(?:for|of|on)\s+(?P<round>.+?))?"
        ),
        "en",
        _input_round,
    ),
    (_rule(r"ping|pnig|pign"), "", lambda m, x: c.Ping()),
    (
        _rule(r"(?:hei,?\s*|hallo,?\s*)?(?:lever du|er du der|er du våken|er du oppe)"),
        "nb",
        lambda m, x: c.Ping(),
    ),
    (
        _rule(r"(?:hi,?\s*|hello,?\s*)?(?:are you there|you there|are you alive)"),
        "en",
        lambda m, x: c.Ping(),
    ),
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
    (
        _rule(r"(?:hv(?:em|me) er (?:jeg|jg|eg)|kven er eg|hva står jeg registrert som)\b.*"),
        "nb",
        lambda m, x: c.WhoAmI(),
    ),
    (_rule(r"who ?am ?i\b.*"), "en", lambda m, x: c.WhoAmI()),
    (_rule(r"hvem tror du (?:jeg|eg) er"), "nb", lambda m, x: c.WhoAmI()),
    (
        _rule(r"(?:koble|kople|kopla|kobl)(?: meg)?\s+(?P<code>[a-z0-9]{4}-?[a-z0-9]{4})"),
        "nb",
        lambda m, x: c.Link(m.group("code")),
    ),
    (
        _rule(r"link(?: me)?\s+(?P<code>[a-z0-9]{4}-?[a-z0-9]{4})"),
        "en",
        lambda m, x: c.Link(m.group("code")),
    ),
    (
        # A link code anywhere in a short line: «min kode er ABCD-1234», «ABCD-1234».
        _rule(r"(?:[\w\s,:]{0,40}?\s)?(?P<code>(?=[a-z0-9-]*[a-z])[a-z0-9]{4}-[a-z0-9]{4})"),
        "",
        lambda m, x: c.Link(m.group("code")),
    ),
    (
        _rule(
            r"(?:.{0,30}\s)?(?:logg?e? (?:meg )?inn?|innlogging|innloggingslenke|logg på"
            r"|logge på|logg meg på|lenke til nett(?:sida|siden|stedet))\b.{0,30}"
        ),
        "nb",
        lambda m, x: c.SignIn(),
    ),
    (
        _rule(r"(?:.{0,30}\s)?(?:log me in|log ?in|sign ?in|sign me in|login link)\b.{0,30}"),
        "en",
        lambda m, x: c.SignIn(),
    ),
    (
        _rule(
            _POLITE + r"(?:(?:bind|koble|knytt)\s+(?:dette\s+|denne\s+)?(?:rommet|kanalen)\s+til"
            r"|(?:dette|denne)\s+(?:rommet|kanalen)\s+er\s+for)\s+"
            r"(?:(?P<all>(?:hele\s+)?faggrupp(?:en|a)|hele\s+grupp(?:en|a))|(?P<wg>.+))"
        ),
        "nb",
        lambda m, x: c.BindRoom(None if m.group("all") else _workgroup_ref(m.group("wg"), x)),
    ),
    (
        _rule(
            r"(?:bind\s+(?:this\s+)?(?:room|channel)\s+to|this\s+(?:room|channel)\s+is\s+for)\s+"
            r"(?:(?P<all>the\s+whole\s+group|the\s+group|whole\s+group)|(?P<wg>.+))"
        ),
        "en",
        lambda m, x: c.BindRoom(None if m.group("all") else _workgroup_ref(m.group("wg"), x)),
    ),
    (
        _rule(
            _POLITE + r"(?:ny\s?opp?g\w*|ny oppgåve|ny leveranse|nytt punkt|oppgave(?=\s*:)"
            r"|opprett(?: en| ei)?(?: ny)? (?:oppgave|oppgåve)"
            r"|lage?(?: en| ei)?(?: ny)? (?:oppgave|oppgåve)|legg til(?: en)?(?: ny)? oppgave)"
            r"\s*:?\s*(?P<rest>(?!#?\d+\b).*)"
        ),
        "nb",
        _create("nb"),
    ),
    (
        _rule(
            _POLITE + r"(?:new task|add(?: a)?(?: new)? task|create(?: a)?(?: new)? task)"
            r"\s*:?\s*(?P<rest>(?!#?\d+\b).*)"
        ),
        "en",
        _create("en"),
    ),
)


def parse(text: str, ctx: ParseContext) -> Parsed | Unclear:
    """Understand one line: a command, or the readings to ask back about; raise ParseError."""
    line = " ".join(text.replace("\u00a0", " ").split())
    if not line:
        raise ParseError("empty")
    for pattern, language, build in _RULES:
        match = pattern.match(line)
        if match is not None:
            return Parsed(build(match, ctx), language)
    slots = extract(line, today=ctx.today, next_meeting=ctx.next_meeting)
    try:
        return decide(slots, ctx)
    except ParseError as exc:
        if exc.code == "unknown_command" and "suggestion" not in exc.params:
            language, params = _suggest(line)
            exc.language = exc.language or language
            exc.params.update(params)
        raise


def _suggest(line: str) -> tuple[str, dict[str, str]]:
    """The closest known command, and the language it is in."""
    words = [t.folded for t in tokenize(line)]
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
