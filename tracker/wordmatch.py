"""Whether words people type name a title: by Norwegian stem and forgiving a small typo, so
«kartleggingen» finds «Kartlegge …» and «handlingsprogrammet» finds «Handlingsprogram 2025».
One rule for the chat's task and item names and for the meeting service's item look-up."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, Final, TypeVar

T = TypeVar("T")

# Words that join the words of a title but say nothing about which title it is.
FILLERS: Final = frozenset(
    {"til", "for", "om", "på", "pa", "i", "av", "og", "med", "fra", "sak", "saken", "punkt"}
    | {"punktet", "item", "to", "about", "the", "on", "of", "and", "a", "an", "en", "et", "ei"}
    | {"det", "den", "over", "som", "er"}
)
_STEMMER_LOCK: Final = threading.Lock()
# Two words are the same word with a typo from this likeness (0-100), when long enough.
_SAME_WORD: Final = 85.0
_PREFIX: Final = 5
_WORD: Final = re.compile(r"\w+")


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The Norwegian Snowball stem of a lower-case word."""
    with _STEMMER_LOCK:  # a Snowball stemmer keeps state between calls
        return str(_stemmer().stemWord(word))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    """The Norwegian stemmer, made on first use: the package (about 3 MiB) is loaded only by a
    process that matches titles by their words."""
    import snowballstemmer

    return snowballstemmer.stemmer("norwegian")


@lru_cache(maxsize=4096)
def title_words(text: str) -> tuple[str, ...]:
    """The lower-case words of a title that can tell it from another."""
    return tuple(
        word
        for word in _WORD.findall(text.casefold())
        if word not in FILLERS and (len(word) > 2 or word.isdigit())
    )


def _starts(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= _PREFIX and (a.startswith(b) or b.startswith(a))


def same_word(wanted: str, word: str) -> bool:
    """Whether two words are one: equal, of one stem, one the start of the other («utkast»,
    «utkastet»), or a typo apart. Snowball stems a word and its inflections differently at
    times («utkast» → «utk»), so words and stems are both compared."""
    if wanted == word or _starts(wanted, word):
        return True
    a, b = stem(wanted), stem(word)
    if a == b or _starts(a, b):
        return True
    from rapidfuzz import fuzz  # on first use: a process that never matches titles skips it

    return len(wanted) > 3 and fuzz.ratio(wanted, word) >= _SAME_WORD


def best_matches(
    words: Iterable[str], candidates: Sequence[T], title: Callable[[T], str]
) -> list[T]:
    """The candidates whose titles share the most of the words (none when none shares one)."""
    wanted = [w for w in words if w not in FILLERS]
    if not wanted:
        return []
    scored = []
    for candidate in candidates:
        stems = title_words(title(candidate))
        scored.append((sum(1 for w in wanted if any(same_word(w, t) for t in stems)), candidate))
    best = max((hits for hits, _ in scored), default=0)
    return [candidate for hits, candidate in scored if hits == best] if best else []
