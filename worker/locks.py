"""One owner at a time for what an installation runs under its var directory (`tiltak run`, its
private Redis): a POSIX lock on a file that names the owner's process id. The kernel drops the
lock when the owner dies, even by kill -9, so a lock file left behind never blocks the next run,
and a live owner is never mistaken for a leftover."""

from __future__ import annotations

import fcntl
import os
from contextlib import suppress
from pathlib import Path
from typing import IO


class HeldElsewhere(RuntimeError):
    """Another live process holds the lock."""

    def __init__(self, path: Path, pid: int | None) -> None:
        super().__init__(f"{path} is held by process {pid}")
        self.path = path
        self.pid = pid


class OwnerLock:
    """An exclusive lock on a file, held by this process until `release` or its exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock, or raise HeldElsewhere naming the process that has it."""
        if self._file is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="ascii")
        try:
            # lockf, not flock: the lock belongs to the process, so the same process taking it
            # again (a test, a restart within one run) is not refused by itself.
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            owner = handle.read().strip()
            handle.close()
            raise HeldElsewhere(self.path, int(owner) if owner.isdigit() else None) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._file = handle

    def release(self) -> None:
        """Let the lock go (closing the file releases it)."""
        handle, self._file = self._file, None
        if handle is not None:
            with suppress(OSError):
                handle.seek(0)
                handle.truncate()
            handle.close()
