"""A second invitation laid out differently, texts that are no invitation, and random text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.importer.parse import (
    EMPTY_TEXT,
    NO_MEETING_OR_AGENDA,
    NotAnInvitation,
    parse_invitation,
)
from tracker.importer.parsed import (
    DATE_INVALID,
    DUPLICATE_FIELD,
    KIND_CONTRIBUTION,
    KIND_GENERAL,
    NO_AGENDA_ITEM,
    NOTE_ITEM_OUT_OF_SEQUENCE,
    NOTE_LABEL_READ_AS,
    NOTE_LEAD_NOT_ON_ROSTER,
    NOTE_ROSTER_NAME_SPLIT,
    NOTE_WORKGROUP_COUNT_MISMATCH,
    ROSTER_ROW_MALFORMED,
    ParsedInvitation,
    ParsedPart,
    Unplaced,
)

BAERUM = Path(__file__).parent.parent / "data" / "invitation_baerum_2025.md"


@pytest.fixture(scope="module")
def baerum() -> ParsedInvitation:
    return parse_invitation(BAERUM.read_text(encoding="utf-8"))


def only_part(invitation: ParsedInvitation) -> ParsedPart:
    (part,) = invitation.parts
    return part


def test_baerum_letter_head_is_read(baerum: ParsedInvitation) -> None:
    assert baerum.letter_date == dt.date(2025, 2, 3)
    assert baerum.our_reference == "25/0142"
    assert baerum.contact is not None
    assert (baerum.contact.name, baerum.contact.phone, baerum.contact.email) == (
        "Ingrid Solberg",
        "67504012",
        "ingrid.solberg@osloregionen.no",
    )
    assert baerum.organisation_name == "Osloregionen"
    assert (baerum.signature_name, baerum.secretariat_organisation) == (
        "Ingrid Solberg",
        "Osloregionen",
    )


def test_baerum_group_name_agrees_across_case_without_a_note(baerum: ParsedInvitation) -> None:
    assert baerum.group_name == "Areal og transport"
    assert not [note for note in baerum.notes if note.code == "group_name_corrected"]


def test_baerum_meeting_has_textual_date_weekday_and_dotted_times(
    baerum: ParsedInvitation,
) -> None:
    meeting = baerum.meeting
    assert meeting.date == dt.date(2025, 3, 13)
    assert (meeting.start, meeting.end) == (dt.time(9, 0), dt.time(12, 0))
    assert meeting.place == "Bærum rådhus, Arnold Hauklands plass 10, Sandvika"
    assert meeting.links == (
        "https://teams.example.org/areal-13-mars",
        "https://www.osloregionen.no/kalender/areal-13-mars/",
    )
    assert meeting.previous_meeting_date == dt.date(2024, 11, 28)
    assert meeting.description.splitlines()[0] == (
        "Innkalling til møte i faggruppe for areal og transport"
    )


def test_baerum_agenda_is_one_group_part_numbered_sak_n_25(baerum: ParsedInvitation) -> None:
    part = only_part(baerum)
    assert part.is_group_part
    assert part.title == "Saksliste – faggruppe for areal og transport"
    assert (part.start, part.end, part.link_label, part.link_url) == (None, None, None, None)
    assert [(i.number, i.label, i.title, i.line) for i in part.items] == [
        (1, "1/25", "Godkjenning av innkalling og saksliste", 27),
        (2, "2/25", "Godkjenning av referat fra møtet 28. november 2024", 29),
        (3, "3/25", "Regional plan for areal og transport – innspill", 31),
        (4, "4/25", "Arbeidsgrupper", 37),
        (5, "5/25", "Arrangementer", 46),
        (6, "6/25", "Eventuelt", 51),
    ]


def test_baerum_sub_points_keep_their_nesting(baerum: ParsedInvitation) -> None:
    items = {item.label: item for item in only_part(baerum).items}
    assert [(s.text, s.level, s.line) for s in items["3/25"].sub_points] == [
        ("Orientering v/ Akershus fylkeskommune", 0, 33),
        ("Innspill fra kommunene sendes skriftlig innen 1. april.", 0, 34),
        ("Bruk gjerne malen fra fylkeskommunen", 1, 35),
    ]
    assert items["4/25"].sub_points == ()
    assert [s.line for s in items["5/25"].sub_points] == [48, 49]


def test_baerum_workgroups_have_inline_leads(baerum: ParsedInvitation) -> None:
    assert [(g.number, g.name, g.lead_name, g.line) for g in baerum.workgroups] == [
        (1, "Kollektivknutepunkter", "Per Olav Moen", 41),
        (2, "Sirkulærøkonomi", "Asbjørn Lunde", 42),
        (3, "Gange og sykkel", "Siri Dahl", 43),
    ]
    assert baerum.workgroup_intro == "Faggruppen har opprettet tre arbeidsgrupper:"
    assert baerum.workgroup_mandate == (
        "Arbeidsgruppene sender inn et kort notat senest to uker etter møtet."
    )
    assert [(n.line, n.code) for n in baerum.notes if n.code == NOTE_LABEL_READ_AS] == [
        (43, NOTE_LABEL_READ_AS)
    ]
    assert not [n for n in baerum.notes if n.code == NOTE_WORKGROUP_COUNT_MISMATCH]


def test_baerum_roster_is_a_markdown_table_with_emails(baerum: ParsedInvitation) -> None:
    assert [
        (p.first_name, p.last_name, p.organisation, p.email, p.line) for p in baerum.roster
    ] == [
        ("Per Olav", "Moen", "Asker kommune", "per.olav.moen@asker.kommune.no", 59),
        ("Asbjørn", "Lunde", "Elverum Vekst", "asbjorn.lunde@elverum.no", 60),
        ("Siri", "Dahl", "Bærum kommune", "siri.dahl@baerum.kommune.no", 61),
        ("Kari Anne", "Haugen", "Lillestrøm kommune", "kari.anne.haugen@lillestrom.kommune.no", 62),
        ("Jonas", "Berg", "Statens vegvesen", None, 64),
    ]
    assert [(n.line, n.code) for n in baerum.notes if n.code == NOTE_ROSTER_NAME_SPLIT] == [
        (57, NOTE_ROSTER_NAME_SPLIT)
    ]


def test_baerum_deadlines_absolute_relative_and_consultation(baerum: ParsedInvitation) -> None:
    assert [
        (d.agenda_item_label, d.kind, d.due, d.offset_days, d.line, d.part_is_group)
        for d in baerum.deadlines
    ] == [
        ("3/25", KIND_CONTRIBUTION, dt.date(2025, 4, 1), None, 34, True),
        ("4/25", KIND_CONTRIBUTION, dt.date(2025, 3, 27), 14, 44, True),
        ("6/25", KIND_GENERAL, dt.date(2025, 4, 15), None, 53, True),
    ]
    assert baerum.deadlines[0].text == "Innspill fra kommunene sendes skriftlig innen 1. april."


def test_baerum_events_with_and_without_a_year(baerum: ParsedInvitation) -> None:
    assert [(e.title, e.start, e.end, e.line) for e in baerum.events] == [
        ("Arealkonferansen 2025", dt.date(2025, 5, 22), None, 48),
        ("Byutviklingsdagene", dt.date(2025, 9, 16), dt.date(2025, 9, 17), 49),
    ]


def test_baerum_consultation_has_a_deadline(baerum: ParsedInvitation) -> None:
    (consultation,) = baerum.consultations
    assert consultation.title == "Høring: Veileder for gående og syklende"
    assert consultation.text == "Høringsfrist 15. april."
    assert (consultation.deadline, consultation.line) == (dt.date(2025, 4, 15), 53)


def test_baerum_contact_change_from_a_date_has_no_outgoing_person(
    baerum: ParsedInvitation,
) -> None:
    (change,) = baerum.contact_changes
    assert (change.outgoing_name, change.incoming_name) == (None, "Ingrid Solberg")
    assert (change.last_day, change.first_day, change.line) == (
        dt.date(2025, 2, 28),
        dt.date(2025, 3, 1),
        17,
    )


def test_baerum_reports_the_lines_it_cannot_place(baerum: ParsedInvitation) -> None:
    assert baerum.unplaced == (
        Unplaced(25, "Servering fra kl. 08.30.", NO_AGENDA_ITEM),
        Unplaced(63, "| Ola Nordmann | Akershus fylkeskommune |", ROSTER_ROW_MALFORMED),
    )


INVITATION_WITH_FAULTS = """\
Dato: 01.11.2024

Tid: 16.01.2025, kl 09:00-12:30
Tid: 17.01.2025
Neste: 31.02.2025

## Sakskart

- 1. Godkjenning
- 3. Eventuelt
  - Gruppe 1 - Samferdsel
  - Leder: Kari Nordmann

*Gruppe 2 - Næring*
Ansvarlig: Ola Nordmann

Vi foreslår fire arbeidsgrupper:
Gruppe 3 - Kultur
Koordinatr: Per Hansen

## Inviterte

Fornavn\tEtternavn\tOrganisasjon\tE-post\tTlf
Kari\tNordmann\tAsker kommune\tkari@asker.kommune.no\t+47 900 00 000
Ola\tNordmann
"""


def test_faults_are_reported_with_reasons_and_notes() -> None:
    parsed = parse_invitation(INVITATION_WITH_FAULTS)
    assert [(u.line, u.reason_code) for u in parsed.unplaced] == [
        (4, DUPLICATE_FIELD),
        (25, ROSTER_ROW_MALFORMED),
    ]
    # "Neste: 31.02.2025" is letter prose, so it lands in the description, not in a date.
    assert "Neste: 31.02.2025" in parsed.meeting.description
    assert [(n.line, n.code) for n in parsed.notes] == [
        (10, NOTE_ITEM_OUT_OF_SEQUENCE),
        (11, NOTE_WORKGROUP_COUNT_MISMATCH),
        (14, NOTE_LEAD_NOT_ON_ROSTER),
        (18, NOTE_LEAD_NOT_ON_ROSTER),
        (19, NOTE_LABEL_READ_AS),
    ]
    assert parsed.workgroup_intro == "Vi foreslår fire arbeidsgrupper:"
    assert parsed.workgroup_mandate is None
    (person,) = parsed.roster
    assert (person.email, person.phone) == ("kari@asker.kommune.no", "+4790000000")


def test_workgroups_nested_in_bullets_and_leads_under_them_are_read() -> None:
    parsed = parse_invitation(INVITATION_WITH_FAULTS)
    assert [(g.number, g.name, g.lead_name) for g in parsed.workgroups] == [
        (1, "Samferdsel", "Kari Nordmann"),
        (2, "Næring", "Ola Nordmann"),
        (3, "Kultur", "Per Hansen"),
    ]


def test_invalid_letter_and_meeting_dates_are_reported_as_date_invalid() -> None:
    text = "Dato: 31.02.2024\nTid: 31.02.2025 kl 09:00-10:00\n\n## Sakskart\n\n1. Godkjenning\n"
    parsed = parse_invitation(text)
    assert parsed.unplaced == (
        Unplaced(1, "Dato: 31.02.2024", DATE_INVALID),
        Unplaced(2, "Tid: 31.02.2025 kl 09:00-10:00", DATE_INVALID),
    )
    assert (parsed.letter_date, parsed.meeting.date) == (None, None)
    assert [item.title for item in parsed.parts[0].items] == ["Godkjenning"]


def test_a_year_less_meeting_date_without_letter_date_uses_today() -> None:
    text = "Tid: 4. juni kl 10-12\nSted: Rådhuset\n"
    parsed = parse_invitation(text, today=dt.date(2025, 6, 5))
    assert parsed.meeting.date == dt.date(2026, 6, 4)
    assert (parsed.meeting.start, parsed.meeting.end) == (dt.time(10), dt.time(12))
    with pytest.raises(NotAnInvitation):
        parse_invitation(text)  # no year, no letter date, no today: no date at all


def test_restarting_numbering_without_a_heading_starts_a_new_part() -> None:
    text = "Tid: 16.01.2025\n\n1. A\n2. B\n\n1. C\n"
    parsed = parse_invitation(text)
    assert [[i.title for i in part.items] for part in parsed.parts] == [["A", "B"], ["C"]]
    assert [part.is_group_part for part in parsed.parts] == [False, True]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", EMPTY_TEXT),
        ("  \n\n\t\n", EMPTY_TEXT),
        ("**\n---\n", EMPTY_TEXT),
        ("1,2,3\n4,5,6\n7,8,9\n10,11,12\n", NO_MEETING_OR_AGENDA),
        ("år;antall\n2023;14\n2024;17\n", NO_MEETING_OR_AGENDA),
        (
            "Oslo kommune vedtok 12. mars 2025 en ny plan for byutvikling. Ifølge byrådet skal "
            "1200 nye boliger stå ferdig innen 2030, og arbeidet starter i Groruddalen til "
            "høsten. Kritikere mener planen kommer for sent.\n",
            NO_MEETING_OR_AGENDA,
        ),
    ],
)
def test_texts_that_are_not_invitations_are_refused(text: str, reason: str) -> None:
    with pytest.raises(NotAnInvitation) as refused:
        parse_invitation(text)
    assert refused.value.reason_code == reason
    assert isinstance(refused.value, ValueError)


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_random_text_never_raises_anything_but_not_an_invitation(text: str) -> None:
    try:
        parsed = parse_invitation(text)
    except NotAnInvitation:
        return
    assert all(1 <= u.line <= text.count("\n") + text.count("\r") + 1 for u in parsed.unplaced)


_LINES = st.sampled_from(
    [
        "Tid: 16.01.2025, kl 09:00-12:30",
        "Dato: 31.02.2024",
        "## Sakskart",
        "- 1. Godkjenning**",
        "#### 4. Runde rundt bordet",
        "  - Sirkulær økonomi",
        "*Gruppe 1 - Test*",
        "Ansvarelig: Asbjørn Flo",
        "- BEST 2025, 4. juni",
        "- Høring - plan. Høringsfrist 1. april.",
        "Sendes senest en uke etter møtet.",
        "## Inviterte",
        "Fornavn\tEtternavn\tOrganisasjon",
        "Anne\tHuse\tKongsvingerregionen",
        "| Navn | E-post |",
        "|---|---|",
        "Med vennlig hilsen",
        "",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=20)), max_size=25))
def test_shuffled_invitation_lines_never_raise_anything_but_not_an_invitation(
    lines: list[str],
) -> None:
    try:
        parsed = parse_invitation("\n".join(lines))
    except NotAnInvitation:
        return
    assert parsed.meeting.date is not None or any(part.items for part in parsed.parts)
