"""Conversations about deadlines, the next meeting, contributions, the contact and summaries."""

from __future__ import annotations

from datetime import UTC, datetime

from chat_support import Chat

from tracker.clock import FixedClock
from tracker.models import ContributionKind
from tracker.services import contributions
from tracker.services.context import ServiceContext


def test_the_next_meeting_with_time_place_and_agenda_in_norwegian(chat: Chat) -> None:
    answer = chat("Anne Huse").say("neste møte")
    assert "Når: torsdag 16. januar 2025 09:00–12:30" in answer
    assert "Hvor: Teams" in answer
    assert "3. Handlingsprogram 2025" in answer
    assert "- Sirkulær økonomi" in answer
    assert "4. Runde rundt bordet: Aktuelle saker i regionen og mål for 2025" in answer


def test_the_next_meeting_in_english(chat: Chat) -> None:
    answer = chat("Anne Huse").say("next meeting")
    assert "When: Thursday 16 January 2025 09:00–12:30" in answer
    assert "Where: Teams" in answer


def test_no_next_meeting_once_it_is_over(chat: Chat, clock: FixedClock) -> None:
    clock.set(datetime(2025, 2, 1, 12, 0, tzinfo=UTC))
    assert chat("Anne Huse").say("neste møte") == "Det er ikke planlagt noe møte ennå."


def test_the_groups_deadlines_include_the_written_input_a_week_after_the_meeting(
    chat: Chat,
) -> None:
    answer = chat("Anne Huse").say("frister")
    assert "Faggruppens frister" in answer
    assert (
        "tor. 23.01: sak 3: Sendes inn skriftlig i forkant eller senest en uke etter møtet."
        in answer
    )
    assert "Deadlines of the group" in chat("Anne Huse").say("deadlines")


def test_a_workgroups_deadlines_by_number_and_by_name(chat: Chat) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Kartlegg anskaffelser frist 20.01")
    chat("Dag Aanensen").say("ny oppgave Prosjektliste frist 21.01")
    by_number = lead.say("frister gruppe 2")
    assert by_number.splitlines()[0] == "Frister for arbeidsgruppe 2 Sirkulærøkonomi"
    assert "Kartlegg anskaffelser" in by_number
    assert "Prosjektliste" not in by_number
    by_name = lead.say("frister sirkulær")
    assert "Kartlegg anskaffelser" in by_name
    assert "Deadlines of workgroup 3 Næringsutviklingsprosjekter" in lead.say("deadlines group 3")


def test_an_unknown_workgroup_lists_the_real_ones(chat: Chat) -> None:
    answer = chat("Anne Huse").say("frister gruppe 9")
    assert answer.startswith("Jeg kjenner ingen arbeidsgruppe «9». Arbeidsgruppene er: 1 ")
    assert "5 Attraktivitet og tilflytting" in answer


def test_my_deadlines(chat: Chat) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Sett frist for høring frist 20.01")
    lead.say("ny oppgave Uten dato")
    answer = lead.say("mine frister")
    assert "#1 Sett frist for høring — ikke startet · Asbjørn Lunde · frist man. 20.01" in answer
    assert "Uten dato" not in answer
    assert "Your deadlines" in lead.say("my deadlines")


def test_what_is_due_for_the_next_meeting(chat: Chat) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Innspill til handlingsprogram frist før neste møte")
    lead.say("ny oppgave Etter møtet frist 30.01")
    answer = lead.say("til neste møte")
    assert answer.splitlines()[0] == "Skal være klart til møtet torsdag 16. januar 2025"
    assert "Innspill til handlingsprogram" in answer
    assert "Etter møtet" not in answer
    assert "Due for the meeting on Thursday 16 January 2025" in lead.say("due for next meeting")


def test_the_contact_person_before_and_after_the_change(chat: Chat, clock: FixedClock) -> None:
    answer = chat("Anne Huse").say("hvem er kontaktperson?")
    assert "Kontaktperson er Karoline Holmstrøm Ulateig, Osloregionen, tlf. 41203424." in answer
    assert "Fra fre. 31.01 er Målfrid Baik kontaktperson." in answer
    clock.set(datetime(2025, 2, 3, 9, 0, tzinfo=UTC))
    assert chat("Anne Huse").say("contact") == "The contact person is Målfrid Baik, Osloregionen."


def test_written_input_to_an_agenda_item_is_registered_with_who_and_when(
    chat: Chat, ctx: ServiceContext
) -> None:
    answer = chat("Anne Huse").say("innspill sak 3: Vi ønsker flere webinarer om kraft")
    assert answer == "Innspillet ditt til sak 3 (Handlingsprogram 2025) er registrert."
    (made,) = contributions.list_contributions(ctx)
    assert (made.person_name, made.body, made.kind, made.late) == (
        "Anne Huse",
        "Vi ønsker flere webinarer om kraft",
        ContributionKind.INPUT,
        False,
    )
    assert made.channel == "console"


def test_input_after_the_deadline_is_marked_late(
    chat: Chat, ctx: ServiceContext, clock: FixedClock
) -> None:
    clock.set(datetime(2025, 1, 15, 9, 0, tzinfo=UTC))
    chat("Anne Huse").say("input item 3: We propose a webinar")
    clock.set(datetime(2025, 1, 24, 9, 0, tzinfo=UTC))
    # The meeting is over, so there is no next meeting to contribute to.
    assert "Det er ikke planlagt noe møte ennå." in chat("Eli Bryhni").say("innspill sak 3: sent")
    (made,) = contributions.list_contributions(ctx)
    assert made.late is False


def test_a_line_for_the_minutes(chat: Chat, ctx: ServiceContext) -> None:
    answer = chat("Gunhild Paulsen").say("referat sak 4: Nammo skal ansette 250 i 2025")
    assert answer == (
        "Referatlinjen din til sak 4 (Runde rundt bordet: Aktuelle saker i regionen og mål for "
        "2025) er registrert."
    )
    (made,) = contributions.list_contributions(ctx)
    assert made.kind == ContributionKind.MINUTES


def test_input_without_text_or_to_a_missing_item(chat: Chat, ctx: ServiceContext) -> None:
    assert "Skriv teksten etter kommandoen" in chat("Anne Huse").say("innspill sak 3")
    assert chat("Anne Huse").say("innspill sak 12: tekst") == (
        "Neste møte har ingen sak 12 på sakskartet."
    )
    assert contributions.list_contributions(ctx) == []


def test_the_weekly_summary_on_demand(chat: Chat, clock: FixedClock) -> None:
    lead = chat("Asbjørn Lunde")
    lead.say("ny oppgave Kartlegg anskaffelser frist 14.01")
    lead.say("ny oppgave Forfalt oppgave frist 13.01")
    lead.say("ny oppgave Skriv rapport")
    lead.say("#3 blokkert: venter på data")
    clock.set(datetime(2025, 1, 14, 9, 0, tzinfo=UTC))
    answer = lead.say("status")
    assert answer.splitlines()[0] == "Status uke 3"
    assert "Arbeidsgruppe 2 Sirkulærøkonomi" in answer
    assert "Over fristen (1)" in answer
    assert "Står fast (1)" in answer
    assert "Står fast: venter på data" in answer
    assert "Frist de neste to ukene (1)" in answer
    assert "Ingen endringer og ingen frister i: 1 Internasjonal rekruttering" in answer
    assert "Neste møte: torsdag 16. januar 2025." in answer
    single = lead.say("summary group 2")
    assert single.splitlines()[0] == "Status week 3 for workgroup 2 Sirkulærøkonomi"
