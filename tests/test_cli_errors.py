"""What `tiltak` prints when something fails: the Norwegian (or, with --lang en, English) message
alone: no English «Error:», no usage line, and no internal code such as «no_meeting_or_agenda»."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tracker.cli import main
from tracker.importer.parse import EMPTY_TEXT, NO_MEETING_OR_AGENDA
from tracker.importer.parsed import CUE_REASONS, UNPLACED_REASONS
from tracker.importer.report import CUES, REASONS

ENGLISH_FRAME = ("Error:", "Usage:", "Try '")


@pytest.fixture
def tiltak(tmp_path: Path, db_url: str) -> object:
    """Run `tiltak` with arguments against the test database, as a person at a terminal."""
    env = {"DATABASE_URL": db_url, "TILTAK_VAR_DIR": str(tmp_path / "var")}

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, list(args), env=env, prog_name="tiltak")

    return run


def printed(result: Result) -> list[str]:
    """The lines the person sees (standard output and error together)."""
    return result.output.strip().splitlines()


def test_a_file_that_is_no_invitation_is_refused_in_words_without_the_parser_s_code(
    tiltak: object, tmp_path: Path
) -> None:
    shopping = tmp_path / "handleliste.txt"
    shopping.write_text("melk\nbrød\nost\n", encoding="utf-8")
    empty = tmp_path / "tom.txt"
    empty.write_text("\n\n", encoding="utf-8")
    refused = tiltak("import", str(shopping))  # type: ignore[operator]
    assert refused.exit_code == 1
    assert printed(refused) == [
        "handleliste.txt ser ikke ut som en møteinnkalling: "
        "den har verken møtedato eller saksliste."
    ]
    nothing = tiltak("import", str(empty))  # type: ignore[operator]
    assert nothing.exit_code == 1
    assert printed(nothing) == ["tom.txt er tom: det er ingen innkalling å lese."]
    for code in (NO_MEETING_OR_AGENDA, EMPTY_TEXT):
        assert code not in refused.output + nothing.output


def test_our_own_failures_print_the_message_alone(tiltak: object, seeded: object) -> None:
    nobody = tiltak("token", "create", "Ingen Slik")  # type: ignore[operator]
    assert nobody.exit_code == 1
    assert printed(nobody) == ["Ingen heter Ingen Slik."]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("finnesikke",), ["Det finnes ingen kommando «finnesikke».", "Se «tiltak --help»."]),
        (
            ("tokne",),
            ["Det finnes ingen kommando «tokne». Mente du «token»?", "Se «tiltak --help»."],
        ),
        (("token", "create"), ["PERSON mangler.", "Se «tiltak token create --help»."]),
        (
            ("token", "revoke", "tre"),
            ["TOKEN_ID må være et heltall.", "Se «tiltak token revoke --help»."],
        ),
        (
            ("export", "--format", "xml"),
            ["--format må være en av json, csv.", "Se «tiltak export --help»."],
        ),
        (
            ("export", "--fromat", "csv"),
            [
                "Det finnes ikke noe valg --fromat. Mente du «--format»?",
                "Se «tiltak export --help».",
            ],
        ),
        (
            ("import", "finnes-ikke.txt"),
            ["FILE må være en fil som finnes.", "Se «tiltak import --help»."],
        ),
        (
            ("token", "create", "Eli", "Bryhni"),
            ["Kommandoen er ikke skrevet riktig.", "Se «tiltak token create --help»."],
        ),
        (("--lang", "se", "migrate"), ["--lang må være en av nb, en.", "Se «tiltak --help»."]),
    ],
)
def test_a_usage_error_is_said_in_norwegian_with_a_pointer_to_the_help(
    tiltak: object, args: tuple[str, ...], expected: list[str]
) -> None:
    result = tiltak(*args)  # type: ignore[operator]
    assert result.exit_code == 2
    assert printed(result) == expected
    assert not any(frame in result.output for frame in ENGLISH_FRAME)


def test_with_lang_en_a_usage_error_is_in_english_but_without_click_s_frame(
    tiltak: object,
) -> None:
    result = tiltak("--lang", "en", "tokne")  # type: ignore[operator]
    assert result.exit_code == 2
    assert printed(result) == [
        "There is no command «tokne». Did you mean «token»?",
        "See «tiltak --help».",
    ]


def test_tiltak_alone_still_shows_the_help(tiltak: object) -> None:
    result = tiltak()  # type: ignore[operator]
    assert "import" in result.output
    assert "Error:" not in result.output


def test_every_code_the_importer_can_report_has_words() -> None:
    assert REASONS.keys() >= UNPLACED_REASONS
    assert CUES.keys() >= CUE_REASONS
