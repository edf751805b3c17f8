"""Chat identities: a platform user id links to a person once — by a one-time code, by a verified
e-mail the platform reports, or by the Matrix id on the person's record. Display names never key."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from tracker import schemas as s
from tracker.errors import Conflict, InvalidInput
from tracker.i18n import N_
from tracker.models import ChatIdentity, LinkCode, Person, ProcessedEvent
from tracker.services.context import ServiceContext
from tracker.services.views import person_view

LINK_CODE_TTL = timedelta(hours=24)
# No 0/O or 1/I/L: a code is read off a screen and typed by hand.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_CODE_LENGTH = 8


def _normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _digest(code: str) -> str:
    return hashlib.sha256(_normalise_code(code).encode()).hexdigest()


def claim_event(ctx: ServiceContext, *, platform: str, event_id: str) -> bool:
    """Record a platform event as handled; False when it was handled before (a retry)."""
    with ctx.uow() as uow:
        uow.session.add(
            ProcessedEvent(platform=platform, event_id=event_id, handled_at=ctx.clock.now())
        )
        try:
            uow.commit()
        except IntegrityError:
            return False
    return True


def _person_query(session: Session, platform: str, user_id: str) -> Person | None:
    return session.scalar(
        select(Person)
        .options(joinedload(Person.organisation))
        .join(ChatIdentity, ChatIdentity.person_id == Person.id)
        .where(ChatIdentity.platform == platform, ChatIdentity.platform_user_id == user_id)
    )


def person_for_identity(
    ctx: ServiceContext, *, platform: str, user_id: str, verified_email: str | None = None
) -> s.PersonView | None:
    """The person behind a chat identity, linking it on the way where the platform vouches."""
    with ctx.uow() as uow:
        session = uow.session
        person = _person_query(session, platform, user_id)
        if person is not None:
            return person_view(person)
        candidate = None
        if platform == "matrix":
            candidate = session.scalar(
                select(Person)
                .options(joinedload(Person.organisation))
                .where(Person.matrix_id == user_id)
            )
        if candidate is None and verified_email:
            candidate = session.scalar(
                select(Person)
                .options(joinedload(Person.organisation))
                .where(func.lower(Person.email) == verified_email.strip().lower())
            )
        if candidate is None:
            return None
        session.add(
            ChatIdentity(
                person_id=candidate.id,
                platform=platform,
                platform_user_id=user_id,
                linked_at=ctx.clock.now(),
            )
        )
        uow.commit()
        return person_view(candidate)


def create_link_code(ctx: ServiceContext, *, person_id: int) -> str:
    """A one-time code, valid for a day, that links whoever types it in chat to the person."""
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    with ctx.uow() as uow:
        if uow.session.get(Person, person_id) is None:
            raise InvalidInput(N_("Person {id} does not exist."), id=person_id, field="person_id")
        uow.session.add(
            LinkCode(
                person_id=person_id,
                code_hash=_digest(code),
                expires_at=ctx.clock.now() + LINK_CODE_TTL,
            )
        )
        uow.commit()
    return f"{code[:4]}-{code[4:]}"


def redeem_link_code(
    ctx: ServiceContext, *, platform: str, user_id: str, code: str
) -> s.PersonView:
    """Link a chat identity to the person a valid code was made for."""
    now = ctx.clock.now()
    with ctx.uow() as uow:
        session = uow.session
        existing = _person_query(session, platform, user_id)
        if existing is not None:
            raise Conflict(N_("You are already linked as {name}."), name=existing.full_name)
        row = session.scalar(select(LinkCode).where(LinkCode.code_hash == _digest(code)))
        if row is None or row.used_at is not None or row.expires_at <= now:
            raise InvalidInput(
                N_("That code is unknown, used or expired. Ask for a new one."), field="code"
            )
        row.used_at = now
        session.add(
            ChatIdentity(
                person_id=row.person_id, platform=platform, platform_user_id=user_id, linked_at=now
            )
        )
        uow.flush()
        person = _person_query(session, platform, user_id)
        assert person is not None
        view = person_view(person)
        uow.commit()
        return view


def link_identity(ctx: ServiceContext, *, person_id: int, platform: str, user_id: str) -> None:
    """Link an identity directly (trusted callers: the CLI, tests, the console adapter)."""
    with ctx.uow() as uow:
        session = uow.session
        current = session.scalar(
            select(ChatIdentity).where(
                ChatIdentity.platform == platform, ChatIdentity.platform_user_id == user_id
            )
        )
        if current is not None:
            current.person_id = person_id
        else:
            session.add(
                ChatIdentity(
                    person_id=person_id,
                    platform=platform,
                    platform_user_id=user_id,
                    linked_at=ctx.clock.now(),
                )
            )
        uow.commit()
