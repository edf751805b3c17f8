"""Where the bot may write first: the conversation references Teams hands it when it is installed
in a team or a personal chat (conversationUpdate, installationUpdate). The worker's sender reads
them to post the weekly summary to a channel and reminders to a person's personal chat. Kept as a
small JSON file in the var directory, written whole under a lock (a handful of rows per group)."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from microsoft_agents.activity import ConversationReference

FILE_NAME = "teams-conversations.json"


class References:
    """Conversation references by room (a channel or chat id) and by person (Entra object id)."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / FILE_NAME

    def remember(self, reference: ConversationReference, *, person: str | None = None) -> None:
        """Keep a reference for its conversation, and for a person's personal chat."""
        row = reference.model_dump(mode="json", by_alias=True, exclude_none=True)
        room = reference.conversation.id.split(";", 1)[0]
        with self._locked() as data:
            data.setdefault("rooms", {})[room] = row
            if person:
                data.setdefault("people", {})[person] = row

    def room(self, room_id: str) -> ConversationReference | None:
        """The reference of a channel or chat the bot is installed in."""
        return self._find("rooms", room_id)

    def person(self, aad_object_id: str) -> ConversationReference | None:
        """The reference of the bot's personal chat with a person."""
        return self._find("people", aad_object_id)

    def _find(self, kind: str, key: str) -> ConversationReference | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        row = data.get(kind, {}).get(key)
        return ConversationReference.model_validate(row) if row else None

    @contextmanager
    def _locked(self) -> Iterator[dict[str, Any]]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with (self.path.parent / (FILE_NAME + ".lock")).open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (FileNotFoundError, ValueError):
                data = {}
            yield data
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(data, indent=1), encoding="utf-8")
            os.replace(temporary, self.path)
            fcntl.flock(lock, fcntl.LOCK_UN)
