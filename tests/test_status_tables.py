"""No module keeps a table of status labels or next statuses beside the status type's own
(tracker/models/tasks.py): a second definition would drift from the first."""

from __future__ import annotations

import ast
from pathlib import Path

from tracker.i18n import LANGUAGES, translate
from tracker.models import TaskStatus

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("tracker", "chatops", "adapters", "worker")
# The one place a table keyed by status may give labels or next statuses.
HOME = ROOT / "tracker" / "models" / "tasks.py"


def _status_tables(tree: ast.AST) -> list[int]:
    """Lines of dict literals keyed by at least two statuses whose values are words or statuses:
    a second table of labels or of next statuses."""
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Dict):
            continue
        keys = [
            key
            for key in node.keys
            if (isinstance(key, ast.Attribute) and ast.unparse(key.value) == "TaskStatus")
            or (isinstance(key, ast.Constant) and key.value in {s.value for s in TaskStatus})
        ]
        if len(keys) < 2 or len(keys) != len(node.keys):
            continue
        values = node.values
        label_like = all(
            (isinstance(v, ast.Call) and ast.unparse(v.func) == "N_")
            or (isinstance(v, ast.Tuple) and "TaskStatus." in ast.unparse(v))
            or (isinstance(v, ast.Dict))
            for v in values
        )
        if label_like:
            found.append(node.lineno)
    return found


def test_no_module_keeps_its_own_table_of_status_labels_or_next_statuses() -> None:
    copies = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if path != HOME
        for line in _status_tables(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert copies == []
    assert _status_tables(ast.parse(HOME.read_text(encoding="utf-8")))  # the check finds one


def _label_lists(tree: ast.AST, labels: list[set[str]]) -> list[int]:
    """Lines of string literals that spell out every status label of one language: a
    hand-written list of the statuses beside the status type's own."""
    found = []
    # Docstrings may name the statuses in prose; only values in code make a list.
    prose = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose:
            text = node.value.casefold()
            if any(all(label in text for label in words) for words in labels):
                found.append(node.lineno)
    return found


def test_no_module_spells_out_the_list_of_statuses() -> None:
    labels = [
        {translate(status.label, language).casefold() for status in TaskStatus}
        for language in LANGUAGES
    ]
    copies = [
        f"{path.relative_to(ROOT)}:{line}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        for line in _label_lists(ast.parse(path.read_text(encoding="utf-8")), labels)
    ]
    assert copies == []
    found = _label_lists(ast.parse('WORDS = "ikke startet, pågår, står fast, ferdig"'), labels)
    assert found == [1]  # the check finds one
