"""A real Synapse on loopback for the Matrix tests and the bench, members that talk to the bot
through matrix-nio as a person's client would, and the bot itself run in a thread.

Synapse comes from PyPI into `.venv-synapse` (tests/matrix/ensure_synapse.sh), runs on SQLite on
127.0.0.1 on a free port with every rate limit raised, and is stopped by the PID we started."""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import hmac
import itertools
import json
import os
import secrets
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from nio import (
    AsyncClient,
    AsyncClientConfig,
    InviteMemberEvent,
    MegolmEvent,
    RoomCreateResponse,
    RoomSendResponse,
)
from nio.events.room_events import Event

from tracker.config import MatrixSettings, Settings

ROOT = Path(__file__).resolve().parents[2]
SYNAPSE_VENV = ROOT / ".venv-synapse"
SYNAPSE_PYTHON = SYNAPSE_VENV / "bin" / "python"
ENSURE_SYNAPSE = ROOT / "tests" / "matrix" / "ensure_synapse.sh"
SERVER_NAME = "localhost"
T = TypeVar("T")
_names = itertools.count(1)


class HomeserverError(Exception):
    """Synapse could not be installed, configured or started; the message says why."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ensure_synapse() -> None:
    """Install Synapse into its own venv unless it is there (idempotent)."""
    done = subprocess.run([str(ENSURE_SYNAPSE)], capture_output=True, text=True, check=False)
    if done.returncode != 0 or not SYNAPSE_PYTHON.exists():
        raise HomeserverError(
            f"could not install Synapse with {ENSURE_SYNAPSE}:\n{done.stdout}\n{done.stderr}"
        )


@dataclass(frozen=True)
class Account:
    """A registered user with a logged-in device."""

    user_id: str
    password: str
    access_token: str
    device_id: str

    @property
    def localpart(self) -> str:
        return self.user_id[1:].split(":")[0]


@dataclass
class Homeserver:
    """One Synapse process: configured once, started and stopped (also mid-test) by PID."""

    root: Path
    log_level: str = "INFO"
    port: int = field(default_factory=free_port)
    shared_secret: str = field(default_factory=lambda: secrets.token_hex(16))
    process: subprocess.Popen[bytes] | None = None
    _admin: Account | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def config_path(self) -> Path:
        return self.root / "homeserver.yaml"

    @property
    def log_path(self) -> Path:
        return self.root / "homeserver.log"

    def configure(self) -> None:
        """Generate a config, then make it ours: loopback, SQLite, no federation, no limits."""
        self.root.mkdir(parents=True, exist_ok=True)
        data = self.root / "data"
        generated = subprocess.run(
            [
                str(SYNAPSE_PYTHON),
                "-m",
                "synapse.app.homeserver",
                "--server-name",
                SERVER_NAME,
                "--config-path",
                str(self.config_path),
                "--data-directory",
                str(data),
                "--generate-config",
                "--report-stats=no",
            ],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=False,
        )
        if generated.returncode != 0:
            raise HomeserverError(f"synapse --generate-config failed:\n{generated.stderr}")
        config = yaml.safe_load(self.config_path.read_text())
        config.update(homeserver_overrides(self.port, self.shared_secret, data))
        config["log_config"] = str(self._write_log_config())
        self.config_path.write_text(yaml.safe_dump(config))

    def _write_log_config(self) -> Path:
        path = self.root / "log.yaml"
        path.write_text(
            yaml.safe_dump(
                {
                    "version": 1,
                    "formatters": {"plain": {"format": "%(asctime)s %(name)s %(message)s"}},
                    "handlers": {
                        "file": {
                            "class": "logging.FileHandler",
                            "formatter": "plain",
                            "filename": str(self.log_path),
                        }
                    },
                    "root": {"level": self.log_level, "handlers": ["file"]},
                    "disable_existing_loggers": False,
                }
            )
        )
        return path

    def start(self, timeout: float = 90.0) -> None:
        """Start Synapse and wait until /health answers; raise with its log if it does not."""
        if self.process is not None and self.process.poll() is None:
            return
        output = (self.root / "stdout.log").open("ab")
        self.process = subprocess.Popen(
            [str(SYNAPSE_PYTHON), "-m", "synapse.app.homeserver", "-c", str(self.config_path)],
            cwd=self.root,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        output.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HomeserverError(
                    f"Synapse exited with {self.process.returncode}:\n{self._tail()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        self.stop()
        raise HomeserverError(f"Synapse did not answer /health in {timeout} s:\n{self._tail()}")

    def stop(self) -> None:
        """Stop the Synapse we started (SIGTERM, then SIGKILL), and only that one."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def _tail(self) -> str:
        parts = []
        for name in ("stdout.log", "homeserver.log"):
            path = self.root / name
            if path.exists():
                parts.append(f"--- {name}\n" + "\n".join(path.read_text().splitlines()[-40:]))
        return "\n".join(parts)

    # Users ---------------------------------------------------------------------------------

    def register(self, prefix: str = "user", *, admin: bool = False) -> Account:
        """A new user through the shared-secret registration API, logged in on one device."""
        localpart = f"{prefix}{next(_names)}_{secrets.token_hex(3)}"
        password = secrets.token_urlsafe(12)
        nonce = self._request("GET", "/_synapse/admin/v1/register")["nonce"]
        mac = hmac.new(self.shared_secret.encode(), digestmod=hashlib.sha1)
        mac.update(b"\x00".join([nonce.encode(), localpart.encode(), password.encode()]))
        mac.update(b"\x00" + (b"admin" if admin else b"notadmin"))
        body = {
            "nonce": nonce,
            "username": localpart,
            "password": password,
            "admin": admin,
            "mac": mac.hexdigest(),
        }
        done = self._request("POST", "/_synapse/admin/v1/register", body)
        return Account(done["user_id"], password, done["access_token"], done["device_id"])

    def limit_messages(self, user_id: str, per_second: float, burst: int) -> None:
        """Give one user a low message rate limit (the others keep theirs raised)."""
        if self._admin is None:
            self._admin = self.register("admin", admin=True)
        path = f"/_synapse/admin/v1/users/{urllib.request.quote(user_id)}/override_ratelimit"
        self._request(
            "POST",
            path,
            {"messages_per_second": per_second, "burst_count": burst},
            token=self._admin.access_token,
        )

    def _request(
        self, method: str, path: str, body: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        request = urllib.request.Request(
            self.url + path,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json"}
            | ({"Authorization": f"Bearer {token}"} if token else {}),
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            result: dict[str, Any] = json.loads(response.read() or b"{}")
            return result


def homeserver_overrides(port: int, shared_secret: str, data: Path) -> dict[str, Any]:
    """What the tests change in a generated homeserver.yaml."""
    high = {"per_second": 10_000, "burst_count": 10_000}
    return {
        "listeners": [
            {
                "port": port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ],
        "database": {"name": "sqlite3", "args": {"database": str(data / "homeserver.db")}},
        "trusted_key_servers": [],
        "suppress_key_server_warning": True,
        "federation_domain_whitelist": [],
        "report_stats": False,
        "enable_registration": False,
        "registration_shared_secret": shared_secret,
        "bcrypt_rounds": 4,
        "url_preview_enabled": False,
        # So that a first /sync right after an event sees it (as Synapse's own test image does).
        "caches": {"sync_response_cache_duration": 0},
        "rc_message": high,
        "rc_registration": high,
        "rc_login": {"address": high, "account": high, "failed_attempts": high},
        "rc_joins": {"local": high, "remote": high},
        "rc_joins_per_room": high,
        "rc_invites": {"per_room": high, "per_user": high, "per_issuer": high},
        "rc_admin_redaction": high,
        "rc_3pid_validation": high,
        "rc_room_creation": high,
        "rc_presence": {"per_user": high},
        "rc_key_requests": high,
        "rc_delayed_event_mgmt": high,
        "rc_reports": high,
        "rc_user_directory": high,
        "rc_profile": high,
        "rc_media_create": high,
    }


class LoopThread:
    """A private asyncio loop in a thread, so synchronous code can drive async clients."""

    def __init__(self, name: str) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)


_SHARED: LoopThread | None = None


def shared_loop() -> LoopThread:
    """The one loop every matrix-nio client of this process runs on.

    nio's key store binds peewee's global model classes around each query, so two clients with
    stores in two threads of one process would unbind each other's tables mid-query; on one
    loop their store calls never interleave (in production each process has one client)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = LoopThread("matrix-clients")
    return _SHARED


@dataclass(frozen=True)
class Seen:
    """An event a member's client received, as plain data."""

    room_id: str
    source: dict[str, Any]
    decrypted: bool
    received: float

    @property
    def content(self) -> dict[str, Any]:
        return dict(self.source.get("content") or {})

    @property
    def sender(self) -> str:
        return str(self.source.get("sender", ""))

    @property
    def event_id(self) -> str:
        return str(self.source.get("event_id", ""))

    @property
    def body(self) -> str:
        return str(self.content.get("body", ""))

    def replies_to(self) -> str | None:
        relates = self.content.get("m.relates_to") or {}
        return (relates.get("m.in_reply_to") or {}).get("event_id")


class Member:
    """A person's Matrix client: sends, reacts, and sees what the bot answers."""

    def __init__(self, server_url: str, account: Account, *, store: Path | None = None) -> None:
        self.account = account
        self.user_id = account.user_id
        self.runner = shared_loop()
        self.seen: list[Seen] = []
        self.changed = threading.Condition()
        config = AsyncClientConfig(
            encryption_enabled=store is not None, store_sync_tokens=False, max_timeouts=None
        )
        if store is not None:
            store.mkdir(parents=True, exist_ok=True)
        self.client = AsyncClient(
            server_url,
            account.user_id,
            device_id=account.device_id,
            store_path=str(store) if store else "",
            config=config,
        )
        self.client.restore_login(account.user_id, account.device_id, account.access_token)
        self.client.add_event_callback(self._record, Event)
        self.client.add_event_callback(self._record, MegolmEvent)
        self.client.add_event_callback(self._accept, InviteMemberEvent)
        self._sync = self.runner.run(self._start())

    async def _start(self) -> asyncio.Task[None]:
        if self.client.should_upload_keys:
            await self.client.keys_upload()
        return asyncio.ensure_future(
            self.client.sync_forever(timeout=5_000, full_state=True, loop_sleep_time=None)
        )

    async def _record(self, room: Any, event: Any) -> None:
        seen = Seen(
            room.room_id,
            dict(getattr(event, "source", {}) or {}),
            bool(getattr(event, "decrypted", False)),
            time.perf_counter(),
        )
        with self.changed:
            self.seen.append(seen)
            self.changed.notify_all()

    async def _accept(self, room: Any, event: Any) -> None:
        # People accept invitations to rooms with the bot (and the bot's direct rooms).
        if event.state_key == self.user_id and event.membership == "invite":
            await self.client.join(room.room_id)

    def close(self) -> None:
        async def stop() -> None:
            self._sync.cancel()
            await asyncio.gather(self._sync, return_exceptions=True)
            await self.client.close()

        self.runner.run(stop())

    # Acting --------------------------------------------------------------------------------

    def create_room(
        self, invite: list[str], *, encrypted: bool = False, direct: bool = False
    ) -> str:
        """A private room with the invited users; waits until each has joined."""
        state = (
            [
                {
                    "type": "m.room.encryption",
                    "state_key": "",
                    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
                }
            ]
            if encrypted
            else []
        )
        response = self.runner.run(
            self.client.room_create(invite=invite, initial_state=state, is_direct=direct)
        )
        assert isinstance(response, RoomCreateResponse), response
        for user_id in invite:
            self.wait_for(
                lambda s, u=user_id: (
                    s.room_id == response.room_id
                    and s.source.get("type") == "m.room.member"
                    and s.source.get("state_key") == u
                    and s.content.get("membership") == "join"
                ),
                timeout=20,
            )
        return str(response.room_id)

    def invite(self, room_id: str, user_id: str) -> None:
        self.runner.run(self.client.room_invite(room_id, user_id))

    def send(
        self,
        room_id: str,
        text: str,
        *,
        thread: str | None = None,
        extra: dict[str, Any] | None = None,
        msgtype: str = "m.text",
    ) -> str:
        """Send a text message (in a thread when `thread` names its root); its event id."""
        content: dict[str, Any] = {"msgtype": msgtype, "body": text}
        if thread:
            content["m.relates_to"] = {
                "rel_type": "m.thread",
                "event_id": thread,
                "is_falling_back": True,
                "m.in_reply_to": {"event_id": thread},
            }
        content.update(extra or {})
        return self._send(room_id, "m.room.message", content)

    def react(self, room_id: str, event_id: str, key: str) -> str:
        content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}
        return self._send(room_id, "m.reaction", content)

    def _send(self, room_id: str, kind: str, content: dict[str, Any]) -> str:
        response = self.runner.run(
            self.client.room_send(room_id, kind, content, ignore_unverified_devices=True)
        )
        assert isinstance(response, RoomSendResponse), response
        return str(response.event_id)

    # Seeing --------------------------------------------------------------------------------

    def wait_for(self, predicate: Callable[[Seen], bool], *, timeout: float = 15.0) -> Seen:
        """The first event the client saw that matches, waiting for it if need be."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for seen in self.seen:
                    if predicate(seen):
                        return seen
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no matching event within {timeout} s")
                self.changed.wait(left)

    def reply_to(self, room_id: str, event_id: str, *, by: str, timeout: float = 15.0) -> Seen:
        """The bot's answer to an event (a reply to it, in a thread or not)."""
        return self.wait_for(
            lambda s: s.room_id == room_id and s.sender == by and s.replies_to() == event_id,
            timeout=timeout,
        )

    def answers(self, room_id: str, *, by: str) -> list[Seen]:
        """Everything the bot has said in a room so far."""
        with self.changed:
            return [
                s
                for s in self.seen
                if s.room_id == room_id
                and s.sender == by
                and s.source.get("type") == "m.room.message"
            ]


MemberFactory = Callable[..., Member]


class BotRunner:
    """The Matrix bot on the clients' loop, started and stopped like the real process."""

    def __init__(self, make_bot: Callable[[], Any]) -> None:
        self.make_bot = make_bot
        self.bot: Any = None
        self._running: concurrent.futures.Future[None] | None = None

    @property
    def error(self) -> BaseException | None:
        running = self._running
        if running is None or not running.done() or running.cancelled():
            return None
        return running.exception()

    def start(self, *, wait_for_sync: bool = True, timeout: float = 30.0) -> None:
        self.bot = shared_loop().run(self._make())
        self._running = shared_loop().submit(self.bot.run())
        if wait_for_sync:
            deadline = time.monotonic() + timeout
            while self.bot.sync.stats.batches == 0:
                if self.error is not None:
                    raise self.error
                if time.monotonic() > deadline:
                    raise AssertionError("the bot did not complete a first sync")
                time.sleep(0.02)

    async def _make(self) -> Any:
        return self.make_bot()

    def forget_error(self) -> None:
        """The test has checked what the bot died of: do not raise it again on stop."""
        self._running = None

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the bot to stop as SIGTERM would, and wait for it; re-raise what it died of."""
        running, self._running = self._running, None
        if running is None:
            return
        shared_loop().loop.call_soon_threadsafe(self.bot.stop)
        running.result(timeout)


def wait_until(condition: Callable[[], bool], *, timeout: float = 15.0, what: str = "") -> None:
    """Poll until a condition holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        time.sleep(0.02)


def bot_settings(
    settings: Settings, homeserver: Homeserver, account: Account, **extra: object
) -> Settings:
    """Test settings with a Matrix bot account: quick backoff and patience, encryption on."""
    matrix = MatrixSettings(
        homeserver=homeserver.url,
        user_id=account.user_id,
        access_token=account.access_token,  # type: ignore[arg-type]
        device_id=account.device_id,
        backoff_base=0.2,
        backoff_cap=2.0,
        decrypt_patience=5.0,
        **extra,  # type: ignore[arg-type]
    )
    return settings.model_copy(update={"matrix": matrix})


def env_for(account: Account, homeserver: Homeserver) -> dict[str, str]:
    """TILTAK_MATRIX__* variables for a bot account (for running `tiltak matrix`)."""
    return os.environ | {
        "TILTAK_MATRIX__HOMESERVER": homeserver.url,
        "TILTAK_MATRIX__USER_ID": account.user_id,
        "TILTAK_MATRIX__ACCESS_TOKEN": account.access_token,
        "TILTAK_MATRIX__DEVICE_ID": account.device_id,
    }
