"""The rows of an import preview (cells, rows, blocks) and the corrections typed over them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

TEXT: Final = "text"
DATE: Final = "date"
TIME: Final = "time"


@dataclass(frozen=True, slots=True)
class Cell:
    """One value of a row; `key` names it when it can be corrected."""

    value: str
    key: str | None = None
    kind: str = TEXT
    label: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    """One thing the import would write; `key` names it when it can be dropped."""

    line: int
    cells: tuple[Cell, ...]
    key: str | None = None
    dropped: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """A kind of thing (workgroups, roster, deadlines …) with a heading and its columns."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Corrections:
    """Values typed over fields, by key, and the keys of dropped rows."""

    values: Mapping[str, str] = field(default_factory=dict)
    dropped: frozenset[str] = frozenset()

    def value(self, key: str, original: str) -> str:
        """The value shown for a field: the correction, else what was read."""
        return self.values.get(key, original).strip()


NONE: Final = Corrections()


def cell_day(value: dt.date | None) -> str:
    """A date as a preview cell shows it (ISO), empty for none."""
    return value.isoformat() if value else ""


def cell_clock(value: dt.time | None) -> str:
    """A clock time as a preview cell shows it (HH:MM), empty for none."""
    return value.strftime("%H:%M") if value else ""
