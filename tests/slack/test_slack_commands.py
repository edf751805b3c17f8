"""The command language on Slack: every family of the slash command, a mention in a channel
(answered in its thread), a direct message, who is who (linked by profile e-mail, or told how to
link), and user text that stays text."""

from __future__ import annotations

from datetime import date

import pytest
from database_support import lead_task
from slack_support import BOT_USER, SlackHarness, visible_text

from tracker import schemas as s
from tracker.config import Settings
from tracker.models import Channel, ContributionKind, TaskStatus
from tracker.services import contributions, groups, identity, rooms, tasks
from tracker.services.context import Actor, ServiceContext


@pytest.fixture
def task_1(ctx: ServiceContext, linked: dict[str, str]) -> s.TaskView:
    """Task #1 in workgroup 2, owned by its lead Asbjørn Lunde, due Friday 17 January."""
    return lead_task(ctx)


# (what the person types, who sees the answer, something the answer says)
FAMILIES = [
    ("hjelp", "ephemeral", "Dette kan du skrive"),
    ("", "ephemeral", "Dette kan du skrive"),
    ("hvem er jeg", "ephemeral", "Du er Asbjørn Lunde"),
    ("mine oppgaver", "ephemeral", "Dine åpne oppgaver (1)"),
    ("frister", "ephemeral", "Frister"),
    ("mine frister", "ephemeral", "Kartlegg sirkulære anskaffelser"),
    ("frister gruppe 2", "ephemeral", "Frister for arbeidsgruppe 2 Sirkulærøkonomi"),
    ("til neste møte", "ephemeral", "Skal være klart til møtet torsdag 16. januar 2025"),
    ("neste møte", "ephemeral", "09:00–12:30"),
    ("kontaktperson", "ephemeral", "Kontaktperson er Karoline Holmstrøm Ulateig"),
    ("status gruppe 2", "in_channel", "Sirkulærøkonomi"),
    ("ny oppgave Skriv notat frist fredag", "in_channel", "Opprettet oppgave #2"),
    ("#1 pågår", "in_channel", "#1 er nå satt til «pågår»."),
    ("flytt #1 til 24.01", "in_channel", "#1 har nå frist fre. 24.01."),
    ("kommentar #1 Utkast sendt", "in_channel", "Kommentaren er lagt til på #1."),
    ("innspill sak 3: Vi prioriterer rekruttering", "in_channel", "Innspillet ditt til sak 3"),
    ("referat sak 4: Gjøvik ansetter 250", "in_channel", "Referatlinjen din til sak 4"),
    ("new task Write memo due friday", "in_channel", "Created task #2 in workgroup 2."),
    ("my tasks", "ephemeral", "Your open tasks (1)"),
    ("ping", "ephemeral", "pong"),
]


@pytest.mark.parametrize(("text", "shown_to", "says"), FAMILIES)
def test_every_family_of_the_slash_command_answers_in_its_acknowledgement(
    slack: SlackHarness, task_1: s.TaskView, text: str, shown_to: str, says: str
) -> None:
    answer = slack.command(text, user="ULUNDE")
    assert answer["response_type"] == shown_to
    assert says in visible_text(answer["blocks"])
    assert says.replace("&", "&amp;") in answer["text"] or shown_to == "in_channel"


def test_a_new_task_from_the_slash_command_is_stored_and_shown_as_a_card(
    slack: SlackHarness, ctx: ServiceContext, linked: dict[str, str]
) -> None:
    answer = slack.command("ny oppgave Skriv notat frist fredag", user="ULUNDE")
    (task,) = tasks.list_tasks(ctx)
    assert (task.title, task.workgroup_number, task.due_on) == ("Skriv notat", 2, date(2025, 1, 17))
    card = answer["blocks"][1]
    assert card["text"]["text"] == (
        ":white_circle: *#1* Skriv notat\nikke startet · Asbjørn Lunde · frist fre. 17.01"
    )
    buttons = [e["action_id"] for e in answer["blocks"][2]["elements"]]
    assert buttons == ["status:doing", "status:done", "due", "edit"]


def test_a_mentioned_user_becomes_the_owner_through_their_linked_identity(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    answer = slack.command("gi #1 til <@UDAG|dag>", user="ULUNDE")
    assert "#1 er nå Dag Aanensen sin oppgave." in visible_text(answer["blocks"])
    assert tasks.get_task(ctx, task_id=1).owner_name == "Dag Aanensen"
    slack.command("ny oppgave Samle tall frist fredag <@UELI> gruppe 2", user="ULUNDE")
    assert tasks.get_task(ctx, task_id=2).owner_name == "Eli Bryhni"


def test_a_mentioned_user_who_is_not_linked_yet_is_linked_by_their_profile_email(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    (toril,) = groups.find_people(ctx, name="Toril Lislien")
    groups.update_person(
        ctx,
        actor=Actor.system_actor(Channel.CLI),
        person_id=toril.id,
        data=s.PersonUpdate(email="toril.lislien@drammen.kommune.no"),
    )
    slack.api.add_user("UTORIL", email="Toril.Lislien@drammen.kommune.no", name="Toril Lislien")
    slack.command("gi #1 til <@UTORIL>", user="ULUNDE")
    assert tasks.get_task(ctx, task_id=1).owner_name == "Toril Lislien"


def test_binding_a_channel_to_a_workgroup_scopes_its_answers(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    answer = slack.command("bind rommet til gruppe 2", user="ULUNDE", channel="C0SIRKULAR")
    assert answer["response_type"] == "in_channel"
    assert "Dette rommet hører nå til arbeidsgruppe 2 Sirkulærøkonomi." in answer["text"]
    binding = rooms.binding_for_room(ctx, platform="slack", room_id="C0SIRKULAR")
    assert binding is not None
    assert binding.workgroup_id == task_1.workgroup_id
    answer = slack.command("frister", user="UELI", channel="C0SIRKULAR")
    assert "Frister for arbeidsgruppe 2 Sirkulærøkonomi" in visible_text(answer["blocks"])


def test_a_user_whose_profile_email_matches_a_person_is_linked_on_their_first_command(
    slack: SlackHarness, ctx: ServiceContext, seeded: object
) -> None:
    (toril,) = groups.find_people(ctx, name="Toril Lislien")
    groups.update_person(
        ctx,
        actor=Actor.system_actor(Channel.CLI),
        person_id=toril.id,
        data=s.PersonUpdate(email="toril.lislien@drammen.kommune.no"),
    )
    slack.api.add_user("UTORIL", email="toril.lislien@drammen.kommune.no", name="Toril Lislien")
    answer = slack.command("hvem er jeg", user="UTORIL")
    assert "Du er Toril Lislien (Drammen kommune)." in answer["text"]
    assert identity.person_for_identity(ctx, platform="slack", user_id="UTORIL") is not None
    slack.command("mine oppgaver", user="UTORIL")
    assert len(slack.api.calls_to("users.info")) == 1, "a linked user's profile is not asked again"


def test_an_unknown_user_is_told_how_to_link_and_nothing_changes(
    slack: SlackHarness, ctx: ServiceContext, seeded: object
) -> None:
    slack.api.add_user("USTRANGER", email="someone@example.org", name="Some One")
    answer = slack.command("ny oppgave Skriv notat gruppe 2", user="USTRANGER")
    assert answer["response_type"] == "ephemeral"
    text = visible_text(answer["blocks"])
    assert "Jeg vet ikke hvem du er ennå, så jeg gjorde ingenting." in text
    assert "koble ABCD-EFGH" in text
    assert tasks.list_tasks(ctx) == []


def test_an_unknown_user_links_with_a_one_time_code(
    slack: SlackHarness, ctx: ServiceContext, seeded: object
) -> None:
    (eli,) = groups.find_people(ctx, name="Eli Bryhni")
    code = identity.create_link_code(ctx, person_id=eli.id)
    answer = slack.command(f"koble {code}", user="UNEW")
    assert "Velkommen, Eli Bryhni! Chatkontoen din er nå koblet." in answer["text"]
    assert slack.command("hvem er jeg", user="UNEW")["text"].startswith("Du er Eli Bryhni")


def test_user_text_is_escaped_so_it_shows_as_typed(
    slack: SlackHarness, ctx: ServiceContext, linked: dict[str, str]
) -> None:
    # Slack sends what the person typed with & < > encoded.
    answer = slack.command("ny oppgave Budsjett R&amp;D &lt;utkast&gt; *viktig*", user="ULUNDE")
    (task,) = tasks.list_tasks(ctx)
    assert task.title == "Budsjett R&D <utkast> *viktig*"
    card = answer["blocks"][1]["text"]["text"]
    assert "Budsjett R&amp;D &lt;utkast&gt; *viktig*" in card
    assert "<utkast>" not in answer["text"]


def test_a_mention_in_a_channel_is_answered_in_its_thread(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    response = slack.event(
        {
            "type": "app_mention",
            "user": "ULUNDE",
            "text": f"<@{BOT_USER}> #1 ferdig",
            "ts": "1736500001.000200",
            "thread_ts": "1736500000.000100",
            "channel": "C0GENERAL",
        }
    )
    assert response.status_code == 200
    slack.settle()
    (posted,) = slack.api.calls_to("chat.postMessage")
    assert posted.args["channel"] == "C0GENERAL"
    assert posted.args["thread_ts"] == "1736500000.000100"
    assert "#1 er nå satt til «ferdig»." in visible_text(posted.args["blocks"])
    assert tasks.get_task(ctx, task_id=1).status == TaskStatus.DONE


def test_a_question_by_mention_is_answered_to_the_asker_alone(
    slack: SlackHarness, task_1: s.TaskView
) -> None:
    slack.event(
        {
            "type": "app_mention",
            "user": "ULUNDE",
            "text": f"<@{BOT_USER}> mine oppgaver",
            "ts": "1736500002.000100",
            "channel": "C0GENERAL",
        }
    )
    slack.settle()
    (ephemeral,) = slack.api.calls_to("chat.postEphemeral")
    assert ephemeral.args["user"] == "ULUNDE"
    assert "Kartlegg sirkulære anskaffelser" in visible_text(ephemeral.args["blocks"])
    assert slack.api.calls_to("chat.postMessage") == []


def test_a_sign_in_link_is_shown_to_the_asker_alone_by_command_and_by_mention(
    slack: SlackHarness, linked: dict[str, str], settings: Settings
) -> None:
    link = f"{settings.base_url}/sign-in/"
    answer = slack.command("logg inn", user="ULUNDE")
    assert answer["response_type"] == "ephemeral"
    assert link in visible_text(answer["blocks"])
    slack.event(
        {
            "type": "app_mention",
            "user": "ULUNDE",
            "text": f"<@{BOT_USER}> logg inn",
            "ts": "1736500002.000200",
            "channel": "C0GENERAL",
        }
    )
    slack.settle()
    (ephemeral,) = slack.api.calls_to("chat.postEphemeral")
    assert ephemeral.args["user"] == "ULUNDE"
    assert link in visible_text(ephemeral.args["blocks"])
    assert slack.api.calls_to("chat.postMessage") == []


def test_a_direct_message_to_the_bot_is_a_command(
    slack: SlackHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    slack.event(
        {
            "type": "message",
            "channel_type": "im",
            "user": "ULUNDE",
            "text": "innspill sak 3: Vi prioriterer rekruttering",
            "ts": "1736500003.000100",
            "channel": "DLUNDE",
        }
    )
    slack.settle()
    (posted,) = slack.api.calls_to("chat.postMessage")
    assert posted.args["channel"] == "DLUNDE"
    assert "Innspillet ditt til sak 3" in visible_text(posted.args["blocks"])
    (made,) = contributions.list_contributions(ctx)
    assert (made.kind, made.body, made.channel) == (
        ContributionKind.INPUT,
        "Vi prioriterer rekruttering",
        "slack",
    )


def test_the_bots_own_messages_and_edits_are_not_commands(
    slack: SlackHarness, task_1: s.TaskView
) -> None:
    for event in (
        {"type": "message", "channel_type": "im", "subtype": "message_changed", "channel": "D1"},
        {"type": "message", "channel_type": "im", "bot_id": "B1", "user": "UX", "channel": "D1"},
        {"type": "message", "channel_type": "im", "user": BOT_USER, "text": "#1 ferdig"},
    ):
        event.setdefault("ts", "1736500004.000100")
        assert slack.event(event).status_code == 200
    slack.settle()
    assert slack.api.calls_to("chat.postMessage") == []
