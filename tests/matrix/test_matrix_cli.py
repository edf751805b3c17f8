"""`tiltak matrix` as an operator runs it: a real process that answers, stops cleanly on SIGTERM
after saving its sync position, and says what is missing when it is not configured."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from matrix_support import Account, Homeserver, MemberFactory, env_for

from tracker.config import Settings
from tracker.importer.apply import ImportReport
from tracker.services import platform_state
from tracker.services.context import ServiceContext

TILTAK = str(Path(sys.executable).parent / "tiltak")


def test_tiltak_matrix_answers_and_stops_cleanly_on_sigterm(
    homeserver: Homeserver,
    bot_account: Account,
    member: MemberFactory,
    settings: Settings,
    ctx: ServiceContext,
    seeded: ImportReport,
    tmp_path: Path,
) -> None:
    env = env_for(bot_account, homeserver) | {
        "DATABASE_URL": settings.database_url,
        "TILTAK_VAR_DIR": str(settings.var_dir),
    }
    process = subprocess.Popen(
        [TILTAK, "matrix"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        started = _wait_for_line(process, "logged in as")
        anne = member("Anne Huse")
        room = anne.create_room([bot_account.user_id])
        command = anne.send(room, "!t hvem er jeg")
        answer = anne.reply_to(room, command, by=bot_account.user_id, timeout=60)
        assert answer.body == "Du er Anne Huse (Kongsvingerregionen)."
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, "".join(started) + output.decode()
    assert platform_state.sync_position(ctx, account=bot_account.user_id) is not None


def test_tiltak_matrix_without_settings_names_what_is_missing(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TILTAK_MATRIX")}
    done = subprocess.run(
        [TILTAK, "--lang", "en", "matrix"],
        cwd=tmp_path,
        env=env | {"TILTAK_VAR_DIR": str(tmp_path / "var")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "TILTAK_MATRIX__HOMESERVER" in done.stderr


def _wait_for_line(process: subprocess.Popen[bytes], text: str, timeout: float = 120) -> list[str]:
    """The lines the process printed up to the first with `text` (as an operator watches the
    log for the bot to be up); fails when it ends or the time runs out first."""
    assert process.stdout is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 1.0)
        if not ready:
            continue
        line = process.stdout.readline().decode()
        if not line:
            break
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"no «{text}» from the bot:\n{''.join(seen)}")
