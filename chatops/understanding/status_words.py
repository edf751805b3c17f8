"""Every form of a task status people write, and the status words that count only beside a task."""

from __future__ import annotations

from typing import Final

from tracker.models import TaskStatus

S = TaskStatus

# Every form of a status people write, inflections and synonyms included.
STATUS_FORMS: Final[dict[str, tuple[TaskStatus, str]]] = {
    # done
    **dict.fromkeys(
        (
            "ferdig",
            "ferdige",
            "ferdigstilt",
            "ferdigstilte",
            "ferdigstill",
            "fullført",
            "fullførte",
            "fullfør",
            "levert",
            "leverte",
            "gjort",
            "gjennomført",
            "avsluttet",
            "avslutt",
            "lukket",
            "lukk",
            "fikset",
            "løst",
            "sendt inn",
            "har sendt",
            "klar",
            "klart",
            "unnagjort",
            "i boks",
            "ferdig med",
            "er ferdig",
        ),
        (S.DONE, "nb"),
    ),
    **dict.fromkeys(
        ("fullført", "avslutta", "lukka", "fiksa", "levert", "gjort", "ferdig med"),
        (S.DONE, "nn"),
    ),
    **dict.fromkeys(
        (
            "done",
            "finished",
            "finish",
            "complete",
            "completed",
            "closed",
            "close",
            "delivered",
            "fixed",
            "resolved",
            "sorted",
            "wrapped up",
            "✅",
            "✔",
            "✔️",
        ),
        (S.DONE, "en"),
    ),
    # in progress
    **dict.fromkeys(
        (
            "pågår",
            "pågående",
            "i gang",
            "igang",
            "jobber med",
            "jobber på",
            "arbeider med",
            "holder på med",
            "holder på",
            "begynt",
            "begynt på",
            "begynte på",
            "begynner på",
            "startet",
            "startet på",
            "starter på",
            "påbegynt",
            "under arbeid",
            "i arbeid",
            "begynn",
            "begynn på",
            "satt i gang",
            "er i gang",
            "gang med",
        ),
        (S.DOING, "nb"),
    ),
    **dict.fromkeys(
        (
            "jobbar med",
            "arbeider med",
            "held på med",
            "held på",
            "byrja",
            "byrja på",
            "starta",
            "starta på",
            "byrjar på",
            "i gang",
            "pågår",
        ),
        (S.DOING, "nn"),
    ),
    "start": (S.DOING, ""),
    **dict.fromkeys(
        (
            "in progress",
            "doing",
            "started",
            "working on",
            "work on",
            "underway",
            "under way",
            "wip",
            "on it",
            "begun",
            "begin",
            "🚧",
        ),
        (S.DOING, "en"),
    ),
    # blocked
    **dict.fromkeys(
        (
            "blokkert",
            "blokkerte",
            "blokker",
            "står fast",
            "står nå fast",
            "står fortsatt fast",
            "sitter fast",
            "sitter nå fast",
            "sitter fortsatt fast",
            "stoppet",
            "stopp",
            "venter på",
            "på vent",
            "avventer",
            "henger",
            "låst",
            "stått fast",
        ),
        (S.BLOCKED, "nb"),
    ),
    **dict.fromkeys(
        ("sit fast", "står fast", "stoppa", "ventar på", "blokkert"),
        (S.BLOCKED, "nn"),
    ),
    **dict.fromkeys(
        ("blocked", "block", "stuck", "waiting for", "waiting on", "on hold", "held up"),
        (S.BLOCKED, "en"),
    ),
    # not started
    **dict.fromkeys(
        (
            "ikke startet",
            "ikke begynt",
            "ikke påbegynt",
            "ikke påbegynt",
            "ny",
            "gjenåpne",
            "gjenåpnet",
            "åpne igjen",
            "åpnet igjen",
            "tilbake til start",
            "ikke i gang",
        ),
        (S.TODO, "nb"),
    ),
    **dict.fromkeys(
        ("ikkje starta", "ikkje byrja", "ikkje påbyrja", "gjenopna", "ikkje i gang"),
        (S.TODO, "nn"),
    ),
    **dict.fromkeys(
        ("not started", "to do", "todo", "reopen", "reopened", "open again", "not begun"),
        (S.TODO, "en"),
    ),
}

# Status words that also stand for something else, so they only count next to a task:
# «ny oppgave» is no status, «start» alone is no command.
WEAK_STATUS: Final = frozenset(
    {"ny", "start", "begin", "klar", "klart", "close", "block", "sorted", "åpne", "opne"}
)

# «venter på …» is itself the reason a task is blocked.
REASON_STATUS: Final = frozenset(
    {"venter på", "ventar på", "waiting for", "waiting on", "avventer"}
)

# More ways people say the same, found in the corpus of real phrasings.
STATUS_FORMS.update(
    dict.fromkeys(
        ("lukkes", "kan lukkes", "avsluttes", "kan avsluttes", "er levert", "har levert"),
        (S.DONE, "nb"),
    )
)
