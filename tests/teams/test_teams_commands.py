"""The command language on Teams through the real endpoint: activities signed as the Bot
Connector signs them, replies recorded by the connector stand-in, in Norwegian and English."""

from __future__ import annotations

import pytest
from database_support import lead_task
from teams_support import CHANNEL, CONNECTOR_TOKEN, PEOPLE, Person, TeamsHarness, text_of

from adapters.teams import PLATFORM
from tracker import schemas as s
from tracker.models import Channel, TaskStatus
from tracker.services import groups, history, identity, tasks
from tracker.services.context import Actor, ServiceContext


@pytest.fixture
def task_1(ctx: ServiceContext, linked: dict[str, Person]) -> s.TaskView:
    """Task #1 in workgroup 2, owned by its lead Asbjørn Lunde, due Friday 17 January."""
    return lead_task(ctx)


FAMILIES = [
    ("hjelp", "Dette kan du skrive"),
    ("hvem er jeg", "Du er Asbjørn Lunde"),
    ("mine oppgaver", "Dine åpne oppgaver (1)"),
    ("frister", "Frister"),
    ("mine frister", "Kartlegg sirkulære anskaffelser"),
    ("til neste møte", "Skal være klart til møtet torsdag 16. januar 2025"),
    ("neste møte", "09:00–12:30"),
    ("status gruppe 2", "Sirkulærøkonomi"),
    ("ny oppgave Skriv notat frist fredag", "Opprettet oppgave #2"),
    ("#1 pågår", "#1 er nå satt til «pågår»."),
    ("flytt #1 til 24.01", "#1 har nå frist fre. 24.01."),
    ("kommentar #1 Utkast sendt", "Kommentaren er lagt til på #1."),
    ("help", "What you can write"),
    ("my tasks", "Your open tasks (1)"),
    ("deadlines", "Deadlines"),
    ("new task Write memo due friday", "Created task #2 in workgroup 2."),
    ("ping", "pong"),
]


@pytest.mark.parametrize(("line", "expected"), FAMILIES, ids=[f[0] for f in FAMILIES])
def test_each_command_family_answers_in_the_personal_chat(
    teams: TeamsHarness, task_1: s.TaskView, line: str, expected: str
) -> None:
    lunde = teams_person("Asbjørn Lunde")
    reply = teams.say(lunde, line)
    assert expected in text_of(reply)
    assert reply.path.startswith(f"/v3/conversations/a:personal-chat-{lunde.aad}/activities/")
    assert reply.authorization == f"Bearer {CONNECTOR_TOKEN}"


def test_a_mention_in_a_channel_is_answered_in_its_thread(
    teams: TeamsHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    lunde = teams_person("Asbjørn Lunde")
    body = teams.activity(lunde, "#1 ferdig", channel=True)
    body["conversation"]["id"] = f"{CHANNEL};messageid=1700000000001"
    status, _ = teams.post(body)
    assert status == 202
    (reply,) = teams.connector.wait_posts(1)
    assert "#1 er nå satt til «ferdig»." in text_of(reply)
    assert reply.path == (
        f"/v3/conversations/{CHANNEL};messageid=1700000000001/activities/{body['id']}"
    )
    assert tasks.get_task(ctx, task_id=task_1.id).status == TaskStatus.DONE
    (*_, change) = history.history(ctx, entity="task", entity_id=task_1.id)
    assert change.channel == "teams", "the history says the change came from Teams"


def test_a_retried_activity_is_applied_once(
    teams: TeamsHarness, ctx: ServiceContext, task_1: s.TaskView
) -> None:
    lunde = teams_person("Asbjørn Lunde")
    body = teams.activity(lunde, "kommentar #1 Utkast sendt")
    assert teams.post(body)[0] == 202
    teams.connector.wait_posts(1)
    assert teams.post(body)[0] == 202
    assert teams.post(body)[0] == 202
    assert len(teams.connector.posts()) == 1
    assert len(tasks.list_comments(ctx, task_id=task_1.id)) == 1


@pytest.mark.parametrize(
    "token", [None, "not-a-jwt", "forged", "wrong-audience", "expired", "other-service"]
)
def test_a_bad_or_missing_token_is_refused_and_changes_nothing(
    teams: TeamsHarness, ctx: ServiceContext, task_1: s.TaskView, token: str | None
) -> None:
    lunde = teams_person("Asbjørn Lunde")
    body = teams.activity(lunde, "#1 ferdig")
    service = body["serviceUrl"]
    tokens = {
        None: None,
        "not-a-jwt": "abc.def.ghi",
        "forged": _forged(teams, service),
        "wrong-audience": teams.issuer.token(service, aud="someone-else"),
        "expired": teams.issuer.token(service, exp=1_600_000_000, nbf=1_599_999_000),
        "other-service": teams.issuer.token("https://elsewhere.example/"),
    }
    status, _ = teams.post(body, token=tokens[token])
    assert status == 401
    assert tasks.get_task(ctx, task_id=task_1.id).status == TaskStatus.TODO
    assert teams.connector.calls == []


def _forged(teams: TeamsHarness, service: str) -> str:
    from cryptography.hazmat.primitives.asymmetric import rsa

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return teams.issuer.token(service, signing_key=other)


def test_an_unlinked_sender_is_linked_by_the_email_teams_vouches_for(
    teams: TeamsHarness, ctx: ServiceContext, linked: dict[str, Person]
) -> None:
    (toril,) = groups.find_people(ctx, name="Toril Lislien")
    groups.update_person(
        ctx,
        actor=Actor.system_actor(Channel.CLI),
        person_id=toril.id,
        data=s.PersonUpdate(email="toril.lislien@drammen.kommune.no"),
    )
    newcomer = Person("29:toril", "aad-toril-0003", "Toril Lislien")
    teams.connector.add_member(
        newcomer.user_id, newcomer.aad, email="Toril.Lislien@drammen.kommune.no", name="Toril"
    )
    assert "Du er Toril Lislien" in text_of(teams.say(newcomer, "hvem er jeg"))
    assert identity.person_for_identity(ctx, platform=PLATFORM, user_id=newcomer.aad)
    teams.say(newcomer, "mine oppgaver")
    lookups = [c for c in teams.connector.calls if c.method == "GET"]
    assert len(lookups) == 1, "a linked sender's roster entry is not asked again"


def test_a_sender_teams_gives_no_email_for_changes_nothing(
    teams: TeamsHarness, ctx: ServiceContext, linked: dict[str, Person]
) -> None:
    stranger = Person("29:stranger", "aad-stranger-0004", "Some One")
    reply = teams.say(stranger, "ny oppgave Skriv notat gruppe 2")
    assert "Jeg vet ikke hvem du er ennå, så jeg gjorde ingenting." in text_of(reply)
    assert tasks.list_tasks(ctx) == []


def teams_person(name: str) -> Person:
    return PEOPLE[name]


def test_a_reply_for_the_asker_alone_goes_to_their_personal_chat_never_the_channel(
    teams: TeamsHarness, linked: dict[str, Person]
) -> None:
    lunde = teams_person("Asbjørn Lunde")
    body = teams.activity(lunde, "logg inn", channel=True)
    assert teams.post(body)[0] == 202
    (opened,) = [c for c in teams.connector.calls if c.path == "/v3/conversations"]
    assert opened.body["members"] == [body["from"]]
    assert opened.body["isGroup"] is False
    (sent,) = teams.connector.posts()
    assert sent.path == f"/v3/conversations/{opened.answered_id}/activities"
    assert "Innloggingslenken din" in text_of(sent)
    assert not [c for c in teams.connector.calls if CHANNEL in c.path]
