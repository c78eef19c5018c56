"""`kkinvest list`, `show` and `payback`: the proposals and their payback."""

from __future__ import annotations

from typing import Annotated

import typer

from kkinvest.cli.app import (
    BasisName,
    DataOption,
    Exit,
    JsonOption,
    app,
    catalogue,
    find,
    out,
    out_json,
    paybacks,
    reported,
)
from kkinvest.cli.price_level import IndexOption, PriceLevelOption, at_price_level


@app.command("list")
def list_(data: DataOption = None, json: JsonOption = False) -> None:
    """List the proposals: committee, kind, pool, investment, saving and payback."""
    from kkinvest.calc.payback import compute_payback
    from kkinvest.calc.totals import proposal_totals
    from kkinvest.render import console

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
            out(console.proposal_list(rows))


@app.command()
def show(
    proposal_id: Annotated[str, typer.Argument(metavar="ID", help="The proposal, e.g. BC06.")],
    price_level: PriceLevelOption = None,
    index: IndexOption = None,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Show a proposal's Tabel 1 with computed totals and paybacks, and the document's
    own figures where they differ."""
    from kkinvest.calc.stated import payback_differences, total_differences
    from kkinvest.calc.totals import proposal_totals
    from kkinvest.render import console, jsonout

    with reported():
        proposal = find(
            at_price_level(catalogue(data), data, price_level, index, json), proposal_id
        )
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
            out(console.show(proposal, totals, pbs, differences))


@app.command()
def payback(
    proposal_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="The proposal, e.g. BC06.")
    ] = None,
    all_proposals: Annotated[
        bool, typer.Option("--all", help="Every proposal in the catalogue.")
    ] = False,
    basis: Annotated[
        BasisName,
        typer.Option(
            help="service: baseret på serviceeffektivisering; total: baseret på totaløkonomi."
        ),
    ] = BasisName.SERVICE,
    all_lines: Annotated[
        bool,
        typer.Option("--all-lines", help="Count lines the document leaves out of payback too."),
    ] = False,
    price_level: PriceLevelOption = None,
    index: IndexOption = None,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Payback time (tilbagebetalingstid): the answer first, then the table behind it."""
    from kkinvest.calc.payback import Basis, compute_payback
    from kkinvest.render import console, jsonout

    with reported():
        cat = at_price_level(catalogue(data), data, price_level, index, json)
        chosen_basis = Basis(basis.value)
        if all_proposals:
            if json:
                out_json(
                    [
                        jsonout.payback_data(
                            p, compute_payback(p, chosen_basis, all_lines=all_lines), None
                        )
                        for p in cat.proposals
                    ]
                )
                return
            rows = []
            for p in cat.proposals:
                both = paybacks(p, all_lines)
                rows.append((p, both[Basis.SERVICE], both[Basis.TOTAL]))
            out(console.payback_overview(rows))
            return
        if proposal_id is None:
            raise Exit("give a proposal id (e.g. kkinvest payback BC06) or --all")
        proposal = find(cat, proposal_id)
        both = paybacks(proposal, all_lines)
        chosen = both[chosen_basis]
        other = both[Basis.TOTAL if chosen_basis is Basis.SERVICE else Basis.SERVICE]
        if json:
            reason = (
                None if chosen.years is not None else console.no_payback_reason(proposal, chosen)
            )
            out_json(jsonout.payback_data(proposal, chosen, reason))
        else:
            stated = getattr(proposal.stated, f"payback_{basis.value}")
            out(
                console.payback_report(
                    proposal, chosen, other, None if all_lines else stated, all_lines
                )
            )
