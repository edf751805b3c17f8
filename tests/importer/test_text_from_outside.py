"""An invitation read by the importer loses controls and bidi overrides as text from every other
edge does, so a title in it cannot read backwards in a summary or a card."""

from __future__ import annotations

from pathlib import Path

from tracker.importer.parse import parse_invitation

BAERUM = Path(__file__).parent.parent / "data" / "invitation_baerum_2025.md"


def test_a_bidi_override_and_a_control_in_an_invitation_do_not_reach_the_titles() -> None:
    text = BAERUM.read_text(encoding="utf-8").replace(
        "Høring: Veileder for gående", "Høring: \u202eVeileder\x07 for gående"
    )
    (consultation,) = parse_invitation(text).consultations
    assert consultation.title == "Høring: Veileder for gående og syklende"
