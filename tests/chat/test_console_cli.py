"""`tiltak chat` as a person at a terminal runs it: speaking as a named person, one command a line
when the input is not a terminal, and a clear word when the name fits no one or several."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from adapters.console.session import PLATFORM, console_sender_for
from tracker.cli import main
from tracker.importer.apply import ImportReport
from tracker.services import groups, identity
from tracker.services.context import ServiceContext


@pytest.fixture
def chat(tmp_path: Path, db_url: str) -> object:
    """Run `tiltak chat` with arguments and typed lines against the test database."""
    env = {"DATABASE_URL": db_url, "TILTAK_VAR_DIR": str(tmp_path / "var")}

    def run(*args: str, lines: str = "") -> Result:
        return CliRunner().invoke(main, ["chat", *args], input=lines, env=env, prog_name="tiltak")

    return run


def test_speaking_as_a_named_person_answers_as_them_and_links_them_once(
    chat: object, seeded: ImportReport, ctx: ServiceContext
) -> None:
    first = chat("--as", "Anne Huse", lines="hvem er jeg\n")  # type: ignore[operator]
    assert first.exit_code == 0, first.output
    assert "Du er Anne Huse (Kongsvingerregionen)." in first.output
    again = chat("--as", "anne huse", lines="hvem er jeg\n\nping\n")  # type: ignore[operator]
    assert again.exit_code == 0, again.output
    assert "Du er Anne Huse (Kongsvingerregionen)." in again.output
    (anne,) = groups.find_people(ctx, name="Anne Huse")
    linked = identity.person_for_identity(
        ctx, platform=PLATFORM, user_id=console_sender_for(anne.id)
    )
    assert linked is not None
    assert linked.id == anne.id


def test_a_name_that_fits_no_one_or_several_people_is_refused_in_words(
    chat: object, seeded: ImportReport
) -> None:
    nobody = chat("--as", "Ingen Slik", lines="hvem er jeg\n")  # type: ignore[operator]
    assert nobody.exit_code == 1
    assert nobody.output.strip() == "Ingen heter Ingen Slik."
    several = chat("--as", "Anne", lines="hvem er jeg\n")  # type: ignore[operator]
    assert several.exit_code == 1
    assert several.output.strip() == "Flere heter Anne; skriv hele navnet."
