"""The corpus of how members really write (tests/chat/corpus/): every line gives the typed command,
the question back or the refusal it must, and the whole is understood at ≥ 95 % without a single
wrong effect. The world is built once per database kind: the seed import takes a second or two."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from corpus_support import (
    CHANGE_SHAPES,
    KNOWN_MISSES,
    NOW,
    READ_ONLY_SHAPES,
    Case,
    World,
    build_world,
    grade,
    load_corpus,
    load_known_misses,
    normalise,
    roster_names,
    shape_of,
    understand,
)
from sqlalchemy import Engine, text

from chatops import commands as c
from chatops.parser import Parsed, ParseError
from tracker.bootstrap import bootstrap
from tracker.clock import FixedClock
from tracker.config import Settings
from tracker.migrate import upgrade
from tracker.models import TaskStatus
from tracker.services import groups, tasks

CASES = load_corpus()
KNOWN = load_known_misses()
DEMO_TASK_COUNT = 11


def _params() -> list[object]:
    miss = pytest.mark.xfail(strict=True, reason="listed in corpus/known_misses.txt")
    return [
        pytest.param(case, id=case.id, marks=[miss] if case.key in KNOWN else []) for case in CASES
    ]


@pytest.fixture(scope="module")
def world(
    db_kind: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    """The corpus's world on a database of its own, once per database kind."""
    tmp = tmp_path_factory.mktemp(f"corpus-{db_kind}")
    schema = None
    if db_kind == "sqlite":
        target = tmp / "tiltak.sqlite3"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        url = f"sqlite:///{target}"
    elif db_kind == "postgresql":
        # A schema of its own: the other tests empty the shared one before each test.
        admin: Engine = request.getfixturevalue("pg_engine")
        schema = f"tiltak_corpus_{os.getpid()}"
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = admin.url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False
        )
    else:
        raise pytest.UsageError(f"unknown --db kind {db_kind!r}")
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=url,
        var_dir=tmp / "var",
        secret_key="test-secret",  # type: ignore[arg-type]
    )
    runtime = bootstrap(settings, clock=FixedClock(NOW))
    try:
        if schema is not None:
            upgrade(runtime.engine)
        yield build_world(runtime.ctx)
    finally:
        runtime.close()
        if schema is not None:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))


@dataclass(frozen=True)
class _Expected:
    title: str
    owner: str
    status: TaskStatus
    due: date


WORLD_TASKS = {
    1: _Expected(
        "Samle erfaringer med internasjonal rekruttering i kommunene",
        "Asbjørn Flo",
        TaskStatus.TODO,
        date(2025, 1, 7),
    ),
    3: _Expected(
        "Kartlegge sirkulære anskaffelser i regionen",
        "Asbjørn Lunde",
        TaskStatus.DOING,
        date(2025, 1, 14),
    ),
    4: _Expected(
        "Foreslå en ekstern innleder om sirkulærøkonomi",
        "Asbjørn Lunde",
        TaskStatus.TODO,
        date(2025, 1, 19),
    ),
    5: _Expected(
        "Oversikt over ombruksprosjekter", "Asbjørn Lunde", TaskStatus.DONE, date(2025, 1, 4)
    ),
    7: _Expected(
        "Avklare finansiering av en felles næringsanalyse",
        "Dag Aanensen",
        TaskStatus.BLOCKED,
        date(2025, 1, 12),
    ),
    11: _Expected(
        "Hente inn tall for tilflytting 2024", "Ove Gjesdal", TaskStatus.TODO, date(2025, 1, 11)
    ),
}


def test_the_world_is_the_one_the_corpus_is_written_for(world: World) -> None:
    ctx = world.core.ctx
    assert ctx.today() == date(2025, 1, 10)
    found = {t.id: t for t in tasks.list_tasks(ctx, group_id=world.group_id)}
    assert sorted(found) == list(range(1, DEMO_TASK_COUNT + 1))
    for task_id, expected in WORLD_TASKS.items():
        task = found[task_id]
        assert (task.title, task.owner_name, task.status, task.due_on) == (
            expected.title,
            expected.owner,
            expected.status,
            expected.due,
        )
    # The corpus's ambiguous first names, and the unique ones it relies on.
    assert len(groups.find_people(ctx, name="Asbjørn")) == 2
    assert len(groups.find_people(ctx, name="Eli")) == 2
    assert len(groups.find_people(ctx, name="Dag")) == 1


@pytest.mark.parametrize("case", _params())
def test_each_corpus_line_gives_what_it_must(world: World, case: Case) -> None:
    result = grade(case, understand(world, case.text))
    assert not result.wrong_effect, f"{case.text!r} would change {result.got!r}"
    assert result.understood, f"{case.text!r}: expected {case.expected!r}, got {result.got!r}"


def test_the_bot_understands_95_percent_of_the_corpus_without_one_wrong_effect(
    world: World,
) -> None:
    grades = [(case, grade(case, understand(world, case.text))) for case in CASES]
    wrong = [f"{case.id} {case.text!r} → {g.got!r}" for case, g in grades if g.wrong_effect]
    understood = sum(g.understood for _case, g in grades)
    assert wrong == []
    assert understood / len(grades) >= 0.95, f"{understood} of {len(grades)} understood"


def test_the_corpus_has_the_lines_the_issue_asks_for() -> None:
    per_file = Counter(case.category for case in CASES)
    kinds = Counter(case.expectation.kind for case in CASES)
    questions = [
        case
        for case in CASES
        if case.expectation.kind == "command" and _family(case.typed[0]) in READ_ONLY_SHAPES
    ]
    assert len(CASES) >= 450
    assert per_file["nynorsk"] >= 40
    assert per_file["english"] >= 80
    assert per_file["typos"] >= 50
    assert len(questions) >= 60
    assert kinds["unclear"] >= 40
    assert kinds["refusal"] >= 30
    assert set(per_file) >= {
        "status",
        "due_dates",
        "assign",
        "comments",
        "create",
        "queries",
        "meetings",
        "account",
        "nynorsk",
        "english",
        "typos",
        "unclear",
        "refusals",
    }


def _family(typed: str) -> str | None:
    shape = shape_of(typed)
    return shape[0] if shape else None


def test_every_expected_typed_command_has_a_canonical_shape() -> None:
    names = roster_names()
    bad = []
    for case in CASES:
        for typed in case.typed:
            shape = shape_of(typed)
            if shape is None:
                bad.append(f"{case.id}: {typed!r} fits no command")
                continue
            groups_ = shape[1].groupdict()
            if groups_.get("task") and not 1 <= int(groups_["task"]) <= DEMO_TASK_COUNT:
                bad.append(f"{case.id}: task {groups_['task']} is not in the world")
            if groups_.get("person") and groups_["person"] not in names:
                bad.append(f"{case.id}: {groups_['person']!r} is not on the roster")
            if groups_.get("date"):
                try:
                    datetime.strptime(groups_["date"], "%d.%m.%Y")
                except ValueError:
                    bad.append(f"{case.id}: {groups_['date']} is no date")
    assert bad == []


def test_the_bot_asks_back_only_about_changes() -> None:
    asked = [
        f"{case.id}: {typed!r}"
        for case in CASES
        if case.expectation.kind == "unclear"
        for typed in case.typed
        if _family(typed) not in CHANGE_SHAPES
    ]
    assert asked == []


def test_no_line_is_written_twice_or_given_two_meanings() -> None:
    exact = Counter((case.text) for case in CASES)
    assert [t for t, n in exact.items() if n > 1] == []
    meanings: dict[str, set[frozenset[str]]] = {}
    for case in CASES:
        meanings.setdefault(normalise(case.text), set()).add(
            frozenset({case.expectation.kind, *case.expectation.readings})
        )
    assert [t for t, m in meanings.items() if len(m) > 1] == []


def test_known_misses_name_lines_of_the_corpus() -> None:
    keys = {case.key for case in CASES}
    assert KNOWN_MISSES.exists()
    assert sorted(KNOWN - keys) == []


def _case(expected: str) -> Case:
    return Case("status.tsv", 1, "ferdig med 4", expected)


@dataclass(frozen=True)
class _Unclear:
    readings: tuple[c.Command, ...]


def test_grading_counts_a_guessed_change_as_a_wrong_effect() -> None:
    done_3 = Parsed(c.SetStatus(3, TaskStatus.DONE), "nb")
    assert grade(_case("#3 ferdig"), done_3).understood
    assert grade(_case("#4 ferdig"), done_3).wrong_effect
    assert grade(_case("? #3 ferdig"), done_3).wrong_effect
    assert grade(_case("! no_task"), done_3).wrong_effect
    # A read-only answer on the wrong reading is a miss, not a wrong effect.
    shown = grade(_case("#4 ferdig"), Parsed(c.ShowTask(4), "nb"))
    assert (shown.understood, shown.wrong_effect) == (False, False)


def test_grading_takes_readings_in_any_order_and_refusals_by_code() -> None:
    readings = _Unclear((c.SetStatus(4, TaskStatus.DONE), c.SetStatus(3, TaskStatus.DONE)))
    assert grade(_case("? #3 ferdig | #4 ferdig"), readings).understood
    assert not grade(_case("? #3 ferdig"), readings).understood
    assert grade(_case("!"), ParseError("bad_date")).understood
    assert grade(_case("! bad_date"), ParseError("bad_date")).understood
    assert not grade(_case("! missing_date"), ParseError("bad_date")).understood
    spaced = Parsed(c.AddComment(4, "Sendt  e-post"), "nb")
    assert grade(_case("kommentar #4: sendt e-post"), spaced).understood


def test_the_corpus_reader_keeps_task_numbers_and_skips_comments(tmp_path: Path) -> None:
    (tmp_path / "x.tsv").write_text(
        "# a comment\n\n#4 ferdig\t#4 ferdig\n gi 4 til Dag \t gi #4 til Dag Aanensen \n",
        encoding="utf-8",
    )
    assert [(case.id, case.text, case.expected) for case in load_corpus(tmp_path)] == [
        ("x.tsv:3", "#4 ferdig", "#4 ferdig"),
        ("x.tsv:4", "gi 4 til Dag", "gi #4 til Dag Aanensen"),
    ]
    (tmp_path / "y.tsv").write_text("ferdig med 4\t! finished\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"y\.tsv:1"):
        load_corpus(tmp_path)
