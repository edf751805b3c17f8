"""The Teams adapter's way into the worker (the `tiltak.senders` entry point). Cheap to import:
the Agents SDK is imported only when Teams is configured, so an install without the `teams`
extra works."""

from __future__ import annotations

from chatops.delivery import Sender
from chatops.runtime import Runtime


def make_sender(runtime: Runtime) -> Sender | None:
    """The Teams sender for the worker, or None when Teams is not configured."""
    if not runtime.settings.teams.enabled:
        return None
    from adapters.teams.sender import make_sender as teams_sender

    return teams_sender(runtime)
