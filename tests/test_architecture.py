"""The arrows point one way: tracker owns state and imports no transport; chatops is neutral."""

import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine

from tracker.db import make_engine
from tracker.migrate import pending_model_changes, upgrade

ROOT = Path(__file__).parent.parent


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tracker owns state and imports no transport KEPT" in result.stdout
    assert "chatops is platform-neutral KEPT" in result.stdout
    assert "worker reaches platforms only through the sender port KEPT" in result.stdout


def test_only_the_composition_root_reads_the_plugin_entry_points() -> None:
    # One place wires the senders, the web plugins and the CLI's plugin commands; a second reader
    # of the entry points would be wiring again somewhere else.
    readers = sorted(
        str(path.relative_to(ROOT))
        for package in ("tracker", "chatops", "adapters", "worker")
        for path in (ROOT / package).rglob("*.py")
        if "entry_points" in path.read_text(encoding="utf-8")
    )
    assert readers == ["tracker/composition.py"]


def test_tracker_source_names_no_transport_package() -> None:
    # A second, plain check that also catches imports inside functions and strings for importlib.
    forbidden = ("chatops", "adapters", "worker", "slack_bolt", "slack_sdk", "nio", "rq")
    offenders = []
    for path in (ROOT / "tracker").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            words = line.strip().split()
            if len(words) >= 2 and words[0] in {"import", "from"}:
                top = words[1].split(".")[0]
                if top in forbidden:
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_migrations_match_the_models(db_url: str) -> None:
    engine: Engine = make_engine(db_url)
    try:
        upgrade(engine)
        assert pending_model_changes(engine) == []
    finally:
        engine.dispose()
