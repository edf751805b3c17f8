"""A person's direct room with the bot account: the one on record, or a new one made once and
remembered, so that the bot and the worker (each with a device of its own) share it."""

from __future__ import annotations

from nio import AsyncClient, MatrixRoom, RoomCreateResponse, RoomPreset

from adapters.matrix.client import TRANSIENT_ERRORS
from chatops.delivery import Failed
from chatops.rooms import Rooms


async def direct_room(
    rooms: Rooms, client: AsyncClient, user_id: str, *, create: bool = True
) -> str | Failed:
    """The direct room with `user_id`, made (and the person invited) when there is none."""
    known = rooms.direct_room(user_id)
    if known is not None:
        return known
    if not create:
        return Failed(f"no direct room with {user_id}", permanent=True)
    try:
        response = await client.room_create(
            is_direct=True, invite=[user_id], preset=RoomPreset.trusted_private_chat
        )
    except TRANSIENT_ERRORS as exc:
        return Failed(f"homeserver unreachable: {exc}")
    if not isinstance(response, RoomCreateResponse):
        return Failed(f"could not open a direct room with {user_id}: {response}")
    room_id = rooms.remember_direct_room(user_id, response.room_id)
    if room_id != response.room_id:
        # Another process opened one first: use that, leave ours.
        await client.room_leave(response.room_id)
    elif client.olm is not None:
        # With encryption on, nio sends only to rooms a sync has shown it; ours is known to be
        # unencrypted (made without encryption), so it may be used before that sync.
        client.rooms.setdefault(room_id, MatrixRoom(room_id, client.user_id, encrypted=False))
    return room_id
