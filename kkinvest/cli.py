"""The command line: parse arguments, load, call the calculators, hand results to a renderer.

No calculation happens here. Bad input (an `InputError`) is printed as one line per problem on
stderr with exit code 2, never as a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console, RenderableType

from kkinvest import __version__
from kkinvest.calc import checks
from kkinvest.calc.allocation import allocate_map
from kkinvest.calc.keys import (
    KeyProblem,
    administration_shares,
    find_key,
    key_shares,
    proposal_shares,
    row_shares,
)
from kkinvest.calc.payback import Basis, Payback, compute_payback
from kkinvest.calc.pools import overview as pool_overview
from kkinvest.calc.pools import reconcile
from kkinvest.calc.stated import payback_differences, total_differences
from kkinvest.calc.tables import collapse as collapse_table
from kkinvest.calc.tables import tables as kvantum_tables
from kkinvest.calc.totals import proposal_totals
from kkinvest.io import toml_out
from kkinvest.io.catalogue import data_path, load_catalogue
from kkinvest.io.files import check_target, write_atomically
from kkinvest.io.problems import InputError
from kkinvest.model import Catalogue, Proposal
from kkinvest.money import round_half_away
from kkinvest.registry import Registry, default_registry
from kkinvest.render import checks as render_checks
from kkinvest.render import console as render
from kkinvest.render import jsonout
from kkinvest.render import pools as render_pools
from kkinvest.render.excel import ProposalSheet, build_workbook, template_workbook
from kkinvest.render.numbers import parse_danish

app = typer.Typer(
    name="kkinvest",
    help="Payback, pool totals and committee splits for investment proposals "
    "in Københavns Kommune. Amounts in 1.000 kr.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="A proposal file or a folder of them (searched recursively). "
        "Default: $KKINVEST_DATA, else the built-in catalogue.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]


class By(StrEnum):
    COMMITTEE = "committee"
    ADMINISTRATION = "administration"


class TableName(StrEnum):
    A = "A"
    B = "B"
    C = "C"


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
    Console(highlight=False).print(renderable)


def out_json(value: Any) -> None:
    sys.stdout.write(jsonout.dumps(value) + "\n")


def catalogue(data: Path | None) -> Catalogue:
    cat = load_catalogue(data_path(data))
    for note in cat.notes:
        typer.echo(f"kkinvest: note: {note}", err=True)
    return cat


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
    return {basis: compute_payback(proposal, basis, all_lines=all_lines) for basis in Basis}


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


@app.command("list")
def list_(data: DataOption = None, json: JsonOption = False) -> None:
    """List the proposals: committee, kind, pool, investment, saving and payback."""
    with reported():
        cat = catalogue(data)
        rows = [(p, proposal_totals(p), compute_payback(p)) for p in cat.proposals]
        if json:
            out_json(
                [
                    {
                        "id": p.id,
                        "title": p.title,
                        "committee": p.committee,
                        "administration": p.administration,
                        "kind": p.kind,
                        "pool": p.pool,
                        "budget": p.budget,
                        "source_file": cat.sources.get(p.id),
                        "investment": t.investment,
                        "full_phase_in_saving": t.full_phase_in_saving,
                        "payback_years": pb.years,
                    }
                    for p, t, pb in rows
                ]
            )
        else:
            out(render.proposal_list(rows))


@app.command()
def show(
    proposal_id: Annotated[str, typer.Argument(metavar="ID", help="The proposal, e.g. BC06.")],
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Show a proposal's Tabel 1 with computed totals and paybacks, and the document's
    own figures where they differ."""
    with reported():
        proposal = find(catalogue(data), proposal_id)
        totals = proposal_totals(proposal)
        pbs = paybacks(proposal)
        differences = total_differences(proposal, totals) + payback_differences(proposal, pbs)
        if json:
            out_json(
                {
                    "proposal": proposal,
                    "computed": jsonout.totals_data(totals)
                    | {f"payback_{b.value}": pb.years for b, pb in pbs.items()},
                    "differences": jsonout.differences_data(differences),
                }
            )
        else:
            out(render.show(proposal, totals, pbs, differences))


@app.command()
def payback(
    proposal_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="The proposal, e.g. BC06.")
    ] = None,
    all_proposals: Annotated[
        bool, typer.Option("--all", help="Every proposal in the catalogue.")
    ] = False,
    basis: Annotated[
        Basis,
        typer.Option(
            help="service: baseret på serviceeffektivisering; total: baseret på totaløkonomi."
        ),
    ] = Basis.SERVICE,
    all_lines: Annotated[
        bool,
        typer.Option("--all-lines", help="Count lines the document leaves out of payback too."),
    ] = False,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Payback time (tilbagebetalingstid): the answer first, then the table behind it."""
    with reported():
        cat = catalogue(data)
        if all_proposals:
            rows = []
            for p in cat.proposals:
                both = paybacks(p, all_lines)
                rows.append((p, both[Basis.SERVICE], both[Basis.TOTAL]))
            if json:
                out_json(
                    [
                        jsonout.payback_data(p, paybacks(p, all_lines)[basis], None)
                        for p, _, _ in rows
                    ]
                )
            else:
                out(render.payback_overview(rows))
            return
        if proposal_id is None:
            raise Exit("give a proposal id (e.g. kkinvest payback BC06) or --all")
        proposal = find(cat, proposal_id)
        both = paybacks(proposal, all_lines)
        chosen = both[basis]
        other = both[Basis.TOTAL if basis is Basis.SERVICE else Basis.SERVICE]
        if json:
            out_json(jsonout.payback_data(proposal, chosen, _reason(proposal, chosen)))
        else:
            stated = getattr(proposal.stated, f"payback_{basis.value}")
            out(
                render.payback_report(
                    proposal, chosen, other, None if all_lines else stated, all_lines
                )
            )


@app.command()
def keys(data: DataOption = None, json: JsonOption = False) -> None:
    """List the distribution keys (fordelingsnøgler): source, date and shares in %."""
    with reported():
        cat = catalogue(data)
        registry = default_registry()
        columns = [
            (key.name, row_shares(key_shares(key, cat.keys), registry)) for key in cat.keys.values()
        ]
        if json:
            out_json(
                [
                    {
                        "name": key.name,
                        "title": key.title,
                        "source": key.source,
                        "date": key.date,
                        "family": key.family,
                        "shares": {row: _fraction(share) for row, share in shares.items()},
                    }
                    for key, (_, shares) in zip(cat.keys.values(), columns, strict=True)
                ]
            )
        else:
            out(render.keys_overview(list(cat.keys.values())))
            out(render.key_shares_table(columns, registry))


def _fraction(share: Fraction) -> str:
    """A share as an exact decimal string with 6 decimals (for JSON)."""
    return str(round_half_away(Decimal(share.numerator) / Decimal(share.denominator), 6))


def _amounts(amounts: list[str], years: list[str]) -> dict[str, Decimal]:
    """The columns to split: --amount values (1, 2, ...) or --year YEAR=AMOUNT pairs."""
    columns: dict[str, Decimal] = {}
    for number, text in enumerate(amounts, start=1):
        columns[str(number) if len(amounts) > 1 else "Beløb"] = _number(text, "--amount")
    for pair in years:
        year, sep, amount = pair.partition("=")
        if not sep or not year.strip().isdigit():
            raise Exit(f"--year: {pair!r} is not YEAR=AMOUNT (e.g. 2025=-1895)")
        columns[year.strip()] = _number(amount, "--year")
    return columns


def _number(text: str, option: str) -> Decimal:
    try:
        return parse_danish(text)
    except ValueError:
        raise Exit(f"{option}: {text!r} is not a number (e.g. -3791 or -3.791)") from None


@app.command()
def allocate(
    proposal_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="Split this proposal's net permanent change."),
    ] = None,
    key: Annotated[
        str | None,
        typer.Option(help="A key name (intune = the newest Intune key); default: the proposal's."),
    ] = None,
    amount: Annotated[
        list[str] | None, typer.Option(help="An amount to split (repeatable), e.g. -3791.")
    ] = None,
    year: Annotated[
        list[str] | None,
        typer.Option(help="YEAR=AMOUNT to split a series (repeatable), e.g. 2025=-1895."),
    ] = None,
    by: Annotated[
        By, typer.Option(help="Show committees (Kvantum rows) or administrations.")
    ] = By.COMMITTEE,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Split an amount, a series or a proposal's net permanent change by a key (largest
    remainder at whole thousands, so the rows add up exactly)."""
    with reported():
        cat = catalogue(data)
        registry = default_registry()
        columns = _amounts(amount or [], year or [])
        proposal = find(cat, proposal_id) if proposal_id else None
        if proposal is not None:
            if columns:
                raise Exit("give either a proposal id or --amount/--year, not both")
            net = proposal_totals(proposal).permanent
            columns = {str(y): v for y, v in net.items()}
        if not columns:
            raise Exit("nothing to split: give --amount, --year or a proposal id")
        if key is None and proposal is None:
            raise Exit("give --key (e.g. --key intune), or a proposal id to use its key")
        if key is None and proposal is not None and proposal.split and proposal.split.fixed:
            raise Exit(
                f"{proposal.id} gives its split as fixed amounts: see kkinvest tables {proposal.id}"
            )
        try:
            if key is not None:
                named = find_key(key, cat.keys)
                shares, weights, title = key_shares(named, cat.keys), named.weights, named.name
            else:
                assert proposal is not None
                shares = proposal_shares(proposal, cat.keys, registry)
                weights, title = None, f"{proposal.id}s fordeling"
        except KeyProblem as exc:
            raise Exit(f"--key: {exc}") from None
        if by is By.COMMITTEE:
            shares = row_shares(shares, registry)
            weights = _row_weights(weights, registry)
        else:
            shares = administration_shares(shares, registry)
        split = {column: allocate_map(total, shares) for column, total in columns.items()}
        if json:
            out_json(
                {
                    "key": title,
                    "by": by,
                    "proposal": proposal.id if proposal else None,
                    "shares": {code: _fraction(share) for code, share in shares.items()},
                    "amounts": split,
                    "totals": columns,
                }
            )
        else:
            heading = f"Fordeling efter {title}" + (
                f" – {proposal.id}, varig ændring" if proposal else ""
            )
            out(
                render.allocation_table(
                    heading,
                    shares,
                    weights,
                    list(columns),
                    split,
                    registry,
                    by is By.ADMINISTRATION,
                )
            )


def _row_weights(
    weights: dict[str, Decimal] | None, registry: Registry
) -> dict[str, Decimal] | None:
    if weights is None:
        return None
    by_row: dict[str, Decimal] = {}
    for code, weight in weights.items():
        admin = registry.administration(code)
        row = admin.row if admin is not None else code
        by_row[row] = by_row.get(row, Decimal(0)) + weight
    return by_row


@app.command()
def tables(
    proposal_id: Annotated[str, typer.Argument(metavar="ID", help="The proposal, e.g. BC03.")],
    table: Annotated[
        list[TableName] | None, typer.Option("--table", help="Only this table (A, B or C).")
    ] = None,
    collapse: Annotated[
        bool,
        typer.Option(
            "--collapse", help="Fold the group units into Økonomiudvalget (7-row layout)."
        ),
    ] = False,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Print Tabel A, B and C (the technical tables for Kvantum) in the documents' layout."""
    with reported():
        cat = catalogue(data)
        registry = default_registry()
        proposal = find(cat, proposal_id)
        computed = kvantum_tables(proposal, proposal_shares(proposal, cat.keys, registry), registry)
        wanted = [t.value for t in table] if table else ["A", "B", "C"]
        chosen = {name: computed[name] for name in wanted}
        if collapse:
            chosen = {name: collapse_table(t, registry) for name, t in chosen.items()}
        if json:
            out_json(
                {
                    "id": proposal.id,
                    "price_level": proposal.price_level,
                    "collapsed": collapse,
                    "tables": {
                        name: {"title": t.title, "years": t.years, "rows": t.rows, "total": t.total}
                        for name, t in chosen.items()
                    },
                }
            )
            return
        for name, t in chosen.items():
            stated = getattr(proposal.stated, f"tabel_{name.lower()}")
            out(render.kvantum_table(t, proposal, registry, stated.total if stated else None))


@app.command()
def pool(
    budget: Annotated[
        int | None,
        typer.Option(help="The budget year; default: the newest in the catalogue."),
    ] = None,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """The pool overview: Tabel 1, 2 and 3, the balance of the pools, and every printed figure
    that differs from the computed one."""
    with reported():
        cat = catalogue(data)
        if not cat.budgets:
            raise Exit("the catalogue has no proposals")
        year = budget if budget is not None else cat.budgets[-1]
        if year not in cat.budgets:
            known = ", ".join(str(b) for b in cat.budgets)
            raise Exit(
                f"--budget: no proposals or pool for budget {year}; the catalogue has {known}"
            )
        stated = cat.pools.get(year)
        ov = pool_overview(cat.proposals, year, stated)
        found, notes = reconcile(ov, stated) if stated else ([], [])
        if json:
            out_json(jsonout.pool_data(ov, stated, found, notes))
        else:
            out(render_pools.pool_report(ov, stated, found, notes))


@app.command()
def check(
    proposal_ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID]...", help="Proposals to check; default: all, with keys and pools."
        ),
    ] = None,
    budget: Annotated[
        int | None, typer.Option(help="Only the proposals and the pool of this budget year.")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Check that each proposal's tables agree with each other, and the pool overview with the
    proposals. Exit code 1 when there is an error (or, with --strict, a warning)."""
    with reported():
        cat = catalogue(data)
        registry = default_registry()
        if proposal_ids:
            chosen = [find(cat, pid) for pid in proposal_ids]
        else:
            if budget is not None and budget not in cat.budgets:
                known = ", ".join(str(b) for b in cat.budgets)
                raise Exit(
                    f"--budget: no proposals or pool for budget {budget}; the catalogue has {known}"
                )
            chosen = [p for p in cat.proposals if budget is None or p.budget == budget]
        context = checks.Context(cat.keys, registry)
        findings = [f for p in chosen for f in checks.check_proposal(p, context)]
        if not proposal_ids:
            for key in cat.keys.values():
                findings.extend(checks.check_key(key, cat.keys, registry))
            for year, stated in sorted(cat.pools.items()):
                if budget is None or year == budget:
                    ov = pool_overview(cat.proposals, year, stated)
                    findings.extend(checks.check_overview(ov, stated))
        counts = checks.count(findings)
        if json:
            out_json(
                {
                    "checked": [p.id for p in chosen],
                    "counts": {s.value: n for s, n in counts.items()},
                    "findings": findings,
                }
            )
        else:
            titles = {p.id: p.title for p in chosen}
            out(render_checks.report(findings, titles, len(chosen), counts))
        failed = counts[checks.Severity.ERROR] + (counts[checks.Severity.WARNING] if strict else 0)
        if failed:
            raise typer.Exit(1)


ForceOption = Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")]
XlsxOption = Annotated[bool, typer.Option("--xlsx", help="Write an Excel workbook (.xlsx).")]


def _sheet(cat: Catalogue, proposal: Proposal, registry: Registry, collapse: bool) -> ProposalSheet:
    computed = kvantum_tables(proposal, proposal_shares(proposal, cat.keys, registry), registry)
    if collapse:
        computed = {name: collapse_table(t, registry) for name, t in computed.items()}
    extra = toml_out.extra_data(proposal)
    return ProposalSheet(
        proposal, paybacks(proposal), computed, toml_out.dumps(extra) if extra else ""
    )


def _save(path: Path, book: Any, force: bool) -> None:
    write_atomically(path, lambda temporary: book.save(temporary), force)


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
        int | None, typer.Option(help="Only the proposals of this budget year.")
    ] = None,
    collapse: Annotated[
        bool, typer.Option("--collapse", help="Tabel A-C with the group units folded into ØU.")
    ] = False,
    force: ForceOption = False,
    data: DataOption = None,
) -> None:
    """Write an Excel workbook: one sheet per proposal (Tabel 1, Tabel A/B/C, a payback chart)
    and the pool overviews. Default file name: kkinvest-budget-YEAR.xlsx."""
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
        budgets = sorted({p.budget for p in chosen})
        path = target or Path(f"kkinvest-budget-{'-'.join(str(b) for b in budgets)}.xlsx")
        check_target(path, force)  # before building: a write-only workbook must be saved
        overviews = []
        if not names:
            for year in budgets:
                ov = pool_overview(cat.proposals, year, cat.pools.get(year))
                if ov.investment or ov.innovation:
                    overviews.append((ov, cat.pools.get(year)))
        with _progress(len(chosen)) as advance:
            book = build_workbook(
                (_sheet(cat, p, registry, collapse) for p in chosen), overviews, registry, advance
            )
            _save(path, book, force)
        typer.echo(f"Skrev {path}: {len(chosen)} forslag, {len(overviews)} puljeoversigt(er).")


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None] | None]:
    """A progress bar on stderr for long exports (a terminal only)."""
    if total < 200 or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("Eksporterer", total=total)
        yield lambda: bar.advance(task)


@app.command()
def template(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The .xlsx file to write.")],
    xlsx: XlsxOption = False,
    budget: Annotated[
        int | None, typer.Option(help="The budget year (default: next year).")
    ] = None,
    force: ForceOption = False,
) -> None:
    """Write a fill-in workbook: a proposal sheet in the Tabel 1 layout, ready for --data."""
    with reported():
        if not xlsx:
            raise Exit("choose a format: --xlsx")
        year = budget if budget is not None else date.today().year + 1
        check_target(file, force)
        _save(file, template_workbook(year), force)
        typer.echo(f"Skrev {file}.")


class Format(StrEnum):
    TOML = "toml"
    XLSX = "xlsx"


@app.command()
def convert(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A proposal .toml or a workbook .xlsx.")
    ],
    to: Annotated[Format, typer.Option("--to", help="The format to write.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="The file (or, for several proposals, folder) to write."
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Turn a proposal TOML into a workbook, or a workbook's proposal sheets into TOML files."""
    with reported():
        cat = load_catalogue(file)
        for note in cat.notes:
            typer.echo(f"kkinvest: note: {note}", err=True)
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
        several = len(cat.proposals) > 1
        folder = output if several and output is not None else file.parent
        for p in cat.proposals:
            path = output if output is not None and not several else folder / f"{p.id}.toml"
            if path.resolve() == file.resolve():
                raise Exit(f"{file} is already a .toml file")
            write_atomically(path, _text_writer(toml_out.dumps_proposal(p)), force)
            typer.echo(f"Skrev {path}.")


def _text_writer(text: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write


def _reason(proposal: Proposal, payback: Payback) -> str | None:
    return None if payback.years is not None else render.no_payback_reason(proposal, payback)


def main() -> NoReturn:
    app()
    raise SystemExit(0)  # pragma: no cover - app() always exits
