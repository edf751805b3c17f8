"""People and organisations: finding people by name, their details and who may change them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from tracker import schemas as s
from tracker.db import UnitOfWork
from tracker.errors import Conflict, InvalidInput, NotFound
from tracker.i18n import N_
from tracker.models import GroupMembership, Organisation, Person
from tracker.services import history, permissions
from tracker.services.context import Actor, ServiceContext
from tracker.services.views import person_view
from tracker.text import normalise_email


def name_key(first_name: str, last_name: str) -> str:
    """The key people are found by: case-folded, single-spaced 'first last'."""
    return " ".join(f"{first_name} {last_name}".split()).casefold()


def list_organisations(ctx: ServiceContext) -> list[s.OrganisationView]:
    """All organisations by name."""
    with ctx.uow() as uow:
        rows = uow.session.scalars(select(Organisation).order_by(Organisation.name))
        return [s.OrganisationView.model_validate(row) for row in rows]


def get_or_create_organisation(session: Session, name: str) -> Organisation:
    """Find an organisation by exact name or create it."""
    organisation = session.scalar(select(Organisation).where(Organisation.name == name))
    if organisation is None:
        organisation = Organisation(name=name)
        session.add(organisation)
        session.flush()
    return organisation


def load_person(session: Session, person_id: int) -> Person:
    """Load a person with their organisation, or raise NotFound."""
    person = session.scalar(
        select(Person).options(joinedload(Person.organisation)).where(Person.id == person_id)
    )
    if person is None:
        raise NotFound(N_("Person {id} does not exist."), id=person_id)
    return person


def get_person(ctx: ServiceContext, *, person_id: int) -> s.PersonView:
    """One person."""
    with ctx.uow() as uow:
        return person_view(load_person(uow.session, person_id))


def list_people(ctx: ServiceContext) -> list[s.PersonView]:
    """Everyone, by name."""
    with ctx.uow() as uow:
        rows = uow.session.scalars(
            select(Person)
            .options(joinedload(Person.organisation))
            .order_by(Person.last_name, Person.first_name, Person.id)
        )
        return [person_view(row) for row in rows]


def find_people(ctx: ServiceContext, *, name: str) -> list[s.PersonView]:
    """People whose full name, first name or last name matches what was typed."""
    wanted = " ".join(name.split()).casefold()
    with ctx.uow() as uow:
        rows = uow.session.scalars(
            select(Person).options(joinedload(Person.organisation)).order_by(Person.id)
        )
        exact = [p for p in rows if p.name_key == wanted]
        if exact:
            return [person_view(p) for p in exact]
        rows = uow.session.scalars(
            select(Person).options(joinedload(Person.organisation)).order_by(Person.id)
        )
        return [
            person_view(p)
            for p in rows
            if wanted in (p.first_name.casefold(), p.last_name.casefold())
            or p.name_key.startswith(wanted + " ")
        ]


def check_email_free(session: Session, email: str | None, person_id: int | None) -> None:
    """Refuse an e-mail address someone else (not `person_id`) already has."""
    if email is None:
        return
    # Addresses are stored normalised (the schemas and the Person model see to it), so equality
    # finds every spelling; SQL lower() would fold ASCII only on SQLite.
    email = normalise_email(email)
    other = session.scalar(select(Person.id).where(Person.email == email))
    if other is not None and other != person_id:
        raise _email_taken(email)


def _email_taken(email: str) -> Conflict:
    return Conflict(
        N_("Someone else already has the e-mail address {email}."), email=email, field="email"
    )


def flush_person(uow: UnitOfWork, email: str | None) -> None:
    """Flush, turning a unique address taken meanwhile by a concurrent request into a Conflict."""
    try:
        uow.flush()
    except IntegrityError as exc:
        if email is not None and "email" in str(exc.orig).lower():
            raise _email_taken(normalise_email(email)) from None
        raise


def update_person(
    ctx: ServiceContext, *, actor: Actor, person_id: int, data: s.PersonUpdate
) -> s.PersonView:
    """Change a person's details: themselves, or the secretariat of a group they are in."""
    changes: dict[str, Any] = {name: getattr(data, name) for name in data.model_fields_set}
    with ctx.uow() as uow:
        session = uow.session
        person = load_person(session, person_id)
        if actor.person_id != person.id and not actor.system:
            group_ids = session.scalars(
                select(GroupMembership.group_id).where(GroupMembership.person_id == person.id)
            ).all()
            if not any(permissions.is_secretariat(session, actor, gid) for gid in group_ids):
                permissions.require_secretariat(session, actor, -1)
        for required in ("first_name", "language"):
            if required in changes and changes[required] is None:
                raise InvalidInput(N_("{field} cannot be empty."), field=required)
        if "email" in changes:
            check_email_free(session, changes["email"], person.id)
        tracked = ("first_name", "last_name", "email", "phone", "language")
        old = {name: getattr(person, name) for name in tracked}
        for name, value in changes.items():
            setattr(person, name, value if value is not None or name != "last_name" else "")
        person.name_key = name_key(person.first_name, person.last_name)
        history.record(
            session,
            actor=actor,
            at=ctx.clock.now(),
            entity="person",
            entity_id=person.id,
            old=old,
            new={name: getattr(person, name) for name in tracked},
        )
        flush_person(uow, changes.get("email"))
        view = person_view(person)
        uow.commit()
        return view
