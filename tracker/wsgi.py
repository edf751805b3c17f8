"""The WSGI entry point for gunicorn (`tracker.wsgi:app`).

This module is a process's composition root, so it reads the settings once, here, at import;
nothing else in tracker does. Each gunicorn worker imports it and gets its own engine and pool.
"""

from __future__ import annotations

from tracker.app import create_app
from tracker.composition import compose
from tracker.config import load_settings

_root = compose(load_settings())
app = create_app(_root.runtime, plugins=_root.web_plugins)
