"""`tiltak teams` as an operator runs it: it brings the schema up to date, serves /api/messages
on the configured port, and refuses an activity without the Bot Connector's token."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from teams_support import APP_ID, TokenIssuer

TILTAK = Path(sys.executable).with_name("tiltak")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _listens(pid: int, port: int) -> bool:
    """Whether process `pid` itself listens on the loopback port (not another process that took
    the port between `_free_port` and its bind: the suite runs in two workers)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":  # 0A: LISTEN
                inodes.add(f"socket:[{fields[9]}]")
    try:
        return any(os.readlink(fd) in inodes for fd in Path(f"/proc/{pid}/fd").iterdir())
    except FileNotFoundError:  # the process has ended
        return False


def _post(url: str, headers: dict[str, str]) -> int:
    body = json.dumps({"type": "message", "text": "ping", "serviceUrl": "http://127.0.0.1:1/"})
    request = urllib.request.Request(
        url, data=body.encode(), headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_tiltak_teams_serves_the_endpoint_and_refuses_unsigned_activities(
    tmp_path: Path, issuer: TokenIssuer
) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TILTAK_")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'tiltak.sqlite3'}",
        TILTAK_VAR_DIR=str(tmp_path / "var"),
        TILTAK_TEAMS__APP_ID=APP_ID,
        TILTAK_TEAMS__APP_PASSWORD="secret",
        TILTAK_TEAMS__OPENID_METADATA=issuer.metadata_url,
    )
    process = subprocess.Popen(
        [str(TILTAK), "teams", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/api/messages"
    try:
        deadline = time.monotonic() + 60
        while not _listens(process.pid, port):
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "tiltak teams did not start listening"
            time.sleep(0.2)
        status = _post(url, {})
        assert status == 401
        forged = issuer.token("http://127.0.0.1:1/", aud="another-bot")
        assert _post(url, {"Authorization": f"Bearer {forged}"}) == 401
    finally:
        process.terminate()
        process.communicate(timeout=20)
