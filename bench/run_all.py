"""Run every `bench/bench_*.py` in turn; options (e.g. `--db postgresql`) are passed on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from common import HEADER


def main() -> int:
    """Run the benchmarks under one header; fail if any of them failed."""
    print(HEADER, flush=True)
    failed = []
    for script in sorted(Path(__file__).parent.glob("bench_*.py")):
        done = subprocess.run([sys.executable, str(script), "--no-header", *sys.argv[1:]])
        if done.returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
