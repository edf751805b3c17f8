"""Who may do what, decided here once for every edge: the secretariat administers a group, a lead
manages the workgroup's tasks, a member updates the tasks they own and submits contributions."""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from tracker.errors import NotAuthenticated, PermissionDenied
from tracker.i18n import N_
from tracker.models import GroupMembership, Role, Workgroup
from tracker.services.context import Actor


class WorkgroupFacts(Protocol):
    """What a permission needs to know of a workgroup (an ORM row or a plain value)."""

    @property
    def number(self) -> int: ...
    @property
    def group_id(self) -> int: ...
    @property
    def lead_id(self) -> int | None: ...


class TaskFacts(Protocol):
    """What a permission needs to know of a task."""

    @property
    def id(self) -> int: ...
    @property
    def owner_id(self) -> int | None: ...
    @property
    def workgroup(self) -> WorkgroupFacts: ...


_ROLE = select(GroupMembership.role).where(
    GroupMembership.group_id == bindparam("group_id"),
    GroupMembership.person_id == bindparam("person_id"),
)


def _roles(session: Session) -> dict[tuple[int, int], Role | None]:
    # One use case asks several times (lead? secretariat? member?): remember the answers.
    memo: dict[tuple[int, int], Role | None] = session.info.setdefault("roles", {})
    return memo


def role_in_group(session: Session, person_id: int, group_id: int) -> Role | None:
    """The person's role in the group, or None when they are not on it."""
    memo = _roles(session)
    key = (person_id, group_id)
    if key not in memo:
        role = session.connection().scalar(_ROLE, {"group_id": group_id, "person_id": person_id})
        memo[key] = Role(role) if role is not None else None
    return memo[key]


def remember_role(session: Session, person_id: int, group_id: int, role: str | None) -> None:
    """Record a role a use case read along with its data, so checks in it need no query."""
    _roles(session)[(person_id, group_id)] = Role(role) if role is not None else None


def _require_person(actor: Actor) -> int:
    if actor.person_id is None:
        raise NotAuthenticated(N_("You need to be signed in or linked to a person to do that."))
    return actor.person_id


def is_secretariat(session: Session, actor: Actor, group_id: int) -> bool:
    """Whether the actor administers the group."""
    if actor.system:
        return True
    if actor.person_id is None:
        return False
    return role_in_group(session, actor.person_id, group_id) == Role.SECRETARIAT


def require_secretariat(session: Session, actor: Actor, group_id: int) -> None:
    """Only the secretariat (or the system) may go on."""
    if actor.system:
        return
    _require_person(actor)
    if not is_secretariat(session, actor, group_id):
        raise PermissionDenied(N_("Only the secretariat can do that."))


def can_manage_workgroup(session: Session, actor: Actor, workgroup: WorkgroupFacts) -> bool:
    """Whether the actor leads the workgroup or administers its group."""
    if actor.system:
        return True
    if actor.person_id is None:
        return False
    if workgroup.lead_id == actor.person_id:
        return True
    return is_secretariat(session, actor, workgroup.group_id)


def require_member(session: Session, actor: Actor, group_id: int) -> None:
    """The actor must be able to write in the group (not read-only, not an outsider)."""
    if actor.system:
        return
    person_id = _require_person(actor)
    role = role_in_group(session, person_id, group_id)
    if role is None or role == Role.READONLY:
        # A workgroup lead who is not on the roster (as in the seed) still belongs.
        lead_of = session.scalar(
            select(Workgroup.id).where(
                Workgroup.group_id == group_id, Workgroup.lead_id == person_id
            )
        )
        if lead_of is None:
            raise PermissionDenied(N_("You are not a member of this group."))


def require_task_create(
    session: Session, actor: Actor, workgroup: WorkgroupFacts, owner_id: int | None
) -> None:
    """Leads and the secretariat create any task; members create tasks they own themselves."""
    if can_manage_workgroup(session, actor, workgroup):
        return
    require_member(session, actor, workgroup.group_id)
    if owner_id != actor.person_id:
        raise PermissionDenied(
            N_("Only the lead of workgroup {number} can create tasks for others."),
            number=workgroup.number,
        )


def require_task_edit(session: Session, actor: Actor, task: TaskFacts) -> None:
    """Leads and the secretariat edit any task of the workgroup; members edit their own."""
    if can_manage_workgroup(session, actor, task.workgroup):
        return
    require_member(session, actor, task.workgroup.group_id)
    if task.owner_id != actor.person_id:
        raise PermissionDenied(
            N_(
                "Task #{id} belongs to someone else; "
                "ask its owner or the lead of workgroup {number}."
            ),
            id=task.id,
            number=task.workgroup.number,
        )


def require_task_manage(session: Session, actor: Actor, task: TaskFacts) -> None:
    """Reassigning, moving to another workgroup and deleting are for leads and the secretariat."""
    if not can_manage_workgroup(session, actor, task.workgroup):
        raise PermissionDenied(
            N_("Only the lead of workgroup {number} or the secretariat can do that."),
            number=task.workgroup.number,
        )
