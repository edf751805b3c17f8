"""The parser understands the command language and never fails on junk; renderers escape."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chatops import commands as c
from chatops.parser import ParseContext, Parsed, ParseError, parse
from chatops.render import escape_html, render_html, render_markdown, render_text
from chatops.reply import BulletList, Field, Fields, Heading, Paragraph, Reply, TaskLine
from tracker.dates import MeetingRef
from tracker.models import ContributionKind, TaskStatus

CTX = ParseContext(today=date(2025, 1, 10), next_meeting=MeetingRef(1, date(2025, 1, 16)))


@pytest.mark.parametrize(
    ("text", "command", "language"),
    [
        ("hjelp", c.Help(None), "nb"),
        ("help", c.Help(None), "en"),
        ("ping", c.Ping(), ""),
        ("mine oppgaver", c.MyTasks(), "nb"),
        ("My tasks", c.MyTasks(), "en"),
        ("frister", c.Deadlines(), "nb"),
        ("mine frister", c.Deadlines(mine=True), "nb"),
        ("frister gruppe 2", c.Deadlines(scope="2"), "nb"),
        ("deadlines for group 3", c.Deadlines(scope="3"), "en"),
        ("alle frister", c.Deadlines(scope="alle"), "nb"),
        ("hva skal leveres til neste møte?", c.DueForMeeting(), "nb"),
        ("what's due for the next meeting", c.DueForMeeting(), "en"),
        ("neste møte", c.NextMeeting(), "nb"),
        ("agenda", c.NextMeeting(), "en"),
        ("dagsorden neste møte", c.AgendaDraft(), "nb"),
        ("utkast til saksliste", c.AgendaDraft(), "nb"),
        ("agenda next meeting", c.AgendaDraft(), "en"),
        ("draft agenda for the next meeting", c.AgendaDraft(), "en"),
        ("what's on the agenda for the next meeting?", c.NextMeeting(), "en"),
        ("hvem har levert innspill til sak 3?", c.InputRound("3"), "nb"),
        ("hvem mangler innspill?", c.InputRound(None), "nb"),
        ("innspillsrunden for sak 3", c.InputRound("3"), "nb"),
        ("who has delivered input to item 3?", c.InputRound("3"), "en"),
        ("input round", c.InputRound(None), "en"),
        ("#12", c.ShowTask(12), ""),
        ("#12 ferdig", c.SetStatus(12, TaskStatus.DONE), "nb"),
        ("12 pågår", c.SetStatus(12, TaskStatus.DOING), "nb"),
        ("#12 ikke startet", c.SetStatus(12, TaskStatus.TODO), "nb"),
        (
            "#12 blokkert: venter på tall",
            c.SetStatus(12, TaskStatus.BLOCKED, "venter på tall"),
            "nb",
        ),
        (
            "#12 står fast: venter på tall",
            c.SetStatus(12, TaskStatus.BLOCKED, "venter på tall"),
            "nb",
        ),
        ("done #12", c.SetStatus(12, TaskStatus.DONE), "en"),
        ("#12 in progress", c.SetStatus(12, TaskStatus.DOING), "en"),
        ("start #12", c.SetStatus(12, TaskStatus.DOING), ""),
        ("kommentar #3 Sendt", c.AddComment(3, "Sendt"), "nb"),
        ("comment #3: Sent", c.AddComment(3, "Sent"), "en"),
        ("gi #3 til Dag Aanensen", c.Assign(3, "Dag Aanensen"), "nb"),
        ("assign #3 to Dag", c.Assign(3, "Dag"), "en"),
        ("innspill sak 3: Tekst", c.Contribute("3", "Tekst"), "nb"),
        ("innspill til sak 3/25 Tekst", c.Contribute("3/25", "Tekst"), "nb"),
        ("minutes item 4: Text", c.Contribute("4", "Text", ContributionKind.MINUTES), "en"),
        ("status", c.Summary(None), "nb"),
        ("status gruppe 2", c.Summary("2"), "nb"),
        ("weekly summary", c.Summary(None), "en"),
        ("kontaktperson", c.Contact(), "nb"),
        ("who is the contact person?", c.Contact(), "en"),
        ("koble ABCD-EFGH", c.Link("ABCD-EFGH"), "nb"),
        ("link abcdefgh", c.Link("abcdefgh"), "en"),
        ("bind rommet til gruppe 2", c.BindRoom("2"), "nb"),
        ("bind room to the whole group", c.BindRoom(None), "en"),
    ],
)
def test_each_command_parses_into_its_typed_form(
    text: str, command: c.Command, language: str
) -> None:
    parsed = parse(text, CTX)
    assert parsed.command == command
    assert parsed.language == language


def test_a_new_task_takes_its_due_date_owner_and_workgroup_out_of_the_title() -> None:
    parsed = parse("ny oppgave Skriv notat om kraft frist fredag @Dag Aanensen gruppe 3", CTX)
    command = parsed.command
    assert isinstance(command, c.CreateTask)
    assert (command.title, command.owner, command.workgroup) == (
        "Skriv notat om kraft",
        "Dag Aanensen",
        "3",
    )
    assert command.due is not None
    assert command.due.day == date(2025, 1, 17)


def test_moving_a_due_date_relative_to_the_meeting_keeps_the_meeting() -> None:
    command = parse("flytt #4 til en uke etter møtet", CTX).command
    assert isinstance(command, c.MoveDue)
    assert (command.due.day, command.due.meeting_id) == (date(2025, 1, 23), 1)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("hva er meningen med livet", "unknown_command"),
        ("#3 grønn", "unknown_status"),
        ("flytt #3 til 31.02.2025", "bad_date"),
        ("ny oppgave", "missing_title"),
        ("kommentar #3", "missing_text"),
    ],
)
def test_bad_input_gets_a_precise_error_code(text: str, code: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(text, CTX)
    assert caught.value.code == code


def test_a_misspelt_word_is_understood_all_the_same() -> None:
    assert parse("mine oppgaevr", CTX) == Parsed(c.MyTasks(), "nb")


def test_a_misspelt_command_that_is_not_understood_suggests_the_closest_one() -> None:
    with pytest.raises(ParseError) as caught:
        parse("hvem er", CTX)
    assert caught.value.params == {"suggestion": "hvem er jeg"}


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=120))
def test_random_text_never_raises_anything_but_a_parse_error(text: str) -> None:
    with contextlib.suppress(ParseError):
        parse(text, CTX)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(
        [
            "#7 ",
            "ny oppgave ",
            "flytt #2 til ",
            "innspill sak 3: ",
            "frister ",
            "gi #1 til ",
            "new task ",
            "move #2 to ",
        ]
    ),
    st.text(max_size=60),
)
def test_commands_with_random_tails_never_raise_anything_but_a_parse_error(
    head: str, tail: str
) -> None:
    with contextlib.suppress(ParseError):
        parse(head + tail, CTX)


HOSTILE = 'Skriv <script>alert("x")</script> & *fet* _kursiv_ [lenke](http://x)'


def hostile_reply() -> Reply:
    line = TaskLine(
        task_id=1,
        title=HOSTILE,
        status=TaskStatus.TODO,
        status_label="ikke startet",
        owner="<b>Ola</b>",
        due=None,
        due_label=None,
        overdue=False,
    )
    return Reply(
        (
            Heading(HOSTILE),
            Paragraph(HOSTILE),
            line,
            Fields((Field("<i>", HOSTILE),)),
            BulletList(((0, HOSTILE), (1, HOSTILE))),
        ),
        title=HOSTILE,
    )


def test_html_rendering_escapes_every_piece_of_user_text() -> None:
    html = render_html(hostile_reply())
    assert "<script>" not in html
    assert "<b>Ola</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


@given(st.text())
def test_html_escaping_is_the_standard_librarys(text: str) -> None:
    # The renderer escapes by itself (the bot need not load the `html` package); what it writes
    # must be exactly what html.escape writes, quotes included.
    import html

    assert escape_html(text + "<&>\"'") == html.escape(text + "<&>\"'")


def test_markdown_rendering_escapes_markup_characters() -> None:
    markdown = render_markdown(hostile_reply())
    assert "\\*fet\\*" in markdown
    assert "\\[lenke\\]\\(http://x\\)" in markdown
    assert "\\<script\\>" in markdown


def test_plain_text_shows_user_text_as_typed() -> None:
    text = render_text(hostile_reply())
    assert HOSTILE in text
