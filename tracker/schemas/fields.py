"""The building blocks of the service boundary's models: checked field types, Input and View."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from tracker.i18n import N_
from tracker.text import multi_line, normalise_email, single_line

Title = Field(min_length=1, max_length=300)
# An address in the one form it is stored and compared in, whoever typed it how.
Email = Annotated[
    str,
    Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    AfterValidator(normalise_email),
]

# What every column can store: no NUL or other control characters (tab and newlines are text),
# no lone surrogates, numbers within INTEGER, dates within reason (no overflow in UTC).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
INTEGER_MAX = 2**31 - 1
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999
# A database id, as every edge takes it.
Id = Annotated[int, Field(ge=1, le=INTEGER_MAX)]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ].+")
# What the document promises: a year from EARLIEST_YEAR to LATEST_YEAR.
_YEAR_PATTERN = r"^(19\d\d|2\d\d\d)-"


def _written_as_iso_date(value: object) -> object:
    # pydantic alone takes a number, or a string of digits such as ?on=0, as seconds since 1970.
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_parsing", N_("Give a date as YYYY-MM-DD."))
    if not isinstance(value, str | date):
        raise PydanticCustomError("date_type", N_("Give a date as YYYY-MM-DD."))
    return value


def _written_as_iso_datetime(value: object) -> object:
    if isinstance(value, str) and not _ISO_DATETIME.fullmatch(value):
        raise PydanticCustomError(
            "datetime_parsing",
            N_("Give a date and time with a time zone, e.g. 2025-03-04T10:00:00+01:00."),
        )
    if not isinstance(value, str | datetime):
        raise PydanticCustomError(
            "datetime_type",
            N_("Give a date and time with a time zone, e.g. 2025-03-04T10:00:00+01:00."),
        )
    return value


# A day written YYYY-MM-DD, never a number.
IsoDate = Annotated[
    date,
    BeforeValidator(_written_as_iso_date),
    Field(json_schema_extra={"pattern": _YEAR_PATTERN + r"\d\d-\d\d$"}),
]
# A moment written in ISO 8601, never a number.
IsoDateTime = Annotated[
    datetime,
    BeforeValidator(_written_as_iso_datetime),
    Field(json_schema_extra={"pattern": _YEAR_PATTERN}),
]


class Input(BaseModel):
    """Base of inputs: unknown fields are errors, text is stripped, values fit the database."""

    # defer_build: a model's validator is built when first used, so a process (the chat bots)
    # holds none for the many inputs and views it never meets.
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True
    )
    # Text fields that keep their lines; every other one is a single line (tracker.text).
    multi_line_fields: ClassVar[frozenset[str]] = frozenset({"description", "body"})

    @field_validator("*", mode="before")
    @classmethod
    def _one_form_of_text(cls, value: object, info: ValidationInfo) -> object:
        # Before the length checks, so a title of nothing but such characters is empty. A line
        # break, a control or a bidi override in a title could show as a fake line or reversed
        # text in summaries, reminders and Slack cards; in a description it keeps its lines.
        if not isinstance(value, str):
            return value
        return multi_line(value) if info.field_name in cls.multi_line_fields else single_line(value)

    @field_validator("*")
    @classmethod
    def _storable(cls, value: object) -> object:
        if isinstance(value, str) and _CONTROL.search(value):
            raise PydanticCustomError(
                "text_control_character", N_("Text cannot contain control characters.")
            )
        if isinstance(value, int) and not -INTEGER_MAX <= value <= INTEGER_MAX:
            raise PydanticCustomError("number_out_of_range", N_("The number is too large."))
        if isinstance(value, date) and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise PydanticCustomError(
                "date_out_of_range",
                N_("Give a date between the years {earliest} and {latest}."),
                {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
            )
        return value


class View(BaseModel):
    """Base of views, built from ORM objects."""

    model_config = ConfigDict(from_attributes=True, frozen=True, defer_build=True)  # as Input
