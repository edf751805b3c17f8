"""Helpers of the worker tests: a chat platform kept in a file (so forked work horses and other
processes post to the same place), its sender, real burst workers, and the seed's people."""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from rq import Queue, Retry, Worker

from chatops.delivery import Delivered, DeliveryResult, Destination, Failed
from chatops.render import render_text
from chatops.reply import Reply
from tracker import schemas as s
from tracker.bootstrap import Runtime
from tracker.clock import Clock
from tracker.models import Channel, TaskStatus
from tracker.services import groups, identity, outbox, rooms, tasks
from tracker.services.context import Actor, ServiceContext
from worker import jobs
from worker.tick import TickResult, tick_once

PLATFORM = "fake"
ADMIN = Actor.system_actor(Channel.CLI)
# Retries a test can wait for: a second apart.
QUICK_RETRY = Retry(max=2, interval=[1, 1])


class FilePlatform:
    """A chat platform in a JSON-lines file. Like Matrix with transaction ids, a post repeated
    with a key it has seen returns the first post instead of posting again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.outage_path = path.with_suffix(".down")
        self.path.touch()

    @contextmanager
    def _locked(self) -> Iterator[TextIO]:
        with self.path.open("a+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                handle.seek(0)
                yield handle
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def posts(self) -> list[dict[str, Any]]:
        """Everything posted, in order."""
        with self._locked() as handle:
            return [json.loads(line) for line in handle if line.strip()]

    def post(self, record: dict[str, Any]) -> tuple[str, bool]:
        """Post unless the key was posted before; the post's id, and whether it is new."""
        with self._locked() as handle:
            for line in handle:
                if line.strip() and json.loads(line)["key"] == record["key"]:
                    return json.loads(line)["id"], False
            message_id = f"m{sum(1 for _ in self.path.open(encoding='utf-8')) + 1}"
            handle.write(json.dumps({**record, "id": message_id}, ensure_ascii=False) + "\n")
            handle.flush()
            return message_id, True

    def go_down(self, reason: str, retry_after: float | None = None) -> None:
        """From now on every post fails, as during an outage."""
        self.outage_path.write_text(json.dumps({"reason": reason, "retry_after": retry_after}))

    def come_back(self) -> None:
        """Posts work again."""
        self.outage_path.unlink(missing_ok=True)

    def outage(self) -> dict[str, Any] | None:
        """The current outage, if any."""
        if not self.outage_path.exists():
            return None
        found: dict[str, Any] = json.loads(self.outage_path.read_text())
        return found


class FileSender:
    """The sender of the file platform; optionally hangs right after posting (until killed)."""

    platform = PLATFORM

    def __init__(self, target: FilePlatform, clock: Clock, *, hang_marker: Path | None = None):
        self.target = target
        self.clock = clock
        self.hang_marker = hang_marker

    def send(
        self, destination: Destination, reply: Reply, *, idempotency_key: str
    ) -> DeliveryResult:
        outage = self.target.outage()
        if outage is not None:
            return Failed(outage["reason"], retry_after=outage["retry_after"])
        message_id, _new = self.target.post(
            {
                "key": idempotency_key,
                "target": destination.target,
                "direct": destination.direct,
                "title": reply.title,
                "text": render_text(reply),
                "at": self.clock.now().isoformat(),
            }
        )
        if self.hang_marker is not None:
            # Posted, not yet recorded: the moment a crash would hurt most. Wait to be killed.
            self.hang_marker.write_text(str(os.getpid()))
            time.sleep(600)
        return Delivered(message_id, destination.target)

    def update(self, destination: Destination, message_id: str, reply: Reply) -> DeliveryResult:
        return Delivered(message_id, destination.target)


def install(runtime: Runtime, target: FilePlatform) -> None:
    """Wire this process's deliveries to the file platform."""
    jobs.install(runtime, {PLATFORM: FileSender(target, runtime.ctx.clock)})


def work(queue: Queue, *, scheduler: bool = False) -> None:
    """Run a real forking RQ worker in burst mode until the queue is empty."""
    Worker([queue], connection=queue.connection).work(
        burst=True, with_scheduler=scheduler, logging_level="WARNING"
    )


def tick(runtime: Runtime, queue: Queue) -> TickResult:
    """One tick on the fake platform (the platform people are reached on first)."""
    return tick_once(runtime, queue, platforms=(PLATFORM,))


def wait_for(condition: Any, timeout: float = 20.0, what: str = "condition") -> None:
    """Poll until condition() is true."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


# --- the seed's people and workgroups --------------------------------------------------------


def group_id(ctx: ServiceContext) -> int:
    found = groups.default_group_id(ctx)
    assert found is not None
    return found


def workgroup_id(ctx: ServiceContext, number: int) -> int:
    (found,) = [
        wg for wg in groups.list_workgroups(ctx, group_id=group_id(ctx)) if wg.number == number
    ]
    return found.id


def person_id(ctx: ServiceContext, name: str) -> int:
    (person,) = groups.find_people(ctx, name=name)
    return person.id


def user_id_of(ctx: ServiceContext, name: str) -> str:
    """Link a person to the fake platform and return their platform user id."""
    pid = person_id(ctx, name)
    user = f"U{pid:04d}"
    identity.link_identity(ctx, person_id=pid, platform=PLATFORM, user_id=user)
    return user


def bind(ctx: ServiceContext, room: str, *, workgroup: int | None = None) -> None:
    """Bind a fake-platform room to the group, or to a workgroup by number."""
    rooms.bind_room(
        ctx,
        actor=ADMIN,
        platform=PLATFORM,
        room_id=room,
        group_id=group_id(ctx),
        workgroup_id=workgroup_id(ctx, workgroup) if workgroup is not None else None,
    )


def add_task(
    ctx: ServiceContext,
    title: str,
    *,
    workgroup: int,
    owner: str | None = None,
    due: date | None = None,
    status: TaskStatus = TaskStatus.TODO,
    reason: str | None = None,
    meeting_id: int | None = None,
) -> s.TaskView:
    return tasks.create_task(
        ctx,
        actor=ADMIN,
        data=s.TaskCreate(
            title=title,
            workgroup_id=workgroup_id(ctx, workgroup),
            owner_id=person_id(ctx, owner) if owner else None,
            due_on=due,
            status=status,
            blocked_reason=reason,
            meeting_id=meeting_id,
        ),
    )


def rows(ctx: ServiceContext) -> list[outbox.OutboxEntry]:
    """Every outbox row, oldest first."""
    return sorted(outbox.list_entries(ctx, limit=10_000), key=lambda e: e.id)


def kinds(found: list[outbox.OutboxEntry]) -> list[str]:
    return [entry.kind for entry in found]


def at(text: str, zone: str = "Europe/Oslo") -> datetime:
    """A local wall-clock time, e.g. at("2025-01-13 08:00")."""
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def week_of_work(ctx: ServiceContext) -> None:
    """A week in the seed's five workgroups, as of Monday 13 January 2025: something overdue,
    blocked, due soon, in progress and done; workgroup 4 has had a quiet week."""
    from tracker.clock import FixedClock

    clock = ctx.clock
    assert isinstance(clock, FixedClock)
    now = clock.now()
    clock.set(at("2025-01-08 09:00"))
    add_task(
        ctx,
        "Møte med NAV om arbeidsinnvandring",
        workgroup=1,
        owner="Asbjørn Flo",
        status=TaskStatus.DONE,
    )
    add_task(
        ctx,
        "Kartlegg behov for internasjonal arbeidskraft",
        workgroup=1,
        owner="Asbjørn Flo",
        due=date(2025, 1, 24),
        status=TaskStatus.DOING,
    )
    add_task(
        ctx,
        "Innspill til Den Store Sirkulærkonferansen",
        workgroup=2,
        owner="Asbjørn Lunde",
        due=date(2025, 1, 10),
    )
    add_task(
        ctx,
        "Søk om midler til ombrukssentral",
        workgroup=2,
        owner="Asbjørn Lunde",
        status=TaskStatus.BLOCKED,
        reason="venter på budsjettet for 2025",
    )
    add_task(
        ctx,
        "Oversikt over næringsprosjekter i regionen",
        workgroup=3,
        owner="Dag Aanensen",
        due=date(2025, 1, 16),
        status=TaskStatus.DOING,
    )
    add_task(
        ctx, "Tall for tilflytting 2024", workgroup=5, owner="Ove Gjesdal", due=date(2025, 1, 20)
    )
    clock.set(now)


def sign_in(client: Any, ctx: ServiceContext, person: int) -> None:
    """Sign a Flask test client in through a real one-time link (open it, press the button)."""
    import re

    from tracker.services import access

    token = access.create_sign_in_link(ctx, person_id=person, requested_via="test")
    page = client.get(f"/sign-in/{token}")
    assert page.status_code == 200, page.status
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    assert found is not None
    response = client.post(f"/sign-in/{token}", data={"csrf_token": found.group(1)})
    assert response.status_code == 303, response.status
