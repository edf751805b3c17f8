"""The matrix-nio client as the bot and the sender use it: one configuration, one way to log in
(an access token, else a password, always onto a fixed device), and one way to send an event
that honours `M_LIMIT_EXCEEDED` with bounded tries and reports a result value instead of raising.

nio's own retries are switched off (`max_limit_exceeded=0`, `max_timeouts=0`): by default it
retries rate limits and connection errors forever, which hides an outage from the caller."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from nio import (
    AsyncClient,
    AsyncClientConfig,
    ErrorResponse,
    LocalProtocolError,
    LoginError,
    RoomSendResponse,
    SendRetryError,
    WhoamiResponse,
)

from chatops.delivery import Delivered, DeliveryResult, Failed
from chatops.runtime import MatrixSettings

log = logging.getLogger(__name__)

# What a request raises when the homeserver cannot be reached (nio raises these once its own
# retries are off).
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (aiohttp.ClientError, TimeoutError, OSError)


def new_client(
    settings: MatrixSettings, *, device_id: str, store_path: Path | None, request_timeout: float
) -> AsyncClient:
    """An AsyncClient with our configuration; E2EE is on when a store path is given."""
    config = AsyncClientConfig(
        max_limit_exceeded=0,
        max_timeouts=0,
        request_timeout=request_timeout,
        encryption_enabled=store_path is not None,
        store_sync_tokens=False,  # the position lives in our database, saved after handling
    )
    return AsyncClient(
        settings.homeserver.rstrip("/"),
        settings.user_id,
        device_id=device_id,
        store_path=str(store_path) if store_path else "",
        config=config,
    )


@dataclass(frozen=True)
class LoginResult:
    """How a login went: `error` when it failed (`unreachable` when trying again may help),
    `store_error` when the login worked but the E2EE key store could not be loaded."""

    error: str | None = None
    store_error: str | None = None
    unreachable: bool = False


async def log_in(
    client: AsyncClient, *, user_id: str, token: str, password: str, device_name: str
) -> LoginResult:
    """Log in with an access token (no request but a whoami) or a password, on the client's
    device; a key store that cannot be loaded is reported, not raised."""
    device_id = client.device_id
    if token:
        client.user_id, client.access_token = user_id, token
        try:
            who = await client.whoami()
        except TRANSIENT_ERRORS as exc:
            return LoginResult(error=f"homeserver unreachable: {exc}", unreachable=True)
        if not isinstance(who, WhoamiResponse):
            if (http_status(who) or 0) >= 500:
                return LoginResult(error=f"homeserver error: {who}", unreachable=True)
            return LoginResult(error=f"the access token was refused: {who}")
        if who.device_id and who.device_id != device_id:
            # The token belongs to one device; its keys must be that device's keys.
            log.warning("the access token is for device %s, not %s", who.device_id, device_id)
            device_id = who.device_id
        try:
            client.restore_login(user_id, device_id, token)
        except Exception as exc:  # peewee and OS errors from the key store
            return LoginResult(store_error=_describe(exc))
        return LoginResult()
    if not password:
        return LoginResult(error="neither an access token nor a password is configured")
    try:
        response = await client.login(password, device_name=device_name)
    except TRANSIENT_ERRORS as exc:
        return LoginResult(error=f"homeserver unreachable: {exc}", unreachable=True)
    except Exception as exc:  # the login worked, loading the key store did not
        if client.access_token:
            return LoginResult(store_error=_describe(exc))
        raise
    if isinstance(response, LoginError):
        unreachable = (http_status(response) or 0) >= 500
        return LoginResult(error=f"login refused: {response}", unreachable=unreachable)
    return LoginResult()


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def is_rate_limited(response: Any) -> bool:
    """Whether an error response is the homeserver's `M_LIMIT_EXCEEDED` (or a bare 429)."""
    if not isinstance(response, ErrorResponse):
        return False
    status = getattr(getattr(response, "transport_response", None), "status", None)
    return response.status_code in ("M_LIMIT_EXCEEDED", 429) or status == 429


def http_status(response: Any) -> int | None:
    """The HTTP status behind a nio response, when known."""
    status = getattr(getattr(response, "transport_response", None), "status", None)
    return status if isinstance(status, int) else None


async def send_event(
    client: AsyncClient,
    room_id: str,
    content: dict[str, Any],
    *,
    txn: str,
    event_type: str = "m.room.message",
    tries: int = 4,
    longest_wait: float = 20.0,
) -> DeliveryResult:
    """Send one event; rate limits wait `retry_after_ms` and outages back off, `tries` at most.

    The transaction id makes a retry the same request, so the homeserver posts it once. A wait
    longer than `longest_wait` is handed back as `Failed(retry_after=…)` for the caller to
    schedule, rather than blocking."""
    last: Failed = Failed("not sent")
    for attempt in range(tries):
        try:
            response = await client.room_send(
                room_id, event_type, content, tx_id=txn, ignore_unverified_devices=True
            )
        except TRANSIENT_ERRORS as exc:
            last = Failed(f"homeserver unreachable: {exc}")
            await asyncio.sleep(min(0.5 * 2**attempt, longest_wait))
            continue
        except (LocalProtocolError, SendRetryError) as exc:
            return Failed(f"cannot send to {room_id}: {exc}", permanent=True)
        if isinstance(response, RoomSendResponse):
            return Delivered(message_id=response.event_id, room_id=room_id)
        if is_rate_limited(response):
            wait = (getattr(response, "retry_after_ms", None) or 1000) / 1000
            last = Failed(f"rate limited: {response}", retry_after=wait)
            if wait > longest_wait or attempt + 1 == tries:
                return last
            log.info("rate limited in %s, waiting %.1f s as asked", room_id, wait)
            await asyncio.sleep(wait)
            continue
        status = http_status(response)
        if status is not None and status >= 500:
            last = Failed(f"homeserver error: {response}")
            await asyncio.sleep(min(0.5 * 2**attempt, longest_wait))
            continue
        return Failed(f"refused: {response}", permanent=True)
    return last
