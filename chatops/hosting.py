"""What a platform's own command needs to host the tracker beside its bot: the schema upgrade
before the first request, and the web app (where an HTTP transport is mounted). Adapters name
these through here, so their imports stop at `chatops`."""

from __future__ import annotations

from tracker.app import create_app
from tracker.migrate import upgrade

__all__ = ["create_app", "upgrade"]
