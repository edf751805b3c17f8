"""A delivery worker in a process of its own, for the tests that kill one: a real forking RQ
worker in burst mode whose sender posts to the file platform and, with --hang, then waits to be
killed before the delivery is recorded.

    python worker_process.py DB_URL REDIS_URL VAR_DIR PLATFORM_FILE NOW [--hang MARKER]
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from rq import Worker
from worker_support import PLATFORM, FilePlatform, FileSender

from tracker.bootstrap import bootstrap
from tracker.clock import FixedClock
from tracker.config import Settings
from worker import jobs
from worker.queue import connect, delivery_queue


def main() -> None:
    parser = argparse.ArgumentParser()
    for name in ("db_url", "redis_url", "var_dir", "platform_file", "now"):
        parser.add_argument(name)
    parser.add_argument("--hang", type=Path, default=None)
    args = parser.parse_args()
    settings = Settings(
        _env_file=None,
        database_url=args.db_url,
        var_dir=Path(args.var_dir),
        secret_key="test-secret",
    )
    runtime = bootstrap(settings, clock=FixedClock(datetime.fromisoformat(args.now)))
    sender = FileSender(
        FilePlatform(Path(args.platform_file)), runtime.ctx.clock, hang_marker=args.hang
    )
    jobs.install(runtime, {PLATFORM: sender})
    connection = connect(args.redis_url)
    Worker([delivery_queue(connection)], connection=connection).work(
        burst=True, logging_level="WARNING"
    )


if __name__ == "__main__":
    main()
