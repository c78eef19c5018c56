"""`kkinvest list`, `show` and `payback`: the proposals and their payback."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from kkinvest.cli.common import (
    BasisName,
    BudgetOption,
    DataOption,
    Exit,
    IdsArgument,
    JsonOption,
    NoPagerOption,
    app,
    catalogue,
    complete_ids,
    examples,
    find,
    known_budget,
    out,
    out_json,
    paybacks,
    progress,
    reported,
)
from kkinvest.cli.price_level import IndexOption, PriceLevelOption, at_price_level

if TYPE_CHECKING:
    from kkinvest.model import Catalogue, Proposal


def chosen_proposals(
    cat: "Catalogue", ids: list[str] | None, budget: int | None
) -> "list[Proposal]":
    """The proposals named (in the order given), else those of `budget`, else all."""
    if ids:
        return [find(cat, pid) for pid in ids]
    if budget is not None:
        known_budget(cat, budget)
        return [p for p in cat.proposals if p.budget == budget]
    return list(cat.proposals)


@app.command(
    "list",
    epilog=examples("kkinvest list", "kkinvest list --budget 2025", "kkinvest list --json"),
)
def list_(
    budget: BudgetOption = None,
    data: DataOption = None,
    json: JsonOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Vis forslagene: udvalg, type, pulje, investering, varig besparelse og
    tilbagebetalingstid."""
    from kkinvest.calc.payback import compute_payback
    from kkinvest.calc.totals import proposal_totals
    from kkinvest.render import console

    with reported():
        cat = catalogue(data, proposals=True)
        chosen = chosen_proposals(cat, None, budget)
        rows = [
            (p, proposal_totals(p), compute_payback(p))
            for p in progress(chosen, len(chosen), "Beregner")
        ]
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
                        "potential_saving": p.potential_saving,
                    }
                    for p, t, pb in rows
                ]
            )
        else:
            out(console.proposal_list(rows))


@app.command(
    epilog=examples("kkinvest show BC07", "kkinvest show BC01 BC06", "kkinvest show BC06 --json")
)
def show(
    proposal_ids: Annotated[
        list[str],
        typer.Argument(
            metavar="ID...",
            help="Et eller flere forslagsnumre, fx BC06.",
            autocompletion=complete_ids,
            show_default=False,
        ),
    ],
    price_level: PriceLevelOption = None,
    index: IndexOption = None,
    data: DataOption = None,
    json: JsonOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Vis et forslags Tabel 1 med beregnede totaler og tilbagebetalingstider, og dokumentets
    egne tal, hvor de afviger."""
    from kkinvest.calc.stated import payback_differences, total_differences
    from kkinvest.calc.totals import proposal_totals
    from kkinvest.render import console, jsonout

    with reported():
        cat = at_price_level(catalogue(data, proposals=True), data, price_level, index, json)
        shown: list[Any] = []
        for proposal in [find(cat, pid) for pid in proposal_ids]:
            totals = proposal_totals(proposal)
            pbs = paybacks(proposal)
            differences = total_differences(proposal, totals) + payback_differences(proposal, pbs)
            if json:
                shown.append(
                    {
                        "proposal": proposal,
                        "computed": jsonout.totals_data(totals)
                        | {f"payback_{b.value}": pb.years for b, pb in pbs.items()},
                        "differences": jsonout.differences_data(differences),
                    }
                )
            else:
                from kkinvest.registry import default_registry
                from kkinvest.render.stated import stated_group

                document = stated_group(proposal, cat.registry or default_registry())
                shown.append(console.show(proposal, totals, pbs, differences))
                if document is not None:  # the document's own tables, as printed (issue 10)
                    shown.append(document)
        if json:
            out_json(shown[0] if len(shown) == 1 else shown)
        else:
            out(*console.separated(shown))


@app.command(
    epilog=examples(
        "kkinvest payback BC06",
        "kkinvest payback BC06 --all-lines   tæl grundinvesteringen med",
        "kkinvest payback BC11 --basis total",
        "kkinvest payback --all              alle forslag, beregnet mod dokumentet",
        "kkinvest payback --budget 2023",
    )
)
def payback(
    proposal_ids: IdsArgument = None,
    all_proposals: Annotated[
        bool, typer.Option("--all", help="Alle forslag i kataloget, ét pr. linje.")
    ] = False,
    budget: BudgetOption = None,
    basis: Annotated[
        BasisName,
        typer.Option(
            metavar="service|total",
            help="service: baseret på serviceeffektivisering; total: baseret på totaløkonomi.",
        ),
    ] = BasisName.SERVICE,
    all_lines: Annotated[
        bool,
        typer.Option(
            "--all-lines", help="Tæl også linjer med, som dokumentet holder uden for beregningen."
        ),
    ] = False,
    price_level: PriceLevelOption = None,
    index: IndexOption = None,
    data: DataOption = None,
    json: JsonOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Tilbagebetalingstid: svaret først, så tabellen bag det. Med --all eller --budget: en
    linje pr. forslag."""
    from kkinvest.calc.payback import Basis, compute_payback
    from kkinvest.render import console

    if json:  # only then: it loads the pool calculations too
        from kkinvest.render import jsonout

    with reported():
        cat = at_price_level(catalogue(data, proposals=True), data, price_level, index, json)
        chosen_basis = Basis(basis.value)
        if all_proposals or (budget is not None and not proposal_ids):
            chosen = chosen_proposals(cat, None, budget)
            if json:
                out_json(
                    [
                        jsonout.payback_data(
                            p, compute_payback(p, chosen_basis, all_lines=all_lines), None
                        )
                        for p in progress(chosen, len(chosen), "Beregner")
                    ]
                )
                return
            rows = []
            for p in progress(chosen, len(chosen), "Beregner"):
                both = paybacks(p, all_lines)
                rows.append((p, both[Basis.SERVICE], both[Basis.TOTAL]))
            out(console.payback_overview(rows))
            return
        if not proposal_ids:
            raise Exit("giv et forslagsnummer (fx kkinvest payback BC06), --budget ÅR eller --all")
        reports: list[Any] = []
        for proposal in [find(cat, pid) for pid in proposal_ids]:
            both = paybacks(proposal, all_lines)
            chosen_pb = both[chosen_basis]
            other = both[Basis.TOTAL if chosen_basis is Basis.SERVICE else Basis.SERVICE]
            if json:
                reason = (
                    None
                    if chosen_pb.years is not None
                    else console.no_payback_reason(proposal, chosen_pb)
                )
                reports.append(jsonout.payback_data(proposal, chosen_pb, reason))
            else:
                stated = getattr(proposal.stated, f"payback_{basis.value}")
                reports.append(
                    console.payback_report(
                        proposal, chosen_pb, other, None if all_lines else stated, all_lines
                    )
                )
        if json:
            out_json(reports[0] if len(reports) == 1 else reports)
        else:
            out(*console.separated(reports))
