"""Helpers of the browser tests: Debian's Chromium under Playwright, the app on a real server in
a thread, signing in through a link the chat bot hands out, and axe-core's verdict on a page."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Page, ViewportSize
from werkzeug.serving import make_server

from chatops.core import ChatCore
from chatops.messages import IncomingMessage
from chatops.reply import Paragraph
from tracker.i18n import translate
from tracker.services import identity
from tracker.services.context import ServiceContext

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def nb(message: str, **params: object) -> str:
    """A message as the Norwegian pages show it."""
    return translate(message, "nb", **params)


@dataclass(frozen=True)
class LiveServer:
    """The app served over HTTP on a free loopback port."""

    url: str


@contextmanager
def serve(app: Flask) -> Iterator[LiveServer]:
    """Serve the app with werkzeug in a thread until the block ends."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def sign_in_link(ctx: ServiceContext, server: LiveServer, person_id: int) -> str:
    """Ask the bot for a sign-in link, as the person would in Slack."""
    user = f"U{person_id}"
    identity.link_identity(ctx, person_id=person_id, platform="slack", user_id=user)
    reply = ChatCore(ctx, web_base_url=server.url).handle(
        IncomingMessage(
            platform="slack",
            room_id="D1",
            sender_id=user,
            text="logg inn",
            event_id=secrets.token_hex(8),
        )
    )
    assert reply is not None
    assert not reply.is_error
    words = " ".join(b.text for b in reply.blocks if isinstance(b, Paragraph))
    return next(word for word in words.split() if word.startswith(server.url))


def sign_in(page: Page, ctx: ServiceContext, server: LiveServer, person_id: int) -> None:
    """Open a sign-in link and press its button."""
    page.goto(sign_in_link(ctx, server, person_id))
    page.get_by_role("button", name=nb("Sign in")).click()
    page.wait_for_url(server.url + "/")


_AXE = Axe()


def serious_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's serious and critical findings on the page as it stands."""
    results = _AXE.run(page)
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
