"""Norwegian dates and clock times as invitations write them."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.dates.absolute import (
    DATE_INVALID,
    YEAR_UNKNOWN,
    find_dates,
    find_time_range,
    parse_date,
    parse_date_range,
    parse_time_range,
    resolve_year,
)

LETTER = dt.date(2024, 11, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16.01.2025", dt.date(2025, 1, 16)),
        ("16.1.25", dt.date(2025, 1, 16)),
        ("2025-01-16", dt.date(2025, 1, 16)),
        ("16/01/2025", dt.date(2025, 1, 16)),
        ("4. juni", dt.date(2025, 6, 4)),
        ("4 juni 2025", dt.date(2025, 6, 4)),
        ("30. Januar", dt.date(2025, 1, 30)),
        ("7. november 2024", dt.date(2024, 11, 7)),
        ("1. april", dt.date(2025, 4, 1)),
        ("fredag 14. februar", dt.date(2025, 2, 14)),
        ("14.02", dt.date(2025, 2, 14)),
        ("4. jan.", dt.date(2025, 1, 4)),
        ("June 4, 2025", dt.date(2025, 6, 4)),
        ("4 June 2025", dt.date(2025, 6, 4)),
    ],
)
def test_single_dates_parse_with_the_letter_date_as_reference(text: str, expected: dt.date) -> None:
    assert parse_date(text, LETTER) == expected


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("28-29. august", dt.date(2025, 8, 28), dt.date(2025, 8, 29)),
        ("4 og 5. mai", dt.date(2025, 5, 4), dt.date(2025, 5, 5)),
        ("16.–17. september 2025", dt.date(2025, 9, 16), dt.date(2025, 9, 17)),
        ("30. april - 2. mai", dt.date(2025, 4, 30), dt.date(2025, 5, 2)),
        ("30. desember – 2. januar", dt.date(2024, 12, 30), dt.date(2025, 1, 2)),
        ("4. juni", dt.date(2025, 6, 4), None),
    ],
)
def test_ranges_parse_to_start_and_end(text: str, start: dt.date, end: dt.date | None) -> None:
    assert parse_date_range(text, LETTER) == (start, end)


def test_a_range_is_not_a_single_date() -> None:
    assert parse_date("28-29. august", LETTER) is None


@pytest.mark.parametrize(
    "text", ["31.02.2025", "31. februar", "30.02.24", "32.01.2025", "0.1.2025"]
)
def test_dates_that_do_not_exist_give_none(text: str) -> None:
    assert parse_date(text, LETTER) is None
    (match,) = find_dates(text, LETTER, short_numeric=True)
    assert (match.start, match.problem) == (None, DATE_INVALID)


def test_a_range_ending_before_it_starts_is_invalid() -> None:
    (match,) = find_dates("5. mai 2025 - 4. mai 2025", LETTER)
    assert match.problem == DATE_INVALID


def test_a_year_less_date_without_reference_has_an_unknown_year() -> None:
    (match,) = find_dates("4. juni")
    assert (match.start, match.problem, match.has_year) == (None, YEAR_UNKNOWN, False)
    assert parse_date("4. juni") is None


def test_year_inference_crosses_the_new_year() -> None:
    december = dt.date(2024, 12, 10)
    assert parse_date("30. januar", december) == dt.date(2025, 1, 30)
    assert parse_date("10. desember", december) == dt.date(2024, 12, 10)
    assert parse_date("9. desember", december) == dt.date(2025, 12, 9)
    assert parse_date("20. desember", december) == dt.date(2024, 12, 20)


def test_year_inference_backwards_finds_the_last_past_occurrence() -> None:
    meeting = dt.date(2025, 1, 16)
    assert parse_date("7. november", meeting, before=True) == dt.date(2024, 11, 7)
    assert resolve_year(16, 1, meeting, before=True) == meeting


def test_29_february_without_a_year_finds_the_next_leap_year() -> None:
    assert parse_date("29. februar", dt.date(2025, 3, 1)) == dt.date(2028, 2, 29)


def test_dates_are_found_in_prose_with_their_positions() -> None:
    text = "BEST 2025, 4. juni og Arendalsuken 14. august; referat fra 7. november 2024."
    found = find_dates(text, LETTER)
    assert [(m.text, m.start, m.has_year) for m in found] == [
        ("4. juni", dt.date(2025, 6, 4), False),
        ("14. august", dt.date(2025, 8, 14), False),
        ("7. november 2024", dt.date(2024, 11, 7), True),
    ]
    assert text[found[0].pos : found[0].end_pos] == "4. juni"


@pytest.mark.parametrize(
    "text",
    [
        "Sak 3. Handlingsprogram 2025",
        "Nammo ansatte 250 personer i 2024",
        "kl 09.00-12.30",
        "Sak 1/25 Godkjenning",
        "4. marked",
        "i januar 12 personer",
    ],
)
def test_numbers_that_are_not_dates_are_not_found(text: str) -> None:
    assert find_dates(text, LETTER) == []


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("kl 09:00-12:30", dt.time(9, 0), dt.time(12, 30)),
        ("Kl. 09:40-12:30", dt.time(9, 40), dt.time(12, 30)),
        ("09.00–12.30", dt.time(9, 0), dt.time(12, 30)),
        ("kl. 9 - 12", dt.time(9, 0), dt.time(12, 0)),
        ("09:00 til 11:15", dt.time(9, 0), dt.time(11, 15)),
        ("kl 10", dt.time(10, 0), None),
    ],
)
def test_time_ranges_parse(text: str, start: dt.time, end: dt.time | None) -> None:
    assert parse_time_range(text) == (start, end)


def test_time_range_is_found_after_a_date() -> None:
    found = find_time_range("16.01.2025, kl 09:00-12:30")
    assert found is not None
    assert (found.start, found.end) == (dt.time(9, 0), dt.time(12, 30))


@pytest.mark.parametrize(
    "text", ["16.01.2025", "2025-01-16", "28-29. august", "25:00-26:00", "12:00-09:00", "09:00"]
)
def test_dates_and_impossible_times_are_not_time_ranges(text: str) -> None:
    assert parse_time_range(text) is None


@given(st.text(), st.dates())
def test_date_finding_never_raises(text: str, reference: dt.date) -> None:
    for match in find_dates(text, reference, short_numeric=True):
        assert (match.start is None) == (match.problem is not None)
    find_time_range(text)


@given(st.integers(1, 31), st.integers(1, 12), st.dates())
def test_inferred_year_is_the_first_occurrence_not_before_the_reference(
    day: int, month: int, reference: dt.date
) -> None:
    found = resolve_year(day, month, reference)
    if found is not None:
        assert found >= reference
        assert (found.month, found.day) == (month, day)
        earlier = [y for y in range(reference.year, found.year) if _exists(y, month, day)]
        assert all(dt.date(y, month, day) < reference for y in earlier)


def _exists(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("30. desember 2024 - 2. januar 2025", dt.date(2024, 12, 30), dt.date(2025, 1, 2)),
        ("30. desember - 2. januar 2025", dt.date(2024, 12, 30), dt.date(2025, 1, 2)),
    ],
)
def test_a_range_across_the_new_year_takes_each_year_where_written(
    text: str, start: dt.date, end: dt.date
) -> None:
    assert parse_date_range(text) == (start, end)
