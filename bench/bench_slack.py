"""The Slack endpoint under gunicorn (one sync worker) on loopback, against two bare bolt apps
that only acknowledge, all three in the same run: (a) tiltak answering a signed `/tiltak mine
oppgaver` with real work on the seed data, (b) a bare bolt app with bolt's default settings,
(c) a bare bolt app with `process_before_response=True`. For each: the median time to the HTTP
response (one request at a time), and requests per second with 8 concurrent clients.

No request leaves the machine: the apps' Web API address is a local stub answering auth.test."""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from common import TODAY, bench_runtime, machine, parse_args, report

from tracker import schemas as s
from tracker.bootstrap import Runtime
from tracker.importer.apply import import_invitation
from tracker.models import Channel
from tracker.services import groups, identity, tasks
from tracker.services.context import Actor

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
SEED = Path(__file__).parent.parent / "tests" / "data" / "invitation_seed.txt"
USER = "UBENCHLEAD"
CLIENTS = 8
ROOT = Path(__file__).parent.parent


# --- the bare apps (gunicorn loads them from this module: 'bench_slack:bare_app(...)') ---------


def bare_app(process_before_response: bool = False) -> Any:
    """A bolt app mounted on Flask whose only listener acknowledges the slash command."""
    from flask import Flask, request
    from slack_bolt import Ack, App
    from slack_bolt.adapter.flask import SlackRequestHandler
    from slack_sdk import WebClient

    bolt = App(
        client=WebClient(token=TOKEN, base_url=os.environ["BENCH_SLACK_API_URL"]),
        signing_secret=SECRET,
        process_before_response=process_before_response,
    )

    @bolt.command("/tiltak")
    def acknowledge(ack: Ack) -> None:
        ack()

    handler = SlackRequestHandler(bolt)
    flask_app = Flask("bare")
    flask_app.add_url_rule(
        "/slack/events", "events", lambda: handler.handle(request), methods=["POST"]
    )
    return flask_app


# --- the stand-in for Slack's Web API -----------------------------------------------------------


@contextmanager
def web_api_stub() -> Iterator[str]:
    """A loopback server that answers auth.test (and anything else with ok)."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = json.dumps(
                {"ok": True, "team_id": "TBENCH", "user_id": "UBOT", "bot_id": "BBOT"}
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/"
    finally:
        server.shutdown()
        server.server_close()


# --- data, servers, requests ------------------------------------------------------------------


def seed(runtime: Runtime) -> int:
    """The seed invitation, 100 tasks in its workgroups, and the lead linked to Slack; how many
    open tasks "mine oppgaver" shows."""
    ctx = runtime.ctx
    admin = Actor.system_actor(Channel.CLI)
    report_ = import_invitation(ctx, actor=admin, text=SEED.read_text("utf-8"), filename=SEED.name)
    (lead,) = groups.find_people(ctx, name="Asbjørn Lunde")
    workgroups = groups.list_workgroups(ctx, group_id=report_.group_id)
    members = [m.person.id for m in groups.roster(ctx, group_id=report_.group_id)]
    for i in range(100):
        tasks.create_task(
            ctx,
            actor=admin,
            data=s.TaskCreate(
                title=f"Leveranse {i}: innspill til handlingsprogrammet",
                workgroup_id=workgroups[i % len(workgroups)].id,
                owner_id=lead.id if i % 8 == 0 else members[i % len(members)],
                due_on=TODAY + timedelta(days=i % 30),
            ),
        )
    identity.link_identity(ctx, person_id=lead.id, platform="slack", user_id=USER)
    return len(tasks.list_tasks(ctx, owner_id=lead.id))


def database_url(runtime: Runtime, db: str) -> str:
    """The URL another process uses to reach the benchmark's database."""
    url = runtime.engine.url.render_as_string(hide_password=False)
    if db == "postgresql":
        # bench_runtime keeps its tables in a schema of its own, named after this process.
        url += f"?options=-csearch_path%3Dtiltak_bench_{os.getpid()}"
    return url


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def gunicorn(app: str, env: dict[str, str]) -> Iterator[int]:
    """One sync worker serving `app` on a free loopback port; stopped (by its pid) on exit."""
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers=1",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
            f"--pythonpath={Path(__file__).parent}",
            app,
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start {app}") from None
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(10)


def signed_command(text: str) -> tuple[bytes, dict[str, str]]:
    """A slash command body and its headers, signed the way Slack signs."""
    from slack_sdk.signature import SignatureVerifier

    body = urlencode(
        {
            "token": "legacy",
            "team_id": "TBENCH",
            "channel_id": "CBENCH",
            "channel_name": "general",
            "user_id": USER,
            "user_name": "lead",
            "command": "/tiltak",
            "text": text,
            "response_url": "http://127.0.0.1:9/unused",
            "trigger_id": uuid.uuid4().hex,
        }
    )
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=timestamp, body=body)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
    }
    return body.encode(), headers


def one_request(port: int) -> tuple[float, bytes]:
    """Send one signed `/tiltak mine oppgaver`; seconds until the response, and its body."""
    body, headers = signed_command("mine oppgaver")
    start = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/slack/events", body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    took = time.perf_counter() - start
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status}: {data[:200]!r}")
    return took, data


def latencies(port: int, runs: int) -> list[float]:
    """One request at a time."""
    return [one_request(port)[0] for _ in range(runs)]


def rate(port: int, total: int) -> float:
    """Requests per second with CLIENTS clients sending `total` requests in all."""
    per_client = total // CLIENTS
    errors: list[BaseException] = []

    def client() -> None:
        try:
            for _ in range(per_client):
                one_request(port)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.perf_counter() - start
    if errors:
        raise errors[0]
    return per_client * CLIENTS / took


def report_rate(what: str, rates: list[float]) -> None:
    """One result row for a throughput: median, spread (min–max), rounds."""
    print(
        f"{what} | {statistics.median(rates):.0f} req/s | {min(rates):.0f}–{max(rates):.0f} req/s "
        f"(min–max) | {len(rates)} | {machine()}",
        flush=True,
    )


def main() -> None:
    """Serve the three apps, check tiltak's answer, then time them all in one run."""
    args = parse_args(__doc__ or "", runs=300)
    with (
        bench_runtime(args.db) as runtime,
        web_api_stub() as api_url,
        tempfile.TemporaryDirectory(prefix="tiltak-bench-slack-") as tmp,
    ):
        shown = seed(runtime)
        slack_env = {
            "DATABASE_URL": database_url(runtime, args.db),
            "TILTAK_VAR_DIR": tmp,
            "TILTAK_SECRET_KEY": "bench-only",
            "TILTAK_SLACK__BOT_TOKEN": TOKEN,
            "TILTAK_SLACK__SIGNING_SECRET": SECRET,
            "TILTAK_SLACK__API_URL": api_url,
            "BENCH_SLACK_API_URL": api_url,
        }
        apps = {
            f"(a) tiltak, '/tiltak mine oppgaver' ({shown} tasks shown, {args.db})": (
                "tracker.wsgi:app"
            ),
            "(b) bare bolt app, default settings, ack only": "bench_slack:bare_app()",
            "(c) bare bolt app, process_before_response=True, ack only": (
                "bench_slack:bare_app(True)"
            ),
        }
        with (
            gunicorn(apps[next(iter(apps))], slack_env) as ours,
            gunicorn("bench_slack:bare_app()", slack_env) as default,
            gunicorn("bench_slack:bare_app(True)", slack_env) as before_response,
        ):
            ports = dict(zip(apps, (ours, default, before_response), strict=True))
            _, answer = one_request(ours)
            reply = json.loads(answer)
            assert reply["response_type"] == "ephemeral", reply
            assert f"Dine åpne oppgaver ({shown})" in reply["text"], reply["text"][:200]
            for port in ports.values():
                for _ in range(20):  # warm up: connections, caches, auth.test
                    one_request(port)
            for what, port in ports.items():
                report(f"Slack {what}: time to HTTP response", latencies(port, args.runs))
            for what, port in ports.items():
                rates = [rate(port, CLIENTS * 40) for _ in range(5)]
                report_rate(f"Slack {what}: {CLIENTS} concurrent clients", rates)


if __name__ == "__main__":
    main()
