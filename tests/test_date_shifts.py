"""Shifts of a date as members write them ("utsett 12 en uke", "push 12 by a week", "+3 dager"):
how far, which way when the words say it, and where in the line, so the chat can move the
current due date rather than count from today."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.dates import EARLIER, LATER, UNSAID, DateShift, scan_shift


def shift(text: str) -> DateShift:
    found = scan_shift(text)
    assert found is not None, text
    return found[0]


def words(text: str) -> str:
    found = scan_shift(text)
    assert found is not None, text
    return text[found[1] : found[2]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Bokmål
        ("utsett 12 en uke", DateShift(7, 0, UNSAID)),
        ("utsett #12 med en uke", DateShift(7, 0, UNSAID)),
        ("utsett 12 ei uke", DateShift(7, 0, UNSAID)),
        ("utsett 12 1 uke", DateShift(7, 0, UNSAID)),
        ("flytt 12 to uker fram", DateShift(14, 0, UNSAID)),
        ("flytt 12 to uker frem i tid", DateShift(14, 0, UNSAID)),
        ("12 frist +3 dager", DateShift(3, 0, LATER)),
        ("fremskynd 12 med to dager", DateShift(2, 0, UNSAID)),
        ("12 frist tre dager senere", DateShift(3, 0, LATER)),
        ("flytt 12 fem dager tidligere", DateShift(5, 0, EARLIER)),
        ("flytt 12 en uke tilbake", DateShift(7, 0, EARLIER)),
        ("flytt fristen på 12 en uke fremover", DateShift(7, 0, LATER)),
        ("12 trenger en uke til", DateShift(7, 0, LATER)),
        ("gi 12 en ukes utsettelse", DateShift(7, 0, LATER)),
        ("12: to ukers forlengelse", DateShift(14, 0, LATER)),
        ("utsett 12 med 1 mnd", DateShift(0, 1, UNSAID)),
        ("utsett 12 en måned", DateShift(0, 1, UNSAID)),
        ("utsett 12 to måneder", DateShift(0, 2, UNSAID)),
        ("utsett 12 2mnd", DateShift(0, 2, UNSAID)),
        ("utsett 12 en uke og to dager", DateShift(9, 0, UNSAID)),
        ("utsett 12 1 måned og 1 uke", DateShift(7, 1, UNSAID)),
        ("utsett 12 fjorten dager", DateShift(14, 0, UNSAID)),
        ("utsett 12 sju dager", DateShift(7, 0, UNSAID)),
        ("utsett 12 syv døgn", DateShift(7, 0, UNSAID)),
        ("Utsett #12 Med To Uker", DateShift(14, 0, UNSAID)),
        ("utsett 12 åtte dager", DateShift(8, 0, UNSAID)),
        ("12 +7", DateShift(7, 0, LATER)),
        ("12 +7d", DateShift(7, 0, LATER)),
        ("12 frist +2u", DateShift(14, 0, LATER)),
        ("12 frist -2 dager", DateShift(2, 0, EARLIER)),
        ("12 frist −1 uke", DateShift(7, 0, EARLIER)),
        ("12 frist +1 mnd", DateShift(0, 1, LATER)),
        # Nynorsk
        ("utset 12 ei veke", DateShift(7, 0, UNSAID)),
        ("utset 12 to veker", DateShift(14, 0, UNSAID)),
        ("flytt 12 ein dag seinare", DateShift(1, 0, LATER)),
        ("flytt 12 tre dagar tidlegare", DateShift(3, 0, EARLIER)),
        ("utset 12 ein månad", DateShift(0, 1, UNSAID)),
        # English
        ("push 12 by a week", DateShift(7, 0, UNSAID)),
        ("postpone #12 by two weeks", DateShift(14, 0, UNSAID)),
        ("3 days later", DateShift(3, 0, LATER)),
        ("move 12 two days earlier", DateShift(2, 0, EARLIER)),
        ("bring 12 forward by one day", DateShift(1, 0, UNSAID)),
        ("push 12 back a week", DateShift(7, 0, UNSAID)),
        ("give 12 another week", DateShift(7, 0, LATER)),
        ("12 needs a fortnight more", DateShift(14, 0, LATER)),
        ("delay 12 by a month", DateShift(0, 1, UNSAID)),
        ("delay 12 one week and 3 days", DateShift(10, 0, UNSAID)),
        ("move 12 a week forward", DateShift(7, 0, UNSAID)),
        ("12: a week's extension", DateShift(7, 0, LATER)),
        ("12 due +10 days", DateShift(10, 0, LATER)),
    ],
)
def test_a_shift_is_read_with_its_size_and_the_direction_its_words_say(
    text: str, expected: DateShift
) -> None:
    assert shift(text) == expected


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("utsett 12 en uke", "en uke"),
        ("push 12 by a week", "by a week"),
        ("fremskynd 12 med to dager", "med to dager"),
        ("flytt 12 to uker fram", "to uker fram"),
        ("flytt 12 to uker fram i tid", "to uker fram i tid"),
        ("12 frist +3 dager", "+3 dager"),
        ("move 12 two days earlier please", "two days earlier"),
        ("utsett 12 en uke til", "en uke til"),
        # "til fredag" is a date: the shift does not swallow "til".
        ("utsett 12 en uke til fredag", "en uke"),
    ],
)
def test_the_span_covers_the_shift_and_its_direction_word_for_the_caller_to_cut(
    text: str, span: str
) -> None:
    assert words(text) == span


@pytest.mark.parametrize(
    "text",
    [
        "14.02",
        "frist 14.02",
        "12 frist 1. mars",
        "12 frist 2025-03-01",
        "12 frist 01.03.2025",
        "om to uker",
        "utsett 12 om to uker",
        "in two weeks",
        "innen to uker",
        "within a week",
        "two weeks from now",
        "to uker fra i dag",
        "en uke etter møtet",
        "two days before the meeting",
        "3 days ago",
        "uke 7",
        "12 frist uke 7",
        "fredag",
        "neste fredag",
        "i morgen",
        "#12 ferdig",
        "ring +47 22 33 44 55",
        "sak 3-4",
        "kl 14.02",
        "versjon +1.2",
        "ny oppgave Lag en dags workshop",
        "12 3 arbeidsdager",
        "",
        "   ",
    ],
)
def test_a_date_or_a_line_without_a_shift_is_no_shift(text: str) -> None:
    assert scan_shift(text) is None


def test_a_shift_that_says_its_direction_wins_over_a_bare_amount() -> None:
    # "Workshop på to dager" is a title; "+3 dager" is the move.
    assert shift("12 workshop på to dager frist +3 dager") == DateShift(3, 0, LATER)


@pytest.mark.parametrize(
    ("moved", "default", "expected"),
    [
        (DateShift(7), LATER, date(2025, 2, 21)),
        (DateShift(7), EARLIER, date(2025, 2, 7)),
        (DateShift(7, 0, EARLIER), LATER, date(2025, 2, 7)),  # the words win over the verb
        (DateShift(0, 1, LATER), UNSAID, date(2025, 3, 14)),
        (DateShift(2, 1, LATER), UNSAID, date(2025, 3, 16)),
        (DateShift(7), UNSAID, None),  # nobody said which way: the caller must ask
    ],
)
def test_a_shift_moves_a_date_the_way_its_words_or_else_the_verb_say(
    moved: DateShift, default: int, expected: date | None
) -> None:
    assert moved.apply(date(2025, 2, 14), default=default) == expected


def test_a_month_later_from_the_31st_is_the_last_day_of_a_shorter_month() -> None:
    assert DateShift(0, 1, LATER).apply(date(2025, 1, 31)) == date(2025, 2, 28)
    assert DateShift(0, 1, EARLIER).apply(date(2024, 3, 31)) == date(2024, 2, 29)


def test_a_shift_past_the_ends_of_the_calendar_gives_no_date() -> None:
    assert DateShift(9999, 0, LATER).apply(date(9999, 1, 1)) is None
    assert DateShift(0, 12, EARLIER).apply(date(1, 6, 1)) is None


_VOCABULARY = (
    "utsett", "flytt", "fremskynd", "push", "by", "med", "en", "ei", "ein", "a", "an", "one",
    "another", "to", "two", "tre", "dag", "dager", "dagar", "uke", "uker", "veke", "veker",
    "week", "weeks", "mnd", "måned", "month", "år", "ukes", "utsettelse", "fram", "frem",
    "i", "tid", "til", "senere", "earlier", "tilbake", "om", "in", "etter", "møtet", "og",
    "and", ",", "+", "-", "−", "+3", "-2", "+7d", "12", "#12", "14.02", "9999", "d", "ı", "İ",
)  # fmt: skip


@given(st.text())
def test_scanning_any_text_never_raises_and_gives_a_span_inside_it(text: str) -> None:
    found = scan_shift(text)
    if found is not None:
        moved, start, end = found
        assert 0 <= start < end <= len(text)
        assert min(moved.days, moved.months) >= 0
        assert moved.days + moved.months > 0
        assert moved.direction in (LATER, EARLIER, UNSAID)


@given(st.lists(st.sampled_from(_VOCABULARY), max_size=8), st.dates())
def test_phrases_of_shift_words_never_raise_and_a_shift_applies_or_gives_none(
    parts: list[str], day: date
) -> None:
    text = " ".join(parts)
    found = scan_shift(text)
    if found is not None:
        moved, start, end = found
        assert text[start:end].strip() == text[start:end]
        for default in (LATER, EARLIER, UNSAID):
            moved.apply(day, default=default)
