"""Chat identities: a platform user id links to a person once — by a one-time code, by a verified
e-mail the platform reports, or by the Matrix id on the person's record. Display names never key."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_, bindparam, insert, literal, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, joinedload

from tracker import schemas as s
from tracker.errors import Conflict, InvalidInput
from tracker.i18n import N_
from tracker.models import (
    ChatIdentity,
    GroupMembership,
    LinkCode,
    Organisation,
    Person,
    ProcessedEvent,
    RoomBinding,
    Workgroup,
)
from tracker.services import scope
from tracker.services.context import ServiceContext
from tracker.services.views import person_view
from tracker.text import normalise_email

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


@dataclass(frozen=True)
class ChatTurn:
    """Who speaks in which room: the sender's person (None when unknown) and the room's scope."""

    person: s.PersonView | None
    group_id: int | None
    workgroup: s.WorkgroupView | None = None

    @property
    def workgroup_id(self) -> int | None:
        """The id of the room's workgroup, if the room is bound to one."""
        return self.workgroup.id if self.workgroup else None


# Built once: constructing statements costs more than running them on this hot path.
_CLAIM = insert(ProcessedEvent).values(
    platform=bindparam("platform"), event_id=bindparam("event_id"), handled_at=bindparam("at")
)
_HOME = (
    select(GroupMembership.group_id)
    .where(GroupMembership.person_id == Person.id)
    .order_by(GroupMembership.group_id)
    .limit(1)
    .correlate(Person)
    .scalar_subquery()
)
_LEAD = aliased(Person)
# One row whatever is found: the sender (if linked) and the room's binding (if bound) are two
# independent lookups, hung on a one-row anchor so that they cost one statement, not two.
_ANCHOR = select(literal(1).label("one")).subquery("anchor")
_SENDER_AND_ROOM = (
    select(
        Person.id,
        Person.first_name,
        Person.last_name,
        Person.email,
        Person.phone,
        Person.language,
        Organisation.name.label("organisation"),
        _HOME.label("home_group"),
        RoomBinding.group_id.label("room_group"),
        scope.reads_group(Person.id, RoomBinding.group_id).label("reads_room"),
        RoomBinding.workgroup_id,
        Workgroup.number.label("workgroup_number"),
        Workgroup.name.label("workgroup_name"),
        Workgroup.lead_id,
        _LEAD.first_name.label("lead_first"),
        _LEAD.last_name.label("lead_last"),
    )
    .select_from(_ANCHOR)
    .outerjoin(
        ChatIdentity,
        and_(
            ChatIdentity.platform == bindparam("platform"),
            ChatIdentity.platform_user_id == bindparam("user_id"),
        ),
    )
    .outerjoin(Person, Person.id == ChatIdentity.person_id)
    .outerjoin(Organisation, Organisation.id == Person.organisation_id)
    .outerjoin(
        RoomBinding,
        and_(
            RoomBinding.platform == bindparam("platform"),
            RoomBinding.room_id == bindparam("room_id"),
        ),
    )
    .outerjoin(Workgroup, Workgroup.id == RoomBinding.workgroup_id)
    .outerjoin(_LEAD, _LEAD.id == Workgroup.lead_id)
)
_HOME_GROUP = (
    select(GroupMembership.group_id)
    .where(GroupMembership.person_id == bindparam("person_id"))
    .order_by(GroupMembership.group_id)
    .limit(1)
)
_LED_GROUP = select(Workgroup.group_id).where(Workgroup.lead_id == bindparam("person_id")).limit(1)


def begin_chat_turn(
    ctx: ServiceContext,
    *,
    platform: str,
    event_id: str,
    room_id: str,
    user_id: str,
    verified_email: str | None = None,
) -> ChatTurn | None:
    """Claim a platform event and resolve its sender and room in one transaction.

    None means the event was handled before (a retry or a double delivery): do nothing."""
    # A bare connection: Core statements, and an ORM session only to link a new identity.
    with ctx.connect() as conn:
        if conn.dialect.name == "postgresql":
            # No need to wait for the WAL flush: a command's change commits later with a flush
            # that carries this claim along, and a crash before that loses both, so a retried
            # event still changes things once. (A question may then be answered twice.)
            conn.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
        # The claim is the transaction's first statement: if it fails, nothing else is lost.
        try:
            conn.execute(
                _CLAIM, {"platform": platform, "event_id": event_id, "at": ctx.clock.now()}
            )
        except IntegrityError:
            return None
        row = conn.execute(
            _SENDER_AND_ROOM, {"platform": platform, "user_id": user_id, "room_id": room_id}
        ).one()
        person = _sender(row)
        if person is None and (platform == "matrix" or verified_email):
            with Session(bind=conn) as session:
                vouched = _link_vouched(ctx, session, platform, user_id, verified_email)
                person = person_view(vouched) if vouched else None
                session.flush()
            if person is not None:
                # The row was read before the link, as of no one: whether the sender reads the
                # room's group is asked again, or their first line in a bound room is refused.
                row = conn.execute(
                    _SENDER_AND_ROOM, {"platform": platform, "user_id": user_id, "room_id": room_id}
                ).one()
        turn = _turn(conn, row, person)
        conn.commit()
        return turn


def read_chat_turn(ctx: ServiceContext, *, platform: str, room_id: str, user_id: str) -> ChatTurn:
    """Who speaks in which room, claiming no event and linking no one: for reading a line."""
    with ctx.connect() as conn:
        row = conn.execute(
            _SENDER_AND_ROOM, {"platform": platform, "user_id": user_id, "room_id": room_id}
        ).one()
        return _turn(conn, row, _sender(row))


def _turn(conn: Connection, row: Any, person: s.PersonView | None) -> ChatTurn:
    group_id: int | None = row.room_group
    workgroup = None
    if group_id is not None and (person is None or not row.reads_room):
        # A room of a group the sender does not belong to answers them as if unbound: nothing
        # of that group is read out to them, and nothing of theirs is posted into its room.
        return ChatTurn(person, None, None)
    if row.workgroup_id is not None:
        lead = f"{row.lead_first} {row.lead_last}".strip() if row.lead_id is not None else None
        workgroup = s.WorkgroupView.model_construct(
            id=row.workgroup_id,
            group_id=row.room_group,
            number=row.workgroup_number,
            name=row.workgroup_name,
            lead_id=row.lead_id,
            lead_name=lead,
        )
    if group_id is None and person is not None:
        group_id = row.home_group or _home_group(conn, person.id)
    return ChatTurn(person, group_id, workgroup)


def _sender(row: Any) -> s.PersonView | None:
    """The linked person of a turn's row, if the sender is linked."""
    if row.id is None:
        return None
    return s.PersonView.model_construct(
        id=row.id,
        first_name=row.first_name,
        last_name=row.last_name,
        full_name=f"{row.first_name} {row.last_name}".strip(),
        organisation=row.organisation,
        email=row.email,
        phone=row.phone,
        language=row.language,
    )


def _home_group(conn: Connection, person_id: int) -> int | None:
    """The group of the sender (the first they are on the roster of, else lead in), if any."""
    found: int | None = conn.scalar(_HOME_GROUP, {"person_id": person_id}) or conn.scalar(
        _LED_GROUP, {"person_id": person_id}
    )
    return found


def _link_vouched(
    ctx: ServiceContext, session: Session, platform: str, user_id: str, email: str | None
) -> Person | None:
    """Link an identity the platform vouches for: a recorded Matrix id or a verified e-mail."""
    candidate = None
    if platform == "matrix":
        candidate = session.scalar(
            select(Person)
            .options(joinedload(Person.organisation))
            .where(Person.matrix_id == user_id)
        )
    if candidate is None and email:
        candidate = session.scalar(
            select(Person)
            .options(joinedload(Person.organisation))
            .where(Person.email == normalise_email(email))
        )
    if candidate is not None:
        session.add(
            ChatIdentity(
                person_id=candidate.id,
                platform=platform,
                platform_user_id=user_id,
                linked_at=ctx.clock.now(),
            )
        )
    return candidate


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
        person = _person_query(session, platform, user_id) or _link_vouched(
            ctx, session, platform, user_id, verified_email
        )
        if person is None:
            return None
        view = person_view(person)
        uow.commit()
        return view


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
