"""The command line: `kkinvest` (and `python -m kkinvest`).

`app` is the Typer app; the command modules register their commands on it when imported, in
the order `--help` lists them.
"""

from __future__ import annotations

from typing import NoReturn

# isort: off
from kkinvest.cli.app import app
from kkinvest.cli import proposals, splits, review, excel, economics  # noqa: F401  (register the commands)

# isort: on

__all__ = ["app", "main"]


def main() -> NoReturn:
    app()
    raise SystemExit(0)  # pragma: no cover - app() always exits
