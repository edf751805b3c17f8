"""A group's row, its roster, the names chat reads against, and the secretariat's contacts."""

from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from tracker import schemas as s
from tracker.errors import NotFound
from tracker.i18n import N_
from tracker.models import (
    ChatIdentity,
    Group,
    GroupMembership,
    Person,
    Role,
    SecretariatContact,
    Workgroup,
)
from tracker.services.context import ServiceContext
from tracker.services.views import person_view


def load_group(session: Session, group_id: int) -> Group:
    """Load a group or raise NotFound."""
    group = session.scalar(
        select(Group).options(joinedload(Group.organisation)).where(Group.id == group_id)
    )
    if group is None:
        raise NotFound(N_("Group {id} does not exist."), id=group_id)
    return group


def roster(ctx: ServiceContext, *, group_id: int) -> list[s.MemberView]:
    """The group's roster by organisation and name."""
    with ctx.uow() as uow:
        load_group(uow.session, group_id)
        rows = uow.session.scalars(
            select(GroupMembership)
            .options(joinedload(GroupMembership.person).joinedload(Person.organisation))
            .where(GroupMembership.group_id == group_id)
        )
        members = [
            s.MemberView(
                person=person_view(row.person), role=Role(row.role), on_roster=row.on_roster
            )
            for row in rows
        ]
    return sorted(
        members,
        key=lambda m: (
            (m.person.organisation or "").casefold(),
            m.person.last_name.casefold(),
            m.person.first_name.casefold(),
        ),
    )


_MEMBER_NAMES = (
    select(Person.id, Person.first_name, Person.last_name)
    .join(GroupMembership, GroupMembership.person_id == Person.id)
    .where(GroupMembership.group_id == bindparam("group_id"))
    .order_by(Person.id)
)


def member_names(ctx: ServiceContext, *, group_id: int) -> list[tuple[int, str, str]]:
    """Id, first and last name of everyone in the group: what names in chat are read against."""
    with ctx.read() as conn:
        return [
            (r.id, r.first_name, r.last_name)
            for r in conn.execute(_MEMBER_NAMES, {"group_id": group_id})
        ]


_LINKED_MEMBERS = (
    select(ChatIdentity.platform_user_id, Person.id, Person.first_name, Person.last_name)
    .join(GroupMembership, GroupMembership.person_id == Person.id)
    .join(ChatIdentity, ChatIdentity.person_id == Person.id)
    .where(
        GroupMembership.group_id == bindparam("group_id"),
        ChatIdentity.platform == bindparam("platform"),
    )
    .order_by(Person.last_name, Person.first_name, Person.id, ChatIdentity.platform_user_id)
)


def linked_members(
    ctx: ServiceContext, *, group_id: int, platform: str
) -> list[tuple[str, int, str, str]]:
    """The group's members linked on a platform, by name: their platform user id (a row per
    id), person id, first and last name. What a form offers to make someone a task's owner."""
    with ctx.read() as conn:
        rows = conn.execute(_LINKED_MEMBERS, {"group_id": group_id, "platform": platform})
        return [(r.platform_user_id, r.id, r.first_name, r.last_name) for r in rows]


_WORKGROUP_NAMES = (
    select(Workgroup.number, Workgroup.name)
    .where(Workgroup.group_id == bindparam("group_id"))
    .order_by(Workgroup.number)
)


def workgroup_names(ctx: ServiceContext, *, group_id: int) -> list[tuple[int, str]]:
    """Number and name of each of the group's workgroups."""
    with ctx.read() as conn:
        return [(r.number, r.name) for r in conn.execute(_WORKGROUP_NAMES, {"group_id": group_id})]


# --- secretariat contact --------------------------------------------------------------------


def contacts(ctx: ServiceContext, *, group_id: int) -> list[s.ContactView]:
    """The secretariat's contacts over time."""
    with ctx.uow() as uow:
        group = load_group(uow.session, group_id)
        rows = uow.session.scalars(
            select(SecretariatContact)
            .options(joinedload(SecretariatContact.person).joinedload(Person.organisation))
            .where(SecretariatContact.group_id == group.id)
            .order_by(SecretariatContact.valid_from.is_not(None), SecretariatContact.valid_from)
        )
        return [
            s.ContactView(
                person=person_view(r.person), valid_from=r.valid_from, valid_to=r.valid_to
            )
            for r in rows
        ]


def contact_on(
    ctx: ServiceContext, *, group_id: int, day: date | None = None
) -> s.ContactView | None:
    """Who the secretariat's contact person is on a given day (today by default)."""
    day = day or ctx.today()
    for contact in contacts(ctx, group_id=group_id):
        if (contact.valid_from is None or contact.valid_from <= day) and (
            contact.valid_to is None or day <= contact.valid_to
        ):
            return contact
    return None
