"""Find what a line is about, wherever the words stand: tasks, a status, a date or a shift of
one, an agenda item, a workgroup, the verbs, hedges and free text. Nothing here decides the
command (see `decide`); each slot keeps its span, so what is left over can be a title fragment,
a name or the text of a comment."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Final

from chatops.understanding import lexicon as lx
from chatops.understanding.lexicon import Intent
from chatops.understanding.slot_values import Hit as Hit
from chatops.understanding.slot_values import Slots as Slots
from chatops.understanding.slot_values import Token as Token
from chatops.understanding.typos import fuzzy_words, negation_typo
from tracker.dates import (
    UNRECOGNISED,
    DueDate,
    DueDateError,
    MeetingRef,
    parse_due,
    scan_due,
    scan_shift,
)
from tracker.models import TaskStatus

# A platform mention: Slack's «<@U123>», the core's «<@@user:server>» for Matrix, a bare Matrix id.
_MENTION: Final = r"@?<@[^>\s]+>|@[\w.=\-/+]+:[\w.\-]+(?::\d+)?"
_MENTIONS: Final = re.compile(_MENTION)
_TOKEN: Final = re.compile(
    _MENTION + r"|#[0-9]{1,9}\b|[0-9]{1,9}(?:[./][0-9]{1,4})*\.?|[^\W\d_][\w'’\-]*|[✅✔🚧]|\S",
)
_ITEM: Final = re.compile(
    r"\b(?:sak(?:en)?|saksnummer|punkt(?:et)?|item|agenda item|pkt\.?)\s*(?:nr\.?\s*)?"
    r"(?P<item>\d{1,3}(?:/\d{2,4})?)\b|(?<![\d./#])(?P<label>\d{1,3}/\d{2})(?![\d./])",
    re.IGNORECASE,
)
_WORKGROUP: Final = re.compile(
    r"\b(?:arbeidsgruppe|arbeidsgruppa|arbeidsgruppen|gruppe|gruppa|gruppen|workgroup|group"
    r"|ag|wg)\s*(?:nr\.?\s*)?(?P<wg>\d{1,3})\b",
    re.IGNORECASE,
)
# A number standing alone is a task, not part of a date: hidden from the date scanner, so
# «flytt 4 til 1. mars» is no range «4.–1. mars». Not when a unit or a month follows («4 mars»,
# «3 dager») or «uke», «om», «kl» stands before it.
_BARE_NUMBER: Final = re.compile(
    r"(?<![\w./#+\-])#?\d{1,6}(?![\w./:\-])(?!\s*(?:dag|døgn|uke|uka|veke|måned|mnd|day|week"
    r"|month|jan|feb|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|des|dec)\w*)",
    re.IGNORECASE,
)
_NUMBER_LEAD: Final = re.compile(r"(?:uke|week|veke|om|in|kl|klokka|klokken|at)\s*$", re.I)
_ONLY_TASK: Final = re.compile(
    r"^\s*(?:oppgave\s+|task\s+|status\s+|ang\.?\s*|angående\s+|re:?\s*)?#?\d{1,9}\s*$",
    re.IGNORECASE,
)
_LONE_DATE: Final = re.compile(r"[0-9]{1,2}[./][0-9]{1,2}\.?")
_TASK_MARK: Final = frozenset({"oppgave", "oppgåve", "oppg", "task", "nr", "nummer", "number"})
_MAX_PHRASE: Final = 4
_MONTH_BEFORE: Final = re.compile(
    r"(?:jan|feb|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|des|dec)[a-zæøå]*\.?\s*$", re.I
)


def _phrase_table(*tables: Iterable[str]) -> dict[tuple[str, ...], str]:
    out: dict[tuple[str, ...], str] = {}
    for table in tables:
        for key in table:
            out[tuple(key.split())] = key
            out[tuple(lx.ascii_fold(key).split())] = key
    return out


_STATUS_PHRASES: Final = _phrase_table(lx.STATUS_FORMS)
_INTENT_PHRASES: Final = _phrase_table(lx.INTENT_WORDS)
_HEDGE_PHRASES: Final = _phrase_table(lx.HEDGES)
_POLITE_PHRASES: Final = _phrase_table(dict.fromkeys(lx.POLITE))


def tokenize(text: str) -> list[Token]:
    """The words of a text with their spans."""
    return [
        Token(m[0], m[0].casefold().rstrip("."), m.start(), m.end()) for m in _TOKEN.finditer(text)
    ]


def _find_phrases(
    tokens: list[Token], table: dict[tuple[str, ...], str], used: set[int]
) -> Iterator[tuple[str, int, int]]:
    i, n = 0, len(tokens)
    while i < n:
        for length in range(min(_MAX_PHRASE, n - i), 0, -1):
            if any(j in used for j in range(i, i + length)):
                continue
            words = tuple(t.folded for t in tokens[i : i + length])
            key = table.get(words)
            if key is not None:
                yield key, i, i + length
                i += length
                break
        else:
            i += 1


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _split_tail(line: str) -> tuple[str, str | None, str | None]:
    """The head and the free text after the first «:» that is no clock time («13:00»)."""
    inside = [m.span() for m in _MENTIONS.finditer(line)] if "@" in line else []
    for match in re.finditer(r":", line):
        if any(start <= match.start() < end for start, end in inside):
            continue  # «@dag:example.org» is a person, not a head and its text
        before, after = line[: match.start()], line[match.end() :]
        if before[-1:].isdigit() and after[:1].isdigit():
            continue
        if _ONLY_TASK.match(before):
            # «4: levert!» names the task, then says what; «#3: sendt purring» is a comment
            return f"{before} {after}", None, after.strip()
        return before, after.strip() or "", None
    return line, None, None


def extract(text: str, *, today: date, next_meeting: MeetingRef | None) -> Slots:
    """Every slot of a line."""
    slots = _extract(text, today=today, next_meeting=next_meeting)
    if slots.tail and _says_nothing(slots):
        # «Hei! Bare så du vet: 4 er i gang», «innlederen: ny frist 7. februar»: what follows
        # the colon is the message, and the words before it may name its task.
        return _extract(f"{slots.tail} {slots.head}", today=today, next_meeting=next_meeting)
    return slots


def _says_nothing(slots: Slots) -> bool:
    return not (slots.intents or slots.statuses or slots.tasks or slots.item or slots.mentions)


def _extract(text: str, *, today: date, next_meeting: MeetingRef | None) -> Slots:
    """Every slot of a line."""
    line = " ".join(text.replace("\u00a0", " ").split())
    head, tail, note = _split_tail(line)
    spans: list[tuple[int, int]] = []
    slots = Slots(text=line, head=head, tail=tail, tokens=[], note=note)
    if note is not None:
        slots.note_at = len(head) - len(note)
    item = _ITEM.search(head)
    if item:
        slots.item = item["item"] or item["label"]
        spans.append(item.span())
    wg = _WORKGROUP.search(head)
    if wg and not (item and item.start() <= wg.start() < item.end()):
        slots.workgroup = wg["wg"]
        spans.append(wg.span())
    masked = _mask(head, spans)
    numbers = [
        m.span()
        for m in _BARE_NUMBER.finditer(masked)
        if not _NUMBER_LEAD.search(masked[: m.start()])
        and not _MONTH_BEFORE.search(masked[: m.start()])
    ]
    masked_numbers = _mask(masked, numbers)
    shift_found = scan_shift(masked_numbers)
    due_found = scan_due(masked_numbers, today=today, next_meeting=next_meeting)
    if due_found and shift_found:
        d0, d1 = due_found[1], due_found[2]
        s0, s1 = shift_found[1], shift_found[2]
        if d0 < s1 and s0 < d1:  # the same words: «om to uker» is a date, «to uker» a shift
            if re.match(r"\s*(?:om|in)\b", masked[d0:d1], re.IGNORECASE) or isinstance(
                due_found[0], DueDateError
            ):
                shift_found = None
            else:
                due_found = None
    if due_found:
        slots.due, slots.due_span = due_found[0], (due_found[1], due_found[2])
        spans.append(slots.due_span)
    if shift_found:
        slots.shift, slots.shift_span = shift_found[0], (shift_found[1], shift_found[2])
        spans.append(slots.shift_span)
    slots.tokens = [negation_typo(t) for t in tokenize(head)]
    tokens = slots.tokens
    dated: set[int] = set()
    for i, token in enumerate(tokens):
        if any(s <= token.start < e for s, e in numbers):
            continue  # a task number, even where a date's keyword stands before it
        if any(s <= token.start < e for s, e in spans):
            dated.add(i)
    # Words inside a date («frist», «til neste møte») still say what the line wants: the intents
    # are looked for first, then the date's words are taken.
    _find_numbers(slots, dated)
    for key, start, end in _find_phrases(tokens, _INTENT_PHRASES, slots.used):
        intent, language = lx.INTENT_WORDS[key]
        slots.intents.setdefault(intent, Hit(key, start, end, language))
        slots.used.update(range(start, end))
        if language and intent not in (Intent.MINE,):
            slots.languages.append(language)
    for key, start, end in _find_phrases(tokens, _HEDGE_PHRASES, slots.used | dated):
        slots.hedged = True
        slots.used.update(range(start, end))
        slots.languages.append(lx.HEDGES[key])
    for _key, start, end in _find_phrases(tokens, _POLITE_PHRASES, slots.used | dated):
        slots.polite = True
        slots.used.update(range(start, end))
    for key, start, end in _find_phrases(tokens, _STATUS_PHRASES, slots.used | dated):
        status, language = lx.STATUS_FORMS[key]
        slots.statuses.append((status, Hit(key, start, end, language)))
        slots.used.update(range(start, end))
        if language:
            slots.languages.append(language)
    fuzzy_words(slots, dated)
    if slots.due is None and slots.shift is None and tail and slots.has(*_DATE_INTENTS):
        # «ny frist på 4: 14/2»: the date is what follows the colon.
        slots.due = _whole_date(tail, today, next_meeting)
        if slots.due is not None:
            slots.tail = None
    if slots.shift_span is not None and not slots.has(*_DATE_INTENTS):
        # «assign #3 to Dag» is no shift of «two days»: without a verb of dates, give the words
        # back.
        slots.shift, slots.shift_span = None, None
        dated = {i for i in dated if not _within(tokens[i], shift_found)}
        _find_numbers(slots, dated)  # «4 Dag Aanensen»: the 4 is a task after all
    slots.used |= dated
    for i, token in enumerate(tokens):
        if _MENTIONS.fullmatch(token.text):
            mention = token.text.removeprefix("@") if "<@" in token.text else token.text
            slots.mentions.append(mention)
            slots.used.add(i)
    _negation(slots)
    _date_token(slots, today, next_meeting)
    words = [t.folded for t in tokens]
    slots.question = line.rstrip().endswith("?")
    opener = words[0] if words else ""
    # A wh-word asks wherever it stands; «er», «har», «is» only with a «?» («har levert 4» tells).
    slots.asks = opener in lx.WH_WORDS or (slots.question and opener in lx.QUESTION_OPENERS)
    return slots


_DATE_INTENTS: Final = (Intent.DUE, Intent.LATER, Intent.EARLIER, Intent.MOVE)


def _within(token: Token, found: tuple[object, int, int] | None) -> bool:
    return found is not None and found[1] <= token.start < found[2]


def _whole_date(
    text: str, today: date, next_meeting: MeetingRef | None
) -> DueDate | DueDateError | None:
    try:
        return parse_due(text, today=today, next_meeting=next_meeting)
    except DueDateError as exc:
        return None if exc.code == UNRECOGNISED else exc


def _find_numbers(slots: Slots, dated: set[int]) -> None:
    tokens = slots.tokens
    for i, token in enumerate(tokens):
        if i in slots.used or i in dated:
            continue
        raw = token.text
        if raw.startswith("#") and raw[1:].isascii() and raw[1:].isdigit():
            slots.tasks.append(int(raw[1:]))
            slots.explicit_task = True
            slots.used.add(i)
        elif raw.rstrip(".").isascii() and raw.rstrip(".").isdigit():
            before = tokens[i - 1].folded if i > 0 else ""
            if before in _TASK_MARK:
                slots.explicit_task = True
                slots.used.add(i - 1)
            slots.tasks.append(int(raw.rstrip(".")))
            slots.used.add(i)
    seen: set[int] = set()
    slots.tasks = [t for t in slots.tasks if not (t in seen or seen.add(t))]  # type: ignore[func-returns-value]


def _negation(slots: Slots) -> None:
    """«ikke ferdig»: a negation right in front of a status turns it round (the TODO phrases
    that start with «ikke» were taken whole before)."""
    for status, hit in slots.statuses:
        if status == TaskStatus.TODO:
            continue
        before = {t.folded for t in slots.tokens[max(0, hit.start - 2) : hit.start]}
        if before & lx.NEGATIONS:
            slots.negated_hits.add(hit.start)


def _date_token(slots: Slots, today: date, next_meeting: MeetingRef | None) -> None:
    """A lone «20.01» or «20.1» that the scanner left, having no keyword in front of it: a
    date where the line says something of dates, or beside a task number."""
    if slots.due is not None or slots.shift is not None:
        return
    for i, token in enumerate(slots.tokens):
        if i in slots.used or not _LONE_DATE.fullmatch(token.text):
            continue
        found = _whole_date(token.text, today, next_meeting)
        if found is not None:
            slots.due = found
            slots.bare_date = True
            slots.used.add(i)
            return
