"""Secret calendar feed addresses: anyone who may read a group may make one for it, shown once
and stored only as a SHA-256 hash; a feed answers only while its owner still reads the group."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.errors import InvalidInput, NotAuthenticated, NotFound, PermissionDenied
from tracker.i18n import N_
from tracker.models import CalendarFeed, FeedScope, Workgroup
from tracker.services import permissions
from tracker.services.context import Actor, ServiceContext
from tracker.services.scope import readable_groups


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class FeedView:
    """A calendar feed as its owner sees it (never the secret address itself)."""

    id: int
    person_id: int
    group_id: int
    scope: FeedScope
    workgroup_id: int | None
    workgroup_number: int | None
    workgroup_name: str | None
    created_at: datetime
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        """Whether the address still answers."""
        return self.revoked_at is None


def _feed_view(row: CalendarFeed) -> FeedView:
    workgroup = row.workgroup
    return FeedView(
        id=row.id,
        person_id=row.person_id,
        group_id=row.group_id,
        scope=FeedScope(row.scope),
        workgroup_id=row.workgroup_id,
        workgroup_number=workgroup.number if workgroup else None,
        workgroup_name=workgroup.name if workgroup else None,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


def create_feed(
    ctx: ServiceContext,
    *,
    actor: Actor,
    group_id: int,
    scope: FeedScope,
    workgroup_id: int | None = None,
) -> str:
    """A secret feed address token for the actor; anyone who may read the group may have one."""
    if actor.person_id is None:
        raise NotAuthenticated(N_("You need to be signed in or linked to a person to do that."))
    with ctx.uow() as uow:
        session = uow.session
        if group_id not in readable_groups(session.connection(), actor.person_id):
            raise PermissionDenied(N_("You are not a member of this group."))
        if scope == FeedScope.WORKGROUP:
            workgroup = session.get(Workgroup, workgroup_id) if workgroup_id else None
            if workgroup is None or workgroup.group_id != group_id:
                raise InvalidInput(N_("Choose a workgroup."), field="workgroup_id")
        else:
            workgroup_id = None
        token = secrets.token_urlsafe(32)
        session.add(
            CalendarFeed(
                person_id=actor.person_id,
                group_id=group_id,
                workgroup_id=workgroup_id,
                scope=scope,
                token_hash=_digest(token),
                created_at=ctx.clock.now(),
            )
        )
        uow.commit()
    return token


def list_feeds(ctx: ServiceContext, *, person_id: int) -> list[FeedView]:
    """The feeds a person made, newest first."""
    with ctx.uow() as uow:
        rows = uow.session.scalars(
            select(CalendarFeed)
            .options(joinedload(CalendarFeed.workgroup))
            .where(CalendarFeed.person_id == person_id)
            .order_by(CalendarFeed.created_at.desc(), CalendarFeed.id.desc())
        )
        return [_feed_view(row) for row in rows]


def revoke_feed(ctx: ServiceContext, *, actor: Actor, feed_id: int) -> None:
    """Revoke a feed address so it stops answering (its owner or the secretariat)."""
    with ctx.uow() as uow:
        row = uow.session.get(CalendarFeed, feed_id)
        if row is None:
            raise NotFound(N_("Calendar feed {id} does not exist."), id=feed_id)
        if not (actor.person_id == row.person_id or actor.system):
            permissions.require_secretariat(uow.session, actor, row.group_id)
        if row.revoked_at is None:
            row.revoked_at = ctx.clock.now()
        uow.commit()


def feed_for_token(ctx: ServiceContext, *, token: str) -> FeedView | None:
    """The live feed a secret address stands for, or None (unknown, revoked, or its owner no
    longer reads the group: a feed shows only what its owner may read)."""
    with ctx.uow() as uow:
        row = uow.session.scalar(
            select(CalendarFeed)
            .options(joinedload(CalendarFeed.workgroup))
            .where(CalendarFeed.token_hash == _digest(token))
        )
        if row is None or row.revoked_at is not None:
            return None
        if row.group_id not in readable_groups(uow.session.connection(), row.person_id):
            return None
        return _feed_view(row)
