"""A minimal Typer app shaped like `kkinvest payback`: six parameters, a 10-row rich table.

benchmarks/run.py times it next to the stack's floor: what any Typer command costs before it
does any work of its own.
"""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False, rich_markup_mode=None)


class Basis(StrEnum):
    SERVICE = "service"
    TOTAL = "total"


@app.command()
def payback(
    proposal_id: Annotated[str | None, typer.Argument()] = None,
    all_: Annotated[bool, typer.Option("--all")] = False,
    basis: Annotated[Basis, typer.Option()] = Basis.SERVICE,
    all_lines: Annotated[bool, typer.Option("--all-lines")] = False,
    data: Annotated[Path | None, typer.Option("--data")] = None,
    json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    table = Table("År", "Investering", "Besparelse")
    for i in range(10):
        table.add_row(str(2023 + i), "1.000", "-2.000")
    Console().print(table)


@app.command()
def other() -> None:
    pass


if __name__ == "__main__":
    app()
