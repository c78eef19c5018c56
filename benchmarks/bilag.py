"""How long `kkinvest export --docx` takes for the built-in catalogue (the issue asks < 5 s).

    python benchmarks/bilag.py [RUNS]

Prints the median wall-clock time of RUNS (default 3) exports of budget 2023 with --findings.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main(runs: int) -> None:
    times = []
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "bilag.docx"
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "kkinvest",
                    "export",
                    "--docx",
                    str(target),
                    "--budget",
                    "2023",
                    "--findings",
                    "--force",
                ],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - start)
    print(
        f"export --docx --budget 2023 --findings: median {statistics.median(times):.2f} s "
        f"over {runs} runs (min {min(times):.2f} s)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
