"""Names as written and as meant: the group's name chosen from its mentions, typos mended by
rule, and lead labels read through small typos ("Ansvarelig" is "ansvarlig").

Every correction is recorded as a note, so a person can see what was read differently.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from typing import Final

from tracker.dates import absolute
from tracker.i18n import N_
from tracker.importer.draft import Draft
from tracker.importer.parsed import NOTE_GROUP_NAME_CORRECTED

GROUP_IN_TEXT: Final = re.compile(r"\bfaggruppe(?:n)?\s+for\s+(?P<name>\S.*?)\s*[.:]?$", re.I)
# Other bodies of the genre: "styringsgruppen for Vannprosjektet X", "nettverk for Folkehelse i
# Y", and councils named before their noun: "Hadeland regionråd".
_BODY_FOR: Final = re.compile(
    r"\b(?:styrings|prosjekt|referanse|fag)?(?:gruppe|nettverk|forum|utvalg|råd)(?:n|en|et)?"
    r"\s+for\s+(?P<name>\S.*?)\s*[.:]?$",
    re.I,
)
_NAMED_COUNCIL: Final = re.compile(
    r"(?P<name>(?:[A-ZÆØÅ][\w-]*\s+){1,3}(?:regionråd|interkommunale\s+politiske\s+råd))\b"
)

# Why a group name was corrected: the note's `why` parameter joins these with WHY_SEPARATOR.
WHY_TRIPLE_LETTER: Final = N_("three identical letters in a row")
WHY_ONE_WORD: Final = N_("written as one word elsewhere")
WHY_MAJORITY: Final = N_("most mentions name the group so")
WHY_SEPARATOR: Final = "; "


def group_candidate(text: str, reference: dt.date | None) -> str | None:
    """The group's name from "... faggruppe for Næringssamarbeid [16. januar]" and the like."""
    match = GROUP_IN_TEXT.search(text) or _BODY_FOR.search(text) or _NAMED_COUNCIL.search(text)
    if match is None:
        return None
    name = match.group("name")
    dates = absolute.find_dates(name, reference)
    if dates:
        name = name[: dates[0].pos]
    return name.strip(" ,.-–") or None


_TRIPLE_LETTER: Final = re.compile(r"([^\W\d_])\1{2,}")


def choose_group_name(d: Draft) -> str | None:
    """Pick the group's name from its mentions, mending typos by rule (see the notes)."""
    if not d.group_candidates:
        return None
    # A title in capitals ("INNKALLING TIL ... VANNPROSJEKTET") does not show how the name is
    # spelt; another mention does.
    if any(not name.isupper() for _, name in d.group_candidates):
        d.group_candidates = [
            (line, name) for line, name in d.group_candidates if not name.isupper()
        ]
    # Norwegian never writes three identical letters in a row: "Næringsssamarbeid".
    mended = [(line, _TRIPLE_LETTER.sub(r"\1\1", name)) for line, name in d.group_candidates]
    forms = {name.casefold() for _, name in mended}
    # A name split in two ("Nærings samarbeid") that is one word elsewhere is that word.
    joined = [
        (line, name.replace(" ", "") if name.replace(" ", "").casefold() in forms else name)
        for line, name in mended
    ]
    counts = Counter(name.casefold() for _, name in joined)
    best = max(joined, key=lambda pair: counts[pair[1].casefold()])[1]
    chosen = best[:1].upper() + best[1:]
    for (line, original), (_, fixed), (_, final) in zip(
        d.group_candidates, mended, joined, strict=True
    ):
        if original.casefold() != chosen.casefold():
            why = WHY_SEPARATOR.join(_reasons(original, fixed, final, chosen))
            detail = f"read {original!r} as {chosen!r} ({why})"
            d.note(
                line, NOTE_GROUP_NAME_CORRECTED, detail, written=original, read_as=chosen, why=why
            )
    return chosen


def _reasons(original: str, mended: str, joined: str, chosen: str) -> list[str]:
    reasons = []
    if mended != original:
        reasons.append(WHY_TRIPLE_LETTER)
    if joined != mended:
        reasons.append(WHY_ONE_WORD)
    if joined.casefold() != chosen.casefold():
        reasons.append(WHY_MAJORITY)
    return reasons


_LEAD_LABELS: Final = ("ansvarlig", "leder", "koordinator", "lead")
_FUZZY_LABEL_RATIO: Final = 0.8


def lead_label(label: str) -> str | None:
    """The lead label a word means, forgiving typos ("Ansvarelig"), else None."""
    folded = label.casefold()
    best = max(_LEAD_LABELS, key=lambda known: difflib.SequenceMatcher(None, folded, known).ratio())
    ratio = difflib.SequenceMatcher(None, folded, best).ratio()
    return best if ratio >= _FUZZY_LABEL_RATIO else None


def lead_name(name: str) -> str:
    """A lead's name without a trailing "(organisation)" or ", organisation"."""
    return re.split(r"\s*[(,]", name, maxsplit=1)[0].strip().rstrip(".")


def lead_organisation(name: str) -> str | None:
    """The organisation written after a lead's name: "Kari Nordmann, Lunner kommune" or "(…)"."""
    parts = re.split(r"\s*[(,]\s*", name, maxsplit=1)
    if len(parts) < 2:
        return None
    return parts[1].strip(" ()").rstrip(".").strip() or None
