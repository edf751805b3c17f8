"""Nothing silent: a line that carries a cue of structure (a workgroup word, «leder», a date,
«frist», a name on the roster) but became no structure is listed back with its line number and
why, and is kept, never dropped; «Alle linjer ble plassert» is said only when it is true."""

from __future__ import annotations

import pytest

from tracker.importer.apply import ImportReport, import_invitation
from tracker.importer.parse import parse_invitation
from tracker.importer.parsed import (
    CUE_DATE,
    CUE_DEADLINE,
    CUE_LEAD,
    CUE_ROSTER_NAME,
    CUE_WORKGROUP,
    ParsedInvitation,
    Unplaced,
)
from tracker.importer.report import render_report
from tracker.models import Channel
from tracker.services.context import Actor, ServiceContext

EVERY_LINE_PLACED = "Alle linjer ble plassert."

# Line 4 takes a line of the letter's prose, line 11 a bullet under item 2.
INVITATION = """\
Til Osloregionens faggruppe for Kultur

Tid: 12.03.2026 kl 09:00-11:00
{prose}
Sted: Teams

Sakskart

1. Godkjenning av innkalling
2. Orienteringer
{bullet}
3. Eventuelt

Inviterte:
Navn\tOrganisasjon
Kari Nordmann\tAsker kommune
Ola Hansen\tBærum kommune
"""
CLEAN = INVITATION.format(prose="Møtet holdes på Teams.", bullet="- Status fra kommunene")


def dry_run(ctx: ServiceContext, text: str) -> ImportReport:
    return import_invitation(
        ctx, actor=Actor.system_actor(Channel.IMPORT), text=text, filename="x.txt", dry_run=True
    )


def kept_words(parsed: ParsedInvitation) -> str:
    """Everything the invitation keeps as text: the letter's prose and the items' sub-points."""
    points = [p.text for part in parsed.parts for item in part.items for p in item.sub_points]
    return "\n".join([parsed.meeting.description, *points])


def test_a_clean_invitation_places_every_line_and_says_so(ctx: ServiceContext) -> None:
    parsed = parse_invitation(CLEAN)
    assert (parsed.unplaced, parsed.kept_as_text) == ((), ())
    assert parsed.every_line_placed
    assert render_report(dry_run(ctx, CLEAN), "nb").endswith(EVERY_LINE_PLACED)


CASES = [
    pytest.param(
        "Møtet holdes på Teams.",
        "- Arbeidsgruppene har ikke kommet i gang ennå",
        Unplaced(
            11, "- Arbeidsgruppene har ikke kommet i gang ennå", CUE_WORKGROUP, "Arbeidsgruppene"
        ),
        "nevner en arbeidsgruppe («Arbeidsgruppene»), men ingen arbeidsgruppe ble lest ut av den",
        id="a workgroup word in a bullet that names no workgroup is reported",
    ),
    pytest.param(
        "Møtet holdes på Teams.",
        "- Ny leder velges i neste møte",
        Unplaced(11, "- Ny leder velges i neste møte", CUE_LEAD, "leder"),
        "nevner en leder («leder»), men ingen leder ble lest ut av den",
        id="a lead word that gives no lead is reported",
    ),
    pytest.param(
        "Saken ble drøftet i arbeidsutvalget 3. mars.",
        "- Status fra kommunene",
        Unplaced(4, "Saken ble drøftet i arbeidsutvalget 3. mars.", CUE_DATE, "3. mars"),
        "har en dato (3. mars), men ingen frist, hendelse eller møte ble lest ut av den",
        id="a date in the letter that is no deadline, event or meeting is reported",
    ),
    pytest.param(
        "Møtet holdes på Teams.",
        "- Fristen for innspill er ikke satt ennå",
        Unplaced(11, "- Fristen for innspill er ikke satt ennå", CUE_DEADLINE, "Fristen"),
        "snakker om en frist («Fristen»), men ingen frist ble lest ut av den",
        id="a deadline word without a date is reported",
    ),
    pytest.param(
        "Møtet holdes på Teams.",
        "- Orientering v/ Kari Nordmann",
        Unplaced(11, "- Orientering v/ Kari Nordmann", CUE_ROSTER_NAME, "Kari Nordmann"),
        "nevner Kari Nordmann fra deltakerlisten, men ingen leder eller kontaktperson ble lest "
        "ut av den",
        id="a name on the roster in a bullet is reported",
    ),
]


@pytest.mark.parametrize(("prose", "bullet", "reported", "why"), CASES)
def test_a_line_with_a_structure_cue_that_became_no_structure_is_reported_never_dropped(
    ctx: ServiceContext, prose: str, bullet: str, reported: Unplaced, why: str
) -> None:
    text = INVITATION.format(prose=prose, bullet=bullet)
    parsed = parse_invitation(text)
    assert parsed.kept_as_text == (reported,)
    assert parsed.unplaced == ()
    assert text.splitlines()[reported.line - 1] == reported.text
    # Kept, not dropped: the words are still in the meeting's description or the item.
    assert reported.text.removeprefix("- ") in kept_words(parsed)
    assert not parsed.every_line_placed
    shown = render_report(dry_run(ctx, text), "nb")
    assert f"linje {reported.line}: {reported.text} ({why})" in shown
    assert EVERY_LINE_PLACED not in shown


def test_a_date_that_became_an_event_is_structure_and_not_reported() -> None:
    text = INVITATION.format(
        prose="Møtet holdes på Teams.", bullet="- Kulturkonferansen 3. juni kl 10:00–15:00"
    )
    parsed = parse_invitation(text)
    assert [(e.title, e.start.isoformat(), str(e.start_time)) for e in parsed.events] == [
        ("Kulturkonferansen", "2026-06-03", "10:00:00")
    ]
    assert parsed.every_line_placed


def test_an_unplaced_line_alone_also_withholds_the_every_line_sentence(ctx: ServiceContext) -> None:
    text = CLEAN.replace("Ola Hansen\tBærum kommune", "Ola Hansen\tBærum kommune\tekstra\tcelle")
    shown = render_report(dry_run(ctx, text), "nb")
    assert "linje 17: Ola Hansen\tBærum kommune\tekstra\tcelle" in shown
    assert EVERY_LINE_PLACED not in shown


def test_the_closing_of_a_letter_after_the_last_item_is_its_signature_not_sub_points() -> None:
    text = CLEAN.replace(
        "3. Eventuelt\n",
        "3. Eventuelt\n\nMed hilsen\nMarit Solheim\nrådgiver\nOsloregionen\ntlf. 61 32 50 00\n",
    )
    parsed = parse_invitation(text)
    (*_, last) = parsed.parts[0].items
    assert (last.title, last.sub_points) == ("Eventuelt", ())
    assert parsed.contact is not None
    assert (parsed.contact.name, parsed.contact.phone) == ("Marit Solheim", "61325000")
    assert (parsed.signature_title, parsed.secretariat_organisation) == ("rådgiver", "Osloregionen")
    assert parsed.every_line_placed
