"""A question back on Matrix: a numbered notice, answered with a bare «1» or «ja» even in a room
where the bot otherwise hears only `!t …` and mentions, but only from the person it asked."""

from __future__ import annotations

from datetime import date

import pytest
from matrix_support import BotRunner, Member, MemberFactory, Seen

from adapters.matrix import content as c
from chatops.reply import Choice, Paragraph, Reply, TaskLine
from tracker import schemas as s
from tracker.importer.apply import ImportReport
from tracker.models import Channel, TaskStatus
from tracker.services import groups, questions, tasks
from tracker.services.context import Actor, ServiceContext


def text(body: str, **extra: object) -> dict[str, object]:
    return {"msgtype": "m.text", "body": body, **extra}


@pytest.mark.parametrize(
    "body",
    [
        "1",
        "2",
        "12",
        "ja",
        "Ja!",
        "yes",
        "svar ja",
        "Svar 2",
        "nei",
        "avbryt",
        " 1. ",
    ],
)
def test_a_number_or_yes_or_no_looks_like_an_answer(body: str) -> None:
    assert c.answer_text(text(body)) == " ".join(body.split())


@pytest.mark.parametrize(
    "body",
    ["ja, det tror jeg", "1 2", "hei", "100", "#3 ferdig", "nei, ikke ennå, vi venter", "jada", ""],
)
def test_anything_longer_is_not_taken_for_an_answer(body: str) -> None:
    assert c.answer_text(text(body)) is None


def test_an_edit_or_a_notice_is_not_an_answer() -> None:
    edit = text("* ja", **{"m.relates_to": {"rel_type": "m.replace", "event_id": "$x"}})
    assert c.answer_text(edit) is None
    assert c.answer_text({"msgtype": "m.notice", "body": "ja"}) is None


def test_an_answer_written_as_a_reply_to_the_question_is_read_without_the_quote() -> None:
    reply = text(
        "> <@tiltak:hs> Mente du at #3 er ferdig?\n\nja",
        **{"m.relates_to": {"m.in_reply_to": {"event_id": "$question"}}},
    )
    assert c.answer_text(reply) == "ja"


def test_a_question_is_a_numbered_notice_without_a_reaction_hint() -> None:
    line = TaskLine(3, "Innspill", TaskStatus.TODO, "ikke startet", None, None, None, False)
    question = Reply(
        (Paragraph("Mente du at #3 er ferdig?"), line),
        choices=(Choice("Marker #3 som ferdig", "#3 ferdig"),),
    )
    notice = c.notice_content(question)
    assert notice["body"].endswith(
        "  1. #3 ferdig — Marker #3 som ferdig\nSvar «ja» for å gjøre det, eller skriv kommandoen."
    )
    assert (
        "<ol><li><code>#3 ferdig</code> — Marker #3 som ferdig</li></ol>"
        in (notice["formatted_body"])
    )
    assert "Reager" not in notice["body"]


# --- on Synapse ---------------------------------------------------------------------------------


@pytest.fixture
def three_tasks(ctx: ServiceContext, seeded: ImportReport) -> None:
    """#1 and #2 belong to Dag Aanensen (workgroup 3), #3 to Asbjørn Lunde (workgroup 2)."""
    for title, owner, number in (
        ("Oversikt over næringsprosjekter", "Dag Aanensen", 3),
        ("Tall for tilflytting", "Dag Aanensen", 3),
        ("Innspill til Den Store Sirkulærkonferansen", "Asbjørn Lunde", 2),
    ):
        (person,) = groups.find_people(ctx, name=owner)
        workgroup = next(wg for wg in groups.list_workgroups(ctx) if wg.number == number)
        tasks.create_task(
            ctx,
            actor=Actor.system_actor(Channel.CLI),
            data=s.TaskCreate(
                title=title,
                workgroup_id=workgroup.id,
                owner_id=person.id,
                due_on=date(2025, 1, 17),
            ),
        )


def answered(member: Member, room: str, event_id: str, bot: BotRunner) -> list[Seen]:
    """The bot's answers to one event, once a marker sent after it has been answered (the bot
    handles a room's events in order)."""
    marker = member.send(room, "!t ping")
    member.reply_to(room, marker, by=bot.bot.user_id)
    return [s for s in member.answers(room, by=bot.bot.user_id) if s.replies_to() == event_id]


def test_a_bare_answer_in_a_room_is_taken_only_from_the_person_the_bot_asked(
    bot: BotRunner, member: MemberFactory, ctx: ServiceContext, three_tasks: None
) -> None:
    lunde, anne = member("Asbjørn Lunde"), member("Anne Huse")
    room = lunde.create_room([bot.bot.user_id, anne.user_id])
    questions.remember_question(
        ctx,
        platform="matrix",
        room_id=room,
        user_id=lunde.user_id,
        commands=["#3 ferdig"],
        language="nb",
    )
    from_anne = anne.send(room, "ja")
    chatter = lunde.send(room, "ja, det tror jeg")
    assert answered(anne, room, from_anne, bot) == []
    assert answered(lunde, room, chatter, bot) == []
    from_lunde = lunde.send(room, "ja")
    assert lunde.reply_to(room, from_lunde, by=bot.bot.user_id).body


def test_a_bare_answer_without_a_question_is_room_talk(
    bot: BotRunner, member: MemberFactory, three_tasks: None
) -> None:
    lunde = member("Asbjørn Lunde")
    room = lunde.create_room([bot.bot.user_id])
    said = lunde.send(room, "1")
    assert answered(lunde, room, said, bot) == []


def test_an_unclear_change_is_asked_as_a_numbered_notice_and_a_bare_number_answers_it(
    bot: BotRunner, member: MemberFactory, ctx: ServiceContext, three_tasks: None
) -> None:
    lunde = member("Asbjørn Lunde")
    room = lunde.create_room([bot.bot.user_id])
    asked = lunde.send(room, "!t 3 kanskje ferdig?")
    question = lunde.reply_to(room, asked, by=bot.bot.user_id)
    assert question.content["msgtype"] == "m.notice"
    assert "1. #3 ferdig" in question.body
    assert "<code>#3 ferdig</code>" in question.content["formatted_body"]
    assert tasks.get_task(ctx, task_id=3).status == TaskStatus.TODO
    number = next(
        line.strip().split(".", 1)[0]
        for line in question.body.splitlines()
        if line.strip()[:1].isdigit() and "#3 ferdig" in line
    )
    answer = lunde.send(room, number)
    assert "#3 er nå satt til «ferdig»." in lunde.reply_to(room, answer, by=bot.bot.user_id).body
    assert tasks.get_task(ctx, task_id=3).status == TaskStatus.DONE
