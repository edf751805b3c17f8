"""A task's status as the adapters name it: the tracker's own status type (its statuses, labels
and next steps are defined there once), and the reading of a status sent back by a gesture."""

from __future__ import annotations

from tracker.models import OPEN_STATUSES, TaskStatus

__all__ = ["OPEN_STATUSES", "TaskStatus", "parse_status"]


def parse_status(value: str) -> TaskStatus | None:
    """The status a button's value names (its stored value, e.g. "done"), or None."""
    try:
        return TaskStatus(value)
    except ValueError:
        return None
