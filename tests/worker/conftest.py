"""Fixtures of the worker tests: a real Redis and real RQ workers in burst mode, on the test
clock. Redis is 127.0.0.1:6379 where it answers (in a database of its own, claimed for the run,
and only RQ's keys in it are ever removed); else a private redis-server this fixture starts.
Nothing here skips: a Redis that cannot be had fails the run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from redis_support import claimed_redis, clear_rq_keys
from rq import Queue
from worker_support import FilePlatform, install

from tracker.bootstrap import Runtime
from worker import jobs
from worker.queue import connect, delivery_queue

SHARED_REDIS_DB = 13
CLAIM_KEY = "tiltak-tests:worker-claim"


@pytest.fixture(scope="session")
def redis_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of the Redis database the worker tests use for the whole run."""
    with claimed_redis(SHARED_REDIS_DB, CLAIM_KEY, tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture
def redis_url(redis_base: str) -> Iterator[str]:
    """The Redis URL of one test, its RQ keys cleared before and after."""
    connection = connect(redis_base)
    clear_rq_keys(connection)
    yield redis_base
    clear_rq_keys(connection)
    connection.close()


@pytest.fixture
def queue(redis_url: str) -> Iterator[Queue]:
    """The delivery queue on the test Redis."""
    connection = connect(redis_url)
    yield delivery_queue(connection)
    connection.close()


@pytest.fixture
def platform(tmp_path: Path) -> FilePlatform:
    """The chat platform the messages arrive on."""
    return FilePlatform(tmp_path / "platform.jsonl")


@pytest.fixture
def wired(runtime: Runtime, platform: FilePlatform) -> Iterator[Runtime]:
    """Deliveries of this process (and its forked work horses) go to the file platform."""
    install(runtime, platform)
    yield runtime
    jobs.uninstall()
