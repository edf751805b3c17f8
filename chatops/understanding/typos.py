"""Words a typo away from a status, a verb or «ikke», matched to the lexicon's own words.
rapidfuzz (2-3 MiB) is imported by the first comparison, so a process whose lines are all exact
commands never loads it."""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from chatops.understanding import lexicon as lx
from chatops.understanding.slot_values import Hit, Slots, Token

# Single words fuzzy matching may correct to (short words are too easy to hit by chance).
# Only words that say a status on their own: «under (arbeid)» or «holder (på)» would turn
# «Lunde» or «Holden» into a status.
FUZZY_STATUS: Final = sorted(
    {k for k in lx.STATUS_FORMS if " " not in k and len(k) >= 5}
    | {"jobber", "jobbar", "arbeider", "begynt", "startet", "venter", "ventar", "blokkert"}
)
# Words of their own that are a slip away from a status: «#3 står nå fast» is no «start».
NOT_TYPOS: Final = frozenset({"står"})
# A typo of a phrase's first word stands for the phrase: «jober (med)» is «jobber med».
FIRST_WORD_STATUS: Final = {
    k.split()[0]: k for k in sorted(lx.STATUS_FORMS, key=len, reverse=True) if " " in k
} | {k: k for k in lx.STATUS_FORMS if " " not in k}
FUZZY_INTENT: Final = sorted(
    {k for k in lx.INTENT_WORDS if " " not in k and len(k) >= 4}
    - {"mine", "leveres", "levere", "senere", "later", "oversikt", "change", "møter", "meet"}
    - {"note", "open", "view", "hand", "take", "info", "push", "move", "give", "plate", "kontakt"}
)


@lru_cache(maxsize=4096)
def fuzzy_match(word: str, choices: tuple[str, ...]) -> str | None:
    """The known word this one is a typo of, with the first letter right: in a short word a
    letter missing, doubled or two swapped («frsit», «hjlep»), from six letters also one
    wrong («ferdgi», «pågåe»), from nine letters two slips. «helg» stays «helg», not «help»,
    and «kommuner» is no «kommenter»."""
    if len(word) < 4 or word in lx.FILLER:
        return None
    from rapidfuzz.distance import OSA

    slips = 1 if len(word) <= 8 else 2
    best: tuple[int, str] | None = None
    for choice in choices:
        if choice[:1] != word[:1]:
            continue
        distance = OSA.distance(word, choice, score_cutoff=slips)
        if distance > slips:
            continue
        if len(word) < 6 and not slip_of_short(word, choice):
            continue  # a short word with a letter swapped for another is often another word
        if best is None or distance < best[0]:
            best = (distance, choice)
    return best[1] if best else None


def slip_of_short(word: str, choice: str) -> bool:
    """A short word's typo: a letter missing or doubled, two swapped, or from five letters the
    last one wrong («pågåe»)."""
    from rapidfuzz.distance import Indel

    if Indel.distance(word, choice) <= 1 or sorted(word) == sorted(choice):
        return True
    return len(word) == len(choice) >= 5 and word[:-1] == choice[:-1]


def fuzzy_words(slots: Slots, dated: set[int]) -> None:
    """Words that are a typo away from a status or a verb («ferdg», «utsettt», «kommentr»)."""
    for i, token in enumerate(slots.tokens):
        if i in slots.used or i in dated or not token.folded.isalpha():
            continue
        if i > 0 and token.text[:1].isupper():
            continue  # a capital inside a line is most likely a name: «Lunde», «Salberg»
        if token.folded in NOT_TYPOS:
            continue
        # «paagaar»: «aa» is how many write «å» without a Norwegian keyboard.
        plain = token.folded.replace("aa", "å") if "aa" in token.folded else token.folded
        key = fuzzy_match(plain, tuple(FUZZY_STATUS)) or fuzzy_match(
            lx.ascii_fold(plain), tuple(FUZZY_STATUS)
        )
        if key is not None:
            key = FIRST_WORD_STATUS[key]
            status, language = lx.STATUS_FORMS[key]
            slots.statuses.append((status, Hit(key, i, i + 1, language, fuzzy=True)))
            slots.used.add(i)
            if language:
                slots.languages.append(language)
            continue
        key = fuzzy_match(token.folded, tuple(FUZZY_INTENT))
        if key is not None:
            intent, language = lx.INTENT_WORDS[key]
            slots.intents.setdefault(intent, Hit(key, i, i + 1, language, fuzzy=True))
            slots.used.add(i)
            if language:
                slots.languages.append(language)


def negation_typo(token: Token) -> Token:
    """«ikek», «ikkke», «ikkj»: a slip in «ikke» would turn «ikke startet» into «startet»."""
    word = token.folded
    if word in lx.NEGATIONS or not (3 <= len(word) <= 6 and word[:1] == "i"):
        return token
    from rapidfuzz.distance import OSA

    if any(OSA.distance(word, n) <= 1 for n in ("ikke", "ikkje")):
        return Token(token.text, "ikke", token.start, token.end)
    return token
