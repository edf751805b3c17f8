"""The WSGI entry point for gunicorn (`tracker.wsgi:app`).

This module is a process's composition root, so it reads the settings once, here, at import;
nothing else in tracker does. Each gunicorn worker imports it and gets its own engine and pool.
"""

from __future__ import annotations

import gc

from tracker.app import create_app
from tracker.composition import compose
from tracker.config import load_settings

_root = compose(load_settings())
app = create_app(_root.runtime, plugins=_root.web_plugins)

# What start-up built (modules, the app, the mappers: ~160,000 objects) lives as long as the
# worker. Collect start-up's garbage once, then keep the rest out of the cyclic collector's full
# passes, which otherwise walk all of it every few hundred requests: about 0.2 ms CPU a request
# on average (bench_slack), more than a status change's own SQL.
gc.collect()
gc.freeze()
