"""Each task and meeting view is built in one place (tracker/services/views.py): a second mapper
would drift from the first, and the chat, the web and the API would show different things."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("tracker", "chatops", "adapters", "worker")
MAPPERS = ROOT / "tracker" / "services" / "views.py"
VIEWS = frozenset({"TaskView", "TaskSummary", "MeetingView", "MeetingPartView", "AgendaItemView"})


def _builds(tree: ast.AST) -> list[tuple[str, int]]:
    """Where a module calls one of the views (or its model_construct/model_validate)."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in {"model_construct", "model_validate"}:
            func = func.value
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name in VIEWS:
            found.append((name, node.lineno))
    return found


def test_task_and_meeting_views_are_built_only_by_their_mappers() -> None:
    elsewhere = [
        f"{path.relative_to(ROOT)}:{line} {name}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != MAPPERS
        for name, line in _builds(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert elsewhere == []
    built = {name for name, _ in _builds(ast.parse(MAPPERS.read_text(encoding="utf-8")))}
    assert built == VIEWS  # the check sees the mappers it protects
