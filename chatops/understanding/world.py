"""What the bot knows that a line may refer to: people, the asker's open tasks, agenda items.

The parser stays pure: it asks a `World` and never the database. The chat core gives it one that
loads each part on first use (most lines need none of them), tests and the corpus give it the same
one over a seeded database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from tracker.models import TaskStatus


@dataclass(frozen=True, slots=True)
class KnownPerson:
    """A person on the roster, by the names people call them."""

    id: int
    first_name: str
    last_name: str

    @property
    def full_name(self) -> str:
        """First and last name, as the roster has them."""
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class KnownTask:
    """An open task a line may name by words of its title."""

    id: int
    title: str
    status: TaskStatus
    owner_id: int | None


@dataclass(frozen=True, slots=True)
class KnownItem:
    """An agenda item of the next meeting: its number as written and its title."""

    label: str
    number: int
    title: str


@dataclass(frozen=True, slots=True)
class KnownWorkgroup:
    """A workgroup by number and name."""

    number: int
    name: str


def _nothing() -> Sequence[object]:
    return ()


@dataclass
class World:
    """Lazily loaded knowledge; each loader runs at most once per line."""

    me: KnownPerson | None = None
    load_people: Callable[[], Sequence[KnownPerson]] = field(default=_nothing)  # type: ignore[assignment]
    load_my_tasks: Callable[[], Sequence[KnownTask]] = field(default=_nothing)  # type: ignore[assignment]
    load_group_tasks: Callable[[], Sequence[KnownTask]] = field(default=_nothing)  # type: ignore[assignment]
    load_items: Callable[[], Sequence[KnownItem]] = field(default=_nothing)  # type: ignore[assignment]
    load_workgroups: Callable[[], Sequence[KnownWorkgroup]] | None = None
    # The ids of these tasks that exist in the group (None: not known, every number is taken).
    load_existing: Callable[[tuple[int, ...]], set[int]] | None = None

    @cached_property
    def people(self) -> Sequence[KnownPerson]:
        """Everyone on the roster."""
        return self.load_people()

    @cached_property
    def my_tasks(self) -> Sequence[KnownTask]:
        """The asker's open tasks, the first place a title fragment is looked for."""
        return self.load_my_tasks()

    @cached_property
    def group_tasks(self) -> Sequence[KnownTask]:
        """The group's open tasks, where a fragment is looked for next."""
        return self.load_group_tasks()

    @cached_property
    def workgroups(self) -> Sequence[KnownWorkgroup]:
        """The group's workgroups."""
        return self.load_workgroups() if self.load_workgroups else ()

    @property
    def workgroups_known(self) -> bool:
        """Whether the workgroups can be looked up at all."""
        return self.load_workgroups is not None

    def existing(self, task_ids: tuple[int, ...]) -> set[int] | None:
        """Which of these tasks exist in the group, or None when that cannot be known."""
        return self.load_existing(task_ids) if self.load_existing else None

    @cached_property
    def items(self) -> Sequence[KnownItem]:
        """The next meeting's agenda items."""
        return self.load_items()


EMPTY_WORLD = World()
