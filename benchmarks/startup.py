"""Start-up time of `kkinvest payback BC06` against the stack's floor, measured in one run.

    python benchmarks/startup.py [RUNS]

Prints the median wall time of each command over RUNS runs (default 15), interleaved so that
machine noise hits both alike, and their ratio. Tests never assert on these figures.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

COMMANDS = {
    "floor: python -c 'import typer, rich'": [sys.executable, "-c", "import typer, rich"],
    "floor: + rich.table, pydantic": [
        sys.executable,
        "-c",
        "import typer, rich.table; from pydantic import BaseModel",
    ],
    "kkinvest payback BC06": [sys.executable, "-m", "kkinvest", "payback", "BC06"],
    "kkinvest list": [sys.executable, "-m", "kkinvest", "list"],
}


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(runs: int = 15) -> None:
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for command in COMMANDS.values():  # warm the file cache
        wall(command)
    for _ in range(runs):
        for name, command in COMMANDS.items():
            times[name].append(wall(command))
    floor = statistics.median(times["floor: python -c 'import typer, rich'"])
    print(f"{'command':<42} {'median ms':>10} {'× typer+rich':>13}")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"{name:<42} {median * 1000:>10.0f} {median / floor:>13.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
