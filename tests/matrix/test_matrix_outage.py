"""A homeserver that goes down: the bot backs off exponentially up to a cap (so its requests
stay few) and picks up where it left off when the homeserver returns."""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from matrix_support import (
    Account,
    BotRunner,
    Homeserver,
    MemberFactory,
    bot_settings,
    free_port,
    wait_until,
)
from pydantic import SecretStr

from adapters.matrix.bot import BotError
from tracker.config import Settings
from tracker.importer.apply import ImportReport


def test_the_bot_backs_off_while_the_homeserver_is_down_and_recovers_when_it_returns(
    bot: BotRunner, member: MemberFactory, homeserver: Homeserver
) -> None:
    anne = member("Anne Huse")
    bot_id = bot.bot.user_id
    room = anne.create_room([bot_id])
    anne.reply_to(room, anne.send(room, "!t ping"), by=bot_id)
    stats = bot.bot.sync.stats
    requests_before, failures_before = stats.requests, stats.failures
    down_at = time.monotonic()
    homeserver.stop()
    try:
        wait_until(lambda: stats.failures - failures_before >= 3, timeout=20, what="sync errors")
        time.sleep(4)
    finally:
        homeserver.start()
    downtime = time.monotonic() - down_at
    requests_while_down = stats.requests - requests_before
    cap = bot.bot.sync.backoff.cap
    # 0.2, 0.4, 0.8, 1.6 s, then one try per cap (at least 0.8 × cap with the jitter): a handful,
    # where a loop without backoff would have made thousands.
    assert requests_while_down <= 6 + math.ceil(downtime / (0.8 * cap))
    waits = stats.waits[-(stats.failures - failures_before) :]
    assert max(waits) <= cap
    assert waits[:4] == sorted(waits[:4])
    command = anne.send(room, "!t hvem er jeg")
    answer = anne.reply_to(room, command, by=bot_id, timeout=30)
    assert answer.body == "Du er Anne Huse (Kongsvingerregionen)."


def test_a_bot_started_before_its_homeserver_waits_for_it_with_backoff(
    start_bot: Callable[..., BotRunner],
    settings: Settings,
    homeserver: Homeserver,
    bot_account: Account,
    seeded: ImportReport,
) -> None:
    nowhere = bot_settings(settings, homeserver, bot_account).matrix.model_copy(
        update={"homeserver": f"http://127.0.0.1:{free_port()}"}
    )
    runner = start_bot(settings.model_copy(update={"matrix": nowhere}), wait_for_sync=False)
    time.sleep(3)
    waits = runner.bot.sync.stats.waits
    # 0.2 + 0.4 + 0.8 + 1.6 s: four or five tries in three seconds, not a busy loop.
    assert 2 <= len(waits) <= 6
    assert runner.error is None  # still waiting, not dead; the fixture stops it cleanly


def test_a_refused_access_token_stops_the_bot_with_a_clear_error(
    start_bot: Callable[..., BotRunner],
    settings: Settings,
    homeserver: Homeserver,
    bot_account: Account,
    seeded: ImportReport,
) -> None:
    wrong = bot_settings(settings, homeserver, bot_account).matrix.model_copy(
        update={"access_token": SecretStr("syt_not_a_token")}
    )
    runner = start_bot(settings.model_copy(update={"matrix": wrong}), wait_for_sync=False)
    wait_until(lambda: runner.error is not None, what="the bot to give up")
    assert isinstance(runner.error, BotError)
    assert "access token was refused" in str(runner.error)
    runner.forget_error()
