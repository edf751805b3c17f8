"""Members talk to the bot on a real Synapse as they would from their Matrix client: every command
family, threads, mentions, direct rooms, reactions, unknown and unauthorised senders."""

from __future__ import annotations

from matrix_support import (
    Account,
    BotRunner,
    Homeserver,
    Member,
    MemberFactory,
    Seen,
    bot_settings,
    wait_until,
)
from sqlalchemy import select

from tracker.config import Settings
from tracker.importer.apply import ImportReport
from tracker.models import DirectRoom, RoomBinding, TaskStatus
from tracker.services import groups, identity, platform_state, tasks
from tracker.services.context import ServiceContext


def ask(member: Member, room: str, text: str, bot: BotRunner, **kwargs: object) -> Seen:
    """Send a message and wait for the bot's answer to it."""
    event_id = member.send(room, text, **kwargs)  # type: ignore[arg-type]
    return member.reply_to(room, event_id, by=bot.bot.user_id)


def said_before_marker(member: Member, room: str, bot: BotRunner) -> list[Seen]:
    """What the bot said in a room before answering a marker sent last: the bot handles a
    room's events in order, so once the marker is answered, everything before it was handled."""
    marker = member.send(room, "!t ping")
    member.reply_to(room, marker, by=bot.bot.user_id)
    return [s for s in member.answers(room, by=bot.bot.user_id) if s.replies_to() != marker]


def test_ping_is_answered_with_pong_as_a_notice_in_reply_with_html_and_plain_body(
    bot: BotRunner, member: MemberFactory
) -> None:
    anne = member("Anne Huse")
    room = anne.create_room([bot.bot.user_id])
    command = anne.send(room, "!t ping")
    answer = anne.reply_to(room, command, by=bot.bot.user_id)
    assert answer.content == {
        "msgtype": "m.notice",
        "body": "pong",
        "format": "org.matrix.custom.html",
        "formatted_body": "<p>pong</p>",
        "m.relates_to": {"m.in_reply_to": {"event_id": command}},
    }


def test_task_commands_create_list_move_assign_comment_and_change_status(
    bot: BotRunner, member: MemberFactory, ctx: ServiceContext
) -> None:
    lead, dag = member("Asbjørn Lunde"), member("Dag Aanensen")
    room = lead.create_room([bot.bot.user_id])
    created = ask(lead, room, "!t ny oppgave Kartlegg anskaffelser frist 20.01", bot)
    assert created.body.startswith("Opprettet oppgave #1 i arbeidsgruppe 2.")
    assert "Dine åpne oppgaver (1)" in ask(lead, room, "!t mine oppgaver", bot).body
    assert "#1 har nå frist" in ask(lead, room, "!t flytt #1 til 24.01", bot).body
    assert "#1 er nå satt til «pågår»." in ask(lead, room, "!t #1 pågår", bot).body
    assert "Kommentaren er lagt til på #1." in ask(lead, room, "!t kommentar #1 Utkast", bot).body
    # By Matrix id: Dag's is on his person record.
    assert "Dag Aanensen" in ask(lead, room, f"!t gi #1 til {dag.user_id}", bot).body
    shown = ask(lead, room, "!t vis #1", bot).body
    assert "Ansvarlig: Dag Aanensen" in shown
    (task,) = tasks.list_tasks(ctx)
    assert (task.status, task.owner_name, task.due_on.isoformat()) == (
        TaskStatus.DOING,
        "Dag Aanensen",
        "2025-01-24",
    )


def test_meeting_commands_deadlines_agenda_input_summary_contact_and_help(
    bot: BotRunner, member: MemberFactory
) -> None:
    anne = member("Anne Huse")
    room = anne.create_room([bot.bot.user_id])
    assert "Faggruppens frister" in ask(anne, room, "!t frister", bot).body
    assert "Hvor: Teams" in ask(anne, room, "!t neste møte", bot).body
    assert "Skal være klart til møtet" in ask(anne, room, "!t til neste møte", bot).body
    assert ask(anne, room, "!t innspill sak 3: Flere webinarer", bot).body == (
        "Innspillet ditt til sak 3 (Handlingsprogram 2025) er registrert."
    )
    assert ask(anne, room, "!t status", bot).body.startswith("Status uke 2")
    assert "Karoline Holmstrøm Ulateig" in ask(anne, room, "!t kontaktperson", bot).body
    assert "What you can write" in ask(anne, room, "!t help", bot).body
    assert ask(anne, room, "!t hvem er jeg", bot).body == "Du er Anne Huse (Kongsvingerregionen)."


def test_user_text_is_escaped_in_the_html_and_kept_as_typed_in_the_plain_body(
    bot: BotRunner, member: MemberFactory
) -> None:
    lead = member("Asbjørn Lunde")
    room = lead.create_room([bot.bot.user_id])
    answer = ask(lead, room, "!t ny oppgave Les <b>notatet</b> & svar", bot)
    assert "Les <b>notatet</b> & svar" in answer.body
    assert "Les &lt;b&gt;notatet&lt;/b&gt; &amp; svar" in answer.content["formatted_body"]
    assert "<b>notatet</b>" not in answer.content["formatted_body"]


def test_a_mention_is_a_command_and_plain_chat_or_another_prefix_is_not(
    bot: BotRunner, member: MemberFactory
) -> None:
    anne = member("Anne Huse")
    room = anne.create_room([bot.bot.user_id])
    bot_id = bot.bot.user_id
    pill = f'<a href="https://matrix.to/#/{bot_id}">{bot.bot.display_name}</a>: ping'
    by_pill = ask(
        anne,
        room,
        f"{bot.bot.display_name}: ping",
        bot,
        extra={
            "format": "org.matrix.custom.html",
            "formatted_body": pill,
            "m.mentions": {"user_ids": [bot_id]},
        },
    )
    assert by_pill.body == "pong"
    assert ask(anne, room, f"{bot_id} hvem er jeg", bot).body.startswith("Du er Anne Huse")
    anne.send(room, "hei alle, ping meg etter møtet")
    anne.send(room, "!tiltak ping")
    anne.send(room, "!x ping")
    assert len(said_before_marker(anne, room, bot)) == 2


def test_a_command_in_a_thread_is_answered_in_that_thread(
    bot: BotRunner, member: MemberFactory
) -> None:
    anne = member("Anne Huse")
    room = anne.create_room([bot.bot.user_id])
    root = anne.send(room, "Forberedelser til møtet")
    command = anne.send(room, "!t ping", thread=root)
    answer = anne.reply_to(room, command, by=bot.bot.user_id)
    assert answer.content["m.relates_to"] == {
        "rel_type": "m.thread",
        "event_id": root,
        "is_falling_back": True,
        "m.in_reply_to": {"event_id": command},
    }


def test_other_bots_notices_edits_and_the_bots_own_messages_are_not_answered(
    bot: BotRunner, member: MemberFactory
) -> None:
    anne = member("Anne Huse")
    other_bot = member()
    room = anne.create_room([bot.bot.user_id, other_bot.user_id])
    other_bot.send(room, "!t ping", msgtype="m.notice")
    command = anne.send(room, "!t ping")
    anne.send(
        room,
        "* !t hjelp",
        extra={
            "m.new_content": {"msgtype": "m.text", "body": "!t hjelp"},
            "m.relates_to": {"rel_type": "m.replace", "event_id": command},
        },
    )
    answers = said_before_marker(anne, room, bot)
    assert [a.body for a in answers] == ["pong"]


def test_reacting_in_progress_and_done_on_a_task_the_bot_posted_changes_its_status(
    bot: BotRunner, member: MemberFactory, ctx: ServiceContext
) -> None:
    lead = member("Asbjørn Lunde")
    room = lead.create_room([bot.bot.user_id])
    created = ask(lead, room, "!t ny oppgave Skriv notat", bot)
    # The hint: how to react, and the typed command that does the same.
    assert "✅" in created.body
    assert "🚧" in created.body
    assert "!t #1 ferdig" in created.body
    (task,) = tasks.list_tasks(ctx)
    lead.react(room, created.event_id, "🚧")
    answer = lead.reply_to(room, created.event_id, by=bot.bot.user_id)
    assert "#1 er nå satt til «pågår»." in answer.body
    assert tasks.get_task(ctx, task_id=task.id).status == TaskStatus.DOING
    lead.react(room, created.event_id, "✅️")  # with the emoji variation selector
    wait_until(lambda: tasks.get_task(ctx, task_id=task.id).status == TaskStatus.DONE)


def test_a_reaction_on_a_message_showing_several_tasks_or_none_changes_nothing(
    bot: BotRunner, member: MemberFactory, ctx: ServiceContext
) -> None:
    lead = member("Asbjørn Lunde")
    room = lead.create_room([bot.bot.user_id])
    ask(lead, room, "!t ny oppgave En", bot)
    ask(lead, room, "!t ny oppgave To", bot)
    listing = ask(lead, room, "!t mine oppgaver", bot)
    assert "✅" not in listing.body  # no hint: a reaction could not tell which task
    lead.react(room, listing.event_id, "✅")
    own = lead.send(room, "vanlig melding")
    lead.react(room, own, "✅")
    assert len(said_before_marker(lead, room, bot)) == 3
    assert {t.status for t in tasks.list_tasks(ctx)} == {TaskStatus.TODO}


def test_an_unknown_user_is_told_how_to_link_and_links_with_a_one_time_code(
    bot: BotRunner, member: MemberFactory, ctx: ServiceContext, seeded: ImportReport
) -> None:
    stranger = member()
    room = stranger.create_room([bot.bot.user_id])
    answer = ask(stranger, room, "!t mine oppgaver", bot)
    assert "Jeg vet ikke hvem du er ennå, så jeg gjorde ingenting." in answer.body
    assert "koble ABCD-EFGH" in answer.body
    code = identity.create_link_code(ctx, person_id=person_id_of(ctx, "Eli Bryhni"))
    assert "Velkommen, Eli Bryhni!" in ask(stranger, room, f"!t koble {code}", bot).body
    assert ask(stranger, room, "!t hvem er jeg", bot).body.startswith("Du er Eli Bryhni")


def test_a_person_whose_matrix_id_is_on_record_is_known_without_linking(
    bot: BotRunner, member: MemberFactory
) -> None:
    dag = member("Dag Aanensen")
    room = dag.create_room([bot.bot.user_id])
    assert ask(dag, room, "!t hvem er jeg", bot).body == "Du er Dag Aanensen (Drammensregionen)."


def test_an_unauthorised_command_is_refused_and_changes_nothing(
    bot: BotRunner, member: MemberFactory, ctx: ServiceContext
) -> None:
    lead, anne = member("Asbjørn Lunde"), member("Anne Huse")
    room = lead.create_room([bot.bot.user_id, anne.user_id])
    ask(lead, room, "!t ny oppgave Leders oppgave", bot)
    refused = ask(anne, room, "!t bind rommet til gruppe 2", bot)
    assert refused.body == "Bare sekretariatet kan gjøre det."
    not_hers = ask(anne, room, "!t #1 ferdig", bot)
    assert not_hers.body.startswith("Oppgave #1 er noen andres")
    with ctx.uow() as uow:
        assert uow.session.scalars(select(RoomBinding)).all() == []
    assert tasks.list_tasks(ctx)[0].status == TaskStatus.TODO


def test_a_lead_binds_the_room_to_a_workgroup_and_new_tasks_land_there(
    bot: BotRunner, member: MemberFactory, ctx: ServiceContext
) -> None:
    lead, anne = member("Dag Aanensen"), member("Anne Huse")
    room = lead.create_room([bot.bot.user_id, anne.user_id])
    bound = ask(lead, room, "!t bind rommet til gruppe 3", bot)
    assert bound.body == "Dette rommet hører nå til arbeidsgruppe 3 Næringsutviklingsprosjekter."
    created = ask(anne, room, "!t ny oppgave Finn eksempler", bot)
    assert created.body.startswith("Opprettet oppgave #1 i arbeidsgruppe 3.")


def test_a_direct_room_needs_no_prefix_and_is_remembered(
    bot: BotRunner, member: MemberFactory, ctx: ServiceContext
) -> None:
    anne = member("Anne Huse")
    room = anne.create_room([bot.bot.user_id], direct=True)
    assert ask(anne, room, "hvem er jeg", bot).body == "Du er Anne Huse (Kongsvingerregionen)."
    assert ask(anne, room, "!t ping", bot).body == "pong"
    assert platform_state.direct_room(ctx, platform="matrix", user_id=anne.user_id) == room
    with ctx.uow() as uow:
        assert len(uow.session.scalars(select(DirectRoom)).all()) == 1


def test_a_sign_in_link_asked_for_in_a_shared_room_is_sent_to_a_direct_room(
    bot: BotRunner, member: MemberFactory, ctx: ServiceContext, settings: Settings
) -> None:
    anne, dag = member("Anne Huse"), member("Dag Aanensen")
    room = anne.create_room([bot.bot.user_id, dag.user_id])
    pointer = ask(anne, room, "!t logg inn", bot)
    assert pointer.body == "Jeg har sendt deg svaret i en direktemelding."
    direct = platform_state.direct_room(ctx, platform="matrix", user_id=anne.user_id)
    assert direct is not None
    assert direct != room
    link = anne.wait_for(
        lambda e: (
            e.room_id == direct
            and e.sender == bot.bot.user_id
            and e.source.get("type") == "m.room.message"
        )
    )
    assert f"{settings.base_url}/sign-in/" in link.body
    assert "Ikke del den" in link.body
    # Neither the room nor anyone else in it got the link.
    assert all("/sign-in/" not in seen.body for seen in said_before_marker(anne, room, bot))
    assert all("/sign-in/" not in seen.body for seen in dag.seen)
    # Asked again, the same direct room; asked there, the answer comes there.
    ask(anne, room, "!t logg inn", bot)
    assert platform_state.direct_room(ctx, platform="matrix", user_id=anne.user_id) == direct
    assert f"{settings.base_url}/sign-in/" in ask(anne, direct, "logg inn", bot).body


def test_invitations_from_servers_and_users_not_allowed_are_declined(
    start_bot: object,
    settings: Settings,
    homeserver: Homeserver,
    bot_account: Account,
    member: MemberFactory,
    seeded: ImportReport,
) -> None:
    trusted = member()
    runner = start_bot(  # type: ignore[operator]
        bot_settings(
            settings,
            homeserver,
            bot_account,
            allowed_servers=("example.org",),
            allowed_users=(trusted.user_id,),
        )
    )
    outsider = member()
    refused = outsider.runner.run(outsider.client.room_create(invite=[runner.bot.user_id]))
    outsider.wait_for(
        lambda s: (
            s.room_id == refused.room_id
            and s.source.get("state_key") == runner.bot.user_id
            and s.content.get("membership") == "leave"
        )
    )
    room = trusted.create_room([runner.bot.user_id])
    assert ask(trusted, room, "!t ping", runner).body == "pong"


def person_id_of(ctx: ServiceContext, name: str) -> int:
    (person,) = groups.find_people(ctx, name=name)
    return person.id
