"""The delivery queue on an explicit Redis connection: nothing global, nothing opened at import.

The Redis URL comes from the settings (`REDIS_URL`); when it is unset, from the private server
that `tiltak run` starts under the var directory, while that server runs."""

from __future__ import annotations

from redis import Redis
from rq import Queue

from tracker.config import Settings
from worker import redis_server

QUEUE_NAME = "delivery"


def connect(url: str) -> Redis:
    """A Redis client for the URL; it connects on first use and fails fast when Redis is down."""
    return Redis.from_url(url, socket_connect_timeout=5, health_check_interval=30)


def delivery_queue(connection: Redis, name: str = QUEUE_NAME) -> Queue:
    """The queue deliveries wait on."""
    return Queue(name, connection=connection)


def job_id(outbox_id: int) -> str:
    """The RQ job id of an outbox row: one job per row, so a row is never queued twice."""
    return f"outbox-{outbox_id}"


def redis_url(settings: Settings) -> str | None:
    """Where Redis is: `REDIS_URL`, else the running private server of this var directory."""
    return settings.redis_url or redis_server.running_url(settings.var_dir)
