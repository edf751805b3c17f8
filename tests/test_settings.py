"""The settings as an operator gives them: `TILTAK_*` variables (a section's settings one by one
or as a JSON object, a list as JSON), `DATABASE_URL` and `REDIS_URL`, and a `.env` file that the
environment overrides. A value that cannot be read is refused naming its variable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tracker.config import ConfigError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No TILTAK_* or database variables from the machine, and no .env in the working folder."""
    for name in list(os.environ):
        if name.upper().startswith("TILTAK_") or name.upper() in {"DATABASE_URL", "REDIS_URL"}:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_nothing_set_gives_the_defaults() -> None:
    settings = load_settings()
    assert settings.language == "nb"
    assert settings.database_url == ""
    assert not settings.matrix.enabled
    assert settings.matrix.allowed_servers == ()
    assert settings.teams.issuers == ("https://api.botframework.com",)


def test_a_sections_settings_are_read_one_by_one_in_any_case(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TILTAK_MATRIX__HOMESERVER", "https://matrix.kommune.example")
    monkeypatch.setenv("tiltak_matrix__user_id", "@tiltak:kommune.example")
    monkeypatch.setenv("TILTAK_MATRIX__ENCRYPTION", "false")
    monkeypatch.setenv("TILTAK_MATRIX__POLL_MS", "1000")
    monkeypatch.setenv("TILTAK_MATRIX__ALLOWED_SERVERS", '["kommune.example", "fylke.example"]')
    monkeypatch.setenv("TILTAK_LANGUAGE", "en")
    monkeypatch.setenv("TILTAK_WEB_PORT", "8080")
    monkeypatch.setenv("TILTAK_SECRET_KEY", "s3cret")
    monkeypatch.setenv("TILTAK_MATRIX__NO_SUCH_SETTING", "ignored")
    settings = load_settings()
    assert settings.matrix.enabled
    assert settings.matrix.homeserver == "https://matrix.kommune.example"
    assert settings.matrix.user_id == "@tiltak:kommune.example"
    assert settings.matrix.encryption is False
    assert settings.matrix.poll_ms == 1000
    assert settings.matrix.allowed_servers == ("kommune.example", "fylke.example")
    assert settings.language == "en"
    assert settings.web_port == 8080
    assert settings.secret_key.get_secret_value() == "s3cret"


def test_a_section_given_as_json_is_completed_by_its_single_settings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TILTAK_MATRIX", '{"homeserver": "https://hs.example", "prefix": "!x"}')
    monkeypatch.setenv("TILTAK_MATRIX__PREFIX", "!y")
    settings = load_settings()
    assert settings.matrix.homeserver == "https://hs.example"
    assert settings.matrix.prefix == "!y"


def test_database_and_redis_take_their_usual_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://tiltak@db/tiltak")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    settings = load_settings()
    assert settings.redis_url == "redis://cache:6379/0"
    assert settings.effective_database_url() == "postgresql+psycopg://tiltak@db/tiltak"


def test_the_env_file_is_read_and_the_environment_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(
        "# the bot\n"
        "TILTAK_MATRIX__HOMESERVER=https://from-file.example\n"
        'export TILTAK_MATRIX__USER_ID="@file:hs.example"\n'
        "DATABASE_URL=sqlite:///from-file.sqlite3\n"
        "TILTAK_LANGUAGE=en\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("TILTAK_MATRIX__USER_ID", "@env:hs.example")
    settings = load_settings()
    assert settings.matrix.homeserver == "https://from-file.example"
    assert settings.matrix.user_id == "@env:hs.example"
    assert settings.database_url == "sqlite:///from-file.sqlite3"
    assert settings.language == "en"
    assert load_settings(env_file=None).matrix.homeserver == ""


def test_overrides_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TILTAK_MATRIX__HOMESERVER", "https://hs.example")
    monkeypatch.setenv("TILTAK_MATRIX__PREFIX", "!t")
    settings = load_settings(matrix={"prefix": "!x"}, language="en")
    assert settings.matrix.homeserver == "https://hs.example"
    assert settings.matrix.prefix == "!x"
    assert settings.language == "en"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TILTAK_MATRIX__ALLOWED_SERVERS", "kommune.example"),
        ("TILTAK_MATRIX", "not json"),
        ("TILTAK_LANGUAGE", "de"),
        ("TILTAK_MATRIX__POLL_MS", "-1"),
        ("TILTAK_CALENDAR__SUMMER_BREAK_START", "31-07"),
    ],
)
def test_a_value_that_cannot_be_read_is_refused_naming_its_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    section = variable.split("__")[0]
    with pytest.raises(ConfigError, match=section):
        load_settings()
