"""`kkinvest pool` and `check`: the pool overview and the review of every table."""

from __future__ import annotations

from typing import Annotated

import typer

from kkinvest.cli.app import (
    DataOption,
    Exit,
    JsonOption,
    app,
    catalogue,
    find,
    known_budget,
    out,
    out_json,
    reported,
)


@app.command()
def pool(
    budget: Annotated[
        int | None,
        typer.Option(metavar="YEAR", help="The budget year; default: the newest in the catalogue."),
    ] = None,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """The pool overview: Tabel 1, 2 and 3, the balance of the pools, and every printed figure
    that differs from the computed one."""
    from kkinvest.calc.pools import overview, reconcile
    from kkinvest.render import jsonout
    from kkinvest.render import pools as render_pools

    with reported():
        cat = catalogue(data)
        if not cat.budgets:
            raise Exit("the catalogue has no proposals")
        year = budget if budget is not None else cat.budgets[-1]
        known_budget(cat, year)
        stated = cat.pools.get(year)
        ov = overview(cat.proposals, year, stated)
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
        int | None,
        typer.Option(metavar="YEAR", help="Only the proposals and the pool of this budget year."),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Check that each proposal's tables agree with each other, and the pool overview with the
    proposals. Exit code 1 when there is an error (or, with --strict, a warning)."""
    from kkinvest.calc import checks
    from kkinvest.calc.pools import overview
    from kkinvest.registry import default_registry
    from kkinvest.render import checks as render_checks

    with reported():
        cat = catalogue(data)
        registry = default_registry()
        if proposal_ids:
            chosen = [find(cat, pid) for pid in proposal_ids]
        else:
            if budget is not None:
                known_budget(cat, budget)
            chosen = [p for p in cat.proposals if budget is None or p.budget == budget]
        context = checks.Context(cat.keys, registry)
        findings = [f for p in chosen for f in checks.check_proposal(p, context)]
        if cat.shown_tables:  # a workbook kkinvest exported: are its Tabel A/B/C still true?
            from kkinvest.calc.shown import stale_tables

            shown = cat.shown_tables
            findings.extend(
                f for p in chosen if p.id in shown for f in stale_tables(p, shown[p.id], context)
            )
        if not proposal_ids:
            for key in cat.keys.values():
                findings.extend(checks.check_key(key, cat.keys, registry))
            for year, stated in sorted(cat.pools.items()):
                if budget is None or year == budget:
                    ov = overview(cat.proposals, year, stated)
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


@app.command()
def schema(
    what: Annotated[
        str,
        typer.Argument(
            metavar="[proposal|key|pool]", help="Which file's schema; default: proposal."
        ),
    ] = "proposal",
) -> None:
    """Udskriv et JSON-skema for filformatet, til editorer (fx taplo eller VS Code)."""
    import json as json_module

    from kkinvest import model

    with reported():
        classes: dict[str, type[model.Model]] = {
            "proposal": model.Proposal,
            "key": model.Key,
            "pool": model.Pool,
        }
        chosen = classes.get(what.strip().casefold())
        if chosen is None:
            raise Exit(f"ukendt filtype {what!r}: vælg proposal, key eller pool")
        typer.echo(json_module.dumps(chosen.model_json_schema(), ensure_ascii=False, indent=2))
