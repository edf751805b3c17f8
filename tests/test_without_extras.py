"""An install without the `matrix` or `slack` extra: the CLI, the web app and the worker work,
and the platform commands say which extra is missing. Each check runs in a fresh interpreter
where nio, slack_bolt and slack_sdk cannot be imported, as on a machine that lacks them."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tracker.i18n import translate

MISSING = ("nio", "slack_bolt", "slack_sdk")
TILTAK = Path(sys.executable).with_name("tiltak")


@pytest.fixture
def without_extras(tmp_path: Path) -> dict[str, str]:
    """The environment of a process in which the platform libraries cannot be imported."""
    shim = tmp_path / "shim"
    for module in MISSING:
        (shim / module).mkdir(parents=True)
        (shim / module / "__init__.py").write_text(
            f"raise ModuleNotFoundError({f'No module named {module!r}'!r}, name={module!r})\n"
        )
    env = {k: v for k, v in os.environ.items() if not k.startswith("TILTAK_")}
    env.pop("DATABASE_URL", None)
    env["PYTHONPATH"] = str(shim)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'tiltak.sqlite3'}"
    env["TILTAK_VAR_DIR"] = str(tmp_path / "var")
    return env


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run a command in the environment, in a folder without the project's .env."""
    return subprocess.run(
        args,
        env=env,
        cwd=env["TILTAK_VAR_DIR"].removesuffix("/var"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_shim_really_hides_nio(without_extras: dict[str, str]) -> None:
    found = run(without_extras, sys.executable, "-c", "import nio")
    assert found.returncode != 0
    assert "No module named 'nio'" in found.stderr


def test_tiltak_help_and_every_command_s_help_work_without_the_extras(
    without_extras: dict[str, str],
) -> None:
    top = run(without_extras, str(TILTAK), "--help")
    assert top.returncode == 0, top.stderr
    for command in ("matrix", "slack", "worker", "run", "chat", "import", "serve"):
        assert f"  {command} " in top.stdout
    every = textwrap.dedent(
        """
        import click
        from click.testing import CliRunner
        from tracker.cli import main
        runner = CliRunner()
        for name in main.list_commands(click.Context(main)):
            result = runner.invoke(main, [name, "--help"])
            print(name, result.exit_code, repr(result.output[:60]))
        """
    )
    helps = run(without_extras, sys.executable, "-c", every)
    assert helps.returncode == 0, helps.stderr
    lines = helps.stdout.splitlines()
    assert len(lines) >= 15
    assert [line for line in lines if line.split()[1] != "0"] == []


def test_non_platform_commands_run_without_the_extras(without_extras: dict[str, str]) -> None:
    migrated = run(without_extras, str(TILTAK), "migrate")
    assert migrated.returncode == 0, migrated.stderr
    assert translate("Database is up to date.", "nb") in migrated.stdout
    # The web app mounts its plugins, and the worker finds its senders, without importing them.
    serve_and_deliver = textwrap.dedent(
        """
        from tracker.app import create_app
        from tracker.composition import compose
        from tracker.config import load_settings
        root = compose(load_settings())
        app = create_app(root.runtime, plugins=root.web_plugins)
        print(app.test_client().get("/healthz").status_code)
        print(sorted(root.senders))
        """
    )
    started = run(without_extras, sys.executable, "-c", serve_and_deliver)
    assert started.returncode == 0, started.stderr
    assert started.stdout.split("\n")[:2] == ["200", "['console']"]
    assert "Traceback" not in started.stderr


@pytest.mark.parametrize(
    ("command", "extra", "module"),
    [
        (("matrix",), "matrix", "nio"),
        (("slack", "--socket"), "slack", "slack_bolt"),
    ],
)
def test_a_platform_command_says_its_extra_is_missing(
    without_extras: dict[str, str], command: tuple[str, ...], extra: str, module: str
) -> None:
    result = run(without_extras, str(TILTAK), *command)
    assert result.returncode == 1
    expected = translate(
        "The {extra} extra is not installed ({module} is missing); "
        "install it with: pip install 'tiltak[{extra}]'",
        "nb",
        extra=extra,
        module=module,
    )
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
