"""One form of an e-mail address on every edge: the API, the importer and chat identity linking
compare addresses case-folded in full Unicode and composed, on SQLite as on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from api_world import World
from flask.testing import FlaskClient
from sqlalchemy import select

from tracker.importer.apply import import_invitation
from tracker.models import Channel, Person
from tracker.services import access, identity
from tracker.services.context import Actor, ServiceContext

BAERUM = Path(__file__).parent.parent / "data" / "invitation_baerum_2025.md"


def add(client: FlaskClient, world: World, email: str, first_name: str = "Ærlig") -> object:
    return client.post(
        f"/api/v1/groups/{world.group_id}/people",
        json={"first_name": first_name, "email": email},
        headers=world.auth("secretariat"),
    )


def stored_emails(ctx: ServiceContext) -> list[str | None]:
    with ctx.uow() as uow:
        return list(uow.session.scalars(select(Person.email).order_by(Person.id)))


def test_the_same_address_twice_is_a_conflict_naming_the_field_whatever_its_case(
    client: FlaskClient, world: World, ctx: ServiceContext
) -> None:
    first = add(client, world, "Ærlig@example.org")
    assert first.status_code == 201
    assert first.json["email"] == "ærlig@example.org"
    for again in ("Ærlig@example.org", "ærlig@example.org", " ÆRLIG@EXAMPLE.ORG "):
        response = add(client, world, again, first_name="Kopi")
        assert response.status_code == 409, (again, response.json)
        assert response.mimetype == "application/problem+json"
        assert response.json["errors"][0]["field"] == "email"
    assert stored_emails(ctx).count("ærlig@example.org") == 1
    assert len(stored_emails(ctx)) == 5


def test_a_composed_and_a_decomposed_accent_are_the_same_address(
    client: FlaskClient, world: World
) -> None:
    assert add(client, world, "Érlig@example.org").status_code == 201
    assert add(client, world, "E\u0301rlig@example.org").status_code == 409


def test_changing_an_address_to_one_someone_has_in_other_letters_is_a_conflict(
    client: FlaskClient, world: World, ctx: ServiceContext
) -> None:
    assert add(client, world, "Ærlig@example.org").status_code == 201
    response = client.patch(
        f"/api/v1/people/{world.member_id}",
        json={"email": "ÆRLIG@example.org"},
        headers=world.auth("member"),
    )
    assert response.status_code == 409
    assert response.json["errors"][0]["field"] == "email"
    own = client.patch(
        f"/api/v1/people/{world.member_id}",
        json={"email": "Mona.Medlem@Example.NO"},
        headers=world.auth("member"),
    )
    assert own.status_code == 200
    assert own.json["email"] == "mona.medlem@example.no"


def test_a_verified_chat_e_mail_in_other_letters_links_the_person(
    client: FlaskClient, world: World, ctx: ServiceContext
) -> None:
    added = add(client, world, "Ærlig@example.org")
    person = identity.person_for_identity(
        ctx, platform="slack", user_id="U0ERLIG", verified_email=" ÆRLIG@Example.org"
    )
    assert person is not None
    assert person.id == added.json["id"]


def test_the_importer_finds_a_roster_person_by_their_address_in_other_letters(
    client: FlaskClient, world: World, ctx: ServiceContext
) -> None:
    added = add(client, world, "siri.dahl@bærum.kommune.no", first_name="S.")
    invitation = BAERUM.read_text(encoding="utf-8")
    invitation = invitation.replace("siri.dahl@baerum.kommune.no", "Siri.Dahl@BÆRUM.kommune.no")
    invitation = invitation.replace("ingrid.solberg@", "Ingrid.Solberg@")
    import_invitation(
        ctx, actor=Actor.system_actor(Channel.IMPORT), text=invitation, filename=BAERUM.name
    )
    emails = stored_emails(ctx)
    assert emails.count("siri.dahl@bærum.kommune.no") == 1
    assert "ingrid.solberg@osloregionen.no" in emails
    with ctx.uow() as uow:
        wanted = Person.email == "siri.dahl@bærum.kommune.no"
        siri = uow.session.scalar(select(Person).where(wanted))
        assert siri is not None
        assert siri.id == added.json["id"]


def test_a_sign_in_link_by_e_mail_finds_the_address_in_other_letters(
    client: FlaskClient, world: World, ctx: ServiceContext
) -> None:
    added = add(client, world, "Ærlig@example.org")
    found = access.sign_in_link_for_email(ctx, email=" ÆRLIG@Example.org ")
    assert found is not None
    assert found[0].id == added.json["id"]
