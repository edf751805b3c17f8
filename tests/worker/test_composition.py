"""One composition root: importing the `tiltak` command wires nothing, and the web app mounts the
plugins the root hands it, once, with the root's runtime."""

from __future__ import annotations

import subprocess
import sys

from flask import Flask

from tracker.app import create_app
from tracker.bootstrap import Runtime
from tracker.composition import compose
from tracker.config import Settings

LOADED = (
    "import sys, tracker.cli; "
    "print(sorted(m for m in sys.modules if m.split('.')[0] in ('worker', 'adapters')))"
)


def test_importing_the_tiltak_command_loads_no_worker_or_adapter_module() -> None:
    found = subprocess.run(
        [sys.executable, "-c", LOADED], capture_output=True, text=True, check=True
    )
    assert found.stdout.strip() == "[]"


def test_the_web_app_mounts_exactly_the_plugins_the_root_hands_it(settings: Settings) -> None:
    root = compose(settings)
    mounted: list[tuple[Flask, Runtime]] = []
    try:
        app = create_app(root.runtime, plugins=[lambda app, rt: mounted.append((app, rt))])
        assert mounted == [(app, root.runtime)]
        assert app.test_client().get("/healthz").status_code == 200
        # Slack is not configured here: its plugin, found by the root, mounts nothing.
        assert callable(root.web_plugins[0])
        bare = create_app(root.runtime, plugins=root.web_plugins)
        assert not [rule for rule in bare.url_map.iter_rules() if "slack" in rule.rule]
    finally:
        root.close()
