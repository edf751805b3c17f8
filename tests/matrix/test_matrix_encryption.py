"""Encrypted rooms: the bot reads and answers end-to-end encrypted commands with keys kept under
the data directory, and says so in the room when its key store cannot be used."""

from __future__ import annotations

import time
from collections.abc import Callable

from matrix_support import Account, BotRunner, Homeserver, MemberFactory, bot_settings, wait_until

from adapters.matrix.crypto import cannot_read_text
from tracker.config import Settings
from tracker.importer.apply import ImportReport


def test_an_encrypted_room_gets_encrypted_answers_and_the_keys_live_under_var(
    bot: BotRunner, member: MemberFactory, matrix_settings: Settings
) -> None:
    anne = member("Anne Huse", encrypted=True)
    room = anne.create_room([bot.bot.user_id], encrypted=True)
    command = anne.send(room, "!t hvem er jeg")
    answer = anne.reply_to(room, command, by=bot.bot.user_id, timeout=30)
    assert answer.decrypted
    assert answer.body == "Du er Anne Huse (Kongsvingerregionen)."
    assert answer.content["msgtype"] == "m.notice"
    store = matrix_settings.var_dir / "matrix-store"
    device = bot.bot.client.device_id
    assert (store / f"{bot.bot.user_id}_{device}.db").is_file()


def test_an_unusable_key_store_is_reported_in_the_encrypted_room_instead_of_silence(
    start_bot: Callable[[Settings], BotRunner],
    matrix_settings: Settings,
    member: MemberFactory,
    seeded: ImportReport,
) -> None:
    matrix_settings.var_dir.mkdir(parents=True, exist_ok=True)
    (matrix_settings.var_dir / "matrix-store").write_text("not a directory")
    runner = start_bot(matrix_settings)
    assert runner.bot.client.olm is None
    anne = member("Anne Huse", encrypted=True)
    room = anne.create_room([runner.bot.user_id], encrypted=True)
    anne.send(room, "!t ping")
    said = anne.wait_for(
        lambda s: (
            s.room_id == room
            and s.sender == runner.bot.user_id
            and s.source.get("type") == "m.room.message"
        )
    )
    assert "matrix-store" in said.body
    batches = runner.bot.sync.stats.batches
    anne.send(room, "!t ping")
    anne.send(room, "!t hjelp")
    # Said once per room, not on every message (no marker can be answered here: wait for the
    # bot to have synced past both, and a moment more).
    wait_until(lambda: runner.bot.sync.stats.batches >= batches + 2)
    time.sleep(1)
    assert len(anne.answers(room, by=runner.bot.user_id)) == 1


def test_with_encryption_switched_off_the_bot_says_it_cannot_read_an_encrypted_room(
    start_bot: Callable[[Settings], BotRunner],
    settings: Settings,
    homeserver: Homeserver,
    bot_account: Account,
    member: MemberFactory,
    seeded: ImportReport,
) -> None:
    runner = start_bot(bot_settings(settings, homeserver, bot_account, encryption=False))
    anne = member("Anne Huse", encrypted=True)
    room = anne.create_room([runner.bot.user_id], encrypted=True)
    anne.send(room, "!t ping")
    said = anne.wait_for(
        lambda s: (
            s.room_id == room
            and s.sender == runner.bot.user_id
            and s.source.get("type") == "m.room.message"
        )
    )
    assert said.body == cannot_read_text(runner.bot.crypto, "nb")
    assert not (settings.var_dir / "matrix-store").exists()
