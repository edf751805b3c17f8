"""Importing this module puts every page on the blueprint (they must be there before it is
registered on the app)."""

from __future__ import annotations

from tracker.web import (  # noqa: F401  (each module registers its routes on `bp`)
    account_pages,
    agenda_pages,
    auth,
    feed_pages,
    import_pages,
    input_round_pages,
    meeting_pages,
    minutes_pages,
    task_pages,
    views,
)
