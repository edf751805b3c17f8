"""The seed invitation, read fact by fact (see shared/design/domain.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tracker.importer.parse import parse_invitation
from tracker.importer.parsed import (
    KIND_CONTRIBUTION,
    KIND_MINUTES,
    NOTE_GROUP_NAME_CORRECTED,
    NOTE_LABEL_READ_AS,
    NOTE_LEAD_NOT_ON_ROSTER,
    ParsedAgendaItem,
    ParsedInvitation,
    ParsedPart,
)

SEED = Path(__file__).parent.parent / "data" / "invitation_seed.txt"


@pytest.fixture(scope="module")
def seed() -> ParsedInvitation:
    return parse_invitation(SEED.read_text(encoding="utf-8"))


def common_part(seed: ParsedInvitation) -> ParsedPart:
    return next(part for part in seed.parts if not part.is_group_part)


def group_part(seed: ParsedInvitation) -> ParsedPart:
    part = seed.group_part
    assert part is not None
    return part


def item(part: ParsedPart, label: str) -> ParsedAgendaItem:
    return next(item for item in part.items if item.label == label)


def test_seed_file_is_an_exact_copy_of_the_shared_seed() -> None:
    shared = Path("/work/shared/seeds/000_6c2cdb56e7373bbf.txt")
    if not shared.exists():
        pytest.skip("the shared seed directory is not mounted here")
    assert SEED.read_bytes() == shared.read_bytes()


def test_seed_roster_has_45_people_from_32_organisations(seed: ParsedInvitation) -> None:
    assert len(seed.roster) == 45
    assert len({person.organisation for person in seed.roster}) == 32


def test_seed_roster_keeps_names_and_organisations_exactly(seed: ParsedInvitation) -> None:
    rows = {(p.first_name, p.last_name): (p.organisation, p.line) for p in seed.roster}
    assert rows[("Anna", "Gyure-Szamosi")] == ("Fredrikstad kommune", 128)
    assert rows[("Anne Kristine", "Feltman")] == ("Bærum kommune", 131)
    assert rows[("Jane", "Short Aurlien")] == ("Nordre Follo kommune", 152)
    assert rows[("Jonas Vårum", "Olafsen")] == ("Lillestrøm kommune", 154)
    assert rows[("Vibeke Buraas", "Dyrnes")] == ("Gran Kommune", 171)
    assert rows[("Øyvind", "Såtvedt")] == ("Oslo kommune - Byrådsavdelingene", 173)
    assert rows[("Anne", "Solheim")][0] == "Oslo kommune - Byrådsavdelingene"


def test_seed_roster_reads_across_the_blank_line_inside_it(seed: ParsedInvitation) -> None:
    by_line = {person.line: person.full_name for person in seed.roster}
    assert by_line[156] == "Karl Jørgen Tofte"
    assert 157 not in by_line
    assert by_line[158] == "Kristine Skeie"


def test_seed_roster_people_have_no_email_or_phone(seed: ParsedInvitation) -> None:
    assert all(p.email is None and p.phone is None for p in seed.roster)


def test_seed_has_five_workgroups_with_numbers_names_and_leads(seed: ParsedInvitation) -> None:
    assert [(g.number, g.name, g.lead_name, g.line) for g in seed.workgroups] == [
        (1, "Internasjonal rekruttering og kompetansebygging", "Asbjørn Flo", 71),
        (2, "Sirkulærøkonomi", "Asbjørn Lunde", 74),
        (3, "Næringsutviklingsprosjekter", "Dag Aanensen", 77),
        (4, "Kompetansebehov og læringsmuligheter", "Harriet Slaaen", 80),
        (5, "Attraktivitet og tilflytting", "Ove Gjesdal", 83),
    ]


def test_seed_workgroup_intro_and_mandate_are_kept(seed: ParsedInvitation) -> None:
    assert seed.workgroup_intro == (
        "For å konkretisere og strukturere arbeidet ble det foreslått å opprette fem ad hoc "
        "arbeidsgrupper:"
    )
    assert seed.workgroup_mandate == (
        "Arbeidsgruppene skal gjennomføre møter mellom faggruppemøtene og levere konkrete "
        "forslag og innspill til neste møte."
    )


def test_seed_misspelt_lead_label_is_read_and_noted(seed: ParsedInvitation) -> None:
    noted = [note.line for note in seed.notes if note.code == NOTE_LABEL_READ_AS]
    assert noted == [72, 75, 78, 81, 84]


def test_seed_lead_missing_from_the_roster_is_noted(seed: ParsedInvitation) -> None:
    notes = [note for note in seed.notes if note.code == NOTE_LEAD_NOT_ON_ROSTER]
    assert [(note.line, "Harriet Slaaen" in note.detail) for note in notes] == [(80, True)]


def test_seed_meeting_is_on_16_january_2025_from_9_to_12_30_on_teams(
    seed: ParsedInvitation,
) -> None:
    meeting = seed.meeting
    assert meeting.date == dt.date(2025, 1, 16)
    assert (meeting.start, meeting.end) == (dt.time(9, 0), dt.time(12, 30))
    assert meeting.place == "Teams"
    assert meeting.line == 19
    assert meeting.links == ("https://www.osloregionen.no/kalender/faggruppemoter-16-januar/",)


def test_seed_letter_date_and_previous_meeting(seed: ParsedInvitation) -> None:
    assert seed.letter_date == dt.date(2024, 11, 1)
    assert seed.meeting.previous_meeting_date == dt.date(2024, 11, 7)


def test_seed_description_holds_the_letter_prose(seed: ParsedInvitation) -> None:
    description = seed.meeting.description
    assert description.startswith("Møtet i faggruppen gjennomføres som del av felles")
    assert "Vi ber deltakere i møtet for nærings samarbeid forberede følgende:" in description
    assert description.endswith("sendes senest en uke etter møtet.")
    assert "**" not in description


def test_seed_group_name_is_mended_by_rule_and_noted(seed: ParsedInvitation) -> None:
    assert seed.group_name == "Næringssamarbeid"
    notes = {
        note.line: note.detail for note in seed.notes if note.code == NOTE_GROUP_NAME_CORRECTED
    }
    assert set(notes) == {17, 58}
    assert "'Nærings samarbeid'" in notes[17]
    assert "one word" in notes[17]
    assert "'Næringsssamarbeid'" in notes[58]
    assert "three identical letters" in notes[58]


def test_seed_organisation_contact_and_signature(seed: ParsedInvitation) -> None:
    assert seed.organisation_name == "Osloregionen"
    assert seed.contact is not None
    assert (seed.contact.name, seed.contact.phone, seed.contact.email) == (
        "Karoline H.Ulateig",
        "41203424",
        None,
    )
    assert seed.contact.line == 11
    assert seed.signature_name == "Karoline Holmstrøm Ulateig"
    assert seed.secretariat_organisation == "Osloregionen"
    assert (seed.our_reference, seed.your_reference, seed.archive_code) == (None, None, None)


def test_seed_common_part_runs_9_to_9_30_with_items_1_to_4(seed: ParsedInvitation) -> None:
    part = common_part(seed)
    assert part.title == "Sakskart til møte i administrative faggrupper 16. januar"
    assert (part.start, part.end) == (dt.time(9, 0), dt.time(9, 30))
    assert (part.link_label, part.link_url, part.line) == ("Fellesdel", None, 40)
    assert [(i.number, i.title) for i in part.items] == [
        (1, "Godkjenning av innkalling og dagsorden"),
        (2, "Ny møteform med en felles del og parallelle faggruppemøter"),
        (3, "Handlingsprogram 2025"),
        (4, "Arrangementer"),
    ]


def test_seed_common_part_sub_points_survive_the_blank_line_after_item_4(
    seed: ParsedInvitation,
) -> None:
    part = common_part(seed)
    assert [s.text for s in item(part, "2").sub_points] == ["Struktur, mandat og roller"]
    assert [(s.text, s.level, s.line) for s in item(part, "4").sub_points] == [
        ("Webinarer", 0, 53),
        ("BEST 2025, 4. juni", 0, 54),
        ("Arendalsuken, 14. august", 0, 55),
        ("Felles fagsamling, 28-29. august", 0, 56),
    ]


def test_seed_group_part_runs_9_40_to_12_30_with_items_1_to_7(seed: ParsedInvitation) -> None:
    part = group_part(seed)
    assert part.title == "Sakskart til møte i faggruppe for Næringsssamarbeid"
    assert (part.start, part.end) == (dt.time(9, 40), dt.time(12, 30))
    assert (part.link_label, part.line) == ("Nærings samarbeid", 58)
    assert [(i.number, i.label, i.title, i.line) for i in part.items] == [
        (1, "1", "Godkjenning av innkalling og dagsorden", 62),
        (2, "2", "Godkjenning av referat fra møte 7. november 2024", 63),
        (3, "3", "Handlingsprogram 2025", 64),
        (4, "4", "Runde rundt bordet: Aktuelle saker i regionen og mål for 2025", 97),
        (5, "5", "Orienteringer", 103),
        (
            6,
            "6",
            "Diskusjon: Rammer for næringsutvikling og arealplanlegging i et uforutsigbart klima",
            108,
        ),
        (7, "7", "Eventuelt", 114),
    ]


def test_seed_group_item_3_holds_its_bullets_and_the_discussion(seed: ParsedInvitation) -> None:
    subs = item(group_part(seed), "3").sub_points
    assert [(s.text, s.level, s.line) for s in subs[:4]] == [
        ("Konkurranseskraft og næringsutvikling", 0, 65),
        ("Sirkulær økonomi", 0, 66),
        ("Internasjonal profilering", 0, 67),
        ("Diskusjon: Hva ønsker medlemmer ut av Osloregionen?", 0, 88),
    ]
    assert [(s.level, s.line) for s in subs[4:]] == [(1, 90), (1, 91), (1, 92), (1, 94), (1, 95)]
    assert subs[-1].text.startswith("Konkrete leveranser: Løsninger på utfordringer")


def test_seed_group_items_4_to_7_take_the_bullets_under_their_headings(
    seed: ParsedInvitation,
) -> None:
    part = group_part(seed)
    lines = {label: [s.line for s in item(part, label).sub_points] for label in "4567"}
    assert lines == {
        "4": [99, 100, 101],
        "5": [105, 106],
        "6": [110, 111, 112],
        "7": [116, 117, 119, 121, 123],
    }
    assert all(s.level == 0 for label in "4567" for s in item(part, label).sub_points)
    orienteringer = item(part, "5").sub_points
    assert orienteringer[1].text == "IMDi prosjektmidler for velkomsttjenester v/ Mari Strømsvåg"


def test_seed_items_1_and_2_of_either_part_have_no_sub_points(seed: ParsedInvitation) -> None:
    for part in seed.parts:
        assert item(part, "1").sub_points == ()
    assert item(group_part(seed), "2").sub_points == ()


def test_seed_deadlines_are_one_week_after_the_meeting(seed: ParsedInvitation) -> None:
    contribution, minutes = seed.deadlines
    assert contribution.agenda_item_label == "3"
    assert contribution.part_is_group
    assert contribution.kind == KIND_CONTRIBUTION
    assert (contribution.offset_days, contribution.due) == (7, dt.date(2025, 1, 23))
    assert contribution.text == "Sendes inn skriftlig i forkant eller senest en uke etter møtet."
    assert contribution.line == 32
    assert minutes.agenda_item_label == "4"
    assert minutes.part_is_group
    assert minutes.kind == KIND_MINUTES
    assert (minutes.offset_days, minutes.due, minutes.line) == (7, dt.date(2025, 1, 23), 34)
    assert minutes.text.startswith("Det vil ikke bli skrevet referat fra denne saken")


def test_seed_has_four_events_with_exact_dates(seed: ParsedInvitation) -> None:
    assert [(e.title, e.start, e.end, e.line) for e in seed.events] == [
        ("BEST 2025", dt.date(2025, 6, 4), None, 54),
        ("Arendalsuken", dt.date(2025, 8, 14), None, 55),
        ("Felles fagsamling", dt.date(2025, 8, 28), dt.date(2025, 8, 29), 56),
        ("Den Store Sirkulærkonferansen 2025", dt.date(2025, 5, 4), dt.date(2025, 5, 5), 121),
    ]


def test_seed_consultation_has_its_title_text_and_no_deadline(seed: ParsedInvitation) -> None:
    (consultation,) = seed.consultations
    assert consultation.title == (
        "Høring - planprogram for regional plan for kompetanse, omstilling og verdiskaping i "
        "Oslo og Akershus"
    )
    assert consultation.text.startswith("Første steg i prosessen er å utarbeide et planprogram.")
    assert "sendes med dette på høring" in consultation.text
    assert (consultation.deadline, consultation.line) == (None, 117)


def test_seed_contact_person_changes_after_30_january_2025(seed: ParsedInvitation) -> None:
    (change,) = seed.contact_changes
    assert (change.outgoing_name, change.incoming_name) == ("Karoline Ulateig", "Målfrid Baik")
    assert change.last_day == dt.date(2025, 1, 30)
    assert change.first_day == dt.date(2025, 1, 31)
    assert change.line == 123


def test_seed_leaves_no_line_unplaced(seed: ParsedInvitation) -> None:
    # Every line has a home: the empty "Deres ref:", "Vår ref:" and "Arkivkode:" labels are
    # formatting, and all prose went to the description, the workgroups or a sub-point.
    assert seed.unplaced == ()


def test_seed_notes_are_exactly_the_corrections_and_checks(seed: ParsedInvitation) -> None:
    assert [(note.line, note.code) for note in seed.notes] == [
        (17, NOTE_GROUP_NAME_CORRECTED),
        (58, NOTE_GROUP_NAME_CORRECTED),
        (72, NOTE_LABEL_READ_AS),
        (75, NOTE_LABEL_READ_AS),
        (78, NOTE_LABEL_READ_AS),
        (80, NOTE_LEAD_NOT_ON_ROSTER),
        (81, NOTE_LABEL_READ_AS),
        (84, NOTE_LABEL_READ_AS),
    ]


def test_seed_parses_the_same_with_windows_line_endings(seed: ParsedInvitation) -> None:
    crlf = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    assert parse_invitation(crlf) == seed
