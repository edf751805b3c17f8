"""The tests build a Flask app for every test, and Werkzeug compiles two URL builders (an AST
turned into code) for each of its ninety-odd routes: a fifth of a second per app. A builder is
a plain function of its rule, which it takes as its first argument, so one compiled builder of a
rule serves that rule in every app of the run; apps in production are built once and unaffected."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from werkzeug.routing.rules import Rule

Builder = Callable[..., tuple[str, str]]


def share_url_builders() -> None:
    """Compile each rule's URL builders once per run (idempotent)."""
    original = Rule._compile_builder
    if getattr(original, "shared", False):
        return
    builders: dict[tuple[Any, ...], Builder] = {}

    def compile_builder(self: Rule, append_unknown: bool = True) -> Builder:
        defaults = tuple(sorted((k, repr(v)) for k, v in (self.defaults or {}).items()))
        key = (self.rule, tuple(self._trace), defaults, append_unknown)
        found = builders.get(key)
        if found is None:
            found = builders[key] = original(self, append_unknown)
        return found

    compile_builder.shared = True  # type: ignore[attr-defined]
    Rule._compile_builder = compile_builder  # type: ignore[method-assign]
