"""The round-the-table lines sent in chat («referat sak 4: …») land in the minutes draft under
Sak 4, in the order they came, with who said them."""

from __future__ import annotations

from datetime import UTC, datetime

from chat_support import Chat

from tracker.clock import FixedClock
from tracker.services import meetings
from tracker.services.context import ServiceContext
from tracker.services.minutes_draft import build_minutes_draft, render_markdown


def test_round_the_table_lines_from_chat_sit_under_sak_4_of_the_minutes_draft(
    chat: Chat, ctx: ServiceContext, clock: FixedClock
) -> None:
    clock.set(datetime(2025, 1, 16, 10, 0, tzinfo=UTC))
    chat("Gunhild Paulsen").say("referat sak 4: Nammo skal ansette 250 i 2025")
    clock.set(datetime(2025, 1, 16, 10, 5, tzinfo=UTC))
    chat("Eli Bryhni").say("referat sak 4: Hamarregionen åpner nytt næringsbygg i mars")
    (meeting,) = meetings.list_meetings(ctx)
    draft = build_minutes_draft(ctx, meeting_id=meeting.id)
    (sak4,) = [entry for entry in draft.items if entry.title.startswith("Runde rundt bordet")]
    assert sak4.lines == [
        "Gunhild Paulsen: Nammo skal ansette 250 i 2025",
        "Eli Bryhni: Hamarregionen åpner nytt næringsbygg i mars",
    ]
    assert all(not entry.lines for entry in draft.items if entry is not sak4)
    text = render_markdown(draft, "nb")
    under_sak4 = text.split("### Sak 4: Runde rundt bordet")[1].split("\n### ")[0]
    assert "- Gunhild Paulsen: Nammo skal ansette 250 i 2025" in under_sak4
    assert "Vedtak: …" in under_sak4
