"""The Bot Connector's signature on every activity, checked before the SDK sees it: a bearer JWT
signed (RS256) with a key published at the connector's OpenID metadata, issued by one of its
issuers, for this bot's app id as audience. The metadata address is a setting (Bot Framework's
own by default), so a test's local token issuer can stand in for the connector. The SDK checks
the token's `serviceurl` claim against the activity's serviceUrl afterwards."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import urllib.request
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

import jwt
from aiohttp import web
from aiohttp.typedefs import Middleware
from microsoft_agents.hosting.core.authorization import ClaimsIdentity

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
CLAIMS_KEY = "claims_identity"
_REFUSED = {"error": "Invalid token or authentication failed."}


class ConnectorTokens:
    """Validates the Bot Connector's tokens against its published keys (fetched once, cached)."""

    def __init__(self, *, app_id: str, metadata_url: str, issuers: tuple[str, ...]) -> None:
        self.app_id = app_id
        self.metadata_url = metadata_url
        self.issuers = list(issuers)
        self._keys: jwt.PyJWKClient | None = None
        self._lock = threading.Lock()

    def _key_client(self) -> jwt.PyJWKClient:
        with self._lock:
            if self._keys is None:
                with urllib.request.urlopen(self.metadata_url, timeout=10) as answer:  # noqa: S310
                    metadata = json.loads(answer.read())
                self._keys = jwt.PyJWKClient(metadata["jwks_uri"], cache_keys=True)
            return self._keys

    def claims(self, token: str) -> dict[str, Any]:
        """The verified claims of a token; raises jwt.PyJWTError or ValueError when refused."""
        key = self._key_client().get_signing_key_from_jwt(token)
        claims: dict[str, Any] = jwt.decode(
            token,
            key=key.key,
            algorithms=["RS256"],
            audience=self.app_id,
            issuer=self.issuers,
            leeway=300,
            options={"require": ["exp", "iss", "aud"]},
        )
        return claims


def middleware(tokens: ConnectorTokens) -> Middleware:
    """aiohttp middleware: a request without a valid connector token is answered 401."""

    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return web.json_response(_REFUSED, status=401)
        try:
            claims = await asyncio.to_thread(tokens.claims, token)
        except (jwt.PyJWTError, ValueError, KeyError, OSError) as exc:
            log.warning("Teams token refused: %s", type(exc).__name__)
            return web.json_response(_REFUSED, status=401)
        identity = ClaimsIdentity(claims, authentication_type="Bearer", security_token=token)
        # The SDK's request adapter reads the identity under this plain string key (as its own
        # middleware sets it), so aiohttp's advice to use a typed RequestKey cannot be taken.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", web.NotAppKeyWarning)
            request[CLAIMS_KEY] = identity
        return await handler(request)

    return check
