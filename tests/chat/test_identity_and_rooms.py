"""Who is speaking, and which room talks about what: links by code or verified e-mail, unknown
senders change nothing, room bindings scope the answers, and a repeated event is handled once."""

from __future__ import annotations

from datetime import timedelta

from chat_support import Chat, person_id

from adapters.console.session import ConsoleSession
from chatops.core import ChatCore
from chatops.messages import IncomingMessage
from chatops.reply import Paragraph
from tracker import schemas as s
from tracker.clock import FixedClock
from tracker.models import Channel, TaskStatus
from tracker.services import groups, identity, tasks
from tracker.services.context import Actor, ServiceContext


def test_an_unknown_sender_is_told_how_to_link_and_nothing_happens(
    chat: Chat, ctx: ServiceContext
) -> None:
    stranger = chat()
    answer = stranger.say("ny oppgave Skriv notat gruppe 2")
    assert "Jeg vet ikke hvem du er ennå, så jeg gjorde ingenting." in answer
    assert "koble ABCD-EFGH" in answer
    assert tasks.list_tasks(ctx) == []
    assert "I don't know who you are yet" in stranger.say("my tasks")


def test_a_one_time_code_links_a_chat_account_once(chat: Chat, ctx: ServiceContext) -> None:
    code = identity.create_link_code(ctx, person_id=person_id(ctx, "Eli Bryhni"))
    stranger = chat()
    assert stranger.say(f"koble {code}") == "Velkommen, Eli Bryhni! Chatkontoen din er nå koblet."
    assert stranger.say("hvem er jeg") == "Du er Eli Bryhni (Hamarregionen Utvikling)."
    other = ConsoleSession(stranger.core, "someone-else")
    assert "That code is unknown, used or expired." in other.say(f"link {code}")
    assert "Den koden er ukjent, brukt eller utløpt." in other.say(f"koble {code}")
    assert "I don't know who you are yet" in other.say("who am i")


def test_a_code_expires_after_a_day(chat: Chat, ctx: ServiceContext, clock: FixedClock) -> None:
    code = identity.create_link_code(ctx, person_id=person_id(ctx, "Eli Bryhni"))
    clock.advance(timedelta(hours=25))
    assert "utløpt" in chat().say(f"koble {code.replace('-', '').lower()}")


def test_a_verified_email_from_the_platform_links_the_sender(
    ctx: ServiceContext, core: ChatCore, seeded: object
) -> None:
    groups.update_person(
        ctx,
        actor=Actor.system_actor(Channel.CLI),
        person_id=person_id(ctx, "Toril Lislien"),
        data=s.PersonUpdate(email="toril.lislien@drammen.kommune.no"),
    )
    reply = core.handle(
        IncomingMessage(
            platform="slack",
            room_id="C1",
            sender_id="U123",
            text="hvem er jeg",
            event_id="Ev1",
            verified_email="Toril.Lislien@drammen.kommune.no",
        )
    )
    assert reply is not None
    assert reply.blocks == (Paragraph("Du er Toril Lislien (Drammen kommune)."),)


def test_the_same_event_twice_has_one_effect_and_one_reply(chat: Chat, ctx: ServiceContext) -> None:
    lead = chat("Asbjørn Lunde")
    first = lead.say("ny oppgave Skriv notat", event_id="evt-42")
    again = lead.say("ny oppgave Skriv notat", event_id="evt-42")
    assert "Opprettet oppgave #1" in first
    assert again == ""
    assert len(tasks.list_tasks(ctx)) == 1
    lead.say("#1 ferdig", event_id="evt-43")
    lead.say("#1 ferdig", event_id="evt-43")
    statuses = [t.status for t in tasks.list_tasks(ctx)]
    assert statuses == [TaskStatus.DONE]


def test_event_ids_are_per_platform(ctx: ServiceContext, core: ChatCore, seeded: object) -> None:
    def message(platform: str) -> IncomingMessage:
        return IncomingMessage(
            platform=platform, room_id="r", sender_id="u", text="ping", event_id="same-id"
        )

    assert core.handle(message("slack")) is not None
    assert core.handle(message("matrix")) is not None
    assert core.handle(message("slack")) is None


def test_a_room_bound_to_a_workgroup_scopes_deadlines_and_new_tasks(chat: Chat) -> None:
    lead = chat("Asbjørn Lunde", room="C-sirkular")
    assert lead.say("bind rommet til gruppe 2") == (
        "Dette rommet hører nå til arbeidsgruppe 2 Sirkulærøkonomi."
    )
    chat("Dag Aanensen").say("ny oppgave Prosjektliste frist 21.01 gruppe 3")
    member = chat("Anne Huse", room="C-sirkular")
    answer = member.say("ny oppgave Finn eksempler frist 20.01")
    assert "Opprettet oppgave #2 i arbeidsgruppe 2." in answer
    deadlines = member.say("frister")
    assert deadlines.splitlines()[0] == "Frister for arbeidsgruppe 2 Sirkulærøkonomi"
    assert "Finn eksempler" in deadlines
    assert "Prosjektliste" not in deadlines
    assert "Prosjektliste" in chat("Anne Huse", room="elsewhere").say("frister")


def test_only_a_lead_or_the_secretariat_binds_a_room(chat: Chat) -> None:
    assert "Bare sekretariatet kan gjøre det." in chat("Anne Huse", room="C1").say(
        "bind rommet til gruppe 2"
    )
    assert "Bare sekretariatet kan gjøre det." in chat("Asbjørn Lunde", room="C1").say(
        "bind rommet til hele faggruppen"
    )
    assert chat("Målfrid Baik", room="C1").say("bind room to the whole group") == (
        "This room now belongs to the whole group."
    )
