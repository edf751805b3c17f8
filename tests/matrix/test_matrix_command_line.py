"""The bot's own process takes what `tiltak matrix` hands it, `--debug` and `--lang`, and refuses
anything else with argparse's usage line and exit status 2."""

from __future__ import annotations

import pytest

from adapters.matrix import process


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (False, "nb")),
        (["--lang", "en"], (False, "en")),
        (["--lang=en", "--debug"], (True, "en")),
        (["--debug", "--lang", "nb"], (True, "nb")),
    ],
)
def test_the_options_tiltak_matrix_passes_are_read(
    argv: list[str], expected: tuple[bool, str]
) -> None:
    assert process.parse_options(argv) == expected


@pytest.mark.parametrize("argv", [["--lang"], ["--lang="], ["--verbose"], ["en"]])
def test_anything_else_is_refused_with_the_usage_and_status_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert process.main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: tiltak matrix [-h] [--debug] [--lang LANG]\n")
    assert "tiltak matrix: error: " in err


def test_help_lists_the_options_and_starts_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert process.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "--debug" in out
    assert "--lang LANG" in out
