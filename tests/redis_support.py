"""The Redis a folder of tests runs its RQ worker on: a database of the machine's Redis, claimed
for the run so that two runs on one machine never share it, or a private redis-server when
127.0.0.1:6379 cannot be had. One definition for the worker, Slack and Teams tests."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from redis import Redis
from redis.exceptions import RedisError

from worker.redis_server import PrivateRedis


def clear_rq_keys(connection: Redis) -> None:
    """Delete every RQ key (queues, jobs, registries) in the connection's database."""
    keys = list(connection.scan_iter("rq:*", count=1000))
    for start in range(0, len(keys), 500):
        connection.delete(*keys[start : start + 500])


@contextmanager
def claimed_redis(db: int, claim_key: str, spare_dir: Path) -> Iterator[str]:
    """The URL of database `db` of the machine's Redis while this run holds its claim, else of a
    private redis-server in `spare_dir`; the RQ keys are cleared and the claim given back after."""
    shared = Redis(host="127.0.0.1", port=6379, db=db, socket_connect_timeout=1)
    token = uuid.uuid4().hex
    try:
        claimed = bool(shared.set(claim_key, token, nx=True, ex=3600))
    except RedisError:
        claimed = False
    if claimed:
        try:
            yield f"redis://127.0.0.1:6379/{db}"
        finally:
            clear_rq_keys(shared)
            if shared.get(claim_key) == token.encode():
                shared.delete(claim_key)
            shared.close()
        return
    shared.close()
    with PrivateRedis(spare_dir) as server:
        yield server.url
