"""The web view's error pages: an unknown address, a wrong method and a bug answer in the site's
frame and the person's language, while the API keeps answering with problem documents."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from flask_openapi3 import OpenAPI
from web_support import LEAD, nb, text_of

from tracker.importer.apply import ImportReport
from tracker.services import tasks


def test_an_unknown_address_is_a_norwegian_404_in_the_frame_of_the_site(
    client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    as_person(LEAD)
    response = client.get("/finnes/ikke")
    assert response.status_code == 404
    assert response.headers["Content-Language"] == "nb"
    page = text_of(response)
    assert "Finnes ikke" in page
    assert nb("Not found") in page
    assert nb("There is nothing here. It may have been deleted, or the address is wrong.") in page
    # The frame of every page: who is signed in, and the main menu.
    assert LEAD in page
    assert nb("My tasks") in page


def test_the_404_speaks_the_language_the_person_chose(
    client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    as_person(LEAD)
    client.get("/?lang=en")
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert response.headers["Content-Language"] == "en"
    assert "There is nothing here." in text_of(response)


def test_an_unknown_address_is_a_norwegian_404_before_signing_in_too(
    client: FlaskClient, seeded: ImportReport
) -> None:
    response = client.get("/finnes/ikke")
    assert response.status_code == 404
    assert nb("Not found") in text_of(response)


def test_a_wrong_method_on_a_page_is_said_in_norwegian(
    client: FlaskClient, as_person: Callable[[str], int]
) -> None:
    as_person(LEAD)
    response = client.get("/tasks/1/status")
    assert response.status_code == 405
    assert nb("This address does not take that kind of request.") in text_of(response)


def test_the_api_still_answers_an_unknown_address_with_a_problem_document(
    client: FlaskClient, seeded: ImportReport
) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.content_type.startswith("application/problem+json")


def test_a_bug_in_a_page_is_a_norwegian_500_with_an_error_id_that_the_log_repeats(
    app: OpenAPI,
    client: FlaskClient,
    as_person: Callable[[str], int],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    as_person(LEAD)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    # As in production: the error reaches the page's handler instead of the test.
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setattr(tasks, "list_tasks", broken)
    with caplog.at_level(logging.ERROR):
        response = client.get("/my-tasks")
    assert response.status_code == 500
    page = text_of(response)
    assert nb("Something went wrong") in page
    found = re.search(r"[0-9a-f]{32}", page)
    assert found is not None
    assert found.group(0) in caplog.text
    assert "a bug" not in page
