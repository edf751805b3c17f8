"""Who gets into the web view and with what: one-time sign-in links, signed-in sessions, the role
a person has in their group, API tokens managed by their owner, and (from `feeds`, re-exported
here) secret calendar feed addresses.

Every secret here (a sign-in link, a session, an API token, a feed address) is shown once and
stored only as a SHA-256 hash; a sign-in link is spent atomically, so two clicks cannot both sign
in, and a session lives in the database, so signing out ends it for every copy of its cookie."""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session, joinedload

from tracker import schemas as s
from tracker.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from tracker.i18n import N_
from tracker.models import (
    ApiToken,
    GroupMembership,
    Person,
    Role,
    SignInLink,
    WebSession,
    Workgroup,
)
from tracker.services import identity, permissions, tokens
from tracker.services.context import Actor, ServiceContext
from tracker.services.feeds import FeedView as FeedView
from tracker.services.feeds import create_feed as create_feed
from tracker.services.feeds import feed_for_token as feed_for_token
from tracker.services.feeds import list_feeds as list_feeds
from tracker.services.feeds import revoke_feed as revoke_feed
from tracker.services.views import person_view
from tracker.text import normalise_email

# Long enough to switch from the chat to the browser, short enough that a forwarded or
# logged link is soon worthless.
SIGN_IN_TTL = timedelta(minutes=15)
# More than this many links for one person in an hour is someone hammering the e-mail form.
MAX_LINKS_PER_HOUR = 5
# Where a sign-in link points under the web view's address (the web routes use the same).
SIGN_IN_PATH = "/sign-in/"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


# --- roles ----------------------------------------------------------------------------------


class WebRole(enum.StrEnum):
    """What a person may do in the web view, from their membership and the workgroups they lead."""

    SECRETARIAT = "secretariat"
    LEAD = "lead"
    MEMBER = "member"
    READONLY = "readonly"


@dataclass(frozen=True)
class WebUser:
    """A signed-in person, their group and role: what the pages need to decide what to offer."""

    person: s.PersonView
    group_id: int | None
    role: WebRole | None
    led_workgroups: frozenset[int]

    @property
    def can_write(self) -> bool:
        """Whether the person may change anything at all (not read-only, not an outsider)."""
        return self.role in (WebRole.SECRETARIAT, WebRole.LEAD, WebRole.MEMBER)

    @property
    def is_secretariat(self) -> bool:
        """Whether the person administers the group."""
        return self.role == WebRole.SECRETARIAT

    def can_manage(self, workgroup_id: int) -> bool:
        """Whether the person leads the workgroup or administers the group."""
        return self.is_secretariat or workgroup_id in self.led_workgroups

    def can_edit(self, task: s.TaskView) -> bool:
        """Whether the person may change the task (the services decide; this only hides forms)."""
        return self.can_manage(task.workgroup_id) or (
            self.can_write and task.owner_id == self.person.id
        )


def _role(session: Session, person_id: int, group_id: int) -> tuple[WebRole | None, set[int]]:
    led = set(
        session.scalars(
            select(Workgroup.id).where(
                Workgroup.group_id == group_id, Workgroup.lead_id == person_id
            )
        )
    )
    role = permissions.role_in_group(session, person_id, group_id)
    if role == Role.SECRETARIAT:
        return WebRole.SECRETARIAT, led
    if led:
        return WebRole.LEAD, led
    if role == Role.MEMBER:
        return WebRole.MEMBER, led
    if role == Role.READONLY:
        return WebRole.READONLY, led
    return None, led


def web_user(ctx: ServiceContext, *, person_id: int) -> WebUser | None:
    """The person with their group and role, or None when the person no longer exists."""
    with ctx.uow() as uow:
        session = uow.session
        person = session.scalar(
            select(Person).options(joinedload(Person.organisation)).where(Person.id == person_id)
        )
        if person is None:
            return None
        group_id = session.scalar(
            select(GroupMembership.group_id)
            .where(GroupMembership.person_id == person_id)
            .order_by(GroupMembership.group_id)
            .limit(1)
        ) or session.scalar(
            select(Workgroup.group_id).where(Workgroup.lead_id == person_id).limit(1)
        )
        role: WebRole | None = None
        led: set[int] = set()
        if group_id is not None:
            role, led = _role(session, person_id, group_id)
        return WebUser(person_view(person), group_id, role, frozenset(led))


def _require_self_or_secretariat(session: Session, actor: Actor, person_id: int) -> None:
    if actor.system or actor.person_id == person_id:
        return
    if actor.person_id is None:
        raise NotAuthenticated(N_("You need to be signed in or linked to a person to do that."))
    groups_of_person = session.scalars(
        select(GroupMembership.group_id).where(GroupMembership.person_id == person_id)
    ).all()
    if not any(permissions.is_secretariat(session, actor, gid) for gid in groups_of_person):
        raise PermissionDenied(N_("Only the person themselves or the secretariat can do that."))


# --- sign-in links --------------------------------------------------------------------------


def _new_link(ctx: ServiceContext, session: Session, person_id: int, requested_via: str) -> str:
    now = ctx.clock.now()
    recent = session.scalar(
        select(func.count(SignInLink.id)).where(
            SignInLink.person_id == person_id, SignInLink.created_at > now - timedelta(hours=1)
        )
    )
    if (recent or 0) >= MAX_LINKS_PER_HOUR:
        raise InvalidInput(
            N_("Too many sign-in links were asked for; wait a while and try again."),
        )
    token = secrets.token_urlsafe(32)
    session.add(
        SignInLink(
            person_id=person_id,
            token_hash=_digest(token),
            requested_via=requested_via,
            created_at=now,
            expires_at=now + SIGN_IN_TTL,
        )
    )
    return token


def create_sign_in_link(ctx: ServiceContext, *, person_id: int, requested_via: str) -> str:
    """A one-time sign-in token for a person (put it in a link); it is shown only this once."""
    with ctx.uow() as uow:
        if uow.session.get(Person, person_id) is None:
            raise NotFound(N_("Person {id} does not exist."), id=person_id)
        token = _new_link(ctx, uow.session, person_id, requested_via)
        uow.commit()
    return token


def sign_in_url(base_url: str, token: str) -> str:
    """The address of a sign-in link under the web view's base address."""
    return base_url.rstrip("/") + SIGN_IN_PATH + token


def sign_in_link_for_email(ctx: ServiceContext, *, email: str) -> tuple[s.PersonView, str] | None:
    """A sign-in token for whoever has the address; None when nobody has it (or too many were
    asked for): the caller tells the visitor the same either way, so addresses do not leak."""
    wanted = normalise_email(email)
    if not wanted:
        return None
    with ctx.uow() as uow:
        person = uow.session.scalar(
            select(Person).options(joinedload(Person.organisation)).where(Person.email == wanted)
        )
        if person is None:
            return None
        try:
            token = _new_link(ctx, uow.session, person.id, "email")
        except InvalidInput:
            return None
        view = person_view(person)
        uow.commit()
    return view, token


def sign_in_link_is_valid(ctx: ServiceContext, *, token: str) -> bool:
    """Whether a token would sign someone in now (without spending it)."""
    with ctx.uow() as uow:
        row = uow.session.scalar(select(SignInLink).where(SignInLink.token_hash == _digest(token)))
        return row is not None and row.used_at is None and row.expires_at > ctx.clock.now()


def redeem_sign_in_link(ctx: ServiceContext, *, token: str) -> int:
    """Spend a sign-in token and return whose it was; a used, expired or unknown one is refused."""
    now = ctx.clock.now()
    with ctx.uow() as uow:
        # One conditional UPDATE: of two simultaneous clicks only one can change the row.
        spent = uow.session.execute(
            update(SignInLink)
            .where(
                SignInLink.token_hash == _digest(token),
                SignInLink.used_at.is_(None),
                SignInLink.expires_at > now,
            )
            .values(used_at=now)
            .returning(SignInLink.person_id)
        ).first()
        if spent is None:
            raise NotAuthenticated(
                N_("That sign-in link is unknown, used or expired. Ask for a new one.")
            )
        uow.commit()
        return int(spent[0])


# --- sessions -------------------------------------------------------------------------------


class SessionState(enum.StrEnum):
    """What a session secret from a cookie stands for now."""

    ACTIVE = "active"
    EXPIRED = "expired"
    ENDED = "ended"  # signed out, here or everywhere
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SessionCheck:
    """The state of a session and, while it is active, whose it is."""

    state: SessionState
    person_id: int | None = None


def start_web_session(ctx: ServiceContext, *, person_id: int, lifetime: timedelta) -> str:
    """Start a session for a person; the secret returned goes in the cookie, only its hash here."""
    now = ctx.clock.now()
    token = secrets.token_urlsafe(32)
    with ctx.uow() as uow:
        # The person's ended and expired sessions are of no more use: the table stays small.
        uow.session.execute(
            delete(WebSession).where(
                WebSession.person_id == person_id,
                or_(WebSession.ended_at.is_not(None), WebSession.expires_at <= now),
            )
        )
        uow.session.add(
            WebSession(
                person_id=person_id,
                token_hash=_digest(token),
                created_at=now,
                expires_at=now + lifetime,
            )
        )
        uow.commit()
    return token


def check_web_session(ctx: ServiceContext, *, token: str) -> SessionCheck:
    """Whether a session secret is still good, and whose it is."""
    now = ctx.clock.now()
    with ctx.uow() as uow:
        row = uow.session.scalar(select(WebSession).where(WebSession.token_hash == _digest(token)))
        if row is None:
            return SessionCheck(SessionState.UNKNOWN)
        if row.ended_at is not None:
            return SessionCheck(SessionState.ENDED)
        # A session "from the future" (the clock was set back) is not trusted either.
        if not row.created_at <= now < row.expires_at:
            return SessionCheck(SessionState.EXPIRED)
        return SessionCheck(SessionState.ACTIVE, row.person_id)


def end_web_session(ctx: ServiceContext, *, token: str) -> None:
    """End one session (signing out in this browser); an unknown or ended one is left as it is."""
    with ctx.uow() as uow:
        uow.session.execute(
            update(WebSession)
            .where(WebSession.token_hash == _digest(token), WebSession.ended_at.is_(None))
            .values(ended_at=ctx.clock.now())
        )
        uow.commit()


def end_all_web_sessions(ctx: ServiceContext, *, actor: Actor, person_id: int) -> int:
    """End every session of a person, in every browser; returns how many were still open."""
    with ctx.uow() as uow:
        _require_self_or_secretariat(uow.session, actor, person_id)
        ended = uow.session.execute(
            update(WebSession)
            .where(WebSession.person_id == person_id, WebSession.ended_at.is_(None))
            .values(ended_at=ctx.clock.now())
        )
        uow.commit()
    return int(ended.rowcount or 0)  # type: ignore[attr-defined]


# --- API tokens -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TokenView:
    """An API token as its owner sees it (never the secret itself)."""

    id: int
    person_id: int
    name: str
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        """Whether the token still works."""
        return self.revoked_at is None


def list_api_tokens(ctx: ServiceContext, *, actor: Actor, person_id: int) -> list[TokenView]:
    """A person's API tokens, newest first (the person themselves or the secretariat)."""
    with ctx.uow() as uow:
        _require_self_or_secretariat(uow.session, actor, person_id)
        rows = uow.session.scalars(
            select(ApiToken)
            .where(ApiToken.person_id == person_id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
        return [TokenView(t.id, t.person_id, t.name, t.created_at, t.revoked_at) for t in rows]


def create_api_token(ctx: ServiceContext, *, actor: Actor, person_id: int, name: str) -> str:
    """A new API token for a person; the secret is returned once and never shown again."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(N_("Give the token a name, e.g. the program that will use it."))
    if len(name) > 100:
        raise InvalidInput(N_("Give at most {max_length} characters."), max_length=100)
    with ctx.uow() as uow:
        _require_self_or_secretariat(uow.session, actor, person_id)
    return tokens.create_token(ctx, person_id=person_id, name=name)


def revoke_api_token(ctx: ServiceContext, *, actor: Actor, token_id: int) -> None:
    """Revoke a token (its owner or the secretariat)."""
    with ctx.uow() as uow:
        row = uow.session.get(ApiToken, token_id)
        if row is None:
            raise NotFound(N_("Token {id} does not exist."), id=token_id)
        _require_self_or_secretariat(uow.session, actor, row.person_id)
    tokens.revoke_token(ctx, token_id=token_id)


def create_chat_link_code(ctx: ServiceContext, *, actor: Actor, person_id: int) -> str:
    """A one-time code that links a chat account to the person (themselves or the secretariat)."""
    with ctx.uow() as uow:
        _require_self_or_secretariat(uow.session, actor, person_id)
    return identity.create_link_code(ctx, person_id=person_id)
