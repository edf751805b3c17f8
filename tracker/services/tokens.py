"""API bearer tokens: shown once at creation, stored only as a SHA-256 hash, revocable."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from tracker.errors import NotAuthenticated, NotFound
from tracker.i18n import N_
from tracker.models import ApiToken, Person
from tracker.services.context import Actor, ServiceContext

TOKEN_PREFIX = "tlt_"  # noqa: S105  (a visible prefix lets secret scanners find leaked tokens)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(ctx: ServiceContext, *, person_id: int, name: str) -> str:
    """Create a token for a person and return it; it cannot be shown again."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with ctx.uow() as uow:
        if uow.session.get(Person, person_id) is None:
            raise NotFound(N_("Person {id} does not exist."), id=person_id)
        uow.session.add(
            ApiToken(
                person_id=person_id,
                name=name,
                token_hash=_digest(token),
                created_at=ctx.clock.now(),
            )
        )
        uow.commit()
    return token


def revoke_token(ctx: ServiceContext, *, token_id: int) -> None:
    """Revoke a token so it no longer works."""
    with ctx.uow() as uow:
        row = uow.session.get(ApiToken, token_id)
        if row is None:
            raise NotFound(N_("Token {id} does not exist."), id=token_id)
        row.revoked_at = ctx.clock.now()
        uow.commit()


def list_tokens(ctx: ServiceContext) -> list[tuple[int, str, str, bool]]:
    """(id, person, name, active) of every token."""
    with ctx.uow() as uow:
        rows = uow.session.execute(
            select(ApiToken, Person)
            .join(Person, ApiToken.person_id == Person.id)
            .order_by(ApiToken.id)
        ).all()
        return [(t.id, p.full_name, t.name, t.revoked_at is None) for t, p in rows]


def authenticate(ctx: ServiceContext, *, token: str, actor_channel: Actor) -> Actor:
    """The actor a bearer token stands for, or NotAuthenticated."""
    with ctx.uow() as uow:
        row = uow.session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(token)))
        if row is None or row.revoked_at is not None:
            raise NotAuthenticated(N_("The API token is unknown or revoked."))
        person = uow.session.get(Person, row.person_id)
        language = person.language if person else actor_channel.language
        return Actor(person_id=row.person_id, channel=actor_channel.channel, language=language)
