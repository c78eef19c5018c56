"""`kkinvest export`, `template` and `convert`: Excel workbooks and TOML files out.

The only commands that load openpyxl (inside their functions)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kkinvest.cli.app import (
    DataOption,
    Exit,
    ForceOption,
    XlsxOption,
    app,
    catalogue,
    find,
    notes,
    paybacks,
    reported,
)

if TYPE_CHECKING:
    from kkinvest.model import Catalogue, Proposal
    from kkinvest.registry import Registry
    from kkinvest.render.excel import ProposalSheet


def _sheet(cat: Catalogue, proposal: Proposal, registry: Registry, collapse: bool) -> ProposalSheet:
    from kkinvest.calc.keys import proposal_shares, target_shares
    from kkinvest.calc.tables import collapse as collapse_table
    from kkinvest.calc.tables import tables as kvantum_tables
    from kkinvest.io import toml_out
    from kkinvest.render.excel import ProposalSheet

    computed = kvantum_tables(
        proposal,
        proposal_shares(proposal, cat.keys, registry),
        registry,
        target_shares(proposal, cat.keys, registry),
    )
    if collapse:
        computed = {name: collapse_table(t, registry) for name, t in computed.items()}
    extra = toml_out.extra_data(proposal)
    return ProposalSheet(
        proposal,
        paybacks(proposal),
        computed,
        toml_out.dumps(extra) if extra else "",
        computed_on=date.today().strftime("%d.%m.%Y"),
    )


def _save(path: Path, book: Any, force: bool) -> None:
    from kkinvest.io.files import write_atomically

    write_atomically(path, lambda temporary: book.save(temporary), force)


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None] | None]:
    """A progress bar on stderr for long exports (a terminal only)."""
    if total < 200 or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Eksporterer", total=total)
        yield lambda: bar.advance(task)


@app.command()
def export(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[FILE] [ID]...", help="The .xlsx file to write, then the proposals."
        ),
    ] = None,
    xlsx: XlsxOption = False,
    budget: Annotated[
        int | None, typer.Option(metavar="YEAR", help="Only the proposals of this budget year.")
    ] = None,
    collapse: Annotated[
        bool, typer.Option("--collapse", help="Tabel A-C with the group units folded into ØU.")
    ] = False,
    force: ForceOption = False,
    data: DataOption = None,
) -> None:
    """Write an Excel workbook: one sheet per proposal (Tabel 1, Tabel A/B/C, a payback chart)
    and the pool overviews. Default file name: kkinvest-budget-YEAR.xlsx."""
    from kkinvest.calc.pools import overview
    from kkinvest.io import toml_out
    from kkinvest.io.files import check_target
    from kkinvest.registry import default_registry
    from kkinvest.render.excel import build_workbook

    with reported():
        if not xlsx:
            raise Exit("choose a format: --xlsx")
        names = list(args or [])
        target = Path(names.pop(0)) if names and names[0].casefold().endswith(".xlsx") else None
        cat = catalogue(data)
        registry = default_registry()
        if names:
            chosen = [find(cat, pid) for pid in names]
        else:
            chosen = [p for p in cat.proposals if budget is None or p.budget == budget]
        if not chosen:
            raise Exit("no proposals to export")
        budgets = sorted({p.budget for p in chosen if p.budget is not None})
        path = target or Path(f"kkinvest-budget-{'-'.join(str(b) for b in budgets)}.xlsx")
        check_target(path, force)  # before building: a write-only workbook must be saved
        overviews = []
        if not names:
            for year in budgets:
                ov = overview(cat.proposals, year, cat.pools.get(year))
                if ov.investment or ov.innovation:
                    stated = cat.pools.get(year)
                    overviews.append((ov, stated, toml_out.dumps_pool(stated) if stated else ""))
        with _progress(len(chosen)) as advance:
            sheets = (_sheet(cat, p, registry, collapse) for p in chosen)
            _save(path, build_workbook(sheets, overviews, registry, advance), force)
        typer.echo(f"Skrev {path}: {len(chosen)} forslag, {len(overviews)} puljeoversigt(er).")


@app.command()
def template(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The .xlsx file to write.")],
    xlsx: XlsxOption = False,
    budget: Annotated[
        int | None, typer.Option(metavar="YEAR", help="The budget year (default: next year).")
    ] = None,
    force: ForceOption = False,
) -> None:
    """Write a fill-in workbook: a proposal sheet in the Tabel 1 layout, ready for --data."""
    from kkinvest.io.catalogue import builtin_path, load_catalogue
    from kkinvest.io.files import check_target
    from kkinvest.registry import default_registry
    from kkinvest.render.excel import template_workbook

    with reported():
        if not xlsx:
            raise Exit("choose a format: --xlsx")
        year = budget if budget is not None else date.today().year + 1
        check_target(file, force)
        keys = load_catalogue(builtin_path() / "budget-2025").keys  # the shipped keys
        _save(file, template_workbook(year, default_registry(), keys), force)
        typer.echo(f"Skrev {file}.")


class Format(StrEnum):
    TOML = "toml"
    XLSX = "xlsx"


def _text_writer(text: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write


@app.command()
def convert(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A proposal .toml or a workbook .xlsx.")
    ],
    to: Annotated[Format, typer.Option("--to", metavar="toml|xlsx", help="The format to write.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="PATH",
            help="The file to write, or a folder (one file per proposal).",
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Turn a proposal TOML into a workbook, or a workbook's proposal sheets into TOML files."""
    from kkinvest.io import toml_out
    from kkinvest.io.catalogue import load_catalogue
    from kkinvest.io.files import check_target, write_atomically
    from kkinvest.registry import default_registry
    from kkinvest.render.excel import build_workbook

    with reported():
        cat = load_catalogue(file)
        notes(cat)
        registry = default_registry()
        if to is Format.XLSX:
            path = output or file.with_suffix(".xlsx")
            if path.resolve() == file.resolve():
                raise Exit(f"{file} is already an .xlsx file")
            check_target(path, force)
            sheets = [_sheet(cat, p, registry, False) for p in cat.proposals]
            _save(path, build_workbook(sheets, [], registry), force)
            typer.echo(f"Skrev {path}.")
            return
        into_folder = len(cat.proposals) > 1 or (output is not None and output.is_dir())
        folder = output if into_folder and output is not None else file.parent
        for p in cat.proposals:
            path = output if output is not None and not into_folder else folder / f"{p.id}.toml"
            if path.resolve() == file.resolve():
                raise Exit(f"{file} is already a .toml file")
            write_atomically(path, _text_writer(toml_out.dumps_proposal(p)), force)
            typer.echo(f"Skrev {path}.")
