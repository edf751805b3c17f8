"""In chat a person reads their own groups and nothing of another: not by a task's number, not
by a button that skips the words, not in a room bound to the other group, not by a person's name."""

from __future__ import annotations

import pytest
from chat_support import Chat, run
from two_groups import B_WORDS, SYSTEM, TwoGroups, two_groups

from adapters.console.session import PLATFORM
from chatops import commands as c
from chatops.reply import Reply
from tracker.importer.apply import ImportReport
from tracker.services import rooms
from tracker.services.context import ServiceContext


@pytest.fixture
def world(ctx: ServiceContext, seeded: ImportReport) -> TwoGroups:
    return two_groups(ctx, seeded)


@pytest.fixture
def b_room(ctx: ServiceContext, world: TwoGroups) -> str:
    """A room bound to the other group (B)."""
    rooms.bind_room(
        ctx, actor=SYSTEM, platform=PLATFORM, room_id="B-rom", group_id=world.b, workgroup_id=None
    )
    return "B-rom"


def _text(reply: Reply | str) -> str:
    return reply if isinstance(reply, str) else repr(reply)


def _no_b(reply: Reply | str) -> None:
    for words in B_WORDS:
        assert words not in _text(reply)


def test_a_member_asking_for_another_groups_task_by_number_hears_there_is_none(
    chat: Chat, world: TwoGroups
) -> None:
    eli = chat("Eli Bryhni")
    for line in (f"#{world.b_task}", f"vis #{world.b_task}", f"#{world.b_task} historikk"):
        answer = eli.say(line)
        _no_b(answer)
    assert "Knutepunktanalyse" not in eli.say(f"#{world.b_task} ferdig")
    own = eli.say(f"#{world.a_task}")
    assert "Oversikt over tiltak" in own


def test_a_button_that_names_another_groups_task_reads_nothing_of_it(
    chat: Chat, world: TwoGroups
) -> None:
    eli = chat("Eli Bryhni")
    shown = run(eli, c.ShowTask(task_id=world.b_task))
    assert shown.is_error
    _no_b(shown)
    missing = run(eli, c.ShowTask(task_id=987_654))
    assert _text(shown.blocks).replace(str(world.b_task), "N") == _text(missing.blocks).replace(
        "987654", "N"
    )
    edited = run(
        chat("Dag Aanensen"),
        c.EditTask(task_id=world.b_task, version=1, title="x", workgroup="3"),
    )
    assert edited.is_error
    _no_b(edited)


def test_lists_in_chat_show_only_the_askers_group(chat: Chat, world: TwoGroups) -> None:
    for name in ("Eli Bryhni", "Dag Aanensen", "Målfrid Baik"):
        session = chat(name)
        for line in ("mine oppgaver", "frister", "mine frister", "status", "hva skal være klart"):
            _no_b(session.say(line))


def test_in_a_room_of_another_group_a_member_hears_they_are_not_on_its_roster(
    chat: Chat, world: TwoGroups, b_room: str
) -> None:
    eli = chat("Eli Bryhni", room=b_room)
    for line in ("frister", "status", "neste møte", "hvem er kontaktperson", "gruppe 1 status"):
        answer = eli.say(line)
        _no_b(answer)
    assert "Du står ikke på listen" in eli.say("frister")
    # B's own lead in the same room reads B.
    assert "Knutepunktanalyse Sandvika" in chat("Per Olav Moen", room=b_room).say("frister")


def test_a_person_of_another_group_is_unknown_by_name(chat: Chat, world: TwoGroups) -> None:
    dag = chat("Dag Aanensen")
    answer = dag.say(f"#{world.a_task} tildel Per Olav Moen")
    assert "Per Olav Moen" in answer  # as typed, in «I know no one called …»
    assert "kjenner ingen" in answer.casefold() or "know no one" in answer.casefold()


def test_someone_in_both_groups_reads_each_in_its_own_room(
    chat: Chat, world: TwoGroups, b_room: str
) -> None:
    both = chat("Asbjørn Lunde", room=b_room)
    assert "Knutepunktanalyse Sandvika" in both.say("frister")
    assert "Oversikt over tiltak" not in both.say("frister")
