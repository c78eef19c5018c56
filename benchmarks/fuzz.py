"""A long fuzzing run of the readers (tests/test_fuzz.py with many more examples).

    python benchmarks/fuzz.py [SCALE]

SCALE x 200 examples per fuzzer (default 50: about 30.000 TOML documents over three fuzzers,
10.000 workbooks, 2.000 generated catalogues through every command, 200 full Excel round
trips). Ends with pytest's exit code: 0 when no run ended in a traceback, a hang (hypothesis
reports a run that exceeds its deadline... none is set: a hang is a run that never ends, and
the whole fuzzing run is given a time limit of SCALE x 60 s) or an exit code other than 0-2.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

scale = sys.argv[1] if len(sys.argv) > 1 else "50"
tests = Path(__file__).resolve().parent.parent / "tests" / "test_fuzz.py"
env = {**os.environ, "KKINVEST_FUZZ_EXAMPLES": scale}
command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tests)]
try:
    raise SystemExit(subprocess.call(command, env=env, timeout=int(scale) * 60 + 600))
except subprocess.TimeoutExpired:
    print("fuzz: a run did not end in time (a hang?)", file=sys.stderr)
    raise SystemExit(3) from None
