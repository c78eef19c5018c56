"""The Typer app and what every command shares: options, error reporting, output, loading.

Commands live in the modules beside this one, one module per group, and import what they need
inside their functions: `kkinvest --help` loads no pydantic, and only the Excel commands load
openpyxl. No calculation happens in the command line.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kkinvest import __version__
from kkinvest.io.problems import InputError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from kkinvest.calc.payback import Basis, Payback
    from kkinvest.model import Catalogue, Proposal

app = typer.Typer(
    name="kkinvest",
    help="Payback, pool totals and committee splits for investment proposals "
    "in Københavns Kommune. Amounts in 1.000 kr.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DataOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--data",
        metavar="PATH",
        help="A proposal file (.toml, .xlsx, .docx) or a folder of them (searched "
        "recursively); give it more than once to combine, 'builtin' for the built-in one. "
        "Default: $KKINVEST_DATA, else the built-in catalogue.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
XlsxOption = Annotated[bool, typer.Option("--xlsx", help="Write an Excel workbook (.xlsx).")]


class BasisName(StrEnum):
    """The payback bases, for the command line (kkinvest.calc.payback.Basis in the calculators)."""

    SERVICE = "service"
    TOTAL = "total"


class Exit(Exception):
    """Stop with a message on stderr and an exit code."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


@contextmanager
def reported() -> Iterator[None]:
    """Bad input becomes one line per problem on stderr and exit code 2."""
    try:
        yield
    except InputError as exc:
        for problem in exc.problems:
            typer.echo(f"kkinvest: {problem}", err=True)
        raise typer.Exit(2) from None
    except Exit as exc:
        typer.echo(f"kkinvest: {exc}", err=True)
        raise typer.Exit(exc.code) from None


def out(renderable: RenderableType) -> None:
    from rich.console import Console

    Console(highlight=False).print(renderable)


def out_json(value: Any) -> None:
    from kkinvest.render.jsonout import dumps

    sys.stdout.write(dumps(value) + "\n")


def catalogue(data: Path | list[Path] | None) -> Catalogue:
    from kkinvest.io.catalogue import data_paths, load_catalogue

    cat = load_catalogue(data_paths(data))
    notes(cat)
    return cat


def notes(cat: Catalogue) -> None:
    for note in cat.notes:
        typer.echo(f"kkinvest: note: {note}", err=True)


def find(cat: Catalogue, proposal_id: str) -> Proposal:
    proposal = cat.find(proposal_id)
    if proposal is None:
        near = cat.suggest(proposal_id)
        hint = (
            f"did you mean {' or '.join(near)}?"
            if near
            else "known ids: " + ", ".join(p.id for p in cat.proposals)
        )
        raise Exit(f"no proposal {proposal_id!r} in the catalogue; {hint}")
    return proposal


def paybacks(proposal: Proposal, all_lines: bool = False) -> dict[Basis, Payback]:
    from kkinvest.calc.payback import Basis, compute_payback

    return {basis: compute_payback(proposal, basis, all_lines=all_lines) for basis in Basis}


def known_budget(cat: Catalogue, budget: int) -> None:
    if budget not in cat.budgets:
        known = ", ".join(str(b) for b in cat.budgets)
        raise Exit(f"--budget: no proposals or pool for budget {budget}; the catalogue has {known}")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kkinvest {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """kkinvest: investment and innovation proposals, computed the way the templates define."""
