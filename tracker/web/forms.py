"""Reading what a person typed into a form, and turning the services' refusals into messages
beside the field they concern. The services decide; this only translates between them and HTML."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date, timedelta

from pydantic import ValidationError

from tracker import errors
from tracker.api.problems import explain
from tracker.i18n import N_

# 14.02.2025, 14.2.25, 14.02 (the next such day), 14/02/2025, and ISO 2025-02-14.
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?\.?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# "14.02" without a year means the coming 14 February unless that was only recently.
_RECENT = timedelta(days=60)

GENERAL = "_"  # the key of an error that belongs to no single field


def parse_day(text: str, *, today: date, field_name: str = "due_on") -> date | None:
    """A date as Norwegians type it; empty means no date. A date that does not exist (31.02)
    is refused, never guessed."""
    text = "".join(text.split())
    if not text:
        return None
    iso = _ISO.match(text)
    found = _DAY_MONTH_YEAR.match(text)
    if iso:
        year, month, day = int(iso[1]), int(iso[2]), int(iso[3])
    elif found:
        day, month = int(found[1]), int(found[2])
        if found[3] is None:
            year = today.year
        else:
            year = int(found[3]) + (2000 if len(found[3]) == 2 else 0)
    else:
        raise errors.InvalidInput(
            N_("Write the date as dd.mm.yyyy, e.g. {example}."),
            field=field_name,
            example="14.02.2025",
        )
    try:
        value = date(year, month, day)
    except ValueError:
        raise errors.InvalidInput(
            N_("«{text}» is not a date that exists."), field=field_name, text=text
        ) from None
    if found and found[3] is None and value < today - _RECENT:
        # 29.02 of a year whose next year is no leap year stays where it is.
        with suppress(ValueError):
            value = date(year + 1, month, day)
    return value


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
