"""Reading what a person typed into a form, and turning the services' refusals into messages
beside the field they concern. The services decide; this only translates between them and HTML."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError

from tracker import errors
from tracker.api.problems import explain
from tracker.dates import ERROR_MESSAGES, UNRECOGNISED, DueDateError, MeetingRef, parse_due

GENERAL = "_"  # the key of an error that belongs to no single field


def parse_day(
    text: str,
    *,
    today: date,
    next_meeting: MeetingRef | None = None,
    field_name: str = "due_on",
) -> date | None:
    """A date in the words the chat takes ("fredag", "14.02", "1. mars", "før neste møte");
    empty means no date. A date that does not exist (31.02) is refused, never guessed."""
    if not text.strip():
        return None
    try:
        return parse_due(text, today=today, next_meeting=next_meeting).day
    except DueDateError as error:
        message = ERROR_MESSAGES.get(error.code, ERROR_MESSAGES[UNRECOGNISED])
        raise errors.InvalidInput(message, field=field_name, text=error.text) from None


def parse_id(text: str | None) -> int | None:
    """A record id from a form field; empty or not a number means none."""
    text = (text or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) < 2**31 else None


@dataclass
class FormErrors:
    """Messages per field of one form (GENERAL for the form as a whole), in the page's language."""

    form: str = ""
    messages: dict[str, str] = field(default_factory=dict)
    status: int = 422

    def __bool__(self) -> bool:
        return bool(self.messages)

    def get(self, name: str) -> str | None:
        """The message for a field, if any."""
        return self.messages.get(name)


_STATUS = (
    (errors.NotAuthenticated, 401),
    (errors.PermissionDenied, 403),
    (errors.NotFound, 404),
    (errors.Conflict, 409),
    (errors.InvalidInput, 422),
)


def form_errors(
    form: str, error: Exception, language: str, *, fields: Mapping[str, str] | Iterable[str]
) -> FormErrors:
    """The messages of a refused form: each beside the field the form shows it in (`fields`
    maps the services' field names to the form's, or lists the names both share), the rest
    at the top of the form."""
    shown = dict(fields) if isinstance(fields, Mapping) else {name: name for name in fields}
    result = FormErrors(form=form)
    if isinstance(error, ValidationError):
        for item in error.errors(include_url=False, include_input=False):
            name = str(item["loc"][0]) if item["loc"] else GENERAL
            result.messages.setdefault(shown.get(name, GENERAL), explain(item, language))
        return result
    if isinstance(error, errors.DomainError):
        result.messages[shown.get(error.field or GENERAL, GENERAL)] = error.localized(language)
        result.status = next((code for kind, code in _STATUS if isinstance(error, kind)), 400)
        return result
    raise error
