"""Time `kkinvest import` of the 12 budget 2023 Word files (tests/data/documents/budget-2023),
the whole command as a user runs it, and the reading alone (in one process).

    python benchmarks/import_docx.py [RUNS]

Prints the median of RUNS runs (default 5). The goal (issue 11): the command under 3 s.
Tests never assert on these figures.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "data" / "documents" / "budget-2023"
GOAL = 3.0


def command_time() -> float:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "kkinvest", "import", str(FOLDER), "-o", out],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return time.perf_counter() - start


def reading_time() -> float:
    from kkinvest.io.word import proposal_of, read_word
    from kkinvest.registry import default_registry

    registry = default_registry()
    start = time.perf_counter()
    for path in sorted(FOLDER.glob("*.docx")):
        for draft in read_word(path, path.name, registry).drafts:
            proposal_of(draft, registry)
    return time.perf_counter() - start


def main(runs: int = 5) -> None:
    files = len(list(FOLDER.glob("*.docx")))
    command_time()  # warm the file cache
    whole = statistics.median(command_time() for _ in range(runs))
    reading_time()  # import python-docx once
    alone = statistics.median(reading_time() for _ in range(runs))
    verdict = "ok" if whole < GOAL else "missed"
    print(f"kkinvest import of {files} Word files ({FOLDER.name}), median of {runs} runs:")
    print(f"  the command, start to end:   {whole:.2f} s  (goal < {GOAL:.0f} s: {verdict})")
    print(f"  reading them, in one process: {alone:.2f} s  ({alone / files * 1000:.0f} ms a file)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
