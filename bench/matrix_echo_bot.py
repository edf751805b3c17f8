"""The bare matrix-nio echo bot that bench_matrix.py measures ours against: join when invited,
answer each text with the same text (`ping` with `pong`). A file of its own that imports nio and
nothing else, so its memory is a bare nio bot's."""

from __future__ import annotations

import asyncio
import sys


def echo_bot(url: str, user_id: str, token: str, device_id: str) -> None:
    """Run until killed; print «ready» once history is past."""
    from nio import AsyncClient, InviteMemberEvent, RoomMessageText

    async def main() -> None:
        client = AsyncClient(url, user_id, device_id=device_id)
        client.restore_login(user_id, device_id, token)

        async def on_invite(room: object, event: InviteMemberEvent) -> None:
            if event.state_key == user_id and event.membership == "invite":
                await client.join(room.room_id)  # type: ignore[attr-defined]

        async def on_text(room: object, event: RoomMessageText) -> None:
            if event.sender == user_id:
                return
            await client.room_send(
                room.room_id,  # type: ignore[attr-defined]
                "m.room.message",
                {
                    "msgtype": "m.notice",
                    "body": "pong" if event.body == "ping" else event.body,
                    "m.relates_to": {"m.in_reply_to": {"event_id": event.event_id}},
                },
            )

        await client.sync(timeout=0, full_state=True)  # history is not answered
        client.add_event_callback(on_invite, InviteMemberEvent)
        client.add_event_callback(on_text, RoomMessageText)
        print("ready", flush=True)
        await client.sync_forever(timeout=30_000)

    asyncio.run(main())


if __name__ == "__main__":
    echo_bot(*sys.argv[1:5])
