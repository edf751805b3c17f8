"""The console's sender, for the embedded default: a message to a room or a person is appended as
text to `<var>/console-outbox.log` (and echoed when the worker runs in a terminal). An
idempotency key it has seen before is not written again, so a repeated delivery posts once."""

from __future__ import annotations

import fcntl
import json
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo

from chatops.delivery import Delivered, DeliveryResult, Destination
from chatops.render import render_text
from chatops.reply import Reply
from chatops.runtime import Clock, Runtime

PLATFORM = "console"
LOG_NAME = "console-outbox.log"
INDEX_NAME = "console-outbox.sent"


class ConsoleSender:
    """Writes messages to a log file that a person can follow with `tail -f`."""

    platform = PLATFORM

    def __init__(
        self, directory: Path, clock: Clock, zone: ZoneInfo, *, echo: bool = False
    ) -> None:
        self.log_path = directory / LOG_NAME
        self.index_path = directory / INDEX_NAME
        self.clock = clock
        self.zone = zone
        self.echo = echo

    def send(
        self, destination: Destination, reply: Reply, *, idempotency_key: str
    ) -> DeliveryResult:
        """Append the message unless this key was written before."""
        with self._locked_index() as index:
            index.seek(0)
            for line in index:
                if line.strip():
                    seen = json.loads(line)
                    if seen["key"] == idempotency_key:
                        return Delivered(seen["id"], destination.target)
            message_id = f"console-{uuid.uuid4().hex[:12]}"
            self._write(destination, message_id, render_text(reply))
            index.seek(0, 2)
            index.write(json.dumps({"key": idempotency_key, "id": message_id}) + "\n")
            index.flush()
        return Delivered(message_id, destination.target)

    def update(self, destination: Destination, message_id: str, reply: Reply) -> DeliveryResult:
        """The console cannot edit what it printed: it prints the new version below."""
        with self._locked_index():
            self._write(destination, message_id, render_text(reply))
        return Delivered(message_id, destination.target)

    def _write(self, destination: Destination, message_id: str, text: str) -> None:
        to = f"@{destination.target}" if destination.direct else f"#{destination.target}"
        stamp = self.clock.now().astimezone(self.zone).strftime("%Y-%m-%d %H:%M")
        block = f"── {stamp} → {to} ({message_id})\n{text}\n\n"
        with self.log_path.open("a", encoding="utf-8") as log:
            log.write(block)
        if self.echo:
            sys.stdout.write(block)
            sys.stdout.flush()

    @contextmanager
    def _locked_index(self) -> Iterator[IO[str]]:
        # One lock for the index and the log: several work horses may write at once.
        self.index_path.parent.mkdir(parents=True, exist_ok=True)
        with self.index_path.open("a+", encoding="utf-8") as index:
            fcntl.flock(index, fcntl.LOCK_EX)
            try:
                yield index
            finally:
                fcntl.flock(index, fcntl.LOCK_UN)


def make_sender(runtime: Runtime) -> ConsoleSender:
    """The `tiltak.senders` entry point: the console is always there."""
    ctx = runtime.ctx
    return ConsoleSender(runtime.settings.var_dir, ctx.clock, ctx.zone, echo=sys.stdout.isatty())
