"""The composition root: wire the real dependencies once, from the settings; tests pass fakes."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from tracker import logsafe
from tracker.clock import Clock, SystemClock
from tracker.config import Settings
from tracker.db import make_engine, make_session_factory
from tracker.services.context import ServiceContext


@dataclass(frozen=True)
class Runtime:
    """Everything a process of tiltak needs, built once at start-up."""

    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    ctx: ServiceContext

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def bootstrap(
    settings: Settings, *, clock: Clock | None = None, engine: Engine | None = None
) -> Runtime:
    """Build the runtime; nothing connects until the first query."""
    logsafe.install()
    if settings.database_url == "" and engine is None:
        settings.var_dir.mkdir(parents=True, exist_ok=True)
    engine = engine or make_engine(settings.effective_database_url(), echo=settings.sql_echo)
    session_factory = make_session_factory(engine)
    ctx = ServiceContext(
        session_factory=session_factory,
        clock=clock or SystemClock(),
        zone=ZoneInfo(settings.timezone),
        engine=engine,
        calendar=settings.calendar.work_calendar(),
    )
    return Runtime(settings=settings, engine=engine, session_factory=session_factory, ctx=ctx)
