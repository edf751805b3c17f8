"""What an adapter is handed to run: the settings and the running tracker, built once by the
composition root. Adapters name these types through here, never through `tracker`."""

from __future__ import annotations

from tracker.bootstrap import Runtime, bootstrap
from tracker.clock import Clock, FixedClock, SystemClock
from tracker.config import ConfigError, MatrixSettings, Settings, SlackSettings, load_settings
from tracker.services.context import ServiceContext

__all__ = [
    "Clock",
    "ConfigError",
    "FixedClock",
    "MatrixSettings",
    "Runtime",
    "ServiceContext",
    "Settings",
    "SlackSettings",
    "SystemClock",
    "bootstrap",
    "load_settings",
]
