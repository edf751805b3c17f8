"""The database as a long-running adapter meets it: the schema brought up to date before it
starts, and the errors that mean the database is away for now (the adapter retries the batch at
hand rather than skipping its events)."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

from tracker.bootstrap import Runtime

# The database is unreachable or refused the statement for a reason outside the event at hand.
DATABASE_ERRORS: tuple[type[BaseException], ...] = (DBAPIError,)


def upgrade_schema(runtime: Runtime) -> None:
    """Bring the schema to the newest version (Alembic is imported here, not before)."""
    from tracker.migrate import upgrade

    upgrade(runtime.engine)
