"""One measured step of the scale figures, run in a process of its own; prints CPU seconds.

    python benchmarks/costs.py STEP FOLDER [ARGS]

benchmarks/run.py runs these side by side and prints the ratios. Each step times only its own
work (time.process_time around it, after the imports), so the figures compare the work, not
the start-up, and CPU time, not wall time (the machines are shared):

  parse FOLDER          the baseline: every proposal file read, parsed with tomli (decimals as
                        kkinvest reads them) and validated with pydantic, nothing else
  tomli FOLDER          parsing alone (a warm cache should not be slower than this)
  load FOLDER CACHE     the catalogue as a command gets it (kkinvest.io.cache): cold when the
                        cache folder CACHE is empty, warm when a load before filled it; the
                        time until a command has it (and can print), then the time writing
                        the cache takes after the output (prints both: write, then load)
  edit FOLDER CACHE     one file of the catalogue changed (its title), then `load`
  xlsx FOLDER OUT [--ordinary]
                        `export --xlsx` in process (the catalogue from a warm cache);
                        --ordinary styles every cell the ordinary way (the cost before the
                        style cache: render/excel_styles.py)
"""

from __future__ import annotations

import gc
import os
import re
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any


def parse(folder: Path, validate: bool = True) -> float:
    import tomli

    from kkinvest.model import Proposal
    from kkinvest.registry import default_registry

    registry = default_registry()
    files = sorted(folder.glob("S*.toml"))
    start = time.process_time()
    for file in files:
        data = tomli.loads(file.read_bytes().decode("utf-8"), parse_float=Decimal)
        if validate:
            Proposal.model_validate(data, context={"registry": registry})
    return time.process_time() - start


def load(folder: Path, cache: Path) -> tuple[float, float]:
    """CPU seconds until the catalogue is there, and then writing the cache (a command does
    that after its output: kkinvest.cli.common.after_output)."""
    os.environ["KKINVEST_CACHE_DIR"] = str(cache)
    from kkinvest.io.cache import cached_catalogue
    from kkinvest.io.catalogue import load_reads

    later: list[Any] = []
    start = time.process_time()
    catalogue = cached_catalogue(
        [folder], False, lambda known: load_reads([folder], known=known), later.append
    )
    spent = time.process_time() - start
    assert catalogue.proposals
    start = time.process_time()
    for write in later:
        write()
    return spent, time.process_time() - start


def edit(folder: Path, cache: Path) -> tuple[float, float]:
    """Change the title of the middle proposal (a new title each time: the edit is real)."""
    files = sorted(folder.glob("S*.toml"))
    file = files[len(files) // 2]
    text = file.read_text("utf-8")
    marker = 'title = "'
    at = text.index(marker) + len(marker)
    rest = re.sub(r"^\(\d+\) ", "", text[at:])  # an earlier run's edit: replaced, not added to
    file.write_text(text[:at] + f"({time.time_ns()}) " + rest, "utf-8")
    return load(folder, cache)


def xlsx(folder: Path, out: Path, ordinary: bool) -> float:
    from kkinvest.cli import app_for

    if ordinary:
        from kkinvest.render.excel_styles import StyleArrays

        setattr(StyleArrays, "reuse", lambda self, cell, key: False)  # noqa: B010
    args = ["export", "--xlsx", str(out), "--force", "--data", str(folder)]
    app = app_for(args)
    start = time.process_time()
    try:
        app(args)
    except SystemExit as exc:
        assert not exc.code, exc.code
    return time.process_time() - start


def main() -> None:
    from kkinvest.cli import GC_THRESHOLD

    gc.set_threshold(GC_THRESHOLD)  # as kkinvest runs, for every step and its baseline alike
    step, folder, *rest = sys.argv[1:]
    path = Path(folder)
    if step == "parse":
        spent = parse(path)
    elif step == "tomli":
        spent = parse(path, validate=False)
    elif step in ("load", "edit"):
        spent, written = (load if step == "load" else edit)(path, Path(rest[0]))
        print(f"{written:.4f}", end=" ")  # the last figure is the step's own
    elif step == "xlsx":
        spent = xlsx(path, Path(rest[0]), "--ordinary" in rest)
    else:
        raise SystemExit(f"unknown step {step}")
    print(f"{spent:.4f}")


if __name__ == "__main__":
    main()
