"""The Matrix adapter's way into the worker (the `tiltak.senders` entry point). Cheap to import:
nio is imported only when Matrix is configured, so an install without the `matrix` extra works."""

from __future__ import annotations

from chatops.delivery import Sender
from chatops.runtime import Runtime


def make_sender(runtime: Runtime) -> Sender | None:
    """The Matrix sender for the worker, or None when Matrix is not configured."""
    if not runtime.settings.matrix.enabled:
        return None
    from adapters.matrix.sender import make_sender as matrix_sender

    return matrix_sender(runtime)
