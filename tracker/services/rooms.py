"""Room bindings: a chat room on any platform talks about a whole group or one workgroup, so
that "frister" in a workgroup's room means that workgroup's deadlines."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from tracker.errors import NotFound
from tracker.i18n import N_
from tracker.models import Group, RoomBinding, Workgroup
from tracker.services import permissions
from tracker.services.context import Actor, ServiceContext


@dataclass(frozen=True)
class Binding:
    """What a room is bound to."""

    platform: str
    room_id: str
    group_id: int
    workgroup_id: int | None


def binding_for_room(ctx: ServiceContext, *, platform: str, room_id: str) -> Binding | None:
    """The binding of a room, if any."""
    with ctx.uow() as uow:
        row = uow.session.scalar(
            select(RoomBinding).where(
                RoomBinding.platform == platform, RoomBinding.room_id == room_id
            )
        )
        if row is None:
            return None
        return Binding(row.platform, row.room_id, row.group_id, row.workgroup_id)


def rooms_for(ctx: ServiceContext, *, group_id: int, workgroup_id: int | None) -> list[Binding]:
    """Every room bound to a workgroup (or, with None, to the whole group)."""
    with ctx.uow() as uow:
        rows = uow.session.scalars(
            select(RoomBinding)
            .where(
                RoomBinding.group_id == group_id,
                RoomBinding.workgroup_id.is_(None)
                if workgroup_id is None
                else RoomBinding.workgroup_id == workgroup_id,
            )
            .order_by(RoomBinding.id)
        )
        return [Binding(r.platform, r.room_id, r.group_id, r.workgroup_id) for r in rows]


def bind_room(
    ctx: ServiceContext,
    *,
    actor: Actor,
    platform: str,
    room_id: str,
    group_id: int,
    workgroup_id: int | None,
) -> Binding:
    """Bind a room; a workgroup's lead may bind to their workgroup, the secretariat to anything."""
    with ctx.uow() as uow:
        session = uow.session
        if session.get(Group, group_id) is None:
            raise NotFound(N_("Group {id} does not exist."), id=group_id)
        if workgroup_id is not None:
            workgroup = session.get(Workgroup, workgroup_id)
            if workgroup is None or workgroup.group_id != group_id:
                raise NotFound(N_("Workgroup {id} does not exist."), id=workgroup_id)
            if not permissions.can_manage_workgroup(session, actor, workgroup):
                permissions.require_secretariat(session, actor, group_id)
        else:
            permissions.require_secretariat(session, actor, group_id)
        row = session.scalar(
            select(RoomBinding).where(
                RoomBinding.platform == platform, RoomBinding.room_id == room_id
            )
        )
        if row is None:
            row = RoomBinding(
                platform=platform,
                room_id=room_id,
                group_id=group_id,
                workgroup_id=workgroup_id,
                bound_at=ctx.clock.now(),
            )
            session.add(row)
        else:
            row.group_id, row.workgroup_id = group_id, workgroup_id
            row.bound_at = ctx.clock.now()
        uow.commit()
        return Binding(platform, room_id, group_id, workgroup_id)
