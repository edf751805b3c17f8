"""The Slack endpoint under gunicorn (one sync worker) on loopback against the floor, a bare bolt
app with `process_before_response=True` that only acknowledges, in the same run: tiltak answering
a signed `/tiltak mine oppgaver` (a read) and `/tiltak #N ferdig` (a change: the lead's tasks in
turn, alternating «ferdig» and «pågår», so that every request really changes a task). For each:
the median time to the HTTP response (one request at a time, the three kinds taking turns), its
ratio to the floor, and the CPU the serving process spent per command (utime+stime from /proc).
`--rates` adds requests per second with 8 concurrent clients, and bolt's default settings.

No request leaves the machine: the apps' Web API address is a local stub answering auth.test."""

from __future__ import annotations

import http.client
import itertools
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
from dataclasses import dataclass
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from common import TODAY, bench_runtime, machine, parse_args, profile, report

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


def seed(runtime: Runtime) -> tuple[int, list[int]]:
    """The seed invitation, 100 tasks in its workgroups, and the lead linked to Slack; how many
    open tasks "mine oppgaver" shows, and the ids of the lead's tasks."""
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
    mine = tasks.list_tasks(ctx, owner_id=lead.id)
    return len(mine), [task.id for task in mine]


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


@dataclass(frozen=True)
class Server:
    """A gunicorn serving an app: its port, and the pid of its one worker process."""

    port: int
    worker: int


def worker_pid(master: int) -> int:
    """The pid of the one worker a gunicorn master forked."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.05)
    raise RuntimeError("gunicorn started no worker")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU a process has used so far (from /proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    # After the command name: state is field 3, so utime (14) and stime (15) are 11 and 12 here.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def gunicorn(app: str, env: dict[str, str]) -> Iterator[Server]:
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
        yield Server(port, worker_pid(process.pid))
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


def one_request(port: int, text: str = "mine oppgaver") -> tuple[float, bytes]:
    """Send one signed `/tiltak <text>`; seconds until the response, and its body."""
    body, headers = signed_command(text)
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


@dataclass(frozen=True)
class Timing:
    """One request at a time: the seconds each took, and the server's CPU seconds per request."""

    latencies: list[float]
    cpu: float


def interleaved(rounds: dict[str, tuple[Server, Iterator[str]]], runs: int) -> dict[str, Timing]:
    """Send `runs` commands of each kind one at a time, the kinds taking turns, so that whatever
    else the machine does weighs on all alike. Each request's CPU is the change of its server's
    CPU counters around it (in clock ticks: summed over many requests, the share is fair)."""
    latencies: dict[str, list[float]] = {kind: [] for kind in rounds}
    cpu = dict.fromkeys(rounds, 0.0)
    for _ in range(runs):
        for kind, (server, texts) in rounds.items():
            before = cpu_seconds(server.worker)
            latencies[kind].append(one_request(server.port, next(texts))[0])
            cpu[kind] += cpu_seconds(server.worker) - before
    return {kind: Timing(latencies[kind], cpu[kind] / runs) for kind in rounds}


def status_changes(task_ids: list[int]) -> Iterator[str]:
    """`#N ferdig` for each task in turn, then `#N pågår` for each: every one changes a task."""
    for status in itertools.cycle(("ferdig", "pågår")):
        for task_id in task_ids:
            yield f"#{task_id} {status}"


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


def report_timing(what: str, timing: Timing, floor: float | None) -> None:
    """The latency row, and a row with the CPU per command and the ratio to the floor."""
    report(f"Slack {what}: time to HTTP response", timing.latencies)
    median = statistics.median(timing.latencies)
    ratio = f"{median / floor:.2f}x the floor; " if floor else ""
    print(f"Slack {what}: {ratio}server CPU {timing.cpu * 1000:.2f} ms/command", flush=True)


def main() -> None:
    """Serve tiltak and the floor, check tiltak's answers, then time them in one run."""
    parser_args = [a for a in sys.argv[1:] if a != "--rates"]
    with_rates = len(parser_args) != len(sys.argv) - 1
    sys.argv[1:] = parser_args
    args = parse_args(__doc__ or "", runs=300)
    with (
        bench_runtime(args.db) as runtime,
        web_api_stub() as api_url,
        tempfile.TemporaryDirectory(prefix="tiltak-bench-slack-") as tmp,
    ):
        shown, task_ids = seed(runtime)
        if args.profile:
            _profile(runtime, api_url, task_ids)
            return
        slack_env = {
            "DATABASE_URL": database_url(runtime, args.db),
            "TILTAK_VAR_DIR": tmp,
            "TILTAK_SECRET_KEY": "bench-only",
            "TILTAK_SLACK__BOT_TOKEN": TOKEN,
            "TILTAK_SLACK__SIGNING_SECRET": SECRET,
            "TILTAK_SLACK__API_URL": api_url,
            "BENCH_SLACK_API_URL": api_url,
        }
        with (
            gunicorn("tracker.wsgi:app", slack_env) as ours,
            gunicorn("bench_slack:bare_app(True)", slack_env) as floor_app,
        ):
            reply = json.loads(one_request(ours.port)[1])
            assert reply["response_type"] == "ephemeral", reply
            assert f"Dine åpne oppgaver ({shown})" in reply["text"], reply["text"][:200]
            changes = status_changes(task_ids)
            for _ in range(2 * len(task_ids)):  # warm up; each task is back where it started
                reply = json.loads(one_request(ours.port, next(changes))[1])
                assert reply["response_type"] == "in_channel", reply
            for _ in range(20):  # warm up: connections, caches, auth.test
                one_request(ours.port)
                one_request(floor_app.port)
            timings = interleaved(
                {
                    "floor": (floor_app, itertools.repeat("mine oppgaver")),
                    "mine": (ours, itertools.repeat("mine oppgaver")),
                    "change": (ours, changes),
                },
                args.runs,
            )
            bare = statistics.median(timings["floor"].latencies)
            report_timing(
                "(c) bare bolt app, process_before_response=True, ack only", timings["floor"], None
            )
            report_timing(
                f"(a) tiltak, 'mine oppgaver' ({shown} tasks, {args.db})", timings["mine"], bare
            )
            report_timing(
                f"(a) tiltak, '#N ferdig' / '#N pågår' ({args.db})", timings["change"], bare
            )
            if with_rates:
                _rates(slack_env, ours, floor_app)


def _profile(runtime: Runtime, api_url: str, task_ids: list[int]) -> None:
    """In this process: the SQL of one command of each kind, and a cProfile of many."""
    from tracker.app import create_app
    from tracker.bootstrap import bootstrap
    from tracker.config import SlackSettings

    settings = runtime.settings.model_copy(
        update={
            "slack": SlackSettings(
                bot_token=TOKEN,  # type: ignore[arg-type]
                signing_secret=SECRET,  # type: ignore[arg-type]
                api_url=api_url,
            )
        }
    )
    app = create_app(bootstrap(settings, engine=runtime.engine))
    client = app.test_client()
    # The listener's work runs inline here (not in the pool), so that cProfile sees it.
    bot = app.extensions["tiltak.slack"]
    bot.within_budget = lambda work, late, failed: work()

    def send(text: str) -> None:
        body, headers = signed_command(text)
        assert client.post("/slack/events", data=body, headers=headers).status_code == 200

    changes = status_changes(task_ids)
    for _ in range(20):
        send("mine oppgaver")
    profile(runtime.engine, lambda: send("mine oppgaver"), "mine oppgaver", runs=200)
    profile(runtime.engine, lambda: send(next(changes)), "#N ferdig / pågår", runs=200)


def _rates(slack_env: dict[str, str], ours: Server, floor_app: Server) -> None:
    with gunicorn("bench_slack:bare_app()", slack_env) as default:
        apps = {
            "(a) tiltak, 'mine oppgaver'": ours.port,
            "(b) bare bolt app, default settings, ack only": default.port,
            "(c) bare bolt app, process_before_response=True, ack only": floor_app.port,
        }
        for what, port in apps.items():
            rates = [rate(port, CLIENTS * 40) for _ in range(5)]
            report_rate(f"Slack {what}: {CLIENTS} concurrent clients", rates)


if __name__ == "__main__":
    main()
