"""Reply latency on Matrix, member to member: a member sends a command, and the clock stops when
the member's own client receives the answer. Against a real Synapse on loopback, our bot
(`tiltak matrix`, a process of its own, default settings) takes turns with a bare matrix-nio echo
bot (another process, bench/matrix_echo_bot.py, which imports nio alone) in the same run, for
`ping` and for `mine oppgaver` on the seed data.

Prints the medians, the ratio of our median to the echo bot's, and the bots' memory (RSS)."""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import PG_URL, bench_runtime, machine, parse_args, report

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "matrix"))

from matrix_support import (  # noqa: E402
    Homeserver,
    Member,
    ensure_synapse,
    env_for,
    shared_loop,
)
from sqlalchemy import update  # noqa: E402

from tracker import schemas as s  # noqa: E402
from tracker.bootstrap import Runtime  # noqa: E402
from tracker.importer.apply import import_invitation  # noqa: E402
from tracker.models import Channel, Person  # noqa: E402
from tracker.services import groups, platform_state, tasks  # noqa: E402
from tracker.services.context import Actor, ServiceContext  # noqa: E402

SEED = ROOT / "tests" / "data" / "invitation_seed.txt"
TILTAK = str(Path(sys.executable).parent / "tiltak")
MEMBER = "Asbjørn Lunde"
OPEN_TASKS = 8
WARMUP = 20
RUNS = 230  # each bot then answers 2 × (WARMUP + RUNS) = 500 commands before its memory is read


def rss_mib(pid: int) -> float:
    """The resident memory of a process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def wait_until_synced(
    ctx: ServiceContext, bot: subprocess.Popen[bytes], account: str, timeout: float = 180
) -> None:
    """Wait for the bot's first saved sync (it is up), however long a busy machine makes its
    start (migration, imports, login) take."""
    deadline = time.monotonic() + timeout
    while platform_state.sync_position(ctx, account=account) is None:
        if bot.poll() is not None:
            raise RuntimeError(f"tiltak matrix ended with status {bot.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"tiltak matrix did not sync within {timeout} s")
        time.sleep(0.5)


def round_trip(member: Member, room: str, text: str, bot_id: str) -> float:
    """Seconds from the member sending a command to the member's client receiving the answer."""
    started = time.perf_counter()
    command = member.send(room, text)
    answer = member.reply_to(room, command, by=bot_id, timeout=30)
    return answer.received - started


def main() -> None:
    """Set everything up, take turns, print one row per figure."""
    args = parse_args(__doc__ or "", runs=RUNS)
    ensure_synapse()
    with tempfile.TemporaryDirectory(prefix="tiltak-bench-matrix-") as tmp:
        server = Homeserver(Path(tmp) / "synapse", log_level="WARNING")
        server.configure()
        server.start()
        try:
            with bench_runtime(args.db) as runtime:
                run(args, server, runtime, Path(tmp))
        finally:
            server.stop()


def run(args: argparse.Namespace, server: Homeserver, runtime: Runtime, tmp: Path) -> None:
    """Seed the database, start both bots, take turns, report."""
    ctx = runtime.ctx
    admin = Actor.system_actor(Channel.CLI)
    imported = import_invitation(ctx, actor=admin, text=SEED.read_text(), filename=SEED.name)
    ours_account, echo_account, member_account = (
        server.register("tiltak"),
        server.register("echo"),
        server.register("member"),
    )
    (person,) = groups.find_people(ctx, name=MEMBER)
    with ctx.uow() as uow:
        uow.session.execute(
            update(Person).where(Person.id == person.id).values(matrix_id=member_account.user_id)
        )
        uow.commit()
    workgroup = groups.list_workgroups(ctx, group_id=imported.group_id)[1]
    for n in range(OPEN_TASKS):
        tasks.create_task(
            ctx,
            actor=admin,
            data=s.TaskCreate(
                title=f"Leveranse {n + 1}: innspill til handlingsprogrammet",
                workgroup_id=workgroup.id,
                owner_id=person.id,
            ),
        )
    database_url = (
        f"sqlite:///{runtime.engine.url.database}"
        if args.db == "sqlite"
        else f"{PG_URL}?options=-csearch_path%3Dtiltak_bench_{os.getpid()}"
    )
    env = env_for(ours_account, server) | {
        "DATABASE_URL": database_url,
        "TILTAK_VAR_DIR": str(tmp / "var"),
    }
    ours = subprocess.Popen(
        [TILTAK, "matrix"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    echo = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).parent / "matrix_echo_bot.py"),
            server.url,
            echo_account.user_id,
            echo_account.access_token,
            echo_account.device_id,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    member = None
    try:
        assert echo.stdout is not None
        assert echo.stdout.readline().strip() == "ready"
        wait_until_synced(ctx, ours, ours_account.user_id)
        member = Member(server.url, member_account)
        rooms = {
            "echo": (member.create_room([echo_account.user_id]), echo_account.user_id),
            "ours": (member.create_room([ours_account.user_id]), ours_account.user_id),
        }
        # Both bots are up and in their rooms: what they hold before any command.
        ready = {"tiltak bot": rss_mib(ours.pid), "echo bot": rss_mib(echo.pid)}
        for text, label in (("ping", "ping → pong"), ("mine oppgaver", "'mine oppgaver'")):
            samples: dict[str, list[float]] = {"echo": [], "ours": []}
            for turn in range(WARMUP + args.runs):
                # Take turns, and alternate who goes first, so drift hits both alike.
                order = ("echo", "ours") if turn % 2 == 0 else ("ours", "echo")
                for who in order:
                    room, bot_id = rooms[who]
                    took = round_trip(member, room, f"!t {text}" if who == "ours" else text, bot_id)
                    if turn >= WARMUP:
                        samples[who].append(took)
            report(f"matrix reply latency, echo bot, {label}, {args.db}", samples["echo"])
            report(f"matrix reply latency, tiltak bot, {label}, {args.db}", samples["ours"])
            ratio = statistics.median(samples["ours"]) / statistics.median(samples["echo"])
            print(
                f"matrix reply latency ratio tiltak/echo (medians), {label}, {args.db} | "
                f"{ratio:.3f}× | – | {args.runs} | {machine()}",
                flush=True,
            )
        for name, process in (("tiltak bot", ours), ("echo bot", echo)):
            print(
                f"matrix {name} memory (RSS) when ready | {ready[name]:.1f} MiB | – | 1 | "
                f"{machine()}",
                flush=True,
            )
            print(
                f"matrix {name} memory (RSS) after {2 * (WARMUP + args.runs)} commands | "
                f"{rss_mib(process.pid):.1f} MiB | – | 1 | {machine()}",
                flush=True,
            )
    finally:
        if member is not None:
            member.close()
        shared_loop().run(asyncio.sleep(0))
        for process in (ours, echo):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()
