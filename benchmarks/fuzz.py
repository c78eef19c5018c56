"""A long fuzzing run of the readers (tests/test_fuzz.py with many more examples).

    python benchmarks/fuzz.py [SCALE]

SCALE multiplies the examples CI runs (default 50: 2.000 TOML documents, 600 workbooks).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

scale = sys.argv[1] if len(sys.argv) > 1 else "50"
tests = Path(__file__).resolve().parent.parent / "tests" / "test_fuzz.py"
env = {**os.environ, "KKINVEST_FUZZ_EXAMPLES": scale}
raise SystemExit(subprocess.call([sys.executable, "-m", "pytest", "-q", str(tests)], env=env))
