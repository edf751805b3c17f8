"""End-to-end encryption: matrix-nio's e2e extra (vodozemac) with the key store under
`<var_dir>/matrix-store`, on the bot's fixed device. Never silent: when the store cannot be used,
or a message stays undecryptable, the bot says so in the room (once per room and cause).

Key upkeep (uploading one-time keys, querying and claiming others' keys, sending to-device
messages) runs between syncs, as nio's `sync_forever` does, since our own loop replaces it."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nio import AsyncClient, EncryptionError, KeysUploadError, LocalProtocolError, MegolmEvent
from nio.crypto import ENCRYPTION_ENABLED

from adapters.matrix.client import TRANSIENT_ERRORS
from chatops.i18n import N_, translate

log = logging.getLogger(__name__)

STORE_DIRNAME = "matrix-store"
STORE_UNUSABLE = N_(
    "I can't read encrypted messages in this room: my key store ({path}) cannot be used. "
    "Ask whoever runs me to fix it; until then, write to me in a room without encryption."
)
ENCRYPTION_OFF = N_(
    "I can't read encrypted messages: encryption is switched off for me here. "
    "Write to me in a room without encryption."
)
UNDECRYPTABLE = N_(
    "I could not decrypt a message from {sender}. If it was meant for me, please send it again."
)


def store_path(var_dir: Path) -> Path:
    """Where the bot keeps its encryption keys."""
    return var_dir / STORE_DIRNAME


@dataclass
class Crypto:
    """Whether encryption is wanted and usable; `problem` says why not when it is not."""

    wanted: bool
    path: Path
    problem: str | None = None

    @property
    def usable_path(self) -> Path | None:
        """The store path to give the client, or None to run without encryption."""
        return self.path if self.wanted and self.problem is None else None


def prepare(var_dir: Path, *, wanted: bool) -> Crypto:
    """Make sure the store directory can be used before a client opens it."""
    path = store_path(var_dir)
    crypto = Crypto(wanted=wanted, path=path)
    if not wanted:
        return crypto
    if not ENCRYPTION_ENABLED:
        crypto.problem = "matrix-nio's e2e extra (vodozemac) is not installed"
        return crypto
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
        os.chmod(path, 0o700)  # private keys live here
    except OSError as exc:
        crypto.problem = f"{path}: {exc.strerror or exc}"
    return crypto


def note_store_error(crypto: Crypto, client: AsyncClient, error: str | None) -> None:
    """Record why the store did not load (from the login), and run on without encryption."""
    if not crypto.wanted:
        return
    if error is None and crypto.problem is None and client.olm is None:
        error = "the key store was not loaded"
    if error is not None:
        crypto.problem = error
        client.olm = None
        client.store = None
    if crypto.problem:
        log.error("end-to-end encryption is off: %s", crypto.problem)
    if client.store is not None:
        _skip_empty_room_saves(client.store)


def _skip_empty_room_saves(store: Any) -> None:
    """nio saves the set of newly encrypted rooms after every sync, usually an empty set, and
    still looks the account up in its SQLite store to do nothing: about 1.5 ms on every sync,
    before the bot can see the command it brings. An empty set has nothing to save."""
    save = store.save_encrypted_rooms

    def save_unless_empty(rooms: set[str]) -> None:
        if rooms:
            save(rooms)

    store.save_encrypted_rooms = save_unless_empty


async def upkeep(client: AsyncClient, crypto: Crypto) -> None:
    """Send to-device messages and upload, query and claim keys as the olm machine asks."""
    if client.olm is None:
        return
    try:
        if client.outgoing_to_device_messages:
            await client.send_to_device_messages()
        if client.should_upload_keys:
            response = await client.keys_upload()
            if isinstance(response, KeysUploadError):
                # E.g. the homeserver holds other keys for this device: a store from elsewhere.
                crypto.problem = f"the homeserver refused our keys: {response}"
                log.error("end-to-end encryption is broken: %s", crypto.problem)
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())
    except TRANSIENT_ERRORS as exc:
        log.warning("key upkeep postponed: %s", exc)
    except LocalProtocolError as exc:
        log.warning("key upkeep skipped: %s", exc)


@dataclass
class Pending:
    """An encrypted event whose key has not arrived yet."""

    room_id: str
    event: Any
    since: float


@dataclass
class Undecrypted:
    """Encrypted events waiting for their keys, retried after each sync, reported when late."""

    patience: float = 20.0
    pending: list[Pending] = field(default_factory=list)
    told: set[tuple[str, str]] = field(default_factory=set)

    def add(self, room_id: str, event: Any) -> None:
        """Keep an undecryptable event to retry when its key arrives."""
        self.pending.append(Pending(room_id, event, time.monotonic()))

    def retry(self, client: AsyncClient) -> tuple[list[tuple[str, Any]], list[Pending]]:
        """Events that decrypt now, in order, and those that waited too long."""
        decrypted: list[tuple[str, Any]] = []
        late: list[Pending] = []
        still: list[Pending] = []
        now = time.monotonic()
        for item in self.pending:
            event = _try_decrypt(client, item.event)
            if event is not None:
                decrypted.append((item.room_id, event))
            elif now - item.since >= self.patience:
                late.append(item)
            else:
                still.append(item)
        self.pending = still
        return decrypted, late

    def first_time(self, room_id: str, cause: str) -> bool:
        """True once per room and cause: the bot says a thing once, not on every message."""
        key = (room_id, cause)
        if key in self.told:
            return False
        self.told.add(key)
        return True


def _try_decrypt(client: AsyncClient, event: Any) -> Any | None:
    if client.olm is None or not isinstance(event, MegolmEvent):
        return None
    try:
        return client.decrypt_event(event)
    except (EncryptionError, LocalProtocolError):
        return None


async def ask_for_key(client: AsyncClient, event: Any) -> None:
    """Ask the sender's devices for a missing room key (once per session; errors are fine)."""
    if client.olm is None or not isinstance(event, MegolmEvent):
        return
    try:
        await client.request_room_key(event)
    except (LocalProtocolError, *TRANSIENT_ERRORS) as exc:
        log.debug("room key request not sent: %s", exc)


def cannot_read_text(crypto: Crypto, language: str) -> str:
    """What the bot says in an encrypted room it cannot read, and why."""
    if not crypto.wanted:
        return translate(ENCRYPTION_OFF, language)
    return translate(STORE_UNUSABLE, language, path=str(crypto.path))


def undecryptable_text(sender: str, language: str) -> str:
    """What the bot says about a message it could not decrypt in time."""
    return translate(UNDECRYPTABLE, language, sender=sender)
