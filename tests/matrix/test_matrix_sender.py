"""The worker's sender: posts to rooms and people (a direct room made once and remembered), edits
in place, posts once per idempotency key, waits out rate limits a bounded number of times, and
returns a result value rather than raising, also into encrypted rooms from a device of its own."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from matrix_support import (
    Account,
    BotRunner,
    Homeserver,
    MemberFactory,
    free_port,
    shared_loop,
    wait_until,
)
from pydantic import SecretStr
from sqlalchemy import select

from adapters.matrix.sender import MatrixSender, make_sender
from chatops.delivery import Delivered, Destination, Failed
from chatops.reply import Paragraph, Reply, TaskLine
from tracker import schemas as s
from tracker.bootstrap import Runtime
from tracker.config import MatrixSettings, Settings
from tracker.models import Channel, DirectRoom, TaskStatus
from tracker.services import groups, tasks
from tracker.services.context import Actor, ServiceContext


@pytest.fixture
def sender(ctx: ServiceContext, matrix_settings: Settings) -> Iterator[MatrixSender]:
    made = MatrixSender(ctx, matrix_settings)
    yield made
    made.close()


def note(text: str) -> Reply:
    return Reply((Paragraph(text),), "nb")


def test_the_sender_posts_to_a_room_and_edits_the_message_in_place(
    bot: BotRunner, member: MemberFactory, sender: MatrixSender
) -> None:
    anne = member("Anne Huse")
    room = anne.create_room([bot.bot.user_id])
    posted = sender.send(
        Destination("matrix", room), note("Ukestatus: 3 åpne"), idempotency_key="a1"
    )
    assert isinstance(posted, Delivered)
    seen = anne.wait_for(lambda e: e.event_id == posted.message_id)
    assert (seen.body, seen.content["msgtype"]) == ("Ukestatus: 3 åpne", "m.notice")
    edited = sender.update(
        Destination("matrix", room), posted.message_id, note("Ukestatus: 2 åpne")
    )
    assert edited == Delivered(message_id=posted.message_id, room_id=room)
    edit = anne.wait_for(lambda e: e.content.get("m.relates_to", {}).get("rel_type") == "m.replace")
    assert edit.content["m.relates_to"]["event_id"] == posted.message_id
    assert edit.content["m.new_content"]["body"] == "Ukestatus: 2 åpne"
    assert edit.content["m.new_content"]["formatted_body"] == "<p>Ukestatus: 2 åpne</p>"


def test_the_same_idempotency_key_posts_once(
    bot: BotRunner, member: MemberFactory, sender: MatrixSender
) -> None:
    anne = member("Anne Huse")
    room = anne.create_room([bot.bot.user_id])
    first = sender.send(Destination("matrix", room), note("Påminnelse"), idempotency_key="r-7")
    again = sender.send(Destination("matrix", room), note("Påminnelse"), idempotency_key="r-7")
    assert isinstance(first, Delivered)
    assert first == again
    other = sender.send(Destination("matrix", room), note("Påminnelse"), idempotency_key="r-8")
    assert isinstance(other, Delivered)
    assert other.message_id != first.message_id
    anne.wait_for(lambda e: e.event_id == other.message_id)
    assert [e.body for e in anne.answers(room, by=bot.bot.user_id)] == ["Påminnelse"] * 2


def test_a_person_gets_a_direct_room_made_once_and_remembered_where_the_bot_answers_them(
    bot: BotRunner, member: MemberFactory, sender: MatrixSender, ctx: ServiceContext
) -> None:
    anne = member("Anne Huse")
    to_anne = Destination("matrix", anne.user_id, direct=True)
    first = sender.send(to_anne, note("Hei!"), idempotency_key="dm-1")
    second = sender.send(to_anne, note("Hei igjen!"), idempotency_key="dm-2")
    assert isinstance(first, Delivered)
    assert isinstance(second, Delivered)
    assert first.room_id == second.room_id
    with ctx.uow() as uow:
        rows = [(r.user_id, r.room_id) for r in uow.session.scalars(select(DirectRoom))]
    assert rows == [(anne.user_id, first.room_id)]
    anne.wait_for(lambda e: e.event_id == second.message_id)
    question = anne.send(first.room_id, "hvem er jeg")
    answer = anne.reply_to(first.room_id, question, by=bot.bot.user_id)
    assert answer.body == "Du er Anne Huse (Kongsvingerregionen)."


def test_a_reminder_the_sender_posted_about_one_task_can_be_marked_done_with_a_reaction(
    bot: BotRunner, member: MemberFactory, sender: MatrixSender, ctx: ServiceContext
) -> None:
    lead = member("Asbjørn Lunde")
    room = lead.create_room([bot.bot.user_id])
    (person,) = groups.find_people(ctx, name="Asbjørn Lunde")
    workgroup = next(w for w in groups.list_workgroups(ctx) if w.number == 2)
    task = tasks.create_task(
        ctx,
        actor=Actor.system_actor(Channel.CLI),
        data=s.TaskCreate(title="Send innspill", workgroup_id=workgroup.id, owner_id=person.id),
    )
    line = TaskLine(
        task.id, task.title, task.status, "ikke startet", "Asbjørn Lunde", None, None, False
    )
    reminder = Reply((Paragraph("Påminnelse"), line), "nb", task_ids=(task.id,))
    posted = sender.send(Destination("matrix", room), reminder, idempotency_key="rem-1")
    assert isinstance(posted, Delivered)
    lead.wait_for(lambda e: e.event_id == posted.message_id)
    lead.react(room, posted.message_id, "✅")
    wait_until(lambda: tasks.get_task(ctx, task_id=task.id).status == TaskStatus.DONE)


def test_rate_limits_are_waited_out_as_asked_with_a_bounded_number_of_tries(
    bot: BotRunner,
    member: MemberFactory,
    homeserver: Homeserver,
    ctx: ServiceContext,
    matrix_settings: Settings,
) -> None:
    anne = member("Anne Huse")
    room = anne.create_room([bot.bot.user_id])
    homeserver.limit_messages(bot.bot.user_id, per_second=1, burst=1)
    patient = MatrixSender(ctx, matrix_settings, tries=4, longest_wait=5)
    hasty = MatrixSender(ctx, matrix_settings, tries=4, longest_wait=0.01)
    try:
        started = time.monotonic()
        results = [
            patient.send(Destination("matrix", room), note(f"{n}"), idempotency_key=f"rl-{n}")
            for n in range(3)
        ]
        assert all(isinstance(r, Delivered) for r in results)
        assert time.monotonic() - started >= 1.0  # it waited as the homeserver asked
        refused = hasty.send(Destination("matrix", room), note("x"), idempotency_key="rl-x")
        assert isinstance(refused, Failed)
        assert refused.retry_after is not None
        assert refused.retry_after > 0
        assert not refused.permanent
    finally:
        patient.close()
        hasty.close()


def test_the_sender_returns_failed_instead_of_raising_when_the_homeserver_is_unreachable(
    ctx: ServiceContext, settings: Settings
) -> None:
    nowhere = settings.model_copy(
        update={
            "matrix": MatrixSettings(
                homeserver=f"http://127.0.0.1:{free_port()}",
                user_id="@tiltak:localhost",
                access_token="token",  # type: ignore[arg-type]
            )
        }
    )
    sender = MatrixSender(ctx, nowhere)
    try:
        result = sender.send(
            Destination("matrix", "!room:localhost"), note("x"), idempotency_key="u"
        )
        assert isinstance(result, Failed)
        assert not result.permanent
        again = sender.update(Destination("matrix", "!room:localhost"), "$e", note("y"))
        assert isinstance(again, Failed)
    finally:
        sender.close()


def test_the_sender_posts_into_an_encrypted_room_from_a_device_of_its_own(
    bot: BotRunner,
    member: MemberFactory,
    ctx: ServiceContext,
    matrix_settings: Settings,
    bot_account: Account,
) -> None:
    by_password = matrix_settings.model_copy(
        update={
            "matrix": matrix_settings.matrix.model_copy(
                update={"access_token": SecretStr(""), "password": SecretStr(bot_account.password)}
            )
        }
    )
    anne = member("Anne Huse", encrypted=True)
    room = anne.create_room([bot.bot.user_id], encrypted=True)
    sender = MatrixSender(ctx, by_password, loop=shared_loop().loop)
    try:
        posted = sender.send(Destination("matrix", room), note("Hemmelig"), idempotency_key="e1")
        assert isinstance(posted, Delivered), posted
        seen = anne.wait_for(lambda e: e.event_id == posted.message_id, timeout=30)
        assert seen.decrypted
        assert seen.body == "Hemmelig"
        assert sender._client is not None
        assert sender._client.device_id == "TILTAKSENDER"
    finally:
        sender.close()


def test_an_encrypted_room_is_refused_plainly_when_the_sender_has_no_device_of_its_own(
    bot: BotRunner, member: MemberFactory, sender: MatrixSender
) -> None:
    anne = member("Anne Huse", encrypted=True)
    room = anne.create_room([bot.bot.user_id], encrypted=True)
    result = sender.send(Destination("matrix", room), note("x"), idempotency_key="e2")
    assert isinstance(result, Failed)
    assert result.permanent
    assert "encrypted" in result.reason


def test_there_is_no_matrix_sender_without_matrix_settings(runtime: Runtime) -> None:
    assert make_sender(runtime) is None
