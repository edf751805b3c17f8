"""The chat, the web forms and the importer read a year-less date («14.02», «1. mars») with one
rule: its first occurrence on or after the reference (today for the chat and the web, the
letter's date for the importer). Before, three parsers disagreed on the year."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.dates import DueDate, parse_due, scan_due
from tracker.importer.parse import parse_invitation
from tracker.web.forms import parse_day


def in_chat(text: str, today: date) -> date:
    """The due date of a chat command that creates a task."""
    found = scan_due(f"ny oppgave Skriv notat frist {text}", today=today)
    assert found is not None
    assert isinstance(found[0], DueDate)
    assert parse_due(text, today=today).day == found[0].day
    return found[0].day


def in_web_form(text: str, today: date) -> date:
    """The due date the web's task forms read."""
    found = parse_day(text, today=today)
    assert found is not None
    return found


def in_letter(text: str, letter_date: date) -> date:
    """The deadline the importer reads in an invitation dated `letter_date`."""
    letter = (
        f"Dato: {letter_date:%d.%m.%Y}\n\n"
        f"Tid: {letter_date.year + 1}-06-01 kl 09-12\nSted: Rådhuset\n\n"
        f"Skriftlige innspill sendes innen {text}.\n\n## Sakskart\n\n1. Godkjenning\n"
    )
    (deadline,) = parse_invitation(letter).deadlines
    assert deadline.due is not None
    return deadline.due


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        (date(2026, 12, 2), date(2027, 2, 14)),
        (date(2027, 2, 13), date(2027, 2, 14)),
        (date(2027, 2, 14), date(2027, 2, 14)),
        (date(2027, 2, 15), date(2028, 2, 14)),
        (date(2027, 6, 30), date(2028, 2, 14)),
    ],
)
def test_chat_web_form_and_importer_give_the_same_date_for_14_02(
    reference: date, expected: date
) -> None:
    assert in_chat("14.02", reference) == expected
    assert in_web_form("14.02", reference) == expected
    assert in_letter("14.02", reference) == expected


def test_chat_web_form_and_importer_give_the_same_date_for_1_mars() -> None:
    today = date(2026, 12, 2)
    assert in_chat("1. mars", today) == date(2027, 3, 1)
    assert in_web_form("1. mars", today) == date(2027, 3, 1)
    assert in_letter("1. mars", today) == date(2027, 3, 1)


@settings(max_examples=40, deadline=None)
@given(
    reference=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)),
)
def test_the_three_agree_on_any_year_less_date_from_any_reference(
    reference: date, day: date
) -> None:
    text = f"{day:%d.%m}"
    chat = in_chat(text, reference)
    assert (chat.month, chat.day) == (day.month, day.day)
    assert chat >= reference
    assert in_web_form(text, reference) == chat
    assert in_letter(text, reference) == chat
