"""How well the bot understands members as they write: every line of the chat corpus
(tests/chat/corpus/, or `--corpus DIR` for another one, e.g. a held-out corpus) read by
`ChatCore.understand` in the corpus's world, on SQLite or `--db postgresql`. Prints the corpus
size, the understanding rate, the wrong effects (each listed), the same per category file, and
the time of one `understand` call."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from common import HEADER, bench_runtime, report

# The corpus, its grading and its world live with the tests that hold them.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "chat"))

from corpus_support import (
    CORPUS_DIR,
    Case,
    Grade,
    build_world,
    by_category,
    grade,
    load_corpus,
    understand,
)


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--runs", type=int, default=3, help="timed passes over the corpus")
    parser.add_argument("--no-header", action="store_true", help="print result rows only")
    parser.add_argument("--corpus", type=Path, default=CORPUS_DIR, help="a directory of *.tsv")
    parser.add_argument("--misses", action="store_true", help="also list every line not understood")
    return parser.parse_args()


def _rate(grades: list[Grade]) -> str:
    understood = sum(g.understood for g in grades)
    wrong = sum(g.wrong_effect for g in grades)
    return f"{understood}/{len(grades)} understood ({understood / len(grades):.1%}), {wrong} wrong"


def main() -> int:
    """Build the world, grade every line once, then time `understand` over the corpus."""
    args = _args()
    if not args.no_header:
        print(HEADER)
    cases = load_corpus(args.corpus)
    if not cases:
        print(f"no corpus lines in {args.corpus}", file=sys.stderr)
        return 1
    with bench_runtime(args.db) as runtime:
        world = build_world(runtime.ctx)
        graded: list[tuple[Case, Grade]] = [
            (case, grade(case, understand(world, case.text))) for case in cases
        ]
        samples = []
        for _ in range(max(args.runs, 1)):
            for case in cases:
                start = time.perf_counter()
                understand(world, case.text)
                samples.append(time.perf_counter() - start)
    grades = [g for _case, g in graded]
    print(f"understanding, {args.db}: corpus {args.corpus} of {len(cases)} lines: {_rate(grades)}")
    per_case = dict(graded)
    for category, members in by_category(cases).items():
        print(f"  {category}: {_rate([per_case[case] for case in members])}")
    for case, g in graded:
        if g.wrong_effect or (args.misses and not g.understood):
            label = "WRONG EFFECT" if g.wrong_effect else "miss"
            print(f"  {label} {case.id} {case.text!r}: expected {case.expected!r}, got {g.got!r}")
    report(f"understand one corpus line ({len(cases)} lines), {args.db}", samples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
