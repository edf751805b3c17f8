"""A local stand-in for Slack, as bolt-python's own tests have one: a Web API server on a free
loopback port that records every call (and answers like Slack, 429s included), a tiny Socket
Mode server (a WebSocket on loopback), and signed requests built the way Slack signs them."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import itertools
import json
import socket
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

from flask.testing import FlaskClient
from rq import Queue, SimpleWorker
from slack_sdk.signature import SignatureVerifier
from werkzeug.test import TestResponse

from adapters.slack.blocks import Card
from adapters.slack.bot import SlackBot
from tracker.bootstrap import Runtime
from worker.relay import relay

SECRET = "test-signing-secret"
BOT_USER = "UBOT"
TEAM = "T0TILTAK"


@dataclass(frozen=True)
class Call:
    """One request the app made to Slack."""

    method: str
    args: dict[str, Any]
    headers: dict[str, str]
    answer: Any = None


@dataclass
class Canned:
    """An answer the mock gives a method a number of times instead of the usual one."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str]
    times: int


class MockSlackApi:
    """Slack's Web API and response URLs on 127.0.0.1, recording every call."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.socket_url = ""
        self._canned: dict[str, list[Canned]] = {}
        self._ts = itertools.count(1)
        self._changed = threading.Condition()
        mock = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                mock._serve(self)

            def do_POST(self) -> None:
                mock._serve(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/api/"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(5)

    # --- what tests set up -------------------------------------------------------------------

    def add_user(self, user_id: str, *, email: str | None = None, name: str = "") -> None:
        """A user users.info knows, with a confirmed profile e-mail if given."""
        self.users[user_id] = {
            "id": user_id,
            "team_id": TEAM,
            "name": name.lower().replace(" ", "."),
            "is_bot": False,
            "is_email_confirmed": True,
            "profile": {"real_name": name, "display_name": name, "email": email},
        }

    def answer(
        self,
        method: str,
        *,
        status: int = 200,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next `times` calls of a method like this (e.g. a 429)."""
        self._canned.setdefault(method, []).append(
            Canned(status, body or {"ok": status == 200}, headers or {}, times)
        )

    def response_url(self, name: str) -> str:
        """A response URL (as Slack puts in a payload) that lands here."""
        return f"http://127.0.0.1:{self.port}/respond/{name}"

    # --- what tests look at --------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        """The recorded calls of one method (or of `respond` for response URLs)."""
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        """Wait until a method was called `count` times; its calls."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len([c for c in self.calls if c.method == method]) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    made = [c.method for c in self.calls]
                    raise AssertionError(f"{method} was not called {count} times: {made}")
                self._changed.wait(remaining)
            return [c for c in self.calls if c.method == method]

    def reset(self) -> None:
        """Forget the recorded calls."""
        with self._changed:
            self.calls.clear()

    # --- serving -------------------------------------------------------------------------------

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length).decode("utf-8") if length else ""
        args: dict[str, Any] = dict(parse_qsl(parts.query))
        if raw:
            if (request.headers.get("Content-Type") or "").startswith("application/json"):
                args.update(json.loads(raw))
            else:
                args.update(parse_qsl(raw))
        if parts.path.startswith("/respond/"):
            method = "respond"
            args["response_url"] = parts.path.rsplit("/", 1)[-1]
        else:
            method = parts.path.removeprefix("/api/")
        with self._changed:
            status, body, headers = self._answer_for(method, args)
            self.calls.append(Call(method, args, dict(request.headers.items()), body))
            self._changed.notify_all()
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        request.send_response(status)
        request.send_header(
            "Content-Type", "text/plain" if isinstance(body, str) else "application/json"
        )
        for name, value in headers.items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def _answer_for(
        self, method: str, args: dict[str, Any]
    ) -> tuple[int, dict[str, Any] | str, dict[str, str]]:
        queue = self._canned.get(method) or []
        if queue:
            canned = queue[0]
            canned.times -= 1
            if canned.times <= 0:
                queue.pop(0)
            return canned.status, canned.body, canned.headers
        if method == "respond":
            return 200, "ok", {}
        ts = f"1736500000.{next(self._ts):06d}"
        channel = args.get("channel", "")
        answers: dict[str, dict[str, Any]] = {
            "auth.test": {
                "ok": True,
                "url": "https://tiltak-test.slack.com/",
                "team": "tiltak",
                "team_id": TEAM,
                "user": "tiltak",
                "user_id": BOT_USER,
                "bot_id": "B0TILTAK",
            },
            "chat.postMessage": {"ok": True, "channel": channel, "ts": ts, "message": args},
            "chat.postEphemeral": {"ok": True, "message_ts": ts},
            "chat.update": {"ok": True, "channel": channel, "ts": args.get("ts", ts)},
            "chat.getPermalink": {
                "ok": True,
                "channel": channel,
                "permalink": f"https://tiltak-test.slack.com/archives/{channel}/p"
                + str(args.get("message_ts", "")).replace(".", ""),
            },
            "conversations.open": {"ok": True, "channel": {"id": "D" + args.get("users", "")}},
            "views.open": {"ok": True, "view": {"id": f"V{next(self._ts)}", "hash": "h1"}},
            "views.publish": {"ok": True, "view": {"id": "VHOME"}},
            "apps.connections.open": {"ok": True, "url": self.socket_url},
        }
        if method == "users.info":
            user = self.users.get(args.get("user", ""))
            if user is None:
                return 200, {"ok": False, "error": "user_not_found"}, {}
            return 200, {"ok": True, "user": user}, {}
        return 200, answers.get(method, {"ok": True}), {}


# --- signed requests -------------------------------------------------------------------------


def signed_headers(
    body: str, *, secret: str = SECRET, timestamp: int | None = None, content_type: str
) -> dict[str, str]:
    """The headers Slack sends with a request: its timestamp and its signature of the body."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
        "Content-Type": content_type,
    }


_FORM = "application/x-www-form-urlencoded"
_JSON = "application/json"
_ids = itertools.count(1)


def unique(prefix: str) -> str:
    """A fresh id such as Slack gives a trigger, an event or a message."""
    return f"{prefix}{next(_ids):05d}"


def command_payload(
    text: str, *, user: str, channel: str, response_url: str, command: str = "/tiltak"
) -> dict[str, str]:
    """The fields of a slash command."""
    return {
        "token": "legacy",
        "team_id": TEAM,
        "team_domain": "tiltak-test",
        "channel_id": channel,
        "channel_name": "directmessage" if channel.startswith("D") else "general",
        "user_id": user,
        "user_name": user.lower(),
        "command": command,
        "text": text,
        "api_app_id": "A0TILTAK",
        "response_url": response_url,
        "trigger_id": unique("trigger."),
    }


def event_envelope(event: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
    """An Events API callback around an event."""
    return {
        "token": "legacy",
        "team_id": TEAM,
        "api_app_id": "A0TILTAK",
        "event": event,
        "type": "event_callback",
        "event_id": event_id or unique("Ev"),
        "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
    }


def find_element(
    blocks: list[dict[str, Any]], task_id: int, action_id: str
) -> tuple[str, dict[str, Any]]:
    """The block id and element of a task card's button or picker."""
    for block in blocks:
        card = Card.parse(block.get("block_id"))
        if block.get("type") == "actions" and card is not None and card.task_id == task_id:
            for element in block["elements"]:
                if element["action_id"] == action_id:
                    return block["block_id"], element
    raise AssertionError(f"no {action_id} on a card of #{task_id}")


def visible_text(blocks: list[dict[str, Any]]) -> str:
    """All the text a person sees in some blocks, in order (mrkdwn as sent)."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and "text" in node:
                out.append(node["text"])
                return
            for key in ("text", "fields", "elements", "accessory"):
                if key in node:
                    walk(node[key])
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(out)


@dataclass
class SlackHarness:
    """Slack's side of the conversation: it signs and sends requests to the tracker's real
    `/slack/events` endpoint, and shows what the app sent back (the mock records it)."""

    client: FlaskClient
    api: MockSlackApi
    bot: SlackBot
    responses: list[TestResponse] = field(default_factory=list)

    def post(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str = SECRET,
        retry: int | None = None,
    ) -> TestResponse:
        """POST a body to /slack/events, signed as Slack signs it."""
        headers = signed_headers(
            body, secret=secret, timestamp=timestamp, content_type=content_type
        )
        if retry is not None:
            headers["X-Slack-Retry-Num"] = str(retry)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        response = self.client.post("/slack/events", data=body, headers=headers)
        self.responses.append(response)
        return response

    def command(
        self, text: str, *, user: str, channel: str = "C0GENERAL", **options: Any
    ) -> dict[str, Any]:
        """Send `/tiltak <text>`; the JSON the app answered with (its acknowledgement)."""
        fields = command_payload(
            text, user=user, channel=channel, response_url=self.api.response_url(unique("cmd"))
        )
        response = self.post(_encode(fields), _FORM, **options)
        assert response.status_code == 200, response.get_data(as_text=True)
        return response.get_json() or {}

    def event(
        self, event: dict[str, Any], *, event_id: str | None = None, **options: Any
    ) -> TestResponse:
        """Send an Events API callback."""
        return self.post(json.dumps(event_envelope(event, event_id=event_id)), _JSON, **options)

    def interact(self, payload: dict[str, Any], **options: Any) -> TestResponse:
        """Send an interactive payload (a button, a shortcut, a modal submission)."""
        payload.setdefault("team", {"id": TEAM, "domain": "tiltak-test"})
        payload.setdefault("api_app_id", "A0TILTAK")
        payload.setdefault("token", "legacy")
        body = "payload=" + quote(json.dumps(payload))
        return self.post(body, _FORM, **options)

    def press(
        self,
        blocks: list[dict[str, Any]],
        task_id: int,
        action_id: str,
        *,
        user: str,
        channel: str = "C0GENERAL",
        ts: str = "1736400000.000100",
        ephemeral: bool = False,
        selected_date: str | None = None,
    ) -> TestResponse:
        """Press a card's button (or pick a date) in a message that shows these blocks."""
        block_id, element = find_element(blocks, task_id, action_id)
        action: dict[str, Any] = {
            "action_id": action_id,
            "block_id": block_id,
            "type": element["type"],
            "action_ts": f"{time.time():.6f}",
        }
        if "value" in element:
            action["value"] = element["value"]
        if selected_date is not None:
            action["selected_date"] = selected_date
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": {"id": user, "team_id": TEAM},
            "trigger_id": unique("trigger."),
            "container": {
                "type": "message",
                "message_ts": ts,
                "channel_id": channel,
                "is_ephemeral": ephemeral,
            },
            "channel": {"id": channel, "name": "general"},
            "response_url": self.api.response_url(unique("act")),
            "actions": [action],
        }
        if not ephemeral:
            payload["message"] = {"type": "message", "ts": ts, "text": "…", "blocks": blocks}
        return self.interact(payload)

    def settle(self) -> None:
        """Wait until the app has done all the work it does after answering."""
        assert self.bot.pool.wait_idle(15), "the Slack adapter is still busy"


def _encode(fields: dict[str, str]) -> str:
    return "&".join(f"{quote(k)}={quote(v)}" for k, v in fields.items())


# --- Socket Mode -----------------------------------------------------------------------------


class SocketModeServer:
    """Slack's Socket Mode end on 127.0.0.1: a WebSocket that says hello, sends envelopes and
    collects the acknowledgements (RFC 6455 framing, enough of it for slack_sdk's client)."""

    _GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"ws://127.0.0.1:{self.listener.getsockname()[1]}/link/?ticket=test"
        self.acks: dict[str, dict[str, Any]] = {}
        self._changed = threading.Condition()
        self._conn: socket.socket | None = None
        self._send_lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = conn.recv(4096)
            if not chunk:
                return
            request += chunk
        key = next(
            line.split(":", 1)[1].strip()
            for line in request.decode().split("\r\n")
            if line.lower().startswith("sec-websocket-key:")
        )
        accept = base64.b64encode(hashlib.sha1((key + self._GUID).encode()).digest()).decode()
        conn.sendall(
            (
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
            ).encode()
        )
        with self._changed:
            self._conn = conn
            self._changed.notify_all()
        self.send({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0"}})
        for opcode, data in self._frames(conn):
            if opcode == 0x9:  # ping
                self._send_frame(0xA, data)
            elif opcode == 0x1:
                message = json.loads(data.decode())
                with self._changed:
                    self.acks[message.get("envelope_id", "")] = message
                    self._changed.notify_all()
            elif opcode == 0x8:
                return

    def _frames(self, conn: socket.socket) -> Iterator[tuple[int, bytes]]:
        buffer = b""

        def take(n: int) -> bytes | None:
            nonlocal buffer
            while len(buffer) < n:
                try:
                    chunk = conn.recv(65536)
                except OSError:
                    return None
                if not chunk:
                    return None
                buffer += chunk
            data, buffer = buffer[:n], buffer[n:]
            return data

        while True:
            head = take(2)
            if head is None:
                return
            opcode, length = head[0] & 0x0F, head[1] & 0x7F
            if length == 126:
                extended = take(2)
                length = struct.unpack("!H", extended or b"\0\0")[0]
            elif length == 127:
                extended = take(8)
                length = struct.unpack("!Q", extended or bytes(8))[0]
            mask = take(4) if head[1] & 0x80 else b"\0\0\0\0"
            payload = take(length)
            if mask is None or payload is None:
                return
            yield opcode, bytes(b ^ mask[i % 4] for i, b in enumerate(payload))

    def _send_frame(self, opcode: int, data: bytes) -> None:
        length = len(data)
        if length < 126:
            header = struct.pack("!BB", 0x80 | opcode, length)
        elif length < 65536:
            header = struct.pack("!BBH", 0x80 | opcode, 126, length)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 127, length)
        with self._send_lock:
            if self._conn is not None and not self._closed:
                self._conn.sendall(header + data)

    def wait_connected(self, timeout: float = 10.0) -> None:
        """Wait until the app's client has connected."""
        with self._changed:
            assert self._changed.wait_for(lambda: self._conn is not None, timeout)

    def send(self, message: dict[str, Any]) -> None:
        """Send one message (an envelope) to the app."""
        self._send_frame(0x1, json.dumps(message).encode())

    def envelope(self, kind: str, payload: dict[str, Any], *, retry_attempt: int = 0) -> str:
        """Send an envelope as Slack does; its id."""
        envelope_id = unique("env-")
        self.send(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": kind != "events_api",
                "retry_attempt": retry_attempt,
                "retry_reason": "timeout" if retry_attempt else "",
            }
        )
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """The app's acknowledgement of an envelope."""
        with self._changed:
            assert self._changed.wait_for(lambda: envelope_id in self.acks, timeout), self.acks
            return self.acks[envelope_id]

    def close(self) -> None:
        """Close the connection and stop listening."""
        self._closed = True
        with self._send_lock:
            if self._conn is not None:
                with contextlib.suppress(OSError):
                    self._conn.shutdown(socket.SHUT_RDWR)
                self._conn.close()
        self.listener.close()
        self._thread.join(5)


class HomeWorker:
    """The worker's part in a Slack test: relay the due outbox rows and deliver them with a real
    RQ worker (burst mode, in this process), through the Slack sender to the mock Web API."""

    def __init__(self, runtime: Runtime, queue: Queue) -> None:
        self.runtime = runtime
        self.queue = queue

    def run(self) -> None:
        """Deliver everything that is due now."""
        relay(self.runtime.ctx, self.queue)
        SimpleWorker([self.queue], connection=self.queue.connection).work(
            burst=True, logging_level="WARNING"
        )
