"""Teams without Teams: a local token issuer with its own RSA keys (OpenID metadata and JWKS on
loopback) signs activities as the Bot Connector does, the bot's real aiohttp endpoint runs on a
free loopback port, and the connector (the activities' serviceUrl) is a recording HTTP server
that answers roster look-ups and records every reply, card update and proactive post."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from microsoft_agents.hosting.core.authorization import (
    AccessTokenProviderBase,
    AgentAuthConfiguration,
    ClaimsIdentity,
)

APP_ID = "00000000-0000-0000-0000-00000000b07"
ISSUER = "https://api.botframework.com"
CONNECTOR_TOKEN = "connector-test-token"
BOT_ACCOUNT = {"id": f"28:{APP_ID}", "name": "Tiltak"}


def _serve(handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


class TokenIssuer:
    """Signs tokens as the Bot Connector does, with keys only this test knows."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = uuid.uuid4().hex
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwks = {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.endswith("/openidconfiguration"):
                    body = {"issuer": ISSUER, "jwks_uri": f"{issuer.url}/keys"}
                elif self.path == "/keys":
                    body = jwks
                else:
                    self.send_error(404)
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server, self.url = _serve(Handler)
        self.metadata_url = f"{self.url}/v1/.well-known/openidconfiguration"

    def token(self, service_url: str, **overrides: Any) -> str:
        """A connector token for an activity from `service_url` (claims may be overridden)."""
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": APP_ID,
            "serviceurl": service_url,
            "nbf": now - 5,
            "exp": now + 3600,
            **overrides,
        }
        key = overrides.pop("signing_key", None) or self.key
        claims.pop("signing_key", None)
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Call:
    """A request the bot made to the connector."""

    method: str
    path: str
    body: dict[str, Any]
    authorization: str
    answered_id: str = ""  # the activity id the connector gave a posted message


@dataclass
class Connector:
    """The Bot Connector's REST API as a recording server on loopback."""

    members: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)
    throttle: int = 0  # answer this many posts with 429 first
    retry_after: str = "1"  # the Retry-After of those 429s
    throttles: list[str] = field(default_factory=list)  # then one 429 per Retry-After, in order
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        connector = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                connector._serve(self, "GET")

            def do_POST(self) -> None:
                connector._serve(self, "POST")

            def do_PUT(self) -> None:
                connector._serve(self, "PUT")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server, self.url = _serve(Handler)

    def _serve(self, request: BaseHTTPRequestHandler, method: str) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else {}
        path = request.path.split("?", 1)[0]
        auth = request.headers.get("Authorization", "")
        status, answer, headers = 200, {}, {}
        with self.lock:
            if method == "GET" and "/members/" in path:
                member = self.members.get(path.rsplit("/", 1)[-1])
                status, answer = (200, member) if member else (404, {"error": "not found"})
                self.calls.append(Call(method, path, body, auth))
            else:
                if method == "POST" and (self.throttle > 0 or self.throttles):
                    if self.throttle > 0:
                        self.throttle -= 1
                        wait = self.retry_after
                    else:
                        wait = self.throttles.pop(0)
                    status, answer, headers = 429, {"error": "throttled"}, {"Retry-After": wait}
                elif path == "/v3/conversations":
                    answer = {"id": f"a:opened-{len(self.calls) + 1}"}
                else:
                    answer = {"id": f"act-{len(self.calls) + 1}"}
                self.calls.append(Call(method, path, body, auth, str(answer.get("id", ""))))
        data = json.dumps(answer).encode()
        request.send_response(status)
        for name, value in headers.items():
            request.send_header(name, value)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def add_member(self, user_id: str, aad: str, *, email: str | None, name: str) -> None:
        """A person on the conversation's roster (Teams gives their Entra e-mail)."""
        member = {
            "id": user_id,
            "name": name,
            "aadObjectId": aad,
            **({"email": email, "userPrincipalName": email} if email else {}),
        }
        # Teams finds a member by their Teams id or by their Entra ID object id.
        self.members[user_id] = self.members[aad] = member

    def posts(self) -> list[Call]:
        """Messages the bot posted (replies and proactive messages), 429s left out."""
        with self.lock:
            return [c for c in self.calls if c.method == "POST" and c.body.get("type")]

    def updates(self) -> list[Call]:
        """Card updates (updateActivity)."""
        with self.lock:
            return [c for c in self.calls if c.method == "PUT"]

    def wait_posts(self, count: int, timeout: float = 10.0) -> list[Call]:
        """Wait until at least `count` messages were posted."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.posts()
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(f"expected {count} posts, got {len(self.posts())}")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class FixedTokens(AccessTokenProviderBase):
    """The bot's own token to the connector: Entra ID is not in the test, a fixed one is."""

    async def get_access_token(
        self, resource_url: str, scopes: list[str], force_refresh: bool = False
    ) -> str:
        return CONNECTOR_TOKEN

    @property
    def configuration(self) -> AgentAuthConfiguration:
        return AgentAuthConfiguration(client_id=APP_ID)

    def get_token_credential(self) -> Any:
        raise NotImplementedError

    async def acquire_token_on_behalf_of(self, scopes: list[str], user_assertion: str) -> str:
        raise NotImplementedError

    async def get_agentic_application_token(
        self, tenant_id: str, agent_app_instance_id: str
    ) -> str | None:
        raise NotImplementedError

    async def get_agentic_instance_token(
        self, tenant_id: str, agent_app_instance_id: str
    ) -> tuple[str, str]:
        raise NotImplementedError

    async def get_agentic_user_token(
        self, tenant_id: str, agent_app_instance_id: str, agentic_user_id: str, scopes: list[str]
    ) -> str | None:
        raise NotImplementedError


class FixedConnections:
    """A `Connections` for the SDK that hands out FixedTokens."""

    def __init__(self) -> None:
        self.provider = FixedTokens()

    def get_connection(self, connection_name: str) -> AccessTokenProviderBase:
        return self.provider

    def get_default_connection(self) -> AccessTokenProviderBase:
        return self.provider

    def get_token_provider(
        self, claims_identity: ClaimsIdentity, service_url: str
    ) -> AccessTokenProviderBase:
        return self.provider

    def get_token_provider_from_activity(
        self, claims_identity: ClaimsIdentity, activity: Any
    ) -> AccessTokenProviderBase:
        return self.provider

    def get_default_connection_configuration(self) -> AgentAuthConfiguration:
        return AgentAuthConfiguration(client_id=APP_ID)


class BotServer:
    """The bot's aiohttp app on its own event loop thread, on a free loopback port."""

    def __init__(self, app: web.Application) -> None:
        self.loop = asyncio.new_event_loop()
        self.runner = web.AppRunner(app)
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self.loop)
            self.loop.run_until_complete(self.runner.setup())
            site = web.TCPSite(self.runner, "127.0.0.1", 0)
            self.loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            ready.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        assert ready.wait(10)
        self.url = f"http://127.0.0.1:{self.port}/api/messages"

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@dataclass
class Person:
    """A Teams user: their Teams id (29:…) and Entra ID object id."""

    user_id: str
    aad: str
    name: str


PERSONAL = "a:personal-chat-"
CHANNEL = "19:sirkular@thread.tacv2"


class TeamsHarness:
    """Posts signed activities to the bot's endpoint and reads what it posted back."""

    def __init__(self, bot: BotServer, issuer: TokenIssuer, connector: Connector) -> None:
        self.bot = bot
        self.issuer = issuer
        self.connector = connector

    def activity(
        self,
        person: Person,
        text: str | None,
        *,
        channel: bool = False,
        activity_id: str | None = None,
        value: dict[str, Any] | None = None,
        reply_to: str | None = None,
        kind: str = "message",
    ) -> dict[str, Any]:
        """A message activity as Teams sends it, in the person's personal chat or the channel."""
        conversation: dict[str, Any] = (
            {"id": CHANNEL, "conversationType": "channel", "isGroup": True}
            if channel
            else {"id": PERSONAL + person.aad, "conversationType": "personal"}
        )
        body: dict[str, Any] = {
            "type": kind,
            "id": activity_id or f"1{uuid.uuid4().int % 10**15}",
            "timestamp": "2025-01-10T09:00:00.000Z",
            "serviceUrl": self.connector.url + "/",
            "channelId": "msteams",
            "from": {"id": person.user_id, "name": person.name, "aadObjectId": person.aad},
            "conversation": {**conversation, "tenantId": "tenant-1"},
            "recipient": BOT_ACCOUNT,
            "channelData": {"tenant": {"id": "tenant-1"}},
        }
        if text is not None:
            body["text"] = f"<at>Tiltak</at> {text}" if channel else text
            if channel:
                body["entities"] = [
                    {"type": "mention", "text": "<at>Tiltak</at>", "mentioned": BOT_ACCOUNT}
                ]
        if value is not None:
            body["value"] = value
        if reply_to:
            body["replyToId"] = reply_to
        return body

    def post(self, body: dict[str, Any], *, token: str | None = "signed") -> tuple[int, Any]:
        """POST an activity with a connector token (`token=None`: no Authorization header)."""
        headers = {"Content-Type": "application/json"}
        if token == "signed":
            token = self.issuer.token(body["serviceUrl"])
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(
            self.bot.url, data=json.dumps(body).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                raw = answer.read()
                return answer.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            return exc.code, json.loads(raw) if raw else None

    def say(self, person: Person, text: str, **options: Any) -> Call:
        """Send a message and return the bot's one reply to it."""
        before = len(self.connector.posts())
        status, _ = self.post(self.activity(person, text, **options))
        assert status in (200, 202), status
        posts = self.connector.wait_posts(before + 1)
        return posts[before]


def text_of(call: Call) -> str:
    """What a person reads in a posted message: its text and its cards' texts."""
    parts = [call.body.get("text") or ""]
    for attachment in call.body.get("attachments") or []:
        for block in (attachment.get("content") or {}).get("body", []):
            if block.get("type") == "TextBlock":
                parts.append(block.get("text", ""))
    return "\n".join(parts)


# The two members the tests speak as: Teams user id, Entra ID object id, display name.
PEOPLE = {
    "Asbjørn Lunde": Person("29:lunde", "aad-lunde-0001", "Asbjørn Lunde"),
    "Eli Bryhni": Person("29:eli", "aad-eli-0002", "Eli Bryhni"),
}
