"""What an answer to a question back looks like: a choice's number or yes/no, perhaps after
«svar»; nothing longer, so ordinary talk in a room is never taken for one. The core takes these
as answers, and an adapter that needs the bot addressed lets them through unaddressed."""

from __future__ import annotations

import re
from typing import Final

_ANSWER: Final = re.compile(
    r"^\s*(?:(?:svar|answer)\s+)?(?P<answer>ja|jepp|japp|jo|j|yes|yep|y|ok|okei|okay|nei|nope"
    r"|no|n|avbryt|cancel|[0-9]{1,2})\s*[.!]*\s*$",
    re.IGNORECASE,
)
_NO: Final = frozenset({"nei", "nope", "no", "n", "avbryt", "cancel"})


def answer_of(text: str) -> str | None:
    """The answer a line gives, folded («1», «ja», «nei»), or None when it is no answer."""
    found = _ANSWER.match(text)
    return found["answer"].casefold() if found else None


def is_no(answer: str) -> bool:
    """Whether an answer declines."""
    return answer in _NO
