"""Refusals the chat core words itself: a line the parser could not read, and input the schemas
refused (naming the field at fault and, for text too long, the schema's own limit)."""

from __future__ import annotations

from pydantic import ValidationError

from chatops.parser import ParseError
from chatops.reply import Paragraph, Reply
from chatops.vocabulary import status_label
from tracker import schemas as s
from tracker.dates import ERROR_MESSAGES as DATE_ERRORS
from tracker.dates import UNRECOGNISED
from tracker.i18n import N_, translate
from tracker.models import TaskStatus

_PARSE_MESSAGES = {
    "unknown_command": N_("I didn't understand that. Write «{help}» to see what I can do."),
    "unknown_command_suggestion": N_(
        "I didn't understand that. Did you mean «{suggestion}»? Write «{help}» to see more."
    ),
    "unknown_status": N_("I don't know the status «{word}». Use one of: {statuses}."),
    "missing_title": N_("The task needs a title, e.g. «{example}»."),
    "missing_text": N_("Write the text after the command, e.g. «{example}»."),
    "missing_date": N_("Say when, e.g. «{example}»."),
    "missing_person": N_("Say who should have it, e.g. «{example}»."),
    "no_task": N_("Which task? Write its number, e.g. «{example}»; «{mine}» lists yours."),
    "unknown_task": N_("Task #{id} does not exist."),
    "unknown_person": N_("I know no one called «{name}». Write the name as on the roster."),
    "empty": N_("Write «{help}» to see what I can do."),
}
# What a too-long field is called in a reply; the limits themselves are the schemas', passed on
# in the validation error, so they live in one place.
_TOO_LONG = {
    ("CommentCreate", "body"): N_("A comment can be at most {max_length} characters."),
    ("ContributionCreate", "body"): N_("Written input can be at most {max_length} characters."),
    "title": N_("The title can be at most {max_length} characters."),
    "blocked_reason": N_("The reason can be at most {max_length} characters."),
    "description": N_("The description can be at most {max_length} characters."),
}
_TOO_LONG_TEXT = N_("The text can be at most {max_length} characters.")
_NOT_VALID = N_("I cannot use «{field}» as written, so I have changed nothing.")


def _max_length(model: type[s.Input], field: str) -> int:
    found = (getattr(m, "max_length", None) for m in model.model_fields[field].metadata)
    return int(next(limit for limit in found if limit is not None))


# The longest text a chat command hands the schemas, with room for the command words around it;
# a longer line is refused before it is parsed (parsing a 5 MB line costs seconds).
LONGEST_LINE = (
    max(_max_length(s.ContributionCreate, "body"), _max_length(s.CommentCreate, "body")) + 1_000
)
_EXAMPLES = {
    "help": {"nb": "hjelp", "en": "help"},
    "missing_title": {
        "nb": "ny oppgave Skriv notat frist fredag",
        "en": "new task Write memo due friday",
    },
    "missing_text": {"nb": "innspill sak 3: Vi foreslår …", "en": "input item 3: We propose …"},
    "missing_date": {"nb": "utsett #12 en uke", "en": "postpone #12 by a week"},
    "missing_person": {"nb": "gi #12 til Dag Aanensen", "en": "assign #12 to Dag Aanensen"},
    "no_task": {"nb": "#12 ferdig", "en": "#12 done"},
    "mine": {"nb": "mine oppgaver", "en": "my tasks"},
}


def _status_words(language: str) -> str:
    # The status type's own labels, as the chat writes them: the list cannot drift from them.
    return ", ".join(status_label(status, language) for status in TaskStatus)


def parse_refusal(exc: ParseError, language: str) -> Reply:
    """What a line the parser refused gets back, in the asker's language."""
    params: dict[str, str] = {"help": _EXAMPLES["help"].get(language, "hjelp")}
    code = exc.code
    if code == "unknown_command" and exc.params.get("suggestion"):
        code = "unknown_command_suggestion"
        params["suggestion"] = exc.params["suggestion"]
    elif code == "unknown_status":
        params.update(word=exc.params["word"], statuses=_status_words(language))
    elif code == "bad_date":
        # The date module says what is wrong with a date, for the chat and the forms alike.
        reason = exc.params.get("reason", UNRECOGNISED)
        message = DATE_ERRORS.get(reason, DATE_ERRORS[UNRECOGNISED])
        text = translate(message, language, text=exc.params.get("text", ""))
        return Reply((Paragraph(text),), language, is_error=True)
    elif code in ("missing_title", "missing_text", "missing_date", "missing_person"):
        params["example"] = _EXAMPLES[code].get(language, "")
    elif code == "unknown_person":
        params["name"] = exc.params.get("name", "")
    elif code == "no_task" and exc.params.get("task"):
        code = "unknown_task"  # the same words as the tracker's own refusal
        params["id"] = exc.params["task"]
    elif code == "no_task":
        params["example"] = _EXAMPLES[code].get(language, "")
        params["mine"] = _EXAMPLES["mine"].get(language, "")
    text = translate(_PARSE_MESSAGES[code], language, **params)
    return Reply((Paragraph(text),), language, is_error=True)


def invalid_refusal(error: ValidationError, language: str) -> Reply:
    """A refusal that names the field at fault and, for text too long, the schema's limit."""
    first = error.errors(include_url=False, include_input=False)[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    context = first.get("ctx") or {}
    if first["type"] == "string_too_long":
        message = _TOO_LONG.get((error.title, field)) or _TOO_LONG.get(field, _TOO_LONG_TEXT)
        text = translate(message, language, max_length=context.get("max_length", ""))
    else:
        text = translate(_NOT_VALID, language, field=field)
    return Reply((Paragraph(text),), language, is_error=True, error_field=field or None)
