"""The words people use, in Bokmål, Nynorsk and English, and what each tells about a line.

Each table maps a *folded* word or phrase (lower case, æøå kept; see `fold`) to its meaning and
its language ("nb", "nn", "en", or "" for words both use). Phrases are found longest first, so
«ikke startet» wins over «startet» and «står fast» over «fast». Typos are caught elsewhere by
fuzzy matching against these same keys: one list of words, one place."""

from __future__ import annotations

import enum
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
            "sitter fast",
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


class Intent(enum.StrEnum):
    """What a word says the line wants."""

    DUE = "due"  # frist, deadline
    LATER = "later"  # utsett, postpone: a shift that moves the date later
    EARLIER = "earlier"  # fremskynd: a shift that moves it earlier
    MOVE = "move"  # flytt, move: a due change, direction from the other words
    ASSIGN = "assign"  # gi, tildel, assign
    TAKE = "take"  # «X tar 12», «jeg tar 12»
    COMMENT = "comment"
    INPUT = "input"
    MINUTES = "minutes"
    CREATE = "create"
    SHOW = "show"
    MINE = "mine"  # mine, meg, my
    TASKS = "tasks"  # oppgaver, tasks, lista
    DEADLINES = "deadlines"  # frister (plural: a list)
    MEETING = "meeting"
    FOR_MEETING = "for_meeting"  # «til neste møte», «skal leveres»
    CONTACT = "contact"
    SUMMARY = "summary"
    ALL = "all"
    HELP = "help"


INTENT_WORDS: Final[dict[str, tuple[Intent, str]]] = {
    **dict.fromkeys(
        ("frist", "fristen", "ny frist", "forfall", "forfallsdato"), (Intent.DUE, "nb")
    ),
    **dict.fromkeys(("deadline", "due", "due date", "new deadline"), (Intent.DUE, "en")),
    **dict.fromkeys(
        (
            "utsett",
            "utsette",
            "utsatt",
            "utset",
            "forskyv",
            "forskyve",
            "forleng",
            "forlenge",
            "skyv",
            "skyve",
            "skyv på",
            "skyve på",
            "senere",
            "seinare",
            "seinere",
        ),
        (Intent.LATER, "nb"),
    ),
    **dict.fromkeys(
        (
            "postpone",
            "delay",
            "push",
            "push back",
            "extend",
            "later",
            "defer",
            "another week",
            "one more week",
            "extra week",
            "more time",
            "more days",
        ),
        (Intent.LATER, "en"),
    ),
    **dict.fromkeys(
        ("uke til", "uker til", "dag til", "dager til", "uke ekstra", "veke til", "mer tid"),
        (Intent.LATER, "nb"),
    ),
    **dict.fromkeys(
        ("fremskynd", "framskynd", "fremskynde", "framskunde", "tidligere", "tidlegare"),
        (Intent.EARLIER, "nb"),
    ),
    **dict.fromkeys(("bring forward", "earlier", "pull in", "advance"), (Intent.EARLIER, "en")),
    **dict.fromkeys(
        ("flytt", "flytte", "flytta", "endre", "endre fristen", "sett frist", "sette frist"),
        (Intent.MOVE, "nb"),
    ),
    **dict.fromkeys(
        ("move", "reschedule", "change", "set due", "set the deadline"), (Intent.MOVE, "en")
    ),
    **dict.fromkeys(
        (
            "gi",
            "gir",
            "gje",
            "tildel",
            "tildele",
            "overfør",
            "overføre",
            "overlat",
            "ansvarlig",
            "eier",
            "sett på",
            "sette på",
        ),
        (Intent.ASSIGN, "nb"),
    ),
    **dict.fromkeys(
        ("assign", "give", "reassign", "hand over", "owner", "assignee", "hand"),
        (Intent.ASSIGN, "en"),
    ),
    **dict.fromkeys(("tar", "tek", "overtar", "tar over", "tek over"), (Intent.TAKE, "nb")),
    **dict.fromkeys(("take", "takes", "taking", "take over", "grab"), (Intent.TAKE, "en")),
    **dict.fromkeys(
        (
            "kommentar",
            "kommenter",
            "kommentere",
            "notat",
            "merknad",
            "notis",
            "kommentér",
            "oppdatering",
            "oppdatering på",
        ),
        (Intent.COMMENT, "nb"),
    ),
    **dict.fromkeys(("comment", "note", "remark"), (Intent.COMMENT, "en")),
    **dict.fromkeys(
        ("innspill", "innspel", "skriftlig innspill", "forslag", "innspill til"),
        (Intent.INPUT, "nb"),
    ),
    **dict.fromkeys(("input", "contribution", "written input"), (Intent.INPUT, "en")),
    **dict.fromkeys(
        (
            "referat",
            "referatet",
            "til referatet",
            "i referatet",
            "referatpunkt",
            "rundt bordet",
            "runde rundt bordet",
            "runden rundt bordet",
            "til runden rundt bordet",
        ),
        (Intent.MINUTES, "nb"),
    ),
    **dict.fromkeys(
        ("minutes", "for the minutes", "to the minutes", "round the table"), (Intent.MINUTES, "en")
    ),
    **dict.fromkeys(
        (
            "ny oppgave",
            "nytt punkt",
            "ny leveranse",
            "lag oppgave",
            "lag en oppgave",
            "opprett oppgave",
            "opprett",
            "legg til oppgave",
            "legg til en oppgave",
            "ny oppgåve",
            "lag ei oppgåve",
            "lag ny oppgave",
            "lag ei ny oppgåve",
        ),
        (Intent.CREATE, "nb"),
    ),
    **dict.fromkeys(
        ("new task", "add task", "add a task", "create task", "create a task", "add a new task"),
        (Intent.CREATE, "en"),
    ),
    **dict.fromkeys(
        ("vis", "se", "detaljer", "info", "sjå", "vis meg", "fortell om"), (Intent.SHOW, "nb")
    ),
    **dict.fromkeys(("show", "details", "show me", "view", "open"), (Intent.SHOW, "en")),
    **dict.fromkeys(
        ("mine", "meg", "jeg", "min", "mitt", "mi", "eg", "mine egne", "lista mi", "eg har"),
        (Intent.MINE, "nb"),
    ),
    **dict.fromkeys(("my", "me", "mine", "i have", "my own"), (Intent.MINE, "en")),
    **dict.fromkeys(
        (
            "oppgaver",
            "oppgavene",
            "oppgave",
            "oppgåver",
            "oppgåvene",
            "lista",
            "listen",
            "gjøremål",
            "leveranser",
            "leveransene",
            "på lista",
            "på listen",
            "på lista mi",
            "todo-lista",
            "oppg",
        ),
        (Intent.TASKS, "nb"),
    ),
    **dict.fromkeys(
        ("tasks", "my list", "to-do list", "todo list", "to-dos", "todos", "task list", "plate"),
        (Intent.TASKS, "en"),
    ),
    **dict.fromkeys(
        ("frister", "fristene", "fristar", "fristane", "forfaller", "kommende frister"),
        (Intent.DEADLINES, "nb"),
    ),
    **dict.fromkeys(
        ("deadlines", "due dates", "upcoming deadlines", "coming up"), (Intent.DEADLINES, "en")
    ),
    **dict.fromkeys(
        (
            "møte",
            "møtet",
            "møtedato",
            "møter",
            "sakskart",
            "sakskartet",
            "sakliste",
            "sakslista",
            "saklista",
            "dagsorden",
            "dagsordenen",
            "mote",
            "motet",
        ),
        (Intent.MEETING, "nb"),
    ),
    **dict.fromkeys(("møtes", "møtast", "møtes vi"), (Intent.MEETING, "nb")),
    **dict.fromkeys(("meeting", "agenda", "meetings", "meet"), (Intent.MEETING, "en")),
    **dict.fromkeys(
        (
            "til neste møte",
            "før neste møte",
            "til møtet",
            "før møtet",
            "skal leveres",
            "leveres",
            "levere",
            "skal være ferdig",
            "klart til",
            "innen neste møte",
            "til neste mote",
            "før neste mote",
            "skal vere ferdig",
            "skal leverast",
        ),
        (Intent.FOR_MEETING, "nb"),
    ),
    **dict.fromkeys(
        (
            "due for",
            "due before",
            "due by",
            "by the meeting",
            "before the meeting",
            "for the meeting",
            "for the next meeting",
            "before the next meeting",
        ),
        (Intent.FOR_MEETING, "en"),
    ),
    **dict.fromkeys(
        (
            "kontaktperson",
            "kontaktpersonen",
            "kontakt",
            "kontakten",
            "sekretariat",
            "sekretariatet",
            "kontaktperson i sekretariatet",
        ),
        (Intent.CONTACT, "nb"),
    ),
    **dict.fromkeys(
        ("contact", "contact person", "secretariat", "point of contact"), (Intent.CONTACT, "en")
    ),
    **dict.fromkeys(
        (
            "status",
            "statusrapport",
            "ukestatus",
            "ukesstatus",
            "oppsummering",
            "ukesoppsummering",
            "statusoppdatering",
            "oversikt",
            "oversikten",
        ),
        (Intent.SUMMARY, "nb"),
    ),
    **dict.fromkeys(
        (
            "summary",
            "status report",
            "weekly summary",
            "weekly status",
            "overview",
            "report",
            "how are we doing",
        ),
        (Intent.SUMMARY, "en"),
    ),
    **dict.fromkeys(("alle", "alt", "hele gruppa", "hele faggruppen"), (Intent.ALL, "nb")),
    **dict.fromkeys(("all", "everyone", "everything", "whole group"), (Intent.ALL, "en")),
    **dict.fromkeys(
        ("hjelp", "kommandoer", "hva kan du", "hva kan du gjøre", "kva kan du", "bruk"),
        (Intent.HELP, "nb"),
    ),
    **dict.fromkeys(
        ("help", "commands", "what can you do", "how does this work"), (Intent.HELP, "en")
    ),
}

# Words that make a stated change uncertain: a line with one is asked back, never carried out.
HEDGES: Final[dict[str, str]] = {
    **dict.fromkeys(
        (
            "kanskje",
            "muligens",
            "trolig",
            "sannsynligvis",
            "antakelig",
            "antageligvis",
            "tror",
            "nesten",
            "snart",
            "straks",
            "visst",
            "vel",
            "nok",
            "kan hende",
            "forhåpentligvis",
            "tenker",
            "bør",
            "burde",
            "skal",
            "vil",
            "håper",
        ),
        "nb",
    ),
    **dict.fromkeys(("kanskje", "truleg", "nesten", "snart", "trur", "visst"), "nn"),
    **dict.fromkeys(
        (
            "maybe",
            "perhaps",
            "probably",
            "almost",
            "soon",
            "nearly",
            "hopefully",
            "think",
            "guess",
            "should",
            "will",
            "might",
            "possibly",
        ),
        "en",
    ),
}

# Words that turn a status round: «ikke ferdig» is no «ferdig».
NEGATIONS: Final = frozenset({"ikke", "ikkje", "not", "isn't", "aren't", "no", "never", "aldri"})

# Words that open a question (read-only): «er 12 ferdig?», «hva har jeg», «when is …».
QUESTION_OPENERS: Final = frozenset(
    {"hva", "hvilke", "hvilken", "hvilket", "når", "hvem", "hvor", "hvordan", "er", "har"}
    | {"kva", "kven", "kor", "korleis", "kva for", "kvar", "når"}
    | {"what", "which", "when", "who", "where", "how", "is", "are", "do", "does", "has", "have"}
    | {"what's", "whats", "when's", "who's"}
)

WH_WORDS: Final = frozenset(
    {"hvorfor", "kvifor", "why"}
    | {"hva", "hvilke", "hvilken", "hvilket", "når", "hvem", "hvor", "hvordan", "kva", "kven"}
    | {"kor", "korleis", "kvar", "what", "which", "when", "who", "where", "how", "what's"}
    | {"whats", "when's", "who's"}
)

# Polite wrappers around a request: «kan du flytte …», «could you …» stay requests.
POLITE: Final = frozenset(
    {"kan du", "kunne du", "vil du", "gidder du", "kan", "please", "pls", "vær så snill", "takk"}
    | {"could you", "can you", "would you", "will you", "kindly"}
)

# Words that say the sender: «jeg», «meg», «me», «I».
SELF_WORDS: Final = frozenset({"jeg", "meg", "eg", "meg selv", "me", "i", "myself", "min", "mitt"})

# Words that never name a task title nor a person, so fuzzy matching leaves them alone.
FILLER: Final = frozenset(
    {"med", "på", "til", "for", "av", "i", "og", "er", "har", "den", "det", "de", "en", "et", "ei"}
    | {"som", "så", "nå", "no", "da", "bare", "også", "igjen", "enda", "ennå", "hei", "hallo"}
    | {"the", "a", "an", "to", "of", "on", "in", "is", "it", "and", "with", "for", "now", "hi"}
    | {"oppgave", "oppgaven", "oppgåva", "task", "sak", "nr", "nummer", "number", "no", "ok"}
    | {"takk", "thanks", "please", "pls", "du", "you", "vi", "we", "har", "have", "just", "bare"}
    | {"fra", "om", "fordi", "pga", "because", "ved", "hos", "at", "about", "by", "min", "mi"}
)


def fold(text: str) -> str:
    """The form a word is looked up by: lower case, «aa» left alone, «å/ø/æ» kept."""
    return text.casefold()


def ascii_fold(text: str) -> str:
    """A plainer form for typos typed without Norwegian letters: «pagar» is «pågår»."""
    return text.translate(_ASCII)


_ASCII: Final = str.maketrans({"å": "a", "ø": "o", "æ": "ae", "é": "e", "ó": "o", "ò": "o"})

# More ways people say the same, found in the corpus of real phrasings.
STATUS_FORMS.update(
    dict.fromkeys(
        ("lukkes", "kan lukkes", "avsluttes", "kan avsluttes", "er levert", "har levert"),
        (S.DONE, "nb"),
    )
)
INTENT_WORDS.update(
    {
        **dict.fromkeys(
            ("går til", "deleger", "delegere", "→", "->", "overlate"), (Intent.ASSIGN, "nb")
        ),
        **dict.fromkeys(("delegate", "goes to"), (Intent.ASSIGN, "en")),
        **dict.fromkeys(
            ("ligger vi an", "ligg vi an", "hvordan går det i", "korleis går det i"),
            (Intent.SUMMARY, "nb"),
        ),
    }
)

# English names of agenda items a Norwegian agenda has: «input for the action programme».
ITEM_GLOSSES: Final[dict[str, str]] = {
    "action programme": "handlingsprogram",
    "action program": "handlingsprogram",
    "action plan": "handlingsplan",
    "any other business": "eventuelt",
    "briefings": "orienteringer",
    "updates": "orienteringer",
}

STATUS_FORMS.update({"åpne": (S.TODO, "nb"), "opne": (S.TODO, "nn")})
INTENT_WORDS.update(
    {
        **dict.fromkeys(
            ("skal være klar", "være klar til", "klar til", "klar innen", "vere klar til"),
            (Intent.FOR_MEETING, "nb"),
        ),
        **dict.fromkeys(
            ("hva kan jeg", "hva kan jeg skrive", "hva kan jeg spørre om"), (Intent.HELP, "nb")
        ),
        "bring": (Intent.EARLIER, "en"),
    }
)
# Words that name no task at all: «ferdig med noe» says nothing of which.
VAGUE: Final = frozenset({"noe", "noko", "something", "anything", "noe annet"})

# Words that name the agenda itself: «hva står på sakskartet til neste møte» asks for the
# meeting, not for what is due by it.
AGENDA_WORDS: Final = frozenset(
    {"sakskart", "sakskartet", "sakliste", "sakslista", "saklista", "dagsorden", "dagsordenen"}
    | {"agenda"}
)
STATUS_FORMS.update(
    dict.fromkeys(("hentet inn", "ordnet", "på plass", "sendt ut", "er sendt"), (S.DONE, "nb"))
)
INTENT_WORDS.update(
    {
        **dict.fromkeys(("ekstra", "forlengelse", "utsettelse"), (Intent.LATER, "nb")),
        **dict.fromkeys(("extra", "another", "more", "extension"), (Intent.LATER, "en")),
        **dict.fromkeys(
            ("over på", "over til", "går over til", "overføres til", "flytt over på"),
            (Intent.ASSIGN, "nb"),
        ),
        **dict.fromkeys(
            ("ang", "angående", "skriv på", "noter", "notér", "oppdatering om"),
            (Intent.COMMENT, "nb"),
        ),
        **dict.fromkeys(
            ("faggruppemøte", "faggruppemøtet", "neste faggruppemøte", "møtedagen"),
            (Intent.MEETING, "nb"),
        ),
        **dict.fromkeys(
            ("hele faggruppa", "faggruppa", "faggruppen", "heile faggruppa"), (Intent.ALL, "nb")
        ),
        **dict.fromkeys(("how is", "how are"), (Intent.SUMMARY, "en")),
    }
)
INTENT_WORDS.update(
    dict.fromkeys(
        (
            "hvordan går det",
            "korleis går det",
            "hvordan ligger",
            "korleis ligg",
            "hvordan står det",
        ),
        (Intent.SUMMARY, "nb"),
    )
)
INTENT_WORDS.update(
    dict.fromkeys(
        ("hvordan bruker jeg", "hvordan funker", "hvordan virker", "korleis brukar eg"),
        (Intent.HELP, "nb"),
    )
)
INTENT_WORDS.update(dict.fromkeys(("how do i use", "how does it work"), (Intent.HELP, "en")))

# Things people ask of a task that the bot does not do: refused as not understood, not as a
# status it does not know.
UNSUPPORTED: Final = frozenset(
    {"slett", "slette", "fjern", "fjerne", "delete", "remove", "arkiver", "archive", "kopier"}
)
# Words of a date that mean now: with a status they say when, not a due date.
NOW_WORDS: Final = ("i dag", "idag", "today", "denne uka", "denne uken", "this week", "nå", "now")
INTENT_WORDS.update(
    {
        **dict.fromkeys(("vise", "vis meg", "kan du vise"), (Intent.SHOW, "nb")),
        **dict.fromkeys(("show me", "open"), (Intent.SHOW, "en")),
    }
)
