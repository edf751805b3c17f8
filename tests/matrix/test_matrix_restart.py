"""Restarts and history: what was sent while the bot was down is answered once after it starts
again, nothing earlier is answered again (also when more arrived than one sync returns), and
what was said before the bot first came into a room is history, not commands."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from matrix_support import (
    Account,
    BotRunner,
    Homeserver,
    Member,
    MemberFactory,
    bot_settings,
    wait_until,
)

from adapters.matrix.replies import DeliveryInterrupted, Unsent
from tracker.config import Settings
from tracker.importer.apply import ImportReport
from tracker.services import platform_state
from tracker.services.context import ServiceContext

StartBot = Callable[..., BotRunner]


def answered(member: Member, room: str, bot_id: str) -> Counter[str]:
    """How many times the bot has answered each event in the room."""
    return Counter(s.replies_to() or "" for s in member.answers(room, by=bot_id))


def settle(member: Member, room: str, bot_id: str, expected: int) -> Counter[str]:
    """Wait until the bot has given `expected` answers, then a little longer for any extra."""
    wait_until(lambda: sum(answered(member, room, bot_id).values()) >= expected, timeout=30)
    member.send(room, "!t ping")  # a marker: once it is answered, all before it were handled
    wait_until(lambda: sum(answered(member, room, bot_id).values()) >= expected + 1, timeout=30)
    return answered(member, room, bot_id)


def test_commands_sent_while_the_bot_was_down_are_each_answered_once_after_a_restart(
    start_bot: StartBot,
    matrix_settings: Settings,
    member: MemberFactory,
    ctx: ServiceContext,
    seeded: ImportReport,
) -> None:
    first = start_bot(matrix_settings)
    bot_id = first.bot.user_id
    anne = member("Anne Huse")
    room = anne.create_room([bot_id])
    before = anne.send(room, "!t ping")
    anne.reply_to(room, before, by=bot_id)
    first.stop()
    saved = platform_state.sync_position(ctx, account=bot_id)
    assert saved is not None
    while_down = [anne.send(room, text) for text in ("!t ping", "!t hvem er jeg", "!t frister")]
    start_bot(matrix_settings)
    counts = settle(anne, room, bot_id, expected=4)
    assert [counts[e] for e in [before, *while_down]] == [1, 1, 1, 1]
    assert sum(counts.values()) == 5
    assert platform_state.sync_position(ctx, account=bot_id) != saved


def test_more_commands_than_one_sync_returns_are_back_filled_and_each_answered_once(
    start_bot: StartBot,
    settings: Settings,
    homeserver: Homeserver,
    bot_account: Account,
    member: MemberFactory,
    seeded: ImportReport,
) -> None:
    small = bot_settings(settings, homeserver, bot_account, timeline_limit=3)
    first = start_bot(small)
    bot_id = first.bot.user_id
    anne = member("Anne Huse")
    room = anne.create_room([bot_id])
    before = anne.send(room, "!t ping")
    anne.reply_to(room, before, by=bot_id)
    first.stop()
    while_down = [anne.send(room, f"!t ping {n}" if n % 2 else "!t ping") for n in range(8)]
    second = start_bot(small)
    counts = settle(anne, room, bot_id, expected=1 + 8)
    assert [counts[e] for e in while_down] == [1] * 8
    assert counts[before] == 1
    assert second.bot.sync.stats.backfilled >= 5


def test_a_reply_that_could_not_be_sent_is_sent_once_when_the_batch_comes_again(
    bot: BotRunner, member: MemberFactory
) -> None:
    replies = bot.bot.replies
    real = replies._deliver
    failures = {"left": 1}

    async def flaky(key: str, item: Unsent) -> None:
        if failures["left"]:
            failures["left"] -= 1
            replies._unsent[key] = item
            raise DeliveryInterrupted("simulated outage")
        await real(key, item)

    replies._deliver = flaky  # type: ignore[method-assign]
    anne = member("Anne Huse")
    room = anne.create_room([bot.bot.user_id])
    command = anne.send(room, "!t ping")
    anne.reply_to(room, command, by=bot.bot.user_id)
    assert answered(anne, room, bot.bot.user_id)[command] == 1
    assert bot.bot.sync.stats.waits  # it paused before trying the batch again


def test_the_first_start_does_not_answer_what_was_said_before(
    start_bot: StartBot,
    matrix_settings: Settings,
    homeserver: Homeserver,
    bot_account: Account,
    member: MemberFactory,
    seeded: ImportReport,
) -> None:
    anne = member("Anne Huse")
    room = anne.runner.run(anne.client.room_create(invite=[bot_account.user_id])).room_id
    old = [anne.send(room, "!t ping"), anne.send(room, "!t hvem er jeg")]
    runner = start_bot(matrix_settings)
    anne.wait_for(
        lambda s: (
            s.room_id == room
            and s.source.get("state_key") == bot_account.user_id
            and s.content.get("membership") == "join"
        )
    )
    new = anne.send(room, "!t ping")
    anne.reply_to(room, new, by=runner.bot.user_id)
    counts = settle(anne, room, runner.bot.user_id, expected=1)
    assert [counts[e] for e in old] == [0, 0]
    assert counts[new] == 1


def test_what_was_said_in_a_room_before_the_bot_joined_is_not_answered(
    bot: BotRunner, member: MemberFactory
) -> None:
    anne = member("Anne Huse")
    room = anne.create_room([])
    old = [anne.send(room, "!t ping"), anne.send(room, "!t frister")]
    anne.invite(room, bot.bot.user_id)
    anne.wait_for(
        lambda s: (
            s.room_id == room
            and s.source.get("state_key") == bot.bot.user_id
            and s.content.get("membership") == "join"
        )
    )
    counts = settle(anne, room, bot.bot.user_id, expected=0)
    assert [counts[e] for e in old] == [0, 0]
    assert sum(counts.values()) == 1
