"""Help that answers, in the language asked, and a pointer when a line is not understood."""

from __future__ import annotations

from chat_support import Chat


def test_help_in_norwegian_lists_the_commands_with_examples(chat: Chat) -> None:
    answer = chat("Anne Huse").say("hjelp")
    assert answer.splitlines()[0] == "Dette kan du skrive"
    assert "- mine oppgaver — dine åpne oppgaver" in answer
    assert "innspill sak 3: Vi prioriterer …" in answer
    assert "Datoer: 14.02 · 14. februar · i morgen · fredag · neste fredag · om to uker" in answer


def test_help_in_english(chat: Chat) -> None:
    answer = chat("Anne Huse").say("help")
    assert answer.splitlines()[0] == "What you can write"
    assert "- my tasks — your open tasks" in answer


def test_help_on_a_topic_narrows_the_list(chat: Chat) -> None:
    answer = chat("Anne Huse").say("hjelp frist")
    assert "flytt #12 til neste fredag" in answer
    assert "kontaktperson" not in answer


def test_ping_answers_pong_even_to_strangers(chat: Chat) -> None:
    assert chat().say("ping") == "pong"


def test_a_line_with_a_typo_is_understood_all_the_same(chat: Chat) -> None:
    member = chat("Anne Huse")
    assert member.say("mine oppgaevr") == member.say("mine oppgaver")
    assert member.say("nxt meeting") == member.say("next meeting")


def test_a_line_not_understood_points_to_the_closest_command_and_help(chat: Chat) -> None:
    member = chat("Anne Huse")
    assert member.say("hvem er") == (
        "Det forsto jeg ikke. Mente du «hvem er jeg»? Skriv «hjelp» for å se mer."
    )
    assert member.say("who am") == (
        "I didn't understand that. Did you mean «who am i»? Write «help» to see more."
    )
    assert member.say("hva er meningen med livet") == (
        "Det forsto jeg ikke. Skriv «hjelp» for å se hva jeg kan."
    )
