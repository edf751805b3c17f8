"""A platform's rooms as the chat core keeps them: the sync position of its client, each person's
direct room with the bot, what it needs to write first in a room, which posted message shows
which task, and whether the bot waits for someone's answer in a room. The state lives in the
tracker's database; an adapter reaches it through one `Rooms` per platform and names no tracker
module."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.services import platform_state, questions
from tracker.services.context import ServiceContext


@dataclass(frozen=True)
class Rooms:
    """One platform's room state; every call is one short transaction."""

    ctx: ServiceContext
    platform: str

    def sync_position(self, account: str) -> str | None:
        """Where the account's last fully handled sync ended, or None before its first one."""
        return platform_state.sync_position(self.ctx, account=account)

    def save_sync_position(self, account: str, position: str) -> None:
        """Remember where a sync ended; call only once its events are handled."""
        platform_state.save_sync_position(self.ctx, account=account, position=position)

    def direct_room(self, user_id: str) -> str | None:
        """The direct room the bot uses for a user, if there is one."""
        return platform_state.direct_room(self.ctx, platform=self.platform, user_id=user_id)

    def remember_direct_room(self, user_id: str, room_id: str) -> str:
        """Record a user's direct room unless one is known already; returns the room to use."""
        return platform_state.remember_direct_room(
            self.ctx, platform=self.platform, user_id=user_id, room_id=room_id
        )

    def direct_room_ids(self) -> set[str]:
        """Every room known as a direct room on this platform."""
        return platform_state.direct_room_ids(self.ctx, platform=self.platform)

    def room_reference(self, room_id: str) -> str | None:
        """What the platform needs to write first in a room (a Teams conversation reference)."""
        return platform_state.sync_position(self.ctx, account=self._reference_key(room_id))

    def remember_room_reference(self, room_id: str, reference: str) -> None:
        """Keep (or replace) what the platform needs to write first in a room."""
        platform_state.save_sync_position(
            self.ctx, account=self._reference_key(room_id), position=reference
        )

    def forget_room(self, room_id: str, *, user_id: str | None = None) -> list[str]:
        """Forget a room the bot was removed from: its reference, and the room as anyone's
        direct room (with `user_id`'s); returns the users whose direct room it was."""
        return platform_state.forget_room(
            self.ctx,
            platform=self.platform,
            room_id=room_id,
            key=self._reference_key(room_id),
            user_id=user_id,
        )

    def _reference_key(self, room_id: str) -> str:
        # Kept beside the sync positions (one opaque string per key), named by platform and room.
        return f"{self.platform}:reference:{room_id}"

    def record_posted_message(self, *, room_id: str, message_id: str, task_id: int) -> None:
        """Remember that a posted message shows one task, so a reaction on it acts on the task."""
        platform_state.record_posted_message(
            self.ctx,
            platform=self.platform,
            room_id=room_id,
            message_id=message_id,
            task_id=task_id,
        )

    def task_of_posted_message(self, message_id: str) -> int | None:
        """The task a posted message shows, or None when it showed none or several."""
        return platform_state.task_of_posted_message(
            self.ctx, platform=self.platform, message_id=message_id
        )

    def has_question(self, *, room_id: str, user_id: str) -> bool:
        """Whether the bot waits for this user's answer in this room (read only)."""
        return questions.has_question(
            self.ctx, platform=self.platform, room_id=room_id, user_id=user_id
        )
