"""Every speed figure of kkinvest in one table: figure, median, baseline, ratio, goal.

    python benchmarks/run.py [--runs 15] [--quick]
    python benchmarks/run.py --growth [--quick]     (only the costs that grow with the work)

Start-up: each command's median wall time against the floor of the stack, measured in the same
run and interleaved (these machines are noisy: compare ratios, not absolute times). Scale: a
synthetic catalogue (benchmarks/synthetic.py) of 100, 1.000 and 10.000 proposals, the time a
command adds to start-up and the cost per proposal. Export: time and peak memory of writing
1.000 proposals against writing 100 (flat memory means the two are close). `--quick` leaves out
10.000. Tests never assert on these figures.

Growth (issues 20 and 25), in CPU time (these machines are shared: never wall time), each
figure against its baseline measured in the same run: loading a catalogue cold, warm and with
one file edited (against tomli + pydantic, tomli alone, and a warm load), `export --xlsx`
against the same export with every cell styled the ordinary way, `export --docx` (its growth
exponent: the time at 10.000 against 1.000 on a log-log scale, 1 = linear), and reading 200
Word files (peak memory against python-docx alone opening them one by one).
"""

from __future__ import annotations

import argparse
import itertools
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def run_measured(
    command: list[str],
    env: dict[str, str] | None = None,
    limit: float = 900,
    ok_codes: tuple[int, ...] = (0,),
) -> tuple[float, float]:
    """CPU seconds (user + system) and peak memory in MB of `command`, niced, its output
    dropped; (nan, nan) if it fails (an exit code not in `ok_codes`) or runs past `limit`
    seconds of wall time."""
    import signal

    pid = os.fork()
    if pid == 0:  # the child: nice, quiet, then the command
        os.nice(10)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        signal.alarm(int(limit))  # SIGALRM ends it: a figure past the limit is no figure
        try:
            os.execvpe(command[0], command, env if env is not None else dict(os.environ))
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) not in ok_codes:
        return math.nan, math.nan
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def step(*args: str, env: dict[str, str] | None = None, limit: float = 900) -> float:
    """CPU seconds of one step of benchmarks/costs.py (its own figure, after its imports)."""
    return steps(*args, env=env, limit=limit)[-1]


def steps(*args: str, env: dict[str, str] | None = None, limit: float = 900) -> list[float]:
    """Every figure one step of benchmarks/costs.py prints (`load`: the cache's writing after
    the output, then the load)."""
    result = subprocess.run(
        ["nice", "-n", "10", PY, str(HERE / "costs.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=limit,
        check=False,
    )
    if result.returncode != 0:
        print(result.stderr[-2000:], file=sys.stderr)
        return [math.nan, math.nan]  # as many as any step prints
    return [float(figure) for figure in result.stdout.split()]


def exponent(small: tuple[int, float], large: tuple[int, float]) -> float:
    """The growth exponent between two sizes: 1 linear, 2 quadratic."""
    return math.log(large[1] / small[1]) / math.log(large[0] / small[0])


def dotted(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def verdict(value: float, goal: float, text: str) -> str:
    if math.isnan(value):
        return f"{text} (no figure)"
    return f"{text} {'ok' if value <= goal else 'MISSED'}"


def growth(sizes: list[int], word_files: int = 200) -> list[Row]:
    """The costs that grow with the work, each as a ratio measured in this run."""
    sys.path.insert(0, str(HERE))
    from synthetic import word_files as make_word_files

    rows: list[Row] = []
    cold: dict[int, float] = {}
    docx: dict[int, tuple[float, float, int]] = {}
    xlsx: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            folder = Path(tmp) / f"c{size}"
            write(size, folder)
            cache = Path(tmp) / f"cache{size}"
            env = {**os.environ, "KKINVEST_CACHE_DIR": str(cache)}
            parse = step("parse", str(folder))
            tomli = step("tomli", str(folder))
            written, cold[size] = steps("load", str(folder), str(cache))
            warm = step("load", str(folder), str(cache))
            edit_written, edit = steps("edit", str(folder), str(cache))
            edit += edit_written  # its delta is small: counted in, as before
            shown = dotted(size)
            rows += [
                (
                    f"load cold, {shown} proposals",
                    f"{cold[size]:.2f} s",
                    f"{parse:.2f} s (tomli + pydantic)",
                    f"{cold[size] / parse:.2f} ×",
                    verdict(cold[size] / parse, 1.2, "≤ 1,2 ×"),
                ),
                (
                    "  with the cache written after the output",
                    f"{cold[size] + written:.2f} s",
                    f"{parse:.2f} s (tomli + pydantic)",
                    f"{(cold[size] + written) / parse:.2f} ×",
                    f"(writing: {written:.2f} s)",
                ),
                (
                    f"load warm, {shown} proposals",
                    f"{warm:.2f} s",
                    f"{tomli:.2f} s (tomli alone)",
                    f"{warm / tomli:.2f} ×",
                    verdict(warm / tomli, 1.0, "≤ 1 ×"),
                ),
                (
                    f"load, one file edited, {shown}",
                    f"{edit:.2f} s",
                    f"{warm:.2f} s (warm)",
                    f"{edit / warm:.2f} ×",
                    verdict(edit / warm, 1.2, "≤ 1,2 ×"),
                ),
            ]
            # the exports read the catalogue from the warm cache (with the edit: a delta)
            if size <= 1000:
                book = Path(tmp) / "export.xlsx"
                xlsx[size] = step("xlsx", str(folder), str(book), env=env)
                ordinary = step("xlsx", str(folder), str(book), "--ordinary", env=env)
                rows.append(
                    (
                        f"export --xlsx, {shown} proposals",
                        f"{xlsx[size]:.2f} s",
                        f"{ordinary:.2f} s (each cell styled)",
                        f"{xlsx[size] / ordinary:.2f} ×",
                        verdict(xlsx[size] / ordinary, 0.6, "≤ 0,6 ×"),
                    )
                )
            bilag = Path(tmp) / "bilag.docx"
            seconds, peak = run_measured(
                [*KK, "export", "--docx", str(bilag), "--force", "--data", str(folder)], env
            )
            in_bilag = _bilag_count(folder)
            docx[size] = (seconds, peak, in_bilag)
            rows.append(
                (
                    f"export --docx, {shown} ({dotted(in_bilag)} in the Bilag)",
                    f"{seconds:.2f} s",
                    f"{peak:.0f} MB peak",
                    "",
                    "",
                )
            )
        pairs = sorted(cold)
        for small, large in itertools.pairwise(pairs):
            span = f"{dotted(small)} → {dotted(large)}"
            value = exponent((small, cold[small]), (large, cold[large]))
            rows.append(
                (
                    f"growth exponent, load cold, {span}",
                    f"{value:.2f}",
                    "",
                    "",
                    verdict(value, 1.1, "≤ 1,1") if large >= 10_000 else "",
                )
            )
            d_small, d_large = docx[small], docx[large]
            value = exponent((d_small[2], d_small[0]), (d_large[2], d_large[0]))
            memory = exponent((d_small[2], d_small[1]), (d_large[2], d_large[1]))
            rows.append(
                (
                    f"growth exponent, export --docx, {span}",
                    f"{value:.2f}",
                    f"memory {memory:.2f}",
                    "per proposal in the Bilag",
                    verdict(value, 1.1, "≤ 1,1") if large >= 10_000 else "",
                )
            )
            if small in xlsx and large in xlsx:
                value = exponent((small, xlsx[small]), (large, xlsx[large]))
                rows.append((f"growth exponent, export --xlsx, {span}", f"{value:.2f}", "", "", ""))
        if 10_000 in sizes:
            rows.append(
                (
                    "export --xlsx, 10.000 proposals",
                    "refused",
                    "",
                    "",
                    "at most 1.000 in one workbook (io/xlsx_guard.py)",
                )
            )
        rows += word_memory(Path(tmp), word_files, make_word_files)
    return rows


def _bilag_count(folder: Path) -> int:
    """How many proposals the Bilag of `folder` holds: those of the latest budget year."""
    import tomllib

    budgets = [tomllib.loads(f.read_text("utf-8"))["budget"] for f in folder.glob("S*.toml")]
    return budgets.count(max(budgets))


OPEN_ALONE = """
import sys
from pathlib import Path
import docx
for path in sorted(Path(sys.argv[1]).glob("*.docx")):
    docx.Document(str(path))
"""


def word_memory(tmp: Path, count: int, make: Any) -> list[Row]:
    """Peak memory reading `count` Word files: kkinvest's `check --data` and `import` against
    python-docx alone opening them one by one (the catalogue cache off: a real read)."""
    folder = tmp / "word"
    make(count, folder)
    env = {**os.environ, "KKINVEST_NO_CACHE": "1"}
    _, alone = run_measured([PY, "-c", OPEN_ALONE, str(folder)])
    rows: list[Row] = []
    for name, args in {
        "check --data": ["check", "--data", str(folder)],
        "import": ["import", str(folder), "-o", str(tmp / "imported"), "--force"],
    }.items():
        seconds, peak = run_measured([*KK, *args], env, ok_codes=(0, 1))
        rows.append(
            (
                f"{name} of {count} Word files, peak memory",
                f"{peak:.0f} MB",
                f"{alone:.0f} MB (python-docx alone)",
                f"{peak / alone:.2f} ×",
                verdict(peak / alone, 1.3, "≤ 1,3 ×") + f"; {seconds:.1f} s CPU",
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="leave out 10.000 proposals")
    parser.add_argument("--startup", action="store_true", help="only the start-up figures")
    parser.add_argument("--growth", action="store_true", help="only the growth figures")
    parser.add_argument("--sizes", help="with --growth: the catalogue sizes, e.g. 100,1000")
    parser.add_argument("--word-files", type=int, default=200, help="Word files read")
    args = parser.parse_args()
    if args.growth:
        sizes = [100, 1000] if args.quick else [100, 1000, 10_000]
        if args.sizes:
            sizes = [int(size) for size in args.sizes.split(",")]
        show(growth(sizes, args.word_files))
        return
    rows = startup(args.runs)
    if args.startup:
        show(rows)
        return
    rows += scale([100, 1000] if args.quick else [100, 1000, 10_000], max(3, args.runs // 5))
    rows += growth([100, 1000] if args.quick else [100, 1000, 10_000])
    show(rows)


def show(rows: list[Row]) -> None:
    header = ("figure", "median", "baseline", "ratio", "goal")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(5)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
