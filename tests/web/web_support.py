"""Helpers of the web tests: signing in with a real one-time link, and posting a form with the
CSRF token a page carries, as a browser would."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tracker.i18n import translate
from tracker.services import access
from tracker.services.context import ServiceContext

LEAD = "Asbjørn Lunde"  # leads workgroup 2, Sirkulærøkonomi
MEMBER = "Eli Bryhni"  # on the roster, leads nothing
SECRETARIAT = "Målfrid Baik"

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def nb(message: str, **params: object) -> str:
    """A message as the Norwegian pages show it."""
    return translate(message, "nb", **params)


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = _CSRF.search(html)
    assert found is not None, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: FlaskClient, ctx: ServiceContext, person_id: int) -> None:
    """Sign in as a person through a one-time link: open it, press the button."""
    token = access.create_sign_in_link(ctx, person_id=person_id, requested_via="test")
    page = client.get(f"/sign-in/{token}")
    assert page.status_code == 200, page.status
    response = client.post(
        f"/sign-in/{token}", data={"csrf_token": csrf_token(page.get_data(as_text=True))}
    )
    assert response.status_code == 303, response.status


def post_form(
    client: FlaskClient, page_url: str, action: str, data: dict[str, str]
) -> TestResponse:
    """Open a page and post one of its forms (to `action`) with the page's CSRF token."""
    page = client.get(page_url)
    assert page.status_code == 200, page.status
    return client.post(action, data={"csrf_token": csrf_token(page.get_data(as_text=True)), **data})


class Text(HTMLParser):
    """The visible text of a page, whitespace collapsed."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self._parts: list[str] = []
        self._skip = 0
        self.feed(html)
        self.text = " ".join(" ".join(self._parts).split())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style", "title"}:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "title"}:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._parts.append(data)


def text_of(response: TestResponse) -> str:
    """The visible text of a response."""
    return Text(response.get_data(as_text=True)).text
