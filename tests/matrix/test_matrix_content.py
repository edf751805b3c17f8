"""The pure part of the adapter: which messages are commands, how answers are shaped, what a
reaction means, and how the sync loop backs off. No homeserver, no database."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.matrix import content as c
from adapters.matrix.crypto import Undecrypted
from adapters.matrix.sync import Backoff
from chatops.reply import Action, Paragraph, Reply, TaskLine
from tracker.models import TaskStatus

BOT = "@tiltak:hs.example"


def text(body: str, **extra: object) -> dict[str, object]:
    return {"msgtype": "m.text", "body": body, **extra}


def command(content: dict[str, object], *, direct: bool = False) -> str | None:
    return c.command_text(content, bot_id=BOT, bot_name="Tiltak", prefix="!t", direct=direct)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("!t mine oppgaver", "mine oppgaver"),
        ("  !T  ping ", "ping"),
        ("!t", ""),
        ("!tiltak ping", None),
        ("ping !t", None),
        ("hei alle sammen", None),
        (f"{BOT} frister", "frister"),
        (f"{BOT}: frister", "frister"),
        ("Tiltak: frister", None),  # a bare name is no mention without a pill or m.mentions
    ],
)
def test_a_room_message_is_a_command_only_with_the_prefix_or_a_mention(
    body: str, expected: str | None
) -> None:
    assert command(text(body)) == expected


def test_a_pill_or_an_intentional_mention_makes_a_command_without_the_name() -> None:
    pill = text(
        "Tiltak: mine frister",
        format="org.matrix.custom.html",
        formatted_body=f'<a href="https://matrix.to/#/{BOT}">Tiltak</a>: mine frister',
    )
    assert command(pill) == "mine frister"
    intentional = text("Tiltak, ping", **{"m.mentions": {"user_ids": [BOT]}})
    assert command(intentional) == "ping"


def test_in_a_direct_room_any_text_is_a_command() -> None:
    assert command(text("mine oppgaver"), direct=True) == "mine oppgaver"
    assert command(text("!t mine oppgaver"), direct=True) == "mine oppgaver"


def test_notices_emotes_and_edits_are_never_commands() -> None:
    assert command({"msgtype": "m.notice", "body": "!t ping"}) is None
    assert command({"msgtype": "m.emote", "body": "!t ping"}) is None
    edit = text("* !t ping", **{"m.relates_to": {"rel_type": "m.replace", "event_id": "$1"}})
    assert command(edit, direct=True) is None


def test_the_quoted_fallback_of_a_reply_is_not_part_of_the_command() -> None:
    reply = text(
        "> <@ann:hs.example> tidligere melding\n\n!t ping",
        **{"m.relates_to": {"m.in_reply_to": {"event_id": "$1"}}},
    )
    assert command(reply) == "ping"


def test_user_ids_and_pills_become_the_cores_mentions_so_people_are_found_by_id() -> None:
    assert command(text("!t gi #3 til @dag:hs.example")) == "gi #3 til @<@@dag:hs.example>"
    pill = text(
        "!t ny oppgave Notat Dag Aanensen",
        format="org.matrix.custom.html",
        formatted_body='!t ny oppgave Notat <a href="https://matrix.to/#/@dag:hs.example">'
        "Dag Aanensen</a>",
    )
    assert command(pill) == "ny oppgave Notat @<@@dag:hs.example>"
    assert command(text("!t e-post ann@kommune.no")) == "e-post ann@kommune.no"


def test_a_pill_whose_name_the_client_escaped_is_found_in_the_body() -> None:
    # Clients escape a display name in the HTML; the plain body has it as the person wrote it.
    pill = text(
        "!t ny oppgave Notat Kari O'Neil & Co",
        format="org.matrix.custom.html",
        formatted_body='!t ny oppgave Notat <a href="https://matrix.to/#/@kari:hs.example">'
        "Kari O&#x27;Neil &amp; Co</a>",
    )
    assert command(pill) == "ny oppgave Notat @<@@kari:hs.example>"


def test_an_answer_stays_in_the_thread_or_replies_to_the_command() -> None:
    in_thread = text("!t ping", **{"m.relates_to": {"rel_type": "m.thread", "event_id": "$root"}})
    assert c.reply_relation(in_thread, "$cmd") == {
        "rel_type": "m.thread",
        "event_id": "$root",
        "is_falling_back": True,
        "m.in_reply_to": {"event_id": "$cmd"},
    }
    assert c.reply_relation(text("!t ping"), "$cmd") == {"m.in_reply_to": {"event_id": "$cmd"}}


def line(status: TaskStatus = TaskStatus.TODO, task_id: int = 4) -> TaskLine:
    done = Action("done", f"#{task_id} done", task_id, "status", TaskStatus.DONE.value)
    return TaskLine(
        task_id,
        "Les <i>dette</i>",
        status,
        "ikke startet",
        None,
        date(2025, 1, 20),
        "man. 20.01",
        False,
        actions=(done,) if status != TaskStatus.DONE else (),
    )


def test_a_notice_has_an_escaped_html_body_and_a_plain_body() -> None:
    reply = Reply((Paragraph("@room <b>Se</b> & svar"),), "nb")
    made = c.notice_content(reply, relates_to={"m.in_reply_to": {"event_id": "$1"}})
    assert made == {
        "msgtype": "m.notice",
        "body": "@room <b>Se</b> & svar",
        "format": "org.matrix.custom.html",
        "formatted_body": "<p>@room &lt;b&gt;Se&lt;/b&gt; &amp; svar</p>",
        "m.relates_to": {"m.in_reply_to": {"event_id": "$1"}},
    }


def test_the_hint_with_reactions_and_the_typed_command_shows_only_under_one_open_task() -> None:
    one = Reply((line(),), "en", task_ids=(4,))
    assert c.single_task(one) == 4
    made = c.notice_content(one, prefix="!t")
    assert made["body"].endswith(
        "\n\nReact with ✅ for done or 🚧 for in progress, or write «!t #4 done»."
    )
    assert (
        "<em>React with ✅ for done or 🚧 for in progress, or write «!t #4 done».</em>"
        in (made["formatted_body"])
    )
    two = Reply((line(), line(task_id=5)), "en", task_ids=(4, 5))
    assert c.single_task(two) is None
    assert "✅" not in c.notice_content(two)["body"]
    done = Reply((line(TaskStatus.DONE),), "en", task_ids=(4,))
    assert "✅" not in c.notice_content(done)["body"]


def test_an_edit_replaces_the_original_with_new_content() -> None:
    new = c.notice_content(Reply((Paragraph("Ny tekst"),), "nb"))
    edit = c.edit_content(new, "$orig")
    assert edit["m.relates_to"] == {"rel_type": "m.replace", "event_id": "$orig"}
    assert edit["m.new_content"]["body"] == "Ny tekst"
    assert edit["body"] == "* Ny tekst"


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("✅", TaskStatus.DONE),
        ("✅\ufe0f", TaskStatus.DONE),
        ("✔️", TaskStatus.DONE),
        ("🚧", TaskStatus.DOING),
        ("👍", None),
    ],
)
def test_done_and_in_progress_reactions_stand_for_statuses(
    key: str, status: TaskStatus | None
) -> None:
    reaction = {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$task", "key": key}}
    assert c.reaction(reaction) == (("$task", status) if status else None)


def test_transaction_ids_follow_the_idempotency_key() -> None:
    assert c.txn_id("summary:1:2025-W03") == c.txn_id("summary:1:2025-W03")
    assert c.txn_id("summary:1:2025-W03") != c.txn_id("summary:1:2025-W04")


def test_only_the_bots_own_fresh_join_marks_where_history_ends() -> None:
    def member(state_key: str, membership: str, before: str | None) -> dict[str, object]:
        unsigned = {"prev_content": {"membership": before}} if before else {}
        return {
            "type": "m.room.member",
            "state_key": state_key,
            "content": {"membership": membership},
            "unsigned": unsigned,
        }

    assert c.is_fresh_join(member(BOT, "join", "invite"), BOT)
    assert c.is_fresh_join(member(BOT, "join", None), BOT)
    assert not c.is_fresh_join(member(BOT, "join", "join"), BOT)  # a new display name
    assert not c.is_fresh_join(member("@ann:hs.example", "join", "invite"), BOT)


def test_backoff_doubles_up_to_its_cap_and_starts_over_after_a_success() -> None:
    backoff = Backoff(base=1.0, cap=8.0)
    delays = [backoff.next_delay() for _ in range(6)]
    for delay, nominal in zip(delays, [1, 2, 4, 8, 8, 8], strict=True):
        assert 0.8 * nominal <= delay <= nominal
    backoff.reset()
    assert backoff.next_delay() <= 1.0


def test_an_event_that_stays_undecryptable_is_reported_once_per_room_and_session() -> None:
    class NoKeys:
        olm = None

    waiting = Undecrypted(patience=0.0)
    waiting.add("!r", object())
    decrypted, late = waiting.retry(NoKeys())  # type: ignore[arg-type]
    assert decrypted == []
    assert [item.room_id for item in late] == ["!r"]
    assert waiting.pending == []
    assert waiting.first_time("!r", "session-1")
    assert not waiting.first_time("!r", "session-1")
    assert waiting.first_time("!other", "session-1")
