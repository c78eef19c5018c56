"""`kkinvest pool` and `check`: the pool overview and the review of every table."""

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from kkinvest.cli.common import (
    DataOption,
    Exit,
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
    reported,
)
from kkinvest.cli.price_level import IndexOption, PriceLevelOption, at_price_level

if TYPE_CHECKING:
    from decimal import Decimal
    from pathlib import Path

    from kkinvest.calc.checks import Finding
    from kkinvest.calc.pools import Overview
    from kkinvest.calc.ranking import RankBy, Ranked
    from kkinvest.model import Catalogue, Pool

    Ranking = tuple[list[Ranked], RankBy, Decimal | None, list[str]]


class RankChoice(StrEnum):
    PAYBACK = "payback"
    NPV = "npv"


@app.command(
    epilog=examples(
        "kkinvest pool --budget 2023",
        "kkinvest pool --json",
        "kkinvest pool --rank payback   stregen, hvor pengene slipper op",
    )
)
def pool(
    budget: Annotated[
        int | None,
        typer.Option(metavar="ÅR", help="Budgetåret; standard: det nyeste i kataloget."),
    ] = None,
    rank: Annotated[
        RankChoice | None,
        typer.Option(
            help="Prioritér ansøgningerne efter tilbagebetalingstid (payback) eller "
            "nutidsværdi (npv), og træk stregen, hvor pengene i puljerne slipper op.",
            show_default=False,
        ),
    ] = None,
    price_level: PriceLevelOption = None,
    index: IndexOption = None,
    data: DataOption = None,
    json: JsonOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Puljeoverblikket: Tabel 1, 2 og 3, hvad der er tilbage i puljerne, og hvert trykt tal,
    der afviger fra det beregnede."""
    from kkinvest.calc.pools import overview, reconcile
    from kkinvest.cli.price_level import refuse_mixed

    with reported():
        cat = at_price_level(catalogue(data, proposals=True), data, price_level, index, json)
        if not cat.budgets:
            raise Exit("kataloget har ingen forslag")
        year = budget if budget is not None else cat.budgets[-1]
        known_budget(cat, year)
        stated = cat.pools.get(year)
        refuse_mixed(cat.proposals, stated, year)  # never add different price levels silently
        ov = overview(cat.proposals, year, stated)
        found, notes = reconcile(ov, stated) if stated else ([], [])
        ranked = _ranked(ov, stated, rank)
        if json:
            from kkinvest.render import jsonout

            shown = jsonout.pool_data(ov, stated, found, notes)
            if ranked is not None:
                from kkinvest.render.ranking import ranking_data

                shown["ranking"] = ranking_data(*ranked)
            out_json(shown)
        else:
            from kkinvest.render import pools as render_pools

            report = render_pools.pool_report(ov, stated, found, notes)
            if ranked is not None:
                from rich.console import Group

                from kkinvest.render.ranking import ranking_report

                unit = f"Mio. kr. {stated.price_level if stated else year} p/l."
                report = Group(report, *ranking_report(*ranked, unit))
            out(report)


def _ranked(ov: "Overview", stated: "Pool | None", rank: RankChoice | None) -> "Ranking | None":
    """`pool --rank`: the applications in order, and the line where the money left runs out."""
    if rank is None:
        return None
    from kkinvest.calc.ranking import RankBy, present_values, ranking
    from kkinvest.money import THOUSAND

    by = RankBy(rank.value)
    npvs = None
    if by is RankBy.NPV:
        from kkinvest.io.economics_in import load_rates

        applications = [r.proposal for r in ov.investment] + [r.proposal for r in ov.innovation]
        npvs = present_values(applications, load_rates())
    remaining = stated.remaining * THOUSAND if stated else None
    outside = list(stated.outside_criteria) if stated else []
    return ranking(ov, by, remaining, npvs, outside), by, remaining, outside


@app.command(
    epilog=examples(
        "kkinvest check",
        "kkinvest check BC03 --strict   advarsler tæller som fejl",
        "kkinvest check --budget 2025 --json",
    )
)
def check(
    proposal_ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID...",
            help="Forslagene, der skal kontrolleres; standard: alle, med nøgler og puljer.",
            autocompletion=complete_ids,
            show_default=False,
        ),
    ] = None,
    budget: Annotated[
        int | None,
        typer.Option(metavar="ÅR", help="Kun forslagene og puljen fra dette budgetår."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Advarsler tæller som fejl (exitkode 1).")
    ] = False,
    year: Annotated[
        int | None,
        typer.Option(
            metavar="ÅR",
            help="Opfølgningen kontrolleres for forårsstatus i dette år; standard: året for "
            "den nyeste opfølgning.",
        ),
    ] = None,
    data: DataOption = None,
    json: JsonOption = False,
    no_pager: NoPagerOption = False,
) -> None:
    """Kontrollér, at hvert forslags tabeller stemmer med hinanden, og puljeoverblikket med
    forslagene. Exitkode 1 ved en fejl (med --strict også ved en advarsel)."""
    from kkinvest.calc import checks
    from kkinvest.io.folders import builtin_path, data_path
    from kkinvest.registry import default_registry
    from kkinvest.render import checks as render_checks

    with reported():
        cat = catalogue(data, proposals=True)
        registry = cat.registry or default_registry()
        if proposal_ids:
            chosen = [find(cat, pid) for pid in proposal_ids]
        else:
            if budget is not None:
                known_budget(cat, budget)
            chosen = [p for p in cat.proposals if budget is None or p.budget == budget]
        context = checks.Context(cat.keys, registry, cat.followup, year, cat.derived, cat.sources)
        findings = [f for p in chosen for f in checks.check_proposal(p, context)]
        if cat.shown_tables:  # a workbook kkinvest exported: are its Tabel A/B/C still true?
            from kkinvest.calc.shown import stale_tables

            shown = cat.shown_tables
            findings.extend(
                f for p in chosen if p.id in shown for f in stale_tables(p, shown[p.id], context)
            )
        if not proposal_ids:
            # No false alarms: the shipped keys no loaded proposal uses are not reviewed when
            # the user gives a catalogue of their own, and --budget reviews only the keys that
            # budget's proposals use.
            own = data_path(data) != builtin_path()
            skip = cat.keys if budget is not None else (cat.shipped_keys if own else ())
            for key in checks.keys_to_check(cat.keys, chosen, skip, registry):
                findings.extend(checks.check_key(key, cat.keys, registry))
            for year, stated in sorted(cat.pools.items()):
                if budget is None or year == budget:
                    findings.extend(checks.check_pools(cat.proposals, year, stated))
            findings.extend(_ledger_findings(cat, data))
            if budget is None:  # an edited export: a computed sheet counting a deleted proposal
                from kkinvest.calc.checks.stale import missing_proposals

                findings.extend(missing_proposals(cat.derived, cat.proposals))
        counts = checks.count(findings)
        if json:
            out_json(
                {
                    "checked": [p.id for p in chosen],
                    "counts": {s.value: n for s, n in counts.items()},
                    "findings": [render_checks.as_json(f) for f in findings],
                }
            )
        else:
            titles = {p.id: p.title for p in chosen}
            out(render_checks.report(findings, titles, len(chosen), counts))
        failed = counts[checks.Severity.ERROR] + (counts[checks.Severity.WARNING] if strict else 0)
        if failed:
            raise typer.Exit(1)


def _ledger_findings(cat: "Catalogue", data: "list[Path] | None") -> "list[Finding]":
    """The pools' account (both pools together): below zero, or not as printed."""
    from kkinvest.calc.checks import ledger_findings
    from kkinvest.calc.checks.followup import unconverted_ledger
    from kkinvest.calc.ledger import account_lines, compute_ledger
    from kkinvest.calc.prices import PriceLevelProblem, find_index
    from kkinvest.model_followup import FollowUpBook
    from kkinvest.registry.statuses import default_statuses

    book = cat.followup or FollowUpBook()
    if not (book.decisions or book.entries):
        return []  # printed balances alone are no account: nothing moves between them
    lines = account_lines(cat.proposals, book, cat.pools, default_statuses())
    index = None
    try:
        if len({line.price_level for line in lines}) > 1:
            from kkinvest.io.economics_in import load_indices
            from kkinvest.io.folders import data_path

            index = find_index(None, load_indices(data_path(data))[0])
        return ledger_findings(compute_ledger(lines, index=index))
    except PriceLevelProblem as exc:
        return [unconverted_ledger(str(exc))]


@app.command()
def schema(
    what: Annotated[
        str,
        typer.Argument(metavar="proposal|key|pool", help="Hvilken filtype; standard: proposal."),
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
