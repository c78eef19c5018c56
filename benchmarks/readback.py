"""Reading back what `kkinvest export` writes: time and peak memory, and whether the proposals
come back the same.

    python benchmarks/readback.py [N ...]      (default: 300 1000)

For each N: a synthetic catalogue (benchmarks/synthetic.py), its export, then `list --json`
of the export against `list --json` of the catalogue (without where each proposal came from),
and `check --json` and `pool --json` of both. 1.000 is the most `export` writes to one
workbook (MAX_PROPOSALS in kkinvest/io/xlsx_guard.py). The catalogue cache is off, so every
read is a real one. Tests never assert on these figures.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import write  # noqa: E402  (the benchmark's own helper)

PY = sys.executable
ENV = {**os.environ, "KKINVEST_NO_CACHE": "1"}
MEASURE = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "kkinvest", *sys.argv[1:]])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss, file=sys.stderr)
"""


def measured(*args: str) -> tuple[float, float, str]:
    """Seconds, peak MB and stdout of `kkinvest ARGS` (forked from a small launcher, so the
    figure is the command's own: Linux carries peak memory across fork and exec)."""
    start = time.perf_counter()
    result = subprocess.run(
        [PY, "-S", "-c", MEASURE, *args], capture_output=True, text=True, env=ENV, check=False
    )
    seconds = time.perf_counter() - start
    return seconds, int(result.stderr.split()[-1]) / 1024, result.stdout


def without_source(value: object) -> object:
    if isinstance(value, dict):
        return {k: without_source(v) for k, v in value.items() if k != "source_file"}
    if isinstance(value, list):
        return [without_source(v) for v in value]
    return value


def same(command: str, catalogue: Path, book: Path) -> bool:
    outputs = [
        subprocess.run(
            [PY, "-m", "kkinvest", command, "--json", "--data", str(data)],
            capture_output=True,
            text=True,
            env=ENV,
            check=False,
        ).stdout
        for data in (catalogue, book)
    ]
    before, after = (without_source(json.loads(out)) for out in outputs)
    return before == after


def main() -> None:
    sizes = [int(n) for n in sys.argv[1:]] or [300, 1000]
    print(f"{'forslag':>8} {'eksport':>9} {'læst igen':>10} {'top':>8} {'samme':>22}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            catalogue = Path(tmp) / str(n)
            write(n, catalogue)
            book = Path(tmp) / f"export-{n}.xlsx"
            exported, _, _ = measured("export", "--xlsx", str(book), "--data", str(catalogue))
            if not book.exists():
                print(f"{n:>8} eksporten blev afvist")
                continue
            seconds, peak, out = measured("list", "--json", "--data", str(book))
            listed = len(json.loads(out)) if out else 0
            agree = all(same(c, catalogue, book) for c in ("list", "check", "pool"))
            print(
                f"{n:>8} {exported:>8.1f}s {seconds:>9.1f}s {peak:>6.0f} MB "
                f"{listed:>5} forslag, {'ja' if agree else 'NEJ':>4}"
            )


if __name__ == "__main__":
    main()
