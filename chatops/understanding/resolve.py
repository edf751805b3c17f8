"""Find the people, tasks and agenda items a line names by words: «Dag», «Aanesen» (a typo),
«kartleggingen», «handlingsprogrammet». Each answer is every candidate that fits equally well,
so the caller can act on one and ask back on several."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from chatops.understanding import lexicon as lx
from chatops.understanding.lexicon import Intent
from chatops.understanding.slots import Slots, Token
from chatops.understanding.world import (
    KnownItem,
    KnownPerson,
    KnownTask,
    KnownWorkgroup,
    World,
)
from tracker.wordmatch import best_matches

_NAME_CUTOFF: Final = 85.0
_MIN_CONTENT: Final = 4
_MIN_PREFIX: Final = 5


def content_words(tokens: Iterable[Token]) -> list[str]:
    """The words that can name something: no fillers, no «jeg», nothing too short; the parts
    of a hyphened word too («sirkulærøkonomi-gruppa»)."""
    words = []
    for token in tokens:
        for word in token.folded.split("-"):
            if (
                word.isalpha()
                and len(word) >= _MIN_CONTENT
                and word not in lx.FILLER
                and word not in lx.SELF_WORDS
            ):
                words.append(word)
    return words


def tasks_named(words: Sequence[str], world: World) -> tuple[list[KnownTask], bool]:
    """The tasks whose titles fit the words best: the asker's first, then the group's; and
    whether they are the asker's own."""
    found = best_matches(words, world.my_tasks, lambda task: task.title)
    if found:
        return found, True
    # The group's tasks are loaded only when none of the asker's own fits.
    return best_matches(words, world.group_tasks, lambda task: task.title), False


def workgroups_named(words: Sequence[str], world: World) -> list[KnownWorkgroup]:
    """The workgroups whose names fit the words best («sirkulærøkonomi-gruppa»)."""
    return best_matches(words, world.workgroups, lambda wg: wg.name)


def items_named(words: Sequence[str], world: World) -> list[KnownItem]:
    """The agenda items whose titles fit the words best."""
    return best_matches(words, world.items, lambda item: item.title)


def people_named(slots: Slots, world: World) -> tuple[list[KnownPerson], set[int]]:
    """The people a line names, by full name, a unique first or last name or a near miss.

    Returns every candidate of the best-fitting name (several when it is shared) and the token
    indexes the name took. «jeg», «meg», «me» name the asker."""
    tokens = slots.tokens
    free = [i for i in range(len(tokens)) if i not in slots.used and tokens[i].folded.isalpha()]
    mine = slots.intents.get(Intent.MINE)
    for i, token in enumerate(tokens):
        said = i in free or (mine is not None and mine.start <= i < mine.end)
        if said and token.folded in lx.SELF_WORDS and world.me is not None:
            return [world.me], {i}
    if not free:
        return [], set()
    people = world.people
    from rapidfuzz import fuzz  # on first use: exact commands never get here (see typos.py)

    # Full name first: two neighbouring words.
    for i in free:
        if i + 1 in free:
            pair = f"{tokens[i].folded} {tokens[i + 1].folded}"
            hits = [p for p in people if p.full_name.casefold() == pair]
            if not hits:
                hits = [
                    p for p in people if fuzz.ratio(p.full_name.casefold(), pair) >= _NAME_CUTOFF
                ]
            if hits:
                return hits, {i, i + 1}
    for i in free:
        word = tokens[i].folded
        if word in lx.FILLER or len(word) < 2:
            continue
        hits = [p for p in people if word in _names_of(p)]
        if hits:
            return hits, {i}
    for i in free:
        word = tokens[i].folded
        if word in lx.FILLER or len(word) < _MIN_PREFIX:
            continue
        hits = [
            p
            for p in people
            if max(
                fuzz.ratio(word, p.first_name.casefold()), fuzz.ratio(word, p.last_name.casefold())
            )
            >= _NAME_CUTOFF
        ]
        if hits:
            return hits, {i}
    return [], set()


def people_in_text(text: str, world: World) -> list[KnownPerson]:
    """The people a bit of free text is: a full name, or a first or last name one person has."""
    wanted = " ".join(text.split()).strip(" .!").casefold()
    if not wanted:
        return []
    exact = [p for p in world.people if p.full_name.casefold() == wanted]
    if exact:
        return exact
    return [p for p in world.people if wanted in _names_of(p)]


def _names_of(person: KnownPerson) -> tuple[str, ...]:
    """What a person is called by alone: first and last name, and the first of two first
    names («Anne» for «Anne Kristine») or the last of two last names."""
    first, last = person.first_name.casefold(), person.last_name.casefold()
    return (first, last, first.split()[0] if first else "", last.split()[-1] if last else "")
