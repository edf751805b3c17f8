"""Decide the command from the slots a line has, in whatever order the words came.

The rules, in the order they apply:
1. A line that names input or a minutes line is a contribution; one that names a comment is a
   comment (their free text may hold any word, so they go first).
2. A line with a state change (a status, a due date or a shift of it, a new owner) and a task is
   that change; with no task number, words of a title may name the task.
3. A change is carried out only when it is plain: a hedge («kanskje», «tror»), a bare «?», two
   tasks, two people, two changes or a direction the words do not give are asked back with every
   reading. A question («er 12 ferdig?») is read-only and answered on the best reading.
4. Otherwise the line is a question: my tasks, deadlines, the next meeting, the contact, the
   summary, a task's details (`questions`).
"""

from __future__ import annotations

import re
from typing import Final

from chatops import commands as c
from chatops.understanding import lexicon as lx
from chatops.understanding.lexicon import Intent
from chatops.understanding.outcome import ParseContext, Parsed, ParseError, Unclear
from chatops.understanding.questions import question
from chatops.understanding.resolve import (
    content_words,
    items_named,
    people_in_text,
    people_named,
    tasks_named,
)
from chatops.understanding.slots import Slots
from tracker.dates import DueDate, DueDateError
from tracker.models import OPEN_STATUSES, ContributionKind, TaskStatus

_MAX_READINGS: Final = 5
_REASON_LEAD: Final = re.compile(
    r"^[\s,;:.\-–—]*(?:(?:fordi|pga\.?|på grunn av|because(?: of)?|due to|grunnet)\s+)?",
    re.IGNORECASE,
)
_TEXT_LEAD: Final = re.compile(r"^[\s,;:.\-–—]*(?:(?:til|på|on|to|for|om|about)\s+)?", re.I)
_CHANGE_INTENTS: Final = (Intent.DUE, Intent.LATER, Intent.EARLIER, Intent.MOVE)
_MAX_ITEM: Final = 100
_ROUND_TABLE: Final = frozenset({"bordet", "table"})
_GIVE: Final = frozenset({"gi", "gir", "gje", "give"})
_FORWARD_WORDS: Final = frozenset({"fram", "frem", "forward", "forover"})


Outcome = Parsed | Unclear


def decide(slots: Slots, ctx: ParseContext) -> Outcome:
    """The command a line gives, or the readings to ask back about; raise ParseError."""
    language = slots.language
    if slots.has(Intent.INPUT, Intent.MINUTES) and not slots.explicit_task:
        return Parsed(_contribution(slots, ctx), language)
    _known_tasks_only(slots, ctx)
    if slots.has(Intent.COMMENT):
        return _comment(slots, ctx, language)
    readings = _changes(slots, ctx)
    if readings is not None:
        return _settle(slots, readings, language)
    return Parsed(question(slots, ctx), language)


def _known_tasks_only(slots: Slots, ctx: ParseContext) -> None:
    """Keep the task numbers that name a task of the group; none at all is a refusal, so
    «42 ferdig» says there is no #42 instead of reading as a change."""
    if not slots.tasks:
        return
    existing = ctx.world.existing(tuple(slots.tasks))
    if existing is None:
        return
    missing = [t for t in slots.tasks if t not in existing]
    slots.tasks = [t for t in slots.tasks if t in existing]
    if missing and not slots.tasks:
        raise ParseError("no_task", slots.language, {"task": str(missing[0])})


# --- contributions and comments --------------------------------------------------------------


def _text_after(slots: Slots, *indexes: int) -> str:
    """The free text: after the «:», else the head's text after the last of these tokens."""
    if slots.tail is not None:
        return slots.tail.strip()
    last = max((i for i in indexes if i >= 0), default=-1)
    if last < 0:
        return ""
    rest = slots.head[slots.tokens[last].end :]
    return _TEXT_LEAD.sub("", rest, count=1).strip()


def _contribution(slots: Slots, ctx: ParseContext) -> c.Command:
    kind = ContributionKind.MINUTES if slots.has(Intent.MINUTES) else ContributionKind.INPUT
    hit = slots.intents.get(Intent.MINUTES if kind == ContributionKind.MINUTES else Intent.INPUT)
    assert hit is not None
    item = slots.item
    last = hit.end - 1
    if item is None and len(slots.tasks) == 1 and slots.tasks[0] < _MAX_ITEM:
        item = str(slots.tasks[0])  # «innspill 3: …»: a bare number after the verb is the item
    if item is not None:
        last = max([last, *(i for i, t in enumerate(slots.tokens) if item in t.text)])
    elif slots.tail is not None:
        words = content_words(slots.leftover())
        if any(t.folded in _ROUND_TABLE for t in slots.tokens):
            words += ["runde", "rundt", "bordet"]  # «runde rundt bordet: …» names its item
        folded = slots.head.casefold()
        words += [nb for en, nb in lx.ITEM_GLOSSES.items() if en in folded]
        found = {i.label for i in items_named(words, ctx.world)}
        if len(found) == 1:  # the common part may have an item of the same number and title
            item = found.pop()
    text = _text_after(slots, last)
    if not text:
        raise ParseError("missing_text", slots.language)
    return c.Contribute(item=item, text=text, kind=kind)


def _comment(slots: Slots, ctx: ParseContext, language: str) -> Outcome:
    hit = slots.intents[Intent.COMMENT]
    task_ids = _task_ids(slots, ctx)
    anchor = max(hit.end - 1, *_task_token_indexes(slots))
    text = _text_after(slots, anchor)
    if not task_ids and not _named_something(slots):
        task_ids = [t.id for t in ctx.world.my_tasks if t.status in OPEN_STATUSES]
        if len(task_ids) == 1:
            return Unclear((c.AddComment(task_ids[0], text),), language, "which_task")
    if not task_ids:
        raise ParseError("no_task", language)
    if not text:
        raise ParseError("missing_text", language)
    readings = tuple(c.AddComment(t, text) for t in task_ids)
    if len(readings) == 1 and not slots.hedged:
        return Parsed(readings[0], language)
    return Unclear(readings[:_MAX_READINGS], language, "several")


def _task_token_indexes(slots: Slots) -> list[int]:
    return [
        i
        for i, t in enumerate(slots.tokens)
        if i in slots.used and (t.text.lstrip("#").rstrip(".").isdigit())
    ] or [-1]


# --- changes ---------------------------------------------------------------------------------


def _task_ids(slots: Slots, ctx: ParseContext) -> list[int]:
    """The tasks a line names: by number, else by words of a title. A change to someone
    else's task named by words is asked back: «rekrutteringsoppgaven» may be either of two."""
    if slots.tasks:
        return slots.tasks
    found, own = tasks_named(_naming_words(slots), ctx.world)
    if found and not own:
        slots.hedged = True
    return [t.id for t in found]


def _changes(slots: Slots, ctx: ParseContext) -> list[c.Command] | None:
    """Every change the line could mean, or None when it states no change at all."""
    kinds: list[str] = []
    statuses = _statuses(slots)
    if statuses:
        kinds.append("status")
    due = slots.due if slots.has(*_CHANGE_INTENTS) or slots.tasks else None
    if isinstance(due, DueDateError) and (slots.tasks or slots.has(*_CHANGE_INTENTS)):
        raise ParseError("bad_date", slots.language, {"text": due.text, "reason": due.code})
    if (
        isinstance(due, DueDate)
        and statuses
        and _now(slots, ctx)
        and not slots.has(*_CHANGE_INTENTS)
    ):
        due = None  # «started on 4 today», «jobber med 4 denne uka»: when, not a due date
    if isinstance(due, DueDate):
        kinds.append("due")
        if not slots.has(*_CHANGE_INTENTS, Intent.FOR_MEETING):
            slots.hedged = True  # «4 til fredag», «3 20.1»: due then, or done by then? Asked.
    shift = slots.shift if (slots.has(*_CHANGE_INTENTS) or slots.tasks) else None
    if shift is not None and due is None:
        kinds.append("shift")
    assigning = slots.has(Intent.ASSIGN, Intent.TAKE)
    give = slots.intents.get(Intent.ASSIGN)
    if assigning and kinds and give is not None and give.key in _GIVE and not slots.tail:
        assigning = False  # «gi meg en uke til på 4» gives time, not the task
    if assigning:
        kinds.append("assign")
    if (
        not kinds
        and len(slots.tasks) == 1
        and not (slots.asks or slots.question)
        and (slots.mentions or _names_someone(slots, ctx))
    ):
        # «12 Dag Aanensen»: a task and a person and no verb; the nearest command is asked.
        slots.hedged = True
        assigning = True
        kinds.append("assign")
    if not kinds:
        dated = slots.has(Intent.LATER, Intent.EARLIER, Intent.MOVE) or (
            slots.has(Intent.DUE) and not (slots.asks or slots.question)
        )
        if dated and (slots.tasks or slots.explicit_task):
            raise ParseError("missing_date", slots.language)  # «utsett 4», «ny frist på 4»
        return None
    if slots.asks and not slots.polite:
        return None  # «er 12 ferdig?», «har Dag tatt 4?»: a question about the task
    if any(t.folded in lx.VAGUE for t in slots.leftover()):
        raise ParseError("no_task", slots.language)  # «ferdig med noe»
    task_ids = _task_ids(slots, ctx)
    if kinds == ["assign"] and not task_ids and not slots.has(Intent.TAKE):
        return None  # «gi meg en oppsummering»: a request, not a task changing hands
    if not task_ids:
        if slots.has(Intent.DUE) and not slots.tasks and kinds == ["due"] and slots.asks:
            return None  # «frister fredag?»: about deadlines, not a change
        if not _named_something(slots) or slots.tail is not None:
            # «ferdig!», «utsett en uke», «står fast: venter på innkjøpssjefen»: one of the
            # asker's open tasks, but which is not said (the words after a colon are why).
            task_ids = [t.id for t in ctx.world.my_tasks if t.status in OPEN_STATUSES]
            if task_ids:
                slots.hedged = True
        if not task_ids:
            raise ParseError("no_task", slots.language)
    readings: list[c.Command] = []
    for task_id in task_ids[:_MAX_READINGS]:
        for status in statuses:
            readings.append(c.SetStatus(task_id, status, _reason(slots, status)))
        if isinstance(due, DueDate):
            readings.append(c.MoveDue(task_id, due))
        if "shift" in kinds and shift is not None:
            readings.extend(_shifts(slots, task_id, shift))
        if assigning:
            readings.extend(_assignments(slots, ctx, task_id))
    return readings


def _names_someone(slots: Slots, ctx: ParseContext) -> bool:
    """Whether the words left over are a full name on the roster (only these, not a first name
    in passing, make a task and a name the nearest assignment)."""
    words = [t for t in slots.leftover() if t.folded.isalpha()]
    if len(words) < 2 or slots.intents or slots.statuses:
        return False
    people, taken = people_named(slots, ctx.world)
    return len(people) == 1 and len(taken) == 2


def _now(slots: Slots, ctx: ParseContext) -> bool:
    """Whether the line's date is today or this week said as such: the time of a status."""
    if slots.has(*_CHANGE_INTENTS):
        return False
    if slots.due_span is None or not isinstance(slots.due, DueDate):
        return False
    said = slots.head[slots.due_span[0] : slots.due_span[1]].casefold()
    return slots.due.day == ctx.today or any(w in said for w in lx.NOW_WORDS)


def _named_something(slots: Slots) -> bool:
    return bool(_naming_words(slots))


def _naming_words(slots: Slots) -> list[str]:
    """The words that may name the task: not those of a block's reason («står fast, venter
    på innkjøpssjefen» names no task)."""
    end = len(slots.tokens)
    for status, hit in slots.statuses:
        if status == TaskStatus.BLOCKED:
            end = min(end, hit.end)
    return content_words(t for t in slots.leftover() if slots.tokens.index(t) < end)


def _statuses(slots: Slots) -> list[TaskStatus]:
    found: list[TaskStatus] = []
    negated = False
    for status, hit in slots.statuses:
        if slots.note is not None and (slots.tokens[hit.start].start < slots.note_at or hit.fuzzy):
            continue
        if slots.note is not None and slots.tokens[hit.start].start > slots.note_at:
            continue  # «#3: sendt purring …»: a comment, unless it opens with the status
        if hit.key in lx.WEAK_STATUS and (
            (not slots.tasks and len(slots.tokens) > 1) or slots.due or slots.shift
        ):
            continue  # «4 må være klar 3 dager tidligere» moves a date
        if hit.start in slots.negated_hits:
            negated = True
            continue
        if status not in found:
            found.append(status)
    if negated and not found:
        # «ikke ferdig ennå»: still going; asked back, never carried out as typed. With
        # another status beside it («ikke ferdig likevel, jobber med den») that one counts.
        slots.hedged = True
        return [TaskStatus.DOING]
    return found


def _reason(slots: Slots, status: TaskStatus) -> str | None:
    if status != TaskStatus.BLOCKED:
        return None
    if slots.tail:
        return slots.tail.strip() or None
    hit = next(h for s, h in slots.statuses if s == status)
    if hit.key in lx.REASON_STATUS:
        start = slots.tokens[hit.start].start
        return slots.head[start:].strip(" .!") or None
    rest = slots.head[slots.tokens[hit.end - 1].end :]
    if slots.tasks:
        rest = re.sub(r"^\s*#?\d+\b", "", rest)
    rest = _REASON_LEAD.sub("", rest, count=1).strip(" .!")
    return rest or None


def _shifts(slots: Slots, task_id: int, shift: object) -> list[c.Command]:
    days, months = getattr(shift, "days", 0), getattr(shift, "months", 0)
    direction = getattr(shift, "direction", 0)
    if slots.has(Intent.EARLIER):
        direction = -1
    elif slots.has(Intent.LATER):
        direction = direction or 1
    forward = any(t.folded in _FORWARD_WORDS for t in slots.tokens)
    if direction == 0 and forward:
        # «flytt 12 en uke fram»: people mean both earlier and later by it; ask.
        slots.hedged = True
        return [
            c.ShiftDue(task_id, days=abs(days), months=abs(months)),
            c.ShiftDue(task_id, days=-abs(days), months=-abs(months)),
        ]
    sign = -1 if direction < 0 else 1
    return [c.ShiftDue(task_id, days=sign * abs(days), months=sign * abs(months))]


def _assignments(slots: Slots, ctx: ParseContext, task_id: int) -> list[c.Command]:
    if slots.mentions:
        return [c.Assign(task_id, slots.mentions[0])]
    people, _taken = people_named(slots, ctx.world)
    if not people and slots.tail:
        people = people_in_text(slots.tail, ctx.world)  # «ansvarlig for 4: Martin Hafsahl»
    if people:
        return [c.Assign(task_id, p.full_name, p.id) for p in people[:_MAX_READINGS]]
    take = slots.intents.get(Intent.TAKE)
    if take is not None and ctx.world.me is not None:
        return [c.Assign(task_id, ctx.world.me.full_name, ctx.world.me.id)]
    words = [t.text for t in slots.leftover() if t.folded not in lx.FILLER]
    if words and ctx.world.people:
        # The roster is known and no one on it is called that: say so rather than guess.
        raise ParseError("unknown_person", slots.language, {"name": " ".join(words)})
    if words:
        return [c.Assign(task_id, " ".join(words))]
    if take is not None:
        return [c.Assign(task_id, "meg" if slots.language != "en" else "me")]
    raise ParseError("missing_person", slots.language)


def _settle(slots: Slots, readings: list[c.Command], language: str) -> Outcome:
    """Carry out one plain reading; ask back on anything less."""
    unique = list(dict.fromkeys(readings))
    if len(unique) == 1 and not slots.hedged and not (slots.question and not slots.polite):
        return Parsed(unique[0], language)
    reason = "several" if len(unique) > 1 else "hedged"
    return Unclear(tuple(unique[:_MAX_READINGS]), language, reason)
