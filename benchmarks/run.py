"""Every speed figure of kkinvest in one table: figure, median, baseline, ratio, goal.

    python benchmarks/run.py [--runs 15] [--quick]

Start-up: each command's median wall time against the floor of the stack, measured in the same
run and interleaved (these machines are noisy: compare ratios, not absolute times). Scale: a
synthetic catalogue (benchmarks/synthetic.py) of 100, 1.000 and 10.000 proposals, the time a
command adds to start-up and the cost per proposal. Export: time and peak memory of writing
1.000 proposals against writing 100 (flat memory means the two are close). `--quick` leaves out
10.000. Tests never assert on these figures.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synthetic import write  # noqa: E402  (the benchmark's own helper)

PY = sys.executable
FLOOR = [PY, "-c", "import typer, rich.table; from pydantic import BaseModel"]
KK = [PY, "-m", "kkinvest"]
ORDINARY = [
    PY,
    "-c",
    "import gc, sys; gc.set_threshold(50_000); from kkinvest.cli import app_for; "
    "app_for(sys.argv[1:])()",
]
"""kkinvest as it started before it learned to leave without the interpreter's teardown
(kkinvest.cli._leave): shown beside the figures, never instead of them."""

MEASURE = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, *sys.argv[1:]])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss)
"""


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def peak_mb(command: list[str]) -> float:
    """Peak memory of `command` (a python command), forked from a small launcher so that the
    figure is the command's own (Linux carries peak memory across fork and exec)."""
    result = subprocess.run(
        [PY, "-S", "-c", MEASURE, *command[1:]], capture_output=True, text=True, check=False
    )
    return int(result.stdout.split()[-1]) / 1024


def medians(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        wall(command)  # warm the file cache
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(wall(command))
    return {name: statistics.median(samples) for name, samples in times.items()}


Row = tuple[str, str, str, str, str]


STARTUP_GOAL = 1.10
"""kkinvest's commands against a minimal Typer app shaped like them (issue 12)."""


def compiled() -> None:
    """kkinvest's bytecode written, as `pip install .` writes it: in a source checkout with
    PYTHONDONTWRITEBYTECODE set, every run would otherwise compile kkinvest anew while the
    libraries it is compared with load theirs (that alone is about 40 ms)."""
    subprocess.run(
        [
            PY,
            "-c",
            "import compileall, kkinvest, pathlib; "
            "compileall.compile_dir(pathlib.Path(kkinvest.__file__).parent, quiet=1)",
        ],
        check=True,
    )


def startup(runs: int) -> list[Row]:
    """Each command's median against the minimal Typer app's, measured in the same run,
    interleaved. The catalogue cache (kkinvest/io/cache.py) is warmed by the first run."""
    compiled()
    reference = "reference: a minimal Typer app"
    shown = {
        "payback BC06": ["payback", "BC06"],
        "list": ["list"],
        "tables BC03": ["tables", "BC03"],
        "pool": ["pool"],
        "check BC06": ["check", "BC06"],
    }
    commands = {
        "floor": FLOOR,
        reference: [PY, str(HERE / "minimal_typer.py"), "payback", "X"],
        **{name: [*KK, *args] for name, args in shown.items()},
        "--help": [*KK, "--help"],
        **{f"{name}, with the teardown": [*ORDINARY, *args] for name, args in shown.items()},
    }
    found = medians(commands, runs)
    floor = found.pop("floor")
    typer_app = found.pop(reference)
    rows: list[Row] = [
        (
            f"start-up: {reference}",
            f"{typer_app * 1000:.0f} ms",
            f"{floor * 1000:.0f} ms (floor)",
            f"{typer_app / floor:.2f} ×",
            "what any Typer command costs",
        )
    ]
    for name, median in found.items():
        goal = 1.5 if name == "--help" else STARTUP_GOAL
        ratio = median / typer_app
        if name.endswith("with the teardown"):
            rows.append(
                (
                    f"start-up: kkinvest {name}",
                    f"{median * 1000:.0f} ms",
                    f"{typer_app * 1000:.0f} ms (Typer app)",
                    f"{ratio:.2f} ×",
                    "for comparison: the interpreter's exit",
                )
            )
            continue
        rows.append(
            (
                f"start-up: kkinvest {name}",
                f"{median * 1000:.0f} ms",
                f"{typer_app * 1000:.0f} ms (Typer app)",
                f"{ratio:.2f} ×",
                f"≤ {goal:.2f} × {'ok' if ratio <= goal else 'MISSED'}".replace(".", ","),
            )
        )
    return rows


def scale(sizes: list[int], runs: int) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        base = medians({"base": [*KK, "list", "--json"]}, runs)["base"]
        for size in sizes:
            folder = Path(tmp) / str(size)
            write(size, folder)
            commands = {
                "payback --all --json": [*KK, "payback", "--all", "--json", "--data", str(folder)],
                "pool --budget 2024": [*KK, "pool", "--budget", "2024", "--data", str(folder)],
                "check --json": [*KK, "check", "--json", "--data", str(folder)],
                "npv --all": [*KK, "npv", "--all", "--data", str(folder)],
                "sensitivity --all": [*KK, "sensitivity", "--all", "--data", str(folder)],
            }
            found = medians(commands, 1 if size >= 10_000 else 3)
            goal = {1000: 1.0, 10_000: 10.0}.get(size)
            for name, median in found.items():
                added = median - base
                verdict = f"adds ≤ {goal:g} s {'ok' if added <= goal else 'MISSED'}" if goal else ""
                rows.append(
                    (
                        f"scale: {name}, {size:,} proposals".replace(",", "."),
                        f"{median:.2f} s",
                        f"{base:.2f} s (start-up)",
                        f"+{added:.2f} s = {added / size * 1000:.2f} ms each",
                        verdict,
                    )
                )
        for size in (100, 1000):
            folder = Path(tmp) / str(size)
            if not folder.exists():
                write(size, folder)
        book = Path(tmp) / "export.xlsx"
        export = [*KK, "export", "--xlsx", str(book), "--force", "--data"]
        seconds = wall([*export, str(Path(tmp) / "1000")])
        small = peak_mb([*export, str(Path(tmp) / "100")])
        large = peak_mb([*export, str(Path(tmp) / "1000")])
        loaded = peak_mb([*KK, "list", "--json", "--data", str(Path(tmp) / "1000")])
        rows.append(
            (
                "export --xlsx, 1.000 proposals",
                f"{seconds:.1f} s",
                "",
                "",
                f"< 30 s {'ok' if seconds < 30 else 'MISSED'}",
            )
        )
        rows.append(
            (
                "export --xlsx, peak memory 1.000 vs 100",
                f"{large:.0f} MB",
                f"{small:.0f} MB (100)",
                f"{large - loaded:+.0f} MB over loading the 1.000",
                "flat: the workbook is streamed",
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="leave out 10.000 proposals")
    parser.add_argument("--startup", action="store_true", help="only the start-up figures")
    args = parser.parse_args()
    rows = startup(args.runs)
    if args.startup:
        show(rows)
        return
    rows += scale([100, 1000] if args.quick else [100, 1000, 10_000], max(3, args.runs // 5))
    show(rows)


def show(rows: list[Row]) -> None:
    header = ("figure", "median", "baseline", "ratio", "goal")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(5)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
