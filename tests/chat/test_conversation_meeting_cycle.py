"""The meeting cycle in chat, on the seed: the draft agenda of the next meeting with the five
workgroups' deliverables and the missing one flagged, who has delivered written input to Sak 3
and who has not, and «referat: …» lines landing under the round-the-table item of the minutes
draft."""

from __future__ import annotations

from datetime import UTC, datetime

from chat_support import Chat

from tracker.clock import FixedClock
from tracker.demo.activity import add_demo_tasks
from tracker.importer.apply import ImportReport
from tracker.models import Channel
from tracker.services import groups, input_rounds, meetings
from tracker.services.context import Actor, ServiceContext
from tracker.services.minutes_draft import build_minutes_draft, render_markdown

MISSING = "MANGLER: Samle erfaringer med internasjonal rekruttering i kommunene"


def test_dagsorden_neste_mote_lists_the_five_workgroups_with_the_missing_deliverable_flagged(
    chat: Chat, ctx: ServiceContext, seeded: ImportReport
) -> None:
    add_demo_tasks(ctx, group_id=seeded.group_id, actor=Actor.system_actor(Channel.IMPORT))
    answer = chat("Asbjørn Lunde").say("dagsorden neste møte")
    assert "\nUtkast til saksliste for torsdag 16. januar 2025, Teams\n" in answer
    names = [w.name for w in sorted(groups.list_workgroups(ctx), key=lambda w: w.number)]
    positions = [
        answer.index(f"{n + 3}. Arbeidsgruppe {n + 1}: {name}") for n, name in enumerate(names)
    ]
    assert positions == sorted(positions)
    assert MISSING in answer
    assert "Oversikt over ombruksprosjekter (ferdig, frist 04.01.2025, Asbjørn Lunde)" in answer
    assert "MANGLER: Oversikt over ombruksprosjekter" not in answer
    assert "Manglende leveranser: 1." in answer
    # The group's own part first, closed by «Eventuelt»; the shared part after it, from 1.
    own = answer.index("Sakskart til møte i faggruppe for Næringsssamarbeid")
    shared = answer.index("Sakskart til møte i administrative faggrupper 16. januar")
    assert own < answer.index(". Eventuelt") < shared
    assert "1. Ny møteform med en felles del og parallelle faggruppemøter" in answer[shared:]
    # The same in English, and through the other phrasings.
    english = chat("Asbjørn Lunde").say("agenda next meeting")
    assert "\nDraft agenda for Thursday 16 January 2025, Teams\n" in english
    assert "MISSING: Samle erfaringer med internasjonal rekruttering i kommunene" in english
    assert chat("Asbjørn Lunde").say("utkast til saksliste") == answer


def test_who_has_delivered_input_to_sak_3_names_the_organisations_that_have_and_have_not(
    chat: Chat, ctx: ServiceContext, clock: FixedClock
) -> None:
    (meeting,) = meetings.list_meetings(ctx)
    clock.set(datetime(2025, 1, 12, 12, 0, tzinfo=UTC))
    said = chat("Eli Bryhni").say("innspill sak 3: Sirkulærøkonomi bør være egen prioritet")
    assert "registrert" in said
    (round_,) = input_rounds.input_rounds(ctx, meeting=meeting)
    delivered = [o for o in round_.organisations if o.delivered]
    waiting = [o for o in round_.organisations if not o.delivered]
    assert len(delivered) == 1
    assert waiting
    answer = chat("Målfrid Baik").say("hvem har levert innspill til sak 3?")
    assert "Skriftlige innspill til sak 3: Handlingsprogram 2025" in answer
    assert f"1 av {len(round_.organisations)} har levert." in answer
    done, not_yet = answer.split("Har levert:")[1].split("Ikke levert ennå:")
    assert f"{delivered[0].name}: Eli Bryhni (søn. 12.01)" in done
    for organisation in waiting:
        assert organisation.name in not_yet
        assert organisation.name not in done
    # The round with no item named is the one item that asks; in English too.
    assert chat("Målfrid Baik").say("hvem mangler innspill?") == answer
    english = chat("Målfrid Baik").say("who has delivered input to item 3?")
    assert "Written input to item 3: Handlingsprogram 2025" in english
    # A member who leads nothing is not told who has not delivered.
    refused = chat("Eli Bryhni").say("hvem har levert innspill til sak 3?")
    assert refused == "Bare sekretariatet og lederne av arbeidsgruppene kan se det."
    # An item that asks for no input says so.
    assert "ber ikke om skriftlige innspill" in chat("Målfrid Baik").say(
        "hvem har levert innspill til sak 4?"
    )


def test_referat_lines_without_an_item_land_under_the_round_the_table_item_of_the_minutes(
    chat: Chat, ctx: ServiceContext, clock: FixedClock
) -> None:
    clock.set(datetime(2025, 1, 16, 10, 0, tzinfo=UTC))
    chat("Gunhild Paulsen").say("referat: Nammo skal ansette 250 i 2025")
    clock.set(datetime(2025, 1, 16, 10, 5, tzinfo=UTC))
    chat("Eli Bryhni").say("referat: Hamarregionen åpner nytt næringsbygg i mars")
    (meeting,) = meetings.list_meetings(ctx)
    draft = build_minutes_draft(ctx, meeting_id=meeting.id)
    (round_the_table,) = [e for e in draft.items if e.lines]
    assert round_the_table.title.startswith("Runde rundt bordet")
    assert round_the_table.lines == [
        "Gunhild Paulsen: Nammo skal ansette 250 i 2025",
        "Eli Bryhni: Hamarregionen åpner nytt næringsbygg i mars",
    ]
    text = render_markdown(draft, "nb")
    under = text.split(f"### Sak {round_the_table.label}: Runde rundt bordet")[1].split("\n### ")[0]
    assert "- Eli Bryhni: Hamarregionen åpner nytt næringsbygg i mars" in under
