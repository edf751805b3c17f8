"""The words people use, in Bokmål, Nynorsk and English, and what each tells about a line.

Each table maps a *folded* word or phrase (lower case, æøå kept; see `fold`) to its meaning and
its language ("nb", "nn", "en", or "" for words both use). Phrases are found longest first, so
«ikke startet» wins over «startet» and «står fast» over «fast». Typos are caught elsewhere by
fuzzy matching against these same keys: one list of words, one place. The status words
(`status_words`) and the intents with their words (`intent_words`) live beside this module."""

from __future__ import annotations

from typing import Final

from chatops.understanding.intent_words import INTENT_WORDS as INTENT_WORDS
from chatops.understanding.intent_words import Intent as Intent
from chatops.understanding.status_words import REASON_STATUS as REASON_STATUS
from chatops.understanding.status_words import STATUS_FORMS as STATUS_FORMS
from chatops.understanding.status_words import WEAK_STATUS as WEAK_STATUS
from tracker.models import TaskStatus

S = TaskStatus

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
