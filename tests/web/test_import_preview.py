"""The secretariat's invitation import on the web: upload, preview (nothing written), correct a
field or drop a row, confirm; and what is refused (members, other file types, large files)."""

from __future__ import annotations

import io
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from web_support import MEMBER, SECRETARIAT, csrf_token, nb, text_of
from werkzeug.test import TestResponse

from tracker.db import Base
from tracker.importer.apply import ImportReport
from tracker.importer.parse import parse_invitation
from tracker.models import Deadline, Event, Group, Person, Workgroup
from tracker.services.context import ServiceContext

BAERUM = Path(__file__).parent.parent / "data" / "invitation_baerum_2025.md"
# Rows a page view may add or touch whatever it shows: the sign-in and its session.
_SESSION_TABLES = {"web_session", "sign_in_link"}


def row_counts(ctx: ServiceContext) -> dict[str, int]:
    with ctx.uow() as uow:
        return {
            table.name: uow.session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
            if table.name not in _SESSION_TABLES
        }


class FormFields(HTMLParser):
    """The fields a browser would send from the page's preview form, as it stands."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        name = found.get("name")
        if tag != "input" or not name or found.get("type") == "file":
            return
        if found.get("type") == "checkbox" and "checked" not in found:
            return
        self.fields[name] = found.get("value") or ""


def upload(client: FlaskClient, data: bytes, filename: str = BAERUM.name) -> TestResponse:
    page = client.get("/import")
    assert page.status_code == 200, page.status
    return client.post(
        "/import",
        data={
            "csrf_token": csrf_token(page.get_data(as_text=True)),
            "invitation": (io.BytesIO(data), filename),
        },
        content_type="multipart/form-data",
    )


def submit(
    client: FlaskClient, preview: TestResponse, action: str, **changes: str | None
) -> TestResponse:
    """Post the preview form back with some fields changed (None unticks or leaves out)."""
    fields = FormFields(preview.get_data(as_text=True)).fields
    for name, value in changes.items():
        if value is None:
            fields.pop(name, None)
        else:
            fields[name] = value
    return client.post("/import/confirm", data={**fields, "action": action})


@pytest.fixture
def secretariat(as_person: Callable[[str], int]) -> int:
    return as_person(SECRETARIAT)


def find_workgroup(ctx: ServiceContext, name: str) -> Workgroup | None:
    with ctx.uow() as uow:
        return uow.session.scalar(select(Workgroup).where(Workgroup.name == name))


def test_the_preview_shows_what_would_be_imported_and_writes_nothing(
    client: FlaskClient, ctx: ServiceContext, secretariat: int
) -> None:
    before = row_counts(ctx)
    preview = upload(client, BAERUM.read_bytes())
    assert preview.status_code == 200, text_of(preview)
    page = text_of(preview)
    assert nb("What the import would do") in page
    html = preview.get_data(as_text=True)
    assert 'value="Per Olav Moen"' in html  # the lead of workgroup 1, ready to correct
    assert 'value="2025-04-01"' in html  # «innen 1. april»
    (unplaced, *_) = parse_invitation(BAERUM.read_text(encoding="utf-8")).unplaced
    assert f"{nb('line {line}', line=unplaced.line)}: «{unplaced.text}»" in page
    preview_again = submit(client, preview, "preview")
    assert preview_again.status_code == 200
    assert row_counts(ctx) == before


def test_confirming_imports_what_the_preview_showed_and_twice_changes_nothing(
    client: FlaskClient, ctx: ServiceContext, secretariat: int
) -> None:
    preview = upload(client, BAERUM.read_bytes())
    done = submit(client, preview, "confirm")
    assert done.status_code == 200, text_of(done)
    assert nb("Imported {file}", file=BAERUM.name) in text_of(done)
    workgroup = find_workgroup(ctx, "Kollektivknutepunkter")
    assert workgroup is not None
    after_first = row_counts(ctx)
    again = submit(client, preview, "confirm")
    assert again.status_code == 200
    assert nb("{group} is already up to date; nothing changed.", group="Areal og transport") in (
        text_of(again)
    )
    counts = row_counts(ctx)
    counts.pop("import_run"), after_first.pop("import_run")
    assert counts == after_first


def test_a_corrected_lead_and_date_are_what_is_written(
    client: FlaskClient, ctx: ServiceContext, secretariat: int
) -> None:
    preview = upload(client, BAERUM.read_bytes())
    html = preview.get_data(as_text=True)
    lead_field = next(
        name for name, value in FormFields(html).fields.items() if value == "Per Olav Moen"
    )
    date_field = next(
        name for name, value in FormFields(html).fields.items() if value == "2025-04-01"
    )
    done = submit(
        client, preview, "confirm", **{lead_field: "Kari Anne Haugen", date_field: "2025-04-08"}
    )
    assert done.status_code == 200, text_of(done)
    with ctx.uow() as uow:
        workgroup = uow.session.scalar(
            select(Workgroup).where(Workgroup.name == "Kollektivknutepunkter")
        )
        assert workgroup is not None
        lead = uow.session.get(Person, workgroup.lead_id)
        assert lead is not None
        assert lead.full_name == "Kari Anne Haugen"
        due = uow.session.scalar(
            select(Deadline.due_on).where(Deadline.title.like("Innspill fra kommunene%"))
        )
    assert str(due) == "2025-04-08"


def test_a_dropped_row_is_not_written(
    client: FlaskClient, ctx: ServiceContext, secretariat: int
) -> None:
    preview = upload(client, BAERUM.read_bytes())
    fields = FormFields(preview.get_data(as_text=True)).fields
    event_title = next(name for name, value in fields.items() if value == "Arealkonferansen 2025")
    drop = "drop:" + event_title.removeprefix("fix:").rsplit(".", 1)[0]
    shown = submit(client, preview, "preview", **{drop: "1"})
    assert 'class="dropped"' in shown.get_data(as_text=True)
    done = submit(client, shown, "confirm")
    assert done.status_code == 200, text_of(done)
    with ctx.uow() as uow:
        group = uow.session.scalar(select(Group).where(Group.name == "Areal og transport"))
        assert group is not None
        titles = set(uow.session.scalars(select(Event.title).where(Event.group_id == group.id)))
    assert titles == {"Byutviklingsdagene"}


def test_a_date_that_does_not_exist_is_refused_beside_its_field_and_nothing_written(
    client: FlaskClient, ctx: ServiceContext, secretariat: int
) -> None:
    before = row_counts(ctx)
    preview = upload(client, BAERUM.read_bytes())
    fields = FormFields(preview.get_data(as_text=True)).fields
    date_field = next(name for name, value in fields.items() if value == "2025-04-01")
    refused = submit(client, preview, "confirm", **{date_field: "31.02.2025"})
    assert refused.status_code == 422
    assert nb("«{text}» is not a date; write it as 14.02.2025.", text="31.02.2025") in text_of(
        refused
    )
    assert row_counts(ctx) == before


def test_a_file_of_another_type_is_refused_with_a_clear_message(
    client: FlaskClient, ctx: ServiceContext, secretariat: int
) -> None:
    before = row_counts(ctx)
    refused = upload(client, b"{\\rtf1 Innkalling}", "innkalling.rtf")
    assert refused.status_code == 422
    assert "innkalling.rtf" in text_of(refused)
    assert ".docx" in text_of(refused)
    assert row_counts(ctx) == before


def test_a_file_over_the_size_limit_is_refused(
    client: FlaskClient, ctx: ServiceContext, secretariat: int, app: Flask
) -> None:
    before = row_counts(ctx)
    limit = app.config["MAX_CONTENT_LENGTH"]
    page = client.get("/import")
    boundary = "tiltak-test-boundary"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="csrf_token"\r\n\r\n'
            f"{csrf_token(page.get_data(as_text=True))}\r\n"
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="invitation"; filename="stor.txt"\r\n'
            "Content-Type: text/plain\r\n\r\n"
        ).encode()
        + b"x" * (limit + 1)
        + f"\r\n--{boundary}--\r\n".encode()
    )
    # Sent as bytes, as a browser streams it (the test client would spool a file to disk).
    refused = client.post(
        "/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert refused.status_code == 413
    assert nb("The file is larger than {limit} MB.", limit=f"{limit / 2**20:.3g}") in (
        text_of(refused)
    )
    assert row_counts(ctx) == before


def test_a_tampered_draft_is_refused(
    client: FlaskClient, ctx: ServiceContext, secretariat: int
) -> None:
    preview = upload(client, BAERUM.read_bytes())
    fields = FormFields(preview.get_data(as_text=True)).fields
    refused = submit(client, preview, "confirm", draft=fields["draft"][:-3] + "abc")
    assert refused.status_code == 400
    assert find_workgroup(ctx, "Kollektivknutepunkter") is None


def test_a_member_cannot_open_or_post_the_import(
    client: FlaskClient, ctx: ServiceContext, as_person: Callable[[str], int], seeded: ImportReport
) -> None:
    as_person(MEMBER)
    before = row_counts(ctx)
    assert client.get("/import").status_code == 403
    page = client.get("/")
    assert 'href="/import"' not in page.get_data(as_text=True)  # not offered in the menu either
    posted = client.post(
        "/import",
        data={
            "csrf_token": csrf_token(page.get_data(as_text=True)),
            "invitation": (io.BytesIO(BAERUM.read_bytes()), BAERUM.name),
        },
        content_type="multipart/form-data",
    )
    assert posted.status_code == 403
    assert row_counts(ctx) == before


def test_the_cli_dry_run_prints_the_facts_and_unplaced_lines_the_web_preview_shows(
    client: FlaskClient,
    ctx: ServiceContext,
    secretariat: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    db_url: str,
) -> None:
    from click.testing import CliRunner

    from tracker.cli import main
    from tracker.importer.preview import blocks

    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("TILTAK_VAR_DIR", str(tmp_path / "var"))
    before = row_counts(ctx)
    page = text_of(upload(client, BAERUM.read_bytes()))
    printed = CliRunner().invoke(main, ["import", str(BAERUM), "--dry-run"])
    assert printed.exit_code == 0, printed.output
    parsed = parse_invitation(BAERUM.read_text(encoding="utf-8"))
    for block in blocks(parsed):
        assert nb(block.title) in page
        assert nb(block.title) + ":" in printed.output
        for row in block.rows:
            assert any(
                line.startswith(f"  {nb('line {line}', line=row.line)}:")
                and all(cell.value in line for cell in row.cells)
                for line in printed.output.splitlines()
            ), row
    for item in parsed.unplaced:
        assert f"{nb('line {line}', line=item.line)}: «{item.text}»" in page
        assert f"{nb('line {line}', line=item.line)}: {item.text}" in printed.output
    assert row_counts(ctx) == before


def test_the_secretariat_finds_the_import_in_the_menu(
    client: FlaskClient, as_person: Callable[[str], int], seeded: ImportReport
) -> None:
    as_person(SECRETARIAT)
    page = client.get("/").get_data(as_text=True)
    assert 'href="/import"' in page
    assert "Importer en innkalling" in page
