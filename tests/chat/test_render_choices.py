"""A question back renders its readings as a numbered list of typed commands and says how to
answer, in text, Markdown and HTML, with user text escaped."""

from __future__ import annotations

from chatops.render import render_html, render_markdown, render_text
from chatops.reply import Choice, Paragraph, Reply


def question(*choices: Choice, language: str = "nb") -> Reply:
    return Reply((Paragraph("Jeg er ikke sikker på hva du mente."),), language, choices=choices)


DONE = Choice("Marker #3 som ferdig", "#3 ferdig")
DOING = Choice("Marker #3 som pågår", "#3 pågår")


def test_one_choice_is_numbered_and_answered_with_yes_in_plain_text() -> None:
    assert render_text(question(DONE)) == (
        "Jeg er ikke sikker på hva du mente.\n"
        "\n"
        "  1. #3 ferdig — Marker #3 som ferdig\n"
        "Svar «ja» for å gjøre det, eller skriv kommandoen."
    )


def test_several_choices_are_answered_with_their_number_in_plain_text() -> None:
    text = render_text(question(DONE, DOING))
    assert "  1. #3 ferdig — Marker #3 som ferdig\n  2. #3 pågår — Marker #3 som pågår" in text
    assert text.endswith("Svar med nummeret (1–2), eller skriv kommandoen.")


def test_the_hint_is_in_english_for_an_english_reply() -> None:
    assert render_text(question(DONE, language="en")).endswith(
        "Reply «yes» to do it, or type the command."
    )
    assert render_text(question(DONE, DOING, DONE, language="en")).endswith(
        "Reply with the number (1–3), or type the command."
    )


def test_a_label_that_only_repeats_the_command_is_not_shown_twice() -> None:
    text = render_text(question(Choice("#3 ferdig", "#3 ferdig")))
    assert "  1. #3 ferdig\n" in text
    assert "—" not in text


def test_a_reply_without_choices_has_no_list_and_no_hint() -> None:
    reply = Reply((Paragraph("Oppgave #3 er ferdig."),))
    assert render_text(reply) == "Oppgave #3 er ferdig."
    assert render_html(reply) == "<p>Oppgave #3 er ferdig.</p>"
    assert render_markdown(reply) == "Oppgave \\#3 er ferdig\\."


def test_markdown_shows_each_command_as_code_and_escapes_the_labels() -> None:
    markdown = render_markdown(question(Choice("Marker *#3* som [ferdig]", "#3 ferdig"), DOING))
    assert "1. `#3 ferdig` — Marker \\*\\#3\\* som \\[ferdig\\]" in markdown
    assert "2. `#3 pågår` — Marker \\#3 som pågår" in markdown
    assert markdown.endswith("Svar med nummeret \\(1–2\\), eller skriv kommandoen\\.")


def test_markdown_keeps_a_command_with_backticks_inside_one_code_span() -> None:
    markdown = render_markdown(question(Choice("Kommenter", "kommentar #3: bruk `x`")))
    assert "1. `` kommentar #3: bruk `x` `` — Kommenter" in markdown


def test_html_lists_the_commands_as_code_and_escapes_user_text() -> None:
    hostile = Choice("<b>Marker</b> & lukk", "kommentar #3: <script>alert(1)</script>")
    html = render_html(question(hostile, DONE))
    assert (
        "<ol><li><code>kommentar #3: &lt;script&gt;alert(1)&lt;/script&gt;</code>"
        " — &lt;b&gt;Marker&lt;/b&gt; &amp; lukk</li>"
        "<li><code>#3 ferdig</code> — Marker #3 som ferdig</li></ol>"
        "<p>Svar med nummeret (1–2), eller skriv kommandoen.</p>"
    ) in html
    assert "<script>" not in html
    assert "<b>" not in html
