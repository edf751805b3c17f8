"""The words people type, in Norwegian Bokmål and English, and what they mean."""

from __future__ import annotations

from typing import Final

from tracker.i18n import normalise_language, translate
from tracker.models import TaskStatus

# Longest phrases first in the regexes built from these, so "ikke startet" wins over "startet".
STATUS_WORDS: Final[dict[str, tuple[TaskStatus, str]]] = {
    "ikke startet": (TaskStatus.TODO, "nb"),
    "ikke påbegynt": (TaskStatus.TODO, "nb"),
    "ikke begynt": (TaskStatus.TODO, "nb"),
    "ny": (TaskStatus.TODO, "nb"),
    "pågår": (TaskStatus.DOING, "nb"),
    "pagar": (TaskStatus.DOING, "nb"),
    "påbegynt": (TaskStatus.DOING, "nb"),
    "i gang": (TaskStatus.DOING, "nb"),
    "startet": (TaskStatus.DOING, "nb"),
    "blokkert": (TaskStatus.BLOCKED, "nb"),
    "står fast": (TaskStatus.BLOCKED, "nb"),
    "stoppet": (TaskStatus.BLOCKED, "nb"),
    "ferdig": (TaskStatus.DONE, "nb"),
    "fullført": (TaskStatus.DONE, "nb"),
    "levert": (TaskStatus.DONE, "nb"),
    "gjort": (TaskStatus.DONE, "nb"),
    "not started": (TaskStatus.TODO, "en"),
    "to do": (TaskStatus.TODO, "en"),
    "todo": (TaskStatus.TODO, ""),
    "in progress": (TaskStatus.DOING, "en"),
    "doing": (TaskStatus.DOING, "en"),
    "started": (TaskStatus.DOING, "en"),
    "blocked": (TaskStatus.BLOCKED, "en"),
    "stuck": (TaskStatus.BLOCKED, "en"),
    "done": (TaskStatus.DONE, "en"),
    "finished": (TaskStatus.DONE, "en"),
    "completed": (TaskStatus.DONE, "en"),
    "complete": (TaskStatus.DONE, "en"),
}

# Verbs that put a task into a status: "start #12", "fullfør #12".
STATUS_VERBS: Final[dict[str, tuple[TaskStatus, str]]] = {
    "start": (TaskStatus.DOING, ""),
    "begynn på": (TaskStatus.DOING, "nb"),
    "fullfør": (TaskStatus.DONE, "nb"),
    "lukk": (TaskStatus.DONE, "nb"),
    "finish": (TaskStatus.DONE, "en"),
    "close": (TaskStatus.DONE, "en"),
    "blokker": (TaskStatus.BLOCKED, "nb"),
    "block": (TaskStatus.BLOCKED, "en"),
    "gjenåpne": (TaskStatus.TODO, "nb"),
    "reopen": (TaskStatus.TODO, "en"),
}

# Typical commands, for "did you mean" when a line is not understood.
EXAMPLES: Final[dict[str, tuple[str, ...]]] = {
    "nb": (
        "hjelp",
        "mine oppgaver",
        "frister",
        "mine frister",
        "neste møte",
        "til neste møte",
        "ny oppgave",
        "kommentar",
        "innspill",
        "referat",
        "status",
        "kontaktperson",
        "koble",
        "flytt",
        "gi",
        "hvem er jeg",
    ),
    "en": (
        "help",
        "my tasks",
        "deadlines",
        "my deadlines",
        "next meeting",
        "due for next meeting",
        "new task",
        "comment",
        "input",
        "minutes",
        "summary",
        "contact",
        "link",
        "move",
        "assign",
        "who am i",
    ),
}


def status_label(status: TaskStatus, language: str) -> str:
    """How a status reads in the given language: the status type's own label, in lower case
    because chat writes it inside sentences and commands («#12 er nå ferdig», «#12 ferdig»)."""
    return translate(status.label, normalise_language(language)).lower()
