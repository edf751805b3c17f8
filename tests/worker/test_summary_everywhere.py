"""The seed's summary, in Norwegian, from the one GroupSummary every edge renders: the console
text and HTML (chatops.render) of the chat message, the `tiltak summary` command, and the web
page. (Slack Block Kit and Matrix render the same reply in their adapters.)"""

from __future__ import annotations

import re

from click.testing import CliRunner
from flask.testing import FlaskClient
from worker_support import at, person_id, sign_in, week_of_work

from chatops import digests
from chatops.render import render_html, render_text
from tracker.bootstrap import Runtime
from tracker.cli import main
from tracker.clock import FixedClock
from tracker.config import Settings
from tracker.importer.apply import ImportReport

ENGLISH = ("Overdue", "Blocked", "Due in", "In progress", "Done in", "Workgroup", "Status week")


def test_the_seeds_overview_reads_well_in_norwegian_as_console_text(
    seeded: ImportReport, runtime: Runtime, clock: FixedClock
) -> None:
    week_of_work(runtime.ctx)
    clock.set(at("2025-01-13 08:00"))
    reply = digests.summary_message(
        runtime.ctx, group_id=seeded.group_id, workgroup_id=None, language="nb"
    )
    assert reply is not None
    text = render_text(reply)
    lines = text.splitlines()
    assert lines[0] == "Status uke 3"
    headings = [line for line in lines if line.startswith("Arbeidsgruppe ")]
    assert headings == [
        "Arbeidsgruppe 1 Internasjonal rekruttering og kompetansebygging",
        "Arbeidsgruppe 2 Sirkulærøkonomi",
        "Arbeidsgruppe 3 Næringsutviklingsprosjekter",
        "Arbeidsgruppe 5 Attraktivitet og tilflytting",
    ]
    for section in ("Over fristen (1)", "Står fast (1)", "Ferdig siste uke (1)"):
        assert section in lines
    assert "Frist de neste to ukene (1)" in lines
    assert "      Står fast: venter på budsjettet for 2025" in lines
    assert re.search(r"#\d+ Innspill til Den Store Sirkulærkonferansen — .*fre\. 10\.01", text)
    assert (
        lines[-2] == "Ingen endringer og ingen frister i: 4 Kompetansebehov og læringsmuligheter."
    )
    assert lines[-1] == "Neste møte: torsdag 16. januar 2025."
    for word in ENGLISH:
        assert word not in text


def test_the_seeds_overview_renders_as_escaped_html(
    seeded: ImportReport, runtime: Runtime, clock: FixedClock
) -> None:
    week_of_work(runtime.ctx)
    clock.set(at("2025-01-13 08:00"))
    reply = digests.summary_message(
        runtime.ctx, group_id=seeded.group_id, workgroup_id=None, language="nb"
    )
    assert reply is not None
    html = render_html(reply)
    assert html.startswith("<p><strong>Status uke 3</strong></p>")
    assert "<p><strong>Arbeidsgruppe 2 Sirkulærøkonomi</strong></p>" in html
    assert "<p><strong>Over fristen (1)</strong></p><ul><li><strong>#" in html
    assert "<em>Står fast: venter på budsjettet for 2025</em>" in html
    assert "<p>Neste møte: torsdag 16. januar 2025.</p>" in html


def test_the_summary_command_prints_the_chat_message_of_a_workgroup(
    seeded: ImportReport, runtime: Runtime, settings: Settings, clock: FixedClock
) -> None:
    week_of_work(runtime.ctx)
    env = {"DATABASE_URL": settings.database_url, "TILTAK_VAR_DIR": str(settings.var_dir)}
    result = CliRunner().invoke(main, ["summary", "sirkulær"], env=env)
    assert result.exit_code == 0, result.output
    # The command runs on the real clock, so the week and the sections depend on the day;
    # the workgroup and its tasks are there whatever the day.
    assert result.output.startswith("Status uke ")
    assert "for arbeidsgruppe 2 Sirkulærøkonomi" in result.output.splitlines()[0]
    assert "Søk om midler til ombrukssentral" in result.output
    unknown = CliRunner().invoke(main, ["summary", "99"], env=env)
    assert unknown.exit_code != 0
    assert "Jeg kjenner ingen arbeidsgruppe «99»" in unknown.output


def test_the_summary_page_shows_the_same_summary_as_the_chat_message(
    seeded: ImportReport, runtime: Runtime, client: FlaskClient, clock: FixedClock
) -> None:
    ctx = runtime.ctx
    week_of_work(ctx)
    clock.set(at("2025-01-13 08:00"))
    sign_in(client, ctx, person_id(ctx, "Asbjørn Lunde"))
    page = client.get("/summary")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<h1>Status uke 3</h1>" in html
    headings = re.findall(r"<h2 id=\"wg-\d+\"><a [^>]+>([^<]+)</a></h2>", html)
    assert headings == [
        "Arbeidsgruppe 1 Internasjonal rekruttering og kompetansebygging",
        "Arbeidsgruppe 2 Sirkulærøkonomi",
        "Arbeidsgruppe 3 Næringsutviklingsprosjekter",
        "Arbeidsgruppe 5 Attraktivitet og tilflytting",
    ]
    assert "<h3>Over fristen (1)</h3>" in html
    assert "Ingen endringer og ingen frister i: 4 Kompetansebehov og læringsmuligheter." in html
    assert "Står fast: venter på budsjettet for 2025" in html
    one = client.get("/summary/2").get_data(as_text=True)
    assert "<h1>Status uke 3 for arbeidsgruppe 2 Sirkulærøkonomi</h1>" in one
    assert "Søk om midler til ombrukssentral" in one
    assert "Tall for tilflytting 2024" not in one
    assert client.get("/summary/99").status_code == 404
    english = client.get("/summary/2?lang=en").get_data(as_text=True)
    assert "<h1>Status week 3 for workgroup 2 Sirkulærøkonomi</h1>" in english


def test_the_summary_page_needs_a_signed_in_person(
    seeded: ImportReport, client: FlaskClient
) -> None:
    response = client.get("/summary")
    assert response.status_code in (302, 303)
    assert "/sign-in" in response.headers["Location"]
