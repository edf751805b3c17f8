"""One settings object, read once at start-up and passed down; nothing reads the environment
later."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from tracker.calendar_no import WorkCalendar, parse_month_day

DEFAULT_VAR_DIR = Path("var")


class SlackSettings(BaseModel):
    """Slack: `TILTAK_SLACK__BOT_TOKEN`, `TILTAK_SLACK__SIGNING_SECRET`, … (empty = Slack off)."""

    model_config = ConfigDict(frozen=True)

    bot_token: SecretStr = SecretStr("")
    signing_secret: SecretStr = SecretStr("")
    app_token: SecretStr = SecretStr("")  # xapp-…, for Socket Mode
    command: str = "/tiltak"
    # Tests point this at a local recording server; production leaves Slack's own.
    api_url: str = "https://slack.com/api/"

    @property
    def enabled(self) -> bool:
        """Whether Slack is configured at all."""
        return bool(self.bot_token.get_secret_value())


class MatrixSettings(BaseModel):
    """Matrix: `TILTAK_MATRIX__HOMESERVER`, `TILTAK_MATRIX__USER_ID`, … (empty = Matrix off)."""

    model_config = ConfigDict(frozen=True)

    homeserver: str = ""
    user_id: str = ""
    password: SecretStr = SecretStr("")
    access_token: SecretStr = SecretStr("")
    device_id: str = "TILTAKBOT"
    prefix: str = "!t"
    # Invitations are accepted from these homeservers or users only (empty: the bot's own server).
    allowed_servers: tuple[str, ...] = ()
    allowed_users: tuple[str, ...] = ()
    encryption: bool = True
    # The worker's sender logs in with a password on a device of its own (keys are per device).
    sender_device_id: str = "TILTAKSENDER"
    # Sync: long-poll length, events per room per sync (more are back-filled), backoff on errors.
    poll_ms: int = Field(default=30_000, ge=0)
    timeline_limit: int = Field(default=50, ge=1)
    backoff_base: float = Field(default=1.0, gt=0)
    backoff_cap: float = Field(default=60.0, gt=0)
    request_timeout: float = Field(default=30.0, gt=0)
    # Seconds to wait for the key of an encrypted message before saying it cannot be read.
    decrypt_patience: float = Field(default=20.0, ge=0)

    @property
    def enabled(self) -> bool:
        """Whether Matrix is configured at all."""
        return bool(self.homeserver and self.user_id)


class TeamsSettings(BaseModel):
    """Microsoft Teams: `TILTAK_TEAMS__APP_ID`, `TILTAK_TEAMS__APP_PASSWORD`, … (empty: off)."""

    model_config = ConfigDict(frozen=True)

    # The bot's Entra ID app registration: its client id is the audience of every token.
    app_id: str = ""
    app_password: SecretStr = SecretStr("")
    tenant_id: str = ""
    # Where the Bot Connector's signing keys are published, and the issuers it signs as.
    openid_metadata: str = "https://login.botframework.com/v1/.well-known/openidconfiguration"
    issuers: tuple[str, ...] = ("https://api.botframework.com",)
    host: str = "127.0.0.1"
    port: int = Field(default=3978, ge=0, le=65535)
    # Hosts the bot may post to; the Bot Connector's own are always allowed.
    service_hosts: tuple[str, ...] = ()

    @property
    def enabled(self) -> bool:
        """Whether Teams is configured at all."""
        return bool(self.app_id)


class WebSettings(BaseModel):
    """The web view: `TILTAK_WEB__SESSION_HOURS`, `TILTAK_WEB__SMTP_HOST`, … (no SMTP, no mail)."""

    model_config = ConfigDict(frozen=True)

    # A signed-in browser stays signed in this long at most, then asks for a new link.
    session_hours: int = Field(default=12, ge=1, le=24 * 30)
    # The one limit on a request body for the whole app (API, forms, Slack): the largest real
    # request (a 20,000-character description, a Slack modal) is far below it.
    max_request_bytes: int = Field(default=1024 * 1024, ge=64 * 1024, le=64 * 1024 * 1024)
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str = ""
    smtp_password: SecretStr = SecretStr("")
    # "starttls" (port 587), "ssl" (port 465) or "none" (a relay on the local network).
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    mail_from: str = ""

    @property
    def smtp_enabled(self) -> bool:
        """Whether sign-in links can be sent by e-mail."""
        return bool(self.smtp_host and self.mail_from)


class CalendarSettings(BaseModel):
    """The working calendar: `TILTAK_CALENDAR__COUNTRY`, `TILTAK_CALENDAR__SUMMER_BREAK_START`, …

    Nothing is sent on the country's public holidays or in the summer break (fellesferie), given
    as `MM-DD` to `MM-DD`, both days included; empty start and end mean no break. The default is
    the whole of July: the three weeks of fellesferie fall inside it most years, and a date rule
    is easier to read in a setting than a rule of ISO weeks."""

    model_config = ConfigDict(frozen=True)

    country: str = "NO"
    summer_break_start: str = "07-01"
    summer_break_end: str = "07-31"

    @field_validator("summer_break_start", "summer_break_end")
    @classmethod
    def _month_day(cls, value: str) -> str:
        try:
            parse_month_day(value)
        except ValueError as exc:
            raise ValueError("expected MM-DD, such as 07-01") from exc
        return value

    def work_calendar(self) -> WorkCalendar:
        """The calendar these settings describe."""
        start = parse_month_day(self.summer_break_start)
        end = parse_month_day(self.summer_break_end)
        if start is None or end is None:
            start = end = None
        return WorkCalendar(country=self.country, break_start=start, break_end=end)


class Settings(BaseSettings):
    """Configuration from `TILTAK_*` variables, `DATABASE_URL`, `REDIS_URL` and a `.env` file."""

    model_config = SettingsConfigDict(
        env_prefix="TILTAK_",
        env_nested_delimiter="__",
        env_file=".env",
        extra="ignore",
        frozen=True,
        populate_by_name=True,
    )

    var_dir: Path = DEFAULT_VAR_DIR
    database_url: str = Field(default="", validation_alias="DATABASE_URL")
    redis_url: str = Field(default="", validation_alias="REDIS_URL")
    secret_key: SecretStr = SecretStr("dev-only-secret-change-me")
    timezone: str = "Europe/Oslo"
    language: Literal["nb", "en"] = "nb"
    web_host: str = "127.0.0.1"
    web_port: int = 5000
    base_url: str = "http://127.0.0.1:5000"
    sql_echo: bool = False
    # How long a handled platform event is remembered so that a retry of it is a no-op
    # (`TILTAK_PROCESSED_EVENT_RETENTION_DAYS`): far longer than any platform retries (Slack
    # within minutes; a Matrix client replays its sync after a restart). The tick prunes the rest.
    processed_event_retention_days: int = Field(default=7, ge=1)
    slack: SlackSettings = SlackSettings()
    matrix: MatrixSettings = MatrixSettings()
    teams: TeamsSettings = TeamsSettings()
    web: WebSettings = WebSettings()
    calendar: CalendarSettings = CalendarSettings()

    def effective_database_url(self) -> str:
        """The database URL, defaulting to an SQLite file under the var directory."""
        if self.database_url:
            return _normalise_database_url(self.database_url)
        return f"sqlite:///{(self.var_dir / 'tiltak.sqlite3').resolve()}"


def _normalise_database_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy needs a dialect+driver name.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class ConfigError(Exception):
    """A setting is missing or wrong; the message names the variable."""


def load_settings(**overrides: object) -> Settings:
    """Read the settings once; a bad value becomes one clear line naming the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "?"
        variable = (
            field.upper()
            if field.upper() in {"DATABASE_URL", "REDIS_URL"}
            else (f"TILTAK_{field.upper()}")
        )
        raise ConfigError(f"{variable}: {first['msg']}") from exc
