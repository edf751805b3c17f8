"""Fixtures of the browser tests: one headless Chromium per run, and per test a fresh database
with the seed imported, served on a free port, and a browser page of desktop size."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS, DESKTOP, LiveServer, serve
from flask_openapi3 import OpenAPI
from playwright.sync_api import Browser, Page, sync_playwright

from tracker.importer.apply import ImportReport


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (no browser of Playwright's own)."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def server(app: OpenAPI, seeded: ImportReport) -> Iterator[LiveServer]:
    """The app with the seed's group, on a real HTTP server."""
    with serve(app) as live:
        yield live


@pytest.fixture
def page(browser: Browser, server: LiveServer) -> Iterator[Page]:
    """A fresh browser context (no cookies) at desktop size, in Norwegian."""
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO", base_url=server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()
