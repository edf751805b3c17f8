"""A line that changes nothing, read as the question it asks: my tasks, deadlines, a meeting."""

from __future__ import annotations

from chatops import commands as c
from chatops.understanding import lexicon as lx
from chatops.understanding.lexicon import Intent
from chatops.understanding.outcome import ParseContext, ParseError
from chatops.understanding.resolve import (
    content_words,
    tasks_named,
    workgroups_named,
)
from chatops.understanding.slots import Slots


def question(slots: Slots, ctx: ParseContext) -> c.Command:
    """A read-only command: what the line asks about."""
    language = slots.language
    if slots.note and len(slots.tasks) == 1:
        return c.AddComment(slots.tasks[0], slots.note)  # «#3: sendt purring til kommunene»
    if slots.tasks and not slots.has(Intent.DEADLINES, Intent.MEETING, Intent.CONTACT):
        asking = slots.asks or (slots.question and not slots.has(Intent.SUMMARY))
        if len(slots.tasks) == 1 and (asking or not _leftover_unknown(slots)):
            return c.ShowTask(slots.tasks[0])
        if any(t.folded in lx.UNSUPPORTED for t in slots.leftover()):
            raise ParseError("unknown_command", language)  # «slett 4»: not something I do
        if len(slots.tasks) == 1:
            word = " ".join(t.text for t in slots.leftover())
            raise ParseError(
                "unknown_status", language, {"word": word, "task": str(slots.tasks[0])}
            )
    if slots.has(Intent.HELP):
        return c.Help(None)
    if slots.has(Intent.CONTACT):
        return c.Contact()
    if (slots.asks or slots.question) and slots.has(Intent.DUE) and not slots.tasks:
        named, _own = tasks_named(content_words(slots.leftover()), ctx.world)
        if len(named) == 1:
            return c.ShowTask(named[0].id)  # «når er fristen for innlederen?»
    agenda = slots.intents.get(Intent.MEETING)
    if agenda is not None and agenda.key in lx.AGENDA_WORDS:
        return c.NextMeeting()  # «hva står på sakskartet til neste møte»
    if slots.has(Intent.FOR_MEETING) and _chatter(slots):
        raise ParseError("unknown_command", language)  # «bestill pizza til møtet»
    if slots.has(Intent.FOR_MEETING) and not slots.has(Intent.MEETING):
        # «what's due for group 4», «når må jeg levere ting?»: deadlines, not the meeting's list.
        if slots.workgroup:
            return c.Deadlines(scope=slots.workgroup)
        if slots.has(Intent.MINE):
            return c.Deadlines(mine=True)
    if slots.has(Intent.FOR_MEETING) and (
        slots.has(Intent.MEETING)
        or slots.intents[Intent.FOR_MEETING].key.endswith(("møte", "møtet", "mote"))
        or not slots.has(Intent.DEADLINES)
    ):
        return c.DueForMeeting()
    if slots.has(Intent.DEADLINES) or (slots.has(Intent.DUE) and (slots.asks or slots.question)):
        if slots.has(Intent.MINE):
            return c.Deadlines(mine=True)
        if slots.workgroup:
            return c.Deadlines(scope=slots.workgroup)
        if slots.has(Intent.ALL):
            return c.Deadlines(scope="alle")
        return c.Deadlines(scope=_workgroup_of(slots, ctx))
    if slots.has(Intent.MEETING):
        return c.NextMeeting()
    if slots.has(Intent.SUMMARY):
        workgroup = slots.workgroup or _workgroup_of(slots, ctx)
        if workgroup is None and slots.asks:
            named, _own = tasks_named(content_words(slots.leftover()), ctx.world)
            if len(named) == 1:
                return c.ShowTask(named[0].id)  # «hvordan går det med kartleggingen?»
        return c.Summary(workgroup)
    if (slots.has(Intent.MINE) and not _chatter(slots)) or (
        slots.has(Intent.TASKS) and (slots.asks or slots.question or slots.has(Intent.MINE))
    ):
        return c.MyTasks()
    if slots.has(Intent.SHOW) and slots.tasks:
        return c.ShowTask(slots.tasks[0])
    if slots.asks or slots.question:
        named, _own = tasks_named(content_words(slots.leftover()), ctx.world)
        if len(named) == 1:
            return c.ShowTask(named[0].id)  # «er innlederen klar?»
    raise ParseError("unknown_command", language)


def _chatter(slots: Slots) -> bool:
    """Words the bot does not know beside the few it does: «order me a coffee»."""
    return not (slots.asks or slots.question) and len(content_words(slots.leftover())) >= 2


def _leftover_unknown(slots: Slots) -> bool:
    return bool(content_words(slots.leftover())) and not slots.has(Intent.SHOW)


def _workgroup_of(slots: Slots, ctx: ParseContext) -> str | None:
    """The workgroup words of the line name: its number where one fits, else the words."""
    words = content_words(slots.leftover())
    if not words:
        return None
    found = workgroups_named(words, ctx.world)
    if len(found) == 1:
        return str(found[0].number)
    if ctx.world.workgroups_known or slots.asks:
        return None  # words that name no workgroup are no scope («weekly summary please»)
    return _workgroup_words(slots)


def _workgroup_words(slots: Slots) -> str | None:
    words = [t.text for t in slots.leftover() if t.folded not in lx.FILLER and t.folded.isalpha()]
    return " ".join(words) or None
