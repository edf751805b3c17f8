"""What every service needs: units of work and connections, the clock and the group's zone; who
acts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from tracker.calendar_no import WorkCalendar
from tracker.clock import Clock, local_today
from tracker.db import SessionFactory, UnitOfWork
from tracker.models import Channel

# The connection a chat turn holds while it runs (see `ServiceContext.turn`); per thread and task.
_TURN: ContextVar[Connection | None] = ContextVar("tiltak_turn_connection", default=None)


@dataclass(frozen=True)
class ServiceContext:
    """The dependencies of the service layer, wired once by `bootstrap()`."""

    session_factory: SessionFactory
    clock: Clock
    zone: ZoneInfo
    engine: Engine
    # Public holidays and the summer break: nothing is sent then, and due dates on them are flagged.
    calendar: WorkCalendar = field(default_factory=WorkCalendar)

    def uow(self) -> UnitOfWork:
        """A fresh unit of work (one transaction)."""
        return UnitOfWork(self.session_factory)

    def connect(self) -> AbstractContextManager[Connection]:
        """A pooled connection for Core statements; what is not committed is rolled back at the
        end of the `with` block.

        For the chat's hot paths, where an ORM session costs more than the statements it runs.
        Within a `turn()` it is the turn's connection, lent for the block."""
        held = _TURN.get()
        if held is not None:
            return _lent(held, undo=True)
        return self.engine.connect()

    def read(self) -> AbstractContextManager[Connection]:
        """A pooled connection for one read statement, outside a transaction.

        A single SELECT is consistent on its own; skipping BEGIN and ROLLBACK saves two round
        trips to a database server on every chat list. Within a `turn()` it is the turn's."""
        held = _TURN.get()
        if held is not None:
            return _lent(held, undo=False)
        return self._reader.connect()

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Hold one pooled connection for a chat turn: the `connect()` and `read()` blocks within
        it share it, each still committing (or not) on its own.

        A status change from chat runs four such blocks (the claim, a check, the change, the
        home refresh); taking and giving back a connection for each cost more than their SQL."""
        if _TURN.get() is not None:
            yield
            return
        with self.engine.connect() as conn:
            token = _TURN.set(conn)
            try:
                yield
            finally:
                _TURN.reset(token)

    @cached_property
    def _reader(self) -> Engine:
        # SQLite's driver sends no BEGIN before a SELECT anyway, and switching its isolation
        # level on every checkout costs more than it saves.
        if self.engine.dialect.name == "sqlite":
            return self.engine
        return self.engine.execution_options(isolation_level="AUTOCOMMIT")

    def today(self) -> date:
        """Today's date in the group's zone."""
        return local_today(self.clock, self.zone)


@dataclass(frozen=True)
class Actor:
    """Who makes a request and through which channel; `system` bypasses permission checks."""

    person_id: int | None
    channel: Channel
    language: str = "nb"
    system: bool = False

    @classmethod
    def system_actor(cls, channel: Channel = Channel.SYSTEM, language: str = "nb") -> Actor:
        """An actor for trusted internal work such as an import or an admin command."""
        return cls(person_id=None, channel=channel, language=language, system=True)


@contextmanager
def _lent(conn: Connection, *, undo: bool) -> Iterator[Connection]:
    """A turn's connection lent to one block; a block that changes things and does not commit
    is undone, as closing its own connection would."""
    try:
        yield conn
    finally:
        if undo and conn.in_transaction():
            conn.rollback()
