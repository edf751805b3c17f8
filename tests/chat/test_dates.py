"""Due dates as members type them in chat, in Bokmål and English."""

from __future__ import annotations

import contextlib
import pickle
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.dates import (
    INVALID_DATE,
    NO_MEETING,
    UNRECOGNISED,
    DueDate,
    DueDateError,
    MeetingRef,
    find_due,
    parse_due,
    scan_due,
)

FRIDAY = date(2025, 1, 10)
WEDNESDAY = date(2025, 1, 8)
MEETING = MeetingRef(meeting_id=42, day=date(2025, 1, 20))  # a Monday


def due(text: str, today: date = FRIDAY, meeting: MeetingRef | None = MEETING) -> DueDate:
    return parse_due(text, today=today, next_meeting=meeting)


def error_code(text: str, today: date = FRIDAY, meeting: MeetingRef | None = MEETING) -> str:
    with pytest.raises(DueDateError) as caught:
        parse_due(text, today=today, next_meeting=meeting)
    return caught.value.code


# --- Absolute dates ---------------------------------------------------------------------------


@pytest.mark.parametrize("today", [FRIDAY, WEDNESDAY])
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("14.02.2025", "nb"),
        ("14.02.25", "nb"),
        ("14.02", "nb"),
        ("14.2", "nb"),
        ("14/2", "nb"),
        ("14/02/2025", "nb"),
        ("2025-02-14", "nb"),
        ("14. februar", "nb"),
        ("14 februar 2025", "nb"),
        ("14. feb", "nb"),
        ("fredag 14. februar", "nb"),
        ("fredag den 14. februar", "nb"),
        ("den 14.02", "nb"),
        ("14 February", "en"),
        ("February 14", "en"),
        ("February 14th, 2025", "en"),
        ("Feb 14 2025", "en"),
        ("Feb. 14", "en"),
        ("Friday 14 February", "en"),
        ("Friday, February 14", "en"),
        ("on 14 February", "en"),
    ],
)
def test_absolute_dates_resolve_to_the_fourteenth_of_february(
    text: str, language: str, today: date
) -> None:
    assert due(text, today) == DueDate(date(2025, 2, 14), language=language)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("10.01", FRIDAY, date(2025, 1, 10)),
        ("09.01", FRIDAY, date(2026, 1, 9)),
        ("14.01", date(2025, 12, 20), date(2026, 1, 14)),
        ("14 January", date(2025, 12, 20), date(2026, 1, 14)),
        ("2/1", date(2025, 12, 20), date(2026, 1, 2)),
    ],
)
def test_a_date_without_a_year_is_its_next_occurrence_on_or_after_today(
    text: str, today: date, expected: date
) -> None:
    assert due(text, today).day == expected


def test_29_february_without_a_year_is_the_next_leap_day() -> None:
    assert due("29.02").day == date(2028, 2, 29)


@pytest.mark.parametrize(
    "text",
    ["31.02.2025", "30.02", "32.01", "29.02.2025", "31. april", "14.13", "Feb 30", "31/4", "0.1"],
)
def test_dates_that_do_not_exist_are_invalid_never_silently_wrong(text: str) -> None:
    assert error_code(text) == INVALID_DATE


def test_a_weekday_in_front_of_a_date_must_name_the_same_day() -> None:
    assert error_code("fredag 15. februar 2025") == INVALID_DATE
    assert error_code("Monday February 14 2025") == INVALID_DATE
    assert due("lørdag 15. februar 2025").day == date(2025, 2, 15)


def test_a_date_range_is_no_single_due_date() -> None:
    assert error_code("28-29. august") == UNRECOGNISED


# --- Day words and weekdays -------------------------------------------------------------------


@pytest.mark.parametrize("today", [FRIDAY, WEDNESDAY])
@pytest.mark.parametrize(
    ("text", "days", "language"),
    [
        ("i dag", 0, "nb"),
        ("idag", 0, "nb"),
        ("today", 0, "en"),
        ("i morgen", 1, "nb"),
        ("imorgen", 1, "nb"),
        ("tomorrow", 1, "en"),
        ("i overmorgen", 2, "nb"),
        ("the day after tomorrow", 2, "en"),
        ("day after tomorrow", 2, "en"),
    ],
)
def test_today_tomorrow_and_the_day_after_count_from_today(
    text: str, days: int, language: str, today: date
) -> None:
    expected = date.fromordinal(today.toordinal() + days)
    assert due(text, today) == DueDate(expected, language=language)


@pytest.mark.parametrize(
    ("text", "today", "expected", "language"),
    [
        ("fredag", FRIDAY, date(2025, 1, 17), "nb"),
        ("friday", FRIDAY, date(2025, 1, 17), "en"),
        ("fredag", WEDNESDAY, date(2025, 1, 10), "nb"),
        ("friday", WEDNESDAY, date(2025, 1, 10), "en"),
        ("på fredag", FRIDAY, date(2025, 1, 17), "nb"),
        ("on friday", WEDNESDAY, date(2025, 1, 10), "en"),
        ("onsdag", WEDNESDAY, date(2025, 1, 15), "nb"),
        ("mandag", FRIDAY, date(2025, 1, 13), "nb"),
        ("thursday", FRIDAY, date(2025, 1, 16), "en"),
        ("førstkommende fredag", FRIDAY, date(2025, 1, 17), "nb"),
        ("this coming friday", WEDNESDAY, date(2025, 1, 10), "en"),
    ],
)
def test_a_bare_weekday_is_the_next_one_strictly_after_today(
    text: str, today: date, expected: date, language: str
) -> None:
    assert due(text, today) == DueDate(expected, language=language)


@pytest.mark.parametrize("today", [FRIDAY, WEDNESDAY])
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("neste fredag", "nb"),
        ("next friday", "en"),
        ("fredag neste uke", "nb"),
        ("friday next week", "en"),
        ("på fredag i neste uke", "nb"),
    ],
)
def test_next_friday_is_the_friday_of_next_iso_week(text: str, language: str, today: date) -> None:
    assert due(text, today) == DueDate(date(2025, 1, 17), language=language)


@pytest.mark.parametrize("today", [FRIDAY, WEDNESDAY])
@pytest.mark.parametrize(
    ("text", "language"),
    [("denne fredagen", "nb"), ("denne fredag", "nb"), ("this friday", "en")],
)
def test_this_friday_is_the_friday_of_this_week(text: str, language: str, today: date) -> None:
    assert due(text, today) == DueDate(date(2025, 1, 10), language=language)


def test_this_weekday_already_past_is_returned_for_the_caller_to_warn_about() -> None:
    assert due("this monday").day == date(2025, 1, 6)
    assert due("denne mandagen").day == date(2025, 1, 6)


# --- Counting forward -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days", "language"),
    [
        ("om 3 dager", 3, "nb"),
        ("om en dag", 1, "nb"),
        ("om en uke", 7, "nb"),
        ("om ei uke", 7, "nb"),
        ("om én uke", 7, "nb"),
        ("om to uker", 14, "nb"),
        ("om tre uker", 21, "nb"),
        ("om fjorten dager", 14, "nb"),
        ("om tolv dager", 12, "nb"),
        ("om syv dager", 7, "nb"),
        ("om sju dager", 7, "nb"),
        ("om åtte dager", 8, "nb"),
        ("in a day", 1, "en"),
        ("in a week", 7, "en"),
        ("in one week", 7, "en"),
        ("in 3 weeks", 21, "en"),
        ("in two weeks", 14, "en"),
        ("in twelve days", 12, "en"),
        ("innen to uker", 14, "nb"),
        ("within two weeks", 14, "en"),
    ],
)
def test_om_and_in_count_days_and_weeks_in_digits_or_words(
    text: str, days: int, language: str
) -> None:
    expected = date.fromordinal(FRIDAY.toordinal() + days)
    assert due(text) == DueDate(expected, language=language)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("om en måned", FRIDAY, date(2025, 2, 10)),
        ("in a month", FRIDAY, date(2025, 2, 10)),
        ("om to måneder", FRIDAY, date(2025, 3, 10)),
        ("in 12 months", FRIDAY, date(2026, 1, 10)),
        ("om en måned", date(2025, 1, 31), date(2025, 2, 28)),
        ("in 1 month", date(2024, 1, 31), date(2024, 2, 29)),
        ("om 3 måneder", date(2024, 11, 30), date(2025, 2, 28)),
    ],
)
def test_months_count_by_the_calendar_and_clamp_to_short_months(
    text: str, today: date, expected: date
) -> None:
    assert due(text, today).day == expected


def test_counting_past_the_end_of_the_calendar_is_an_invalid_date() -> None:
    assert error_code("om 9999 uker", today=date(9999, 1, 1)) == INVALID_DATE
    assert error_code("in 99 months", today=date(9999, 1, 1)) == INVALID_DATE


# --- Weeks and months -------------------------------------------------------------------------


@pytest.mark.parametrize("today", [FRIDAY, WEDNESDAY])
@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("uke 7", "nb"),
        ("week 7", "en"),
        ("uke 7 2025", "nb"),
        ("i uke 7", "nb"),
        ("in week 7", "en"),
    ],
)
def test_a_week_number_is_due_on_the_friday_of_that_iso_week(
    text: str, language: str, today: date
) -> None:
    assert due(text, today) == DueDate(date(2025, 2, 14), language=language)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("uke 2", FRIDAY, date(2025, 1, 10)),
        ("uke 1", FRIDAY, date(2026, 1, 2)),
        ("uke 1", date(2025, 12, 29), date(2026, 1, 2)),
        ("week 1", date(2025, 12, 29), date(2026, 1, 2)),
        ("uke 52", date(2025, 12, 29), date(2026, 12, 25)),
        ("uke 53 2026", FRIDAY, date(2027, 1, 1)),
        ("uke 7 2026", FRIDAY, date(2026, 2, 13)),
    ],
)
def test_a_past_week_number_means_next_year_and_iso_years_are_respected(
    text: str, today: date, expected: date
) -> None:
    assert due(text, today).day == expected


@pytest.mark.parametrize("text", ["uke 53", "uke 53 2025", "uke 0", "week 54"])
def test_a_week_number_the_year_does_not_have_is_an_invalid_date(text: str) -> None:
    assert error_code(text) == INVALID_DATE


@pytest.mark.parametrize(
    ("text", "today", "expected", "language"),
    [
        ("neste uke", FRIDAY, date(2025, 1, 17), "nb"),
        ("next week", WEDNESDAY, date(2025, 1, 17), "en"),
        ("denne uka", WEDNESDAY, date(2025, 1, 10), "nb"),
        ("denne uken", FRIDAY, date(2025, 1, 10), "nb"),
        ("this week", WEDNESDAY, date(2025, 1, 10), "en"),
        ("slutten av uka", WEDNESDAY, date(2025, 1, 10), "nb"),
        ("i slutten av uken", WEDNESDAY, date(2025, 1, 10), "nb"),
        ("end of the week", WEDNESDAY, date(2025, 1, 10), "en"),
        ("by the end of the week", WEDNESDAY, date(2025, 1, 10), "en"),
        ("slutten av måneden", WEDNESDAY, date(2025, 1, 31), "nb"),
        ("slutten av maneden", FRIDAY, date(2025, 1, 31), "nb"),
        ("end of the month", FRIDAY, date(2025, 1, 31), "en"),
        ("end of month", date(2024, 2, 10), date(2024, 2, 29), "en"),
    ],
)
def test_week_and_month_periods_end_on_friday_and_the_last_day(
    text: str, today: date, expected: date, language: str
) -> None:
    assert due(text, today) == DueDate(expected, language=language)


@pytest.mark.parametrize("text", ["neste måned", "next month"])
def test_next_month_is_too_vague_and_unrecognised(text: str) -> None:
    assert error_code(text) == UNRECOGNISED


# --- The next meeting -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "offset", "language"),
    [
        ("før neste møte", -1, "nb"),
        ("before the next meeting", -1, "en"),
        ("before next meeting", -1, "en"),
        ("til neste møte", 0, "nb"),
        ("innen neste møte", 0, "nb"),
        ("by the next meeting", 0, "en"),
        ("neste møte", 0, "nb"),
        ("på møtet", 0, "nb"),
        ("på neste møte", 0, "nb"),
        ("at the meeting", 0, "en"),
        ("en uke etter møtet", 7, "nb"),
        ("senest en uke etter møtet", 7, "nb"),
        ("one week after the meeting", 7, "en"),
        ("a week after the next meeting", 7, "en"),
        ("to uker etter møtet", 14, "nb"),
        ("3 dager før møtet", -3, "nb"),
        ("3 days before the meeting", -3, "en"),
        ("two days before the meeting", -2, "en"),
        ("dagen før møtet", -1, "nb"),
        ("the day after the meeting", 1, "en"),
        ("neste mote", 0, "nb"),
        ("til motet", 0, "nb"),
        ("for neste møte", None, "nb"),
    ],
)
def test_meeting_phrases_keep_the_meeting_and_the_offset(
    text: str, offset: int | None, language: str
) -> None:
    if offset is None:  # "for" is not an ASCII "før": it is a real word in both languages
        assert error_code(text) == UNRECOGNISED
        return
    expected = date.fromordinal(MEETING.day.toordinal() + offset)
    assert due(text) == DueDate(expected, MEETING.meeting_id, offset, language)


@pytest.mark.parametrize(
    "text", ["før neste møte", "by the next meeting", "på møtet", "en uke etter møtet"]
)
def test_a_meeting_phrase_without_a_known_meeting_is_a_no_meeting_error(text: str) -> None:
    assert error_code(text, meeting=None) == NO_MEETING


def test_after_the_meeting_without_an_amount_is_unrecognised() -> None:
    assert error_code("etter neste møte") == UNRECOGNISED


# --- Keywords, case, spelling -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "language"),
    [
        ("frist fredag", date(2025, 1, 17), "nb"),
        ("Frist: fredag", date(2025, 1, 17), "nb"),
        ("innen 14.02", date(2025, 2, 14), "nb"),
        ("til fredag", date(2025, 1, 17), "nb"),
        ("senest i morgen", date(2025, 1, 11), "nb"),
        ("før 14. februar", date(2025, 2, 14), "nb"),
        ("due next friday", date(2025, 1, 17), "en"),
        ("due 14.02", date(2025, 2, 14), "en"),
        ("by tomorrow", date(2025, 1, 11), "en"),
        ("before February 14", date(2025, 2, 14), "en"),
        ("until friday", date(2025, 1, 17), "en"),
        ("deadline: friday", date(2025, 1, 17), "en"),
        ("frist friday", date(2025, 1, 17), "en"),
    ],
)
def test_leading_keywords_are_optional_and_the_core_words_decide_the_language(
    text: str, expected: date, language: str
) -> None:
    assert due(text) == DueDate(expected, language=language)


@pytest.mark.parametrize(
    "text", ["FRIST FREDAG!", "Neste Fredag.", "  neste fredag?  ", "next Friday!!", "NEXT FRIDAY;"]
)
def test_case_and_trailing_punctuation_do_not_matter(text: str) -> None:
    assert due(text).day == date(2025, 1, 17)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pa fredag", date(2025, 1, 17)),
        ("lordag", date(2025, 1, 11)),
        ("sondag", date(2025, 1, 12)),
        ("om atte dager", date(2025, 1, 18)),
        ("om to maneder", date(2025, 3, 10)),
    ],
)
def test_ascii_stand_ins_for_the_norwegian_letters_are_accepted(text: str, expected: date) -> None:
    assert due(text).day == expected


@pytest.mark.parametrize(("text", "language"), [("14 april", "nb"), ("April 14", "en")])
def test_words_both_languages_share_leave_the_language_to_the_word_order(
    text: str, language: str
) -> None:
    assert due(text).language == language


@pytest.mark.parametrize("text", ["", "   ", "snart", "asap", "fredag kanskje", "14", "frist"])
def test_anything_else_is_unrecognised(text: str) -> None:
    assert error_code(text) == UNRECOGNISED


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        # Europe switches to summer time on 30 March 2025 and back on 26 October 2025.
        ("om en uke", date(2025, 3, 27), date(2025, 4, 3)),
        ("i morgen", date(2025, 3, 29), date(2025, 3, 30)),
        ("tomorrow", date(2025, 10, 25), date(2025, 10, 26)),
        ("søndag", date(2025, 10, 25), date(2025, 10, 26)),
    ],
)
def test_summer_time_changes_are_irrelevant_to_calendar_dates(
    text: str, today: date, expected: date
) -> None:
    assert due(text, today).day == expected


def test_letters_that_regular_expressions_fold_like_i_and_s_do_not_crash() -> None:
    # re.IGNORECASE equates "ı" with "i" and "ſ" with "s"; str.casefold() does not.
    assert due("14 aprıl").day == date(2025, 4, 14)
    assert due("ı dag").day == FRIDAY
    assert due("ſøndag").day == date(2025, 1, 12)
    assert find_due("new task X by İ morgen", today=FRIDAY) is not None


def test_a_due_date_error_carries_its_code_and_text_and_survives_pickling() -> None:
    with pytest.raises(DueDateError) as caught:
        parse_due("frist 31.02.2025", today=FRIDAY)
    error = caught.value
    assert (error.code, error.text) == (INVALID_DATE, "31.02.2025")
    assert isinstance(error, ValueError)
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.code, copy.text) == (error.code, error.text)


# --- Finding a due expression in a command ----------------------------------------------------


@pytest.mark.parametrize(
    ("command", "span", "expected"),
    [
        ("ny oppgave Skriv notat frist 14.02 @Asbjørn", "frist 14.02", date(2025, 2, 14)),
        ("move #12 to next friday", "to next friday", date(2025, 1, 17)),
        ("flytt #12 til om to uker", "til om to uker", date(2025, 1, 24)),
        ("flytt #12 til fredag", "til fredag", date(2025, 1, 17)),
        ("ny oppgave Les rapport fredag 14. februar", "fredag 14. februar", date(2025, 2, 14)),
        ("ny oppgave Les frist den 14. februar", "frist den 14. februar", date(2025, 2, 14)),
        ("ny oppgave Innspill før neste møte @Kari", "før neste møte", date(2025, 1, 19)),
        ("ny oppgave Innspill innen neste møte", "innen neste møte", date(2025, 1, 20)),
        ("new task Draft memo due the day after tomorrow", "due the day after tomorrow",
         date(2025, 1, 12)),
        ("ny oppgave Ring kl 14.30 frist fredag", "frist fredag", date(2025, 1, 17)),
        ("new task Review by the end of the week", "by the end of the week", date(2025, 1, 10)),
        ("ny oppgave Send innspill senest en uke etter møtet", "senest en uke etter møtet",
         date(2025, 1, 27)),
        ("ny oppgave Rapport om 3 uker i gruppe 2", "om 3 uker", date(2025, 1, 31)),
        ("new task Budget deadline: Feb 14 2025 @Ola", "deadline: Feb 14 2025", date(2025, 2, 14)),
        ("ny oppgave Oppsummering uke 7", "uke 7", date(2025, 2, 14)),
        ("ny oppgave Sjekk saken 14.02.2025", "14.02.2025", date(2025, 2, 14)),
    ],
)  # fmt: skip
def test_find_due_returns_the_expression_with_its_keyword_and_span(
    command: str, span: str, expected: date
) -> None:
    found = find_due(command, today=FRIDAY, next_meeting=MEETING)
    assert found is not None
    result, start, end = found
    assert command[start:end] == span
    assert result.day == expected


def test_find_due_prefers_the_longest_match() -> None:
    found = find_due("ny oppgave X frist neste fredag", today=WEDNESDAY)
    assert found is not None
    assert found[0].day == date(2025, 1, 17)
    found = find_due("ny oppgave X fredag 14. februar 2025", today=WEDNESDAY)
    assert found is not None
    assert (found[0].day, found[1]) == (date(2025, 2, 14), 13)


def test_find_due_prefers_an_expression_introduced_by_a_keyword() -> None:
    found = find_due("ny oppgave Planlegg i dag frist fredag", today=WEDNESDAY)
    assert found is not None
    assert found[0].day == date(2025, 1, 10)


def test_cutting_out_the_span_leaves_the_rest_of_the_command() -> None:
    command = "ny oppgave Skriv notat frist 14.02 @Asbjørn"
    found = find_due(command, today=FRIDAY)
    assert found is not None
    _, start, end = found
    assert " ".join((command[:start] + command[end:]).split()) == "ny oppgave Skriv notat @Asbjørn"


@pytest.mark.parametrize(
    "command",
    [
        "ny oppgave Oppdater versjon 1.2",
        "ny oppgave Møte kl 14.02",
        "ny oppgave Les 1/2 av rapporten",
        "ny oppgave Forbered møtet",
        "ny oppgave Planlegg neste møte",
        "ny oppgave Skriv 3 sider",
        "ny oppgave Fredagskaffe",
        "new task Update the backlog",
        "",
    ],
)
def test_find_due_leaves_titles_without_a_due_expression_alone(command: str) -> None:
    assert find_due(command, today=FRIDAY, next_meeting=MEETING) is None


def test_find_due_skips_an_invalid_date_and_scan_due_reports_it() -> None:
    command = "ny oppgave X frist 31.02"
    assert find_due(command, today=FRIDAY) is None
    found = scan_due(command, today=FRIDAY)
    assert found is not None
    error, start, end = found
    assert isinstance(error, DueDateError)
    assert (error.code, error.text, command[start:end]) == (INVALID_DATE, "31.02", "frist 31.02")


def test_find_due_does_not_fall_back_to_part_of_an_invalid_expression() -> None:
    # "fredag" alone would be a valid date, but the writer meant 15 February, which is no Friday.
    assert find_due("ny oppgave X fredag 15. februar 2025", today=FRIDAY) is None


def test_find_due_without_a_known_meeting_ignores_meeting_phrases() -> None:
    command = "ny oppgave Innspill før neste møte"
    assert find_due(command, today=FRIDAY) is None
    found = scan_due(command, today=FRIDAY)
    assert found is not None
    assert isinstance(found[0], DueDateError)
    assert found[0].code == NO_MEETING


# --- Properties -------------------------------------------------------------------------------

_VOCABULARY = (
    "frist", "innen", "til", "senest", "før", "due", "by", "before", "until", "deadline", "to",
    "om", "in", "i", "på", "on", "neste", "next", "denne", "this", "dag", "dager", "uke", "uker",
    "uka", "måned", "måneder", "week", "weeks", "month", "months", "møtet", "møte", "meeting",
    "the", "etter", "after", "en", "tre", "a", "one", "two", "fredag", "friday", "mandag",
    "monday", "morgen", "tomorrow", "today", "slutten", "av", "end", "of", "februar", "february",
    "feb", "14", "14.", "02", "2025", "31", ".02", "/", "-", ",", ":", "kl", "#", "@",
    "ı", "İ", "ſ",
)  # fmt: skip


@given(text=st.text(), today=st.dates())
def test_parse_due_raises_nothing_but_due_date_error_on_any_text(text: str, today: date) -> None:
    with contextlib.suppress(DueDateError):
        parse_due(text, today=today, next_meeting=MEETING)


@given(text=st.text(), today=st.dates())
def test_find_due_and_scan_due_never_raise_on_any_text(text: str, today: date) -> None:
    found = find_due(text, today=today, next_meeting=MEETING)
    scan_due(text, today=today, next_meeting=None)
    if found is not None:
        assert 0 <= found[1] < found[2] <= len(text)


@given(
    words=st.lists(st.sampled_from(_VOCABULARY), max_size=8),
    today=st.dates(),
    meeting=st.none() | st.builds(MeetingRef, st.integers(1, 99), st.dates()),
)
def test_phrases_built_from_the_vocabulary_never_raise_anything_else(
    words: list[str], today: date, meeting: MeetingRef | None
) -> None:
    text = " ".join(words)
    with contextlib.suppress(DueDateError):
        parse_due(text, today=today, next_meeting=meeting)
    found = find_due(text, today=today, next_meeting=meeting)
    if found is not None:
        assert text[found[1] : found[2]].strip() == text[found[1] : found[2]]


@given(day=st.dates(min_value=date(1000, 1, 1)))
def test_a_written_out_date_parses_back_to_itself(day: date) -> None:
    # Years below 1000 are left out: strftime does not pad them to four digits.
    assert parse_due(day.strftime("%d.%m.%Y"), today=FRIDAY).day == day
