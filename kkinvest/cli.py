"""The command line: parse arguments, load, call the calculators, hand results to a renderer.

No calculation happens here. Bad input (an `InputError`) is printed as one line per problem on
stderr with exit code 2, never as a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console, RenderableType

from kkinvest import __version__
from kkinvest.calc.payback import Basis, Payback, compute_payback
from kkinvest.calc.stated import payback_differences, total_differences
from kkinvest.calc.totals import proposal_totals
from kkinvest.io.catalogue import data_path, load_catalogue
from kkinvest.io.problems import InputError
from kkinvest.model import Catalogue, Proposal
from kkinvest.render import console as render
from kkinvest.render import jsonout

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
    return load_catalogue(data_path(data))


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


def _reason(proposal: Proposal, payback: Payback) -> str | None:
    return None if payback.years is not None else render.no_payback_reason(proposal, payback)


def main() -> NoReturn:
    app()
    raise SystemExit(0)  # pragma: no cover - app() always exits
