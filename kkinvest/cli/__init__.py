"""The command line: `kkinvest` (and `python -m kkinvest`).

`app` is the Typer app; the command modules register their commands on it when imported, in
the order `--help` lists them.
"""

from __future__ import annotations

import contextlib
from typing import NoReturn

# isort: off
from kkinvest.cli.app import app
from kkinvest.cli import proposals, splits, review, excel, economics, about  # noqa: F401  (register the commands)
from kkinvest.cli import importer  # noqa: F401  (kkinvest import: Word documents in)

# isort: on

__all__ = ["app", "main"]


def main() -> NoReturn:
    try:
        app()
    except SystemExit as exc:
        if exc.code in (130, 128 + 15, 128 + 1):  # Ctrl-C, SIGTERM, SIGHUP: stop, silently
            _quietly_exit(exc.code)
        raise
    raise SystemExit(0)  # pragma: no cover - app() always exits


def _quietly_exit(code: int) -> NoReturn:
    """Leave without the interpreter's shutdown, where a second Ctrl-C or a half-finished
    generator would print "Exception ignored ... Traceback" blocks. Our own temporary files
    are gone by now: the error unwound through the code that made them."""
    import os
    import signal
    import sys

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)
