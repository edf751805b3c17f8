"""What a line may want (its intents) and the words in Bokmål, Nynorsk and English that say each."""

from __future__ import annotations

import enum
from typing import Final


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

# More ways people say the same, found in the corpus of real phrasings.
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
