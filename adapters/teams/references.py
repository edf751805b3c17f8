"""Where the bot may write first: the conversation references Teams hands it when it is installed
in a team or a personal chat (conversationUpdate, installationUpdate). The worker's sender reads
them to post the weekly summary to a channel and reminders to a person's personal chat. Kept in
the tracker's database through the chat core's room state, as the other platforms keep theirs: a
reference by conversation, and a person's personal chat as their direct room. Removing the bot
forgets them again."""

from __future__ import annotations

import json

from microsoft_agents.activity import ConversationReference

from chatops.rooms import Rooms


class References:
    """Conversation references by room (a channel or chat id) and by person (Entra object id)."""

    def __init__(self, rooms: Rooms) -> None:
        self.rooms = rooms
        # People whose personal chat is on record: a direct room, once kept, is never replaced,
        # so a person's every later message need not ask the database again.
        self._known: set[str] = set()

    def remember(self, reference: ConversationReference, *, person: str | None = None) -> None:
        """Keep a reference for its conversation, and for a person's personal chat."""
        row = reference.model_dump(mode="json", by_alias=True, exclude_none=True)
        room = reference.conversation.id.split(";", 1)[0]
        self.rooms.remember_room_reference(room, json.dumps(row, separators=(",", ":")))
        if person:
            self.rooms.remember_direct_room(person, room)
            self._known.add(person)

    def forget(self, reference: ConversationReference, *, person: str | None = None) -> None:
        """The bot was removed from a conversation: forget its reference and, for a personal
        chat, the person's direct room, so the worker no longer writes where the bot is not."""
        room = reference.conversation.id.split(";", 1)[0]
        for user in self.rooms.forget_room(room, user_id=person):
            self._known.discard(user)
        if person:
            self._known.discard(person)

    def room(self, room_id: str) -> ConversationReference | None:
        """The reference of a channel or chat the bot is installed in."""
        row = self.rooms.room_reference(room_id)
        return ConversationReference.model_validate_json(row) if row else None

    def knows_person(self, aad_object_id: str) -> bool:
        """Whether the bot has a personal chat with a person on record."""
        if aad_object_id and aad_object_id not in self._known:
            if self.rooms.direct_room(aad_object_id) is None:
                return False
            self._known.add(aad_object_id)
        return bool(aad_object_id)

    def person(self, aad_object_id: str) -> ConversationReference | None:
        """The reference of the bot's personal chat with a person."""
        room = self.rooms.direct_room(aad_object_id) if aad_object_id else None
        return self.room(room) if room else None
