"""The Teams app package as Teams' upload checks it: the manifest names icons that are there, a
192×192 colour icon, and a 32×32 outline icon of white on transparent only."""

from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

PACKAGE = Path(__file__).parents[2] / "adapters" / "teams"


def test_the_manifest_names_the_bot_and_icons_that_fit_teams_rules() -> None:
    manifest = json.loads((PACKAGE / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["bots"][0]["botId"] == manifest["id"]
    assert set(manifest["bots"][0]["scopes"]) >= {"personal", "team"}
    (extension,) = manifest["composeExtensions"]
    assert extension["botId"] == manifest["id"]
    from adapters.teams.extension import ADD_TO_MINUTES, CREATE_TASK

    assert {c["id"] for c in extension["commands"]} == {CREATE_TASK, ADD_TO_MINUTES}
    assert {c["title"] for c in extension["commands"]} == {"Lag oppgave", "Legg i referat"}
    with Image.open(PACKAGE / manifest["icons"]["color"]) as color:
        assert color.size == (192, 192)
    with Image.open(PACKAGE / manifest["icons"]["outline"]) as outline:
        assert outline.size == (32, 32)
        pixels = {pixel for pixel in outline.convert("RGBA").get_flattened_data() if pixel[3]}
        assert pixels, "the outline icon is not empty"
        assert {pixel[:3] for pixel in pixels} == {(255, 255, 255)}
