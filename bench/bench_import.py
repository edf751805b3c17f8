"""Importing an invitation: parse alone, then parse + import as a dry run and for real (a second
import of the same file, which changes nothing), of the largest invitation of the corpus in
tests/data/invitations/. The target is under 200 ms median on SQLite."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import bench_runtime, count_statements, measure, parse_args, report

from tracker.importer.apply import import_invitation
from tracker.importer.parse import parse_invitation
from tracker.models import Channel
from tracker.services.context import Actor

CORPUS = Path(__file__).parent.parent / "tests" / "data" / "invitations"
IMPORTER = Actor.system_actor(Channel.IMPORT)
FRESH_RUNS = 7  # each needs a migrated database of its own


def largest_invitation() -> Path:
    """The corpus invitation with the most lines."""
    files = [p for p in CORPUS.iterdir() if p.suffix in {".txt", ".md"}]
    return max(files, key=lambda p: len(p.read_text(encoding="utf-8").splitlines()))


def main() -> None:
    """Measure parsing, a dry run, the first import and a repeated import; one row each."""
    args = parse_args(__doc__ or "", runs=20)
    path = largest_invitation()
    text = path.read_text(encoding="utf-8")
    size = f"{path.name}, {len(text.splitlines())} lines, {args.db}"
    with bench_runtime(args.db) as runtime:

        def parse() -> None:
            parse_invitation(text)

        def run(*, dry_run: bool) -> None:
            import_invitation(
                runtime.ctx, actor=IMPORTER, text=text, filename=path.name, dry_run=dry_run
            )

        def dry() -> None:
            run(dry_run=True)

        def real() -> None:
            run(dry_run=False)

        if not args.only or "parse" in args.only:
            report(f"parse_invitation ({size})", measure(parse, args.runs))
        # A dry run on an empty database writes everything and rolls back: the first import's work.
        statements = count_statements(runtime.engine, dry)
        report(
            f"import --dry-run, new group ({size}; statements: {statements})",
            measure(dry, args.runs),
        )
        real()  # the first import; the rows below repeat it
        statements = count_statements(runtime.engine, real)
        report(
            f"import, again: no change ({size}; statements: {statements})",
            measure(real, args.runs),
        )
    report(f"import, first time, fresh database each run ({size})", first_imports(args, text, path))


def first_imports(args: argparse.Namespace, text: str, path: Path) -> list[float]:
    """The real first import, committed, each on a database of its own (set-up untimed)."""
    samples: list[float] = []
    for _ in range(FRESH_RUNS):
        with bench_runtime(args.db) as runtime:
            start = time.perf_counter()
            import_invitation(runtime.ctx, actor=IMPORTER, text=text, filename=path.name)
            samples.append(time.perf_counter() - start)
    return samples


if __name__ == "__main__":
    main()
