"""docker-compose.yml and the Dockerfile describe the production shape with the commands that
exist here: Docker itself is not needed, the files are read and checked against the code."""

from __future__ import annotations

import importlib
import json
import re
import shlex
import sys
import tomllib
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from flask import Flask

from tracker.app import runtime_of
from tracker.cli import main as cli

ROOT = Path(__file__).parent.parent


def compose() -> dict[str, Any]:
    document = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def dockerfile_cmd() -> list[str]:
    lines = (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
    [cmd] = [line.removeprefix("CMD ") for line in lines if line.startswith("CMD ")]
    parsed = json.loads(cmd)
    assert isinstance(parsed, list)
    return parsed


def web_script() -> str:
    """The shell line the web container runs."""
    command = compose()["services"]["web"]["command"]
    assert command[:2] == ["sh", "-c"]
    return str(command[2])


def test_compose_runs_postgres_redis_and_web() -> None:
    services = compose()["services"]
    assert set(services) >= {"postgres", "redis", "web"}
    assert services["postgres"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    assert services["web"]["build"] == "."
    volume = services["postgres"]["volumes"][0].split(":")[0]
    assert volume in compose()["volumes"]


def test_web_reaches_the_other_services_by_their_names() -> None:
    env = compose()["services"]["web"]["environment"]
    assert env["DATABASE_URL"] == "postgresql://tiltak:tiltak@postgres:5432/tiltak"
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    postgres = compose()["services"]["postgres"]["environment"]
    assert (postgres["POSTGRES_USER"], postgres["POSTGRES_PASSWORD"], postgres["POSTGRES_DB"]) == (
        "tiltak",
        "tiltak",
        "tiltak",
    )
    assert set(compose()["services"]["web"]["depends_on"]) == {"postgres", "redis"}


def test_the_secret_key_comes_from_the_environment_with_no_default() -> None:
    value = compose()["services"]["web"]["environment"]["TILTAK_SECRET_KEY"]
    assert re.fullmatch(r"\$\{TILTAK_SECRET_KEY:\?[^}]+\}", value)


def test_web_migrates_then_serves_the_same_way_as_the_image() -> None:
    assert compose()["services"]["web"]["command"] == dockerfile_cmd()
    migrate, serve = web_script().split(" && ")
    assert shlex.split(migrate) == ["tiltak", "migrate"]
    words = shlex.split(serve)
    assert words[:2] == ["exec", "gunicorn"]
    assert words[words.index("-w") + 1] == "2"
    assert words[words.index("-b") + 1] == "0.0.0.0:5000"
    assert words[-1] == "tracker.wsgi:app"


def test_the_migrate_command_exists_in_the_installed_cli() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    assert scripts["tiltak"] == "tracker.cli:main"
    assert "migrate" in cli.commands


def test_the_wsgi_path_names_an_app_that_serves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module_name, attribute = shlex.split(web_script())[-1].split(":")
    # The module reads the settings at import, as gunicorn's workers will: point them here.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'wsgi.sqlite3'}")
    monkeypatch.setenv("TILTAK_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delitem(sys.modules, module_name, raising=False)
    module = importlib.import_module(module_name)
    try:
        app = getattr(module, attribute)
        assert isinstance(app, Flask)
        with app.test_client() as client:
            assert client.get("/healthz").json == {"status": "ok", "database": "ok"}
    finally:
        runtime_of(app).close()
        sys.modules.pop(module_name, None)


def test_the_image_installs_the_extras_production_needs() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "\nFROM python:3.11-slim\n" in text
    assert 'pip install ".[postgres,server,slack,matrix]"' in text
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    assert {"postgres", "server", "slack", "matrix"} <= set(extras)
    for line in text.splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source


@pytest.mark.parametrize(
    ("service", "words", "secrets"),
    [
        ("slack", ["tiltak", "slack", "--socket"], ["BOT_TOKEN", "APP_TOKEN"]),
        ("matrix", ["tiltak", "matrix"], ["HOMESERVER", "USER_ID"]),
    ],
)
def test_the_chat_bots_run_only_in_their_profile_with_commands_that_exist(
    service: str, words: list[str], secrets: list[str]
) -> None:
    definition = compose()["services"][service]
    assert definition["profiles"] == [service]  # a plain `docker compose up` leaves them out
    assert definition["command"] == words
    command = cli.get_command(click.Context(cli), words[1])
    assert command is not None
    assert all(any(word in param.opts for param in command.params) for word in words[2:])
    env = definition["environment"]
    assert env["DATABASE_URL"] == compose()["services"]["web"]["environment"]["DATABASE_URL"]
    prefix = f"TILTAK_{service.upper()}__"
    for name in secrets:
        # Required where the bot cannot start without it: compose says so before starting.
        assert re.fullmatch(rf"\$\{{{prefix}{name}:\?[^}}]+\}}", env[prefix + name])


def test_the_matrix_keys_outlive_the_container() -> None:
    matrix = compose()["services"]["matrix"]
    var_dir = matrix["environment"]["TILTAK_VAR_DIR"]
    volume, mount = matrix["volumes"][0].split(":")
    assert mount == var_dir
    assert volume in compose()["volumes"]
    # The image makes the directory as the unprivileged user, so the volume is writable.
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.index("USER tiltak") < dockerfile.index(f"RUN mkdir -p {var_dir}")


def test_the_web_service_takes_the_slack_http_secrets() -> None:
    env = compose()["services"]["web"]["environment"]
    assert {"TILTAK_SLACK__BOT_TOKEN", "TILTAK_SLACK__SIGNING_SECRET"} <= set(env)
