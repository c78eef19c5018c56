"""A long fuzzing run of the readers (tests/test_fuzz.py with many more examples).

    python benchmarks/fuzz.py [SCALE] [--word]

SCALE x 200 examples per fuzzer (default 50: about 30.000 TOML documents over three fuzzers,
10.000 workbooks, 2.000 generated catalogues through every command, 200 full Excel round
trips), and SCALE x 40 Word documents: real documents mutated structurally (cells, rows,
tables, spans, paragraphs, parts, zip bytes), read as `--data` and as `import` reads them,
in their own run, whose peak memory and slowest case are reported. `--word` runs only those.

Ends with pytest's exit code: 0 when no run ended in a traceback, a hang (hypothesis reports
a run that exceeds its deadline... none is set: a hang is a run that never ends, and the whole
fuzzing run is given a time limit of SCALE x 60 s; a Word case over 10 s fails its test) or an
exit code other than 0-2.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
from pathlib import Path

args = [a for a in sys.argv[1:] if a != "--word"]
only_word = "--word" in sys.argv[1:]
scale = args[0] if args else "50"
tests = Path(__file__).resolve().parent.parent / "tests" / "test_fuzz.py"
command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tests)]


def run(selection: str, stats: str = "") -> int:
    env = {**os.environ, "KKINVEST_FUZZ_EXAMPLES": scale, "KKINVEST_FUZZ_STATS": stats}
    try:
        return subprocess.call([*command, "-k", selection], env=env, timeout=int(scale) * 60 + 600)
    except subprocess.TimeoutExpired:
        print("fuzz: a run did not end in time (a hang?)", file=sys.stderr)
        return 3


def word_summary(stats: Path) -> None:
    """How many Word documents, how they ended, the slowest, the peak memory of the run and
    the most one case added to it."""
    rows = (
        [line.split() for line in stats.read_text(encoding="utf-8").splitlines()]
        if (stats.exists())
        else []
    )
    outcomes = [row[0] for row in rows]
    cpu = max((float(row[1]) for row in rows), default=0)
    wall = max((float(row[2]) for row in rows), default=0)
    peaks = [0.0] + [float(row[3]) for row in rows]
    added = max((b - a for a, b in itertools.pairwise(peaks)), default=0)
    print(
        f"fuzz: {len(rows)} Word documents: {outcomes.count('read')} read, "
        f"{outcomes.count('refused')} refused with a Danish line; slowest {cpu:.2f} s CPU "
        f"({wall:.2f} s wall); peak {max(peaks):.0f} MB for the whole run, at most "
        f"{added:.0f} MB added by one case"
    )


with tempfile.TemporaryDirectory() as folder:
    stats = Path(folder) / "word.txt"
    code = run("mutated_word", str(stats))
    word_summary(stats)
    if not only_word and code == 0:
        code = run("not mutated_word")
raise SystemExit(code)
