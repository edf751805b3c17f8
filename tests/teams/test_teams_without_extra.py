"""An install without the `teams` extra: every other command and the worker's senders work, and
`tiltak teams` says which extra to install. Runs in a fresh interpreter where the Agents SDK
cannot be imported, as on a machine that lacks it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TILTAK = Path(sys.executable).with_name("tiltak")


@pytest.fixture
def without_teams(tmp_path: Path) -> dict[str, str]:
    shim = tmp_path / "shim" / "microsoft_agents"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'microsoft_agents'\", "
        "name='microsoft_agents')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("TILTAK_")}
    env.pop("DATABASE_URL", None)
    env["PYTHONPATH"] = str(shim.parent)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'tiltak.sqlite3'}"
    env["TILTAK_VAR_DIR"] = str(tmp_path / "var")
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        env=env,
        cwd=env["TILTAK_VAR_DIR"].removesuffix("/var"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_tiltak_teams_names_the_missing_extra(without_teams: dict[str, str]) -> None:
    hidden = run(without_teams, sys.executable, "-c", "import microsoft_agents")
    assert hidden.returncode != 0
    assert "  teams " in run(without_teams, str(TILTAK), "--help").stdout
    env = {**without_teams, "TILTAK_TEAMS__APP_ID": "app"}
    result = run(env, str(TILTAK), "--lang", "en", "teams")
    assert result.returncode != 0
    assert "The teams extra is not installed (microsoft_agents.hosting.aiohttp is missing)" in (
        result.stderr
    )
    assert "pip install 'tiltak[teams]'" in result.stderr


def test_the_worker_s_senders_load_without_the_extra(without_teams: dict[str, str]) -> None:
    script = (
        "from tracker.composition import compose\n"
        "from tracker.config import load_settings\n"
        "print(sorted(compose(load_settings()).senders))\n"
    )
    result = run(without_teams, sys.executable, "-c", script)
    assert result.returncode == 0, result.stderr
    assert "console" in result.stdout
    assert "teams" not in result.stdout
