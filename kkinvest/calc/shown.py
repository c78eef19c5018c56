"""Tabel A/B/C as an exported sheet shows them, against the tables the sheet's lines give now.

kkinvest writes Tabel A/B/C as values (the largest-remainder split is no spreadsheet formula),
labelled "Beregnet af kkinvest <date>". When someone edits a line afterwards, the tables no
longer follow: `stale_tables` says so, table by table, with the cells that differ.
"""

from __future__ import annotations

from kkinvest.calc.checks import Context, Finding, Severity, Value
from kkinvest.calc.tables import TITLES
from kkinvest.model import Proposal, ShownTables
from kkinvest.money import ZERO

RULE = "stale_tables"


def stale_tables(proposal: Proposal, shown: ShownTables, context: Context) -> list[Finding]:
    computed = context.tables_for(proposal)
    findings = []
    for name, rows in sorted(shown.tables.items()):
        table = computed.get(name)
        if table is None:
            continue
        values = [
            Value(year, rows.get(code, {}).get(year, ZERO), amount, row=code)
            for code, by_year in table.rows.items()
            for year, amount in sorted(by_year.items())
            if rows.get(code, {}).get(year, ZERO) != amount
        ]
        values += [
            Value(year, amount, ZERO, row=code)
            for code, by_year in rows.items()
            for year, amount in sorted(by_year.items())
            if year not in table.years and amount != 0
        ]
        if values:
            title = TITLES[name].split(".")[0]
            findings.append(
                Finding(
                    proposal.id,
                    Severity.ERROR,
                    RULE,
                    f"{title} i arket",
                    f"{title} er beregnet af kkinvest {shown.computed_on} og passer ikke "
                    "længere med linjerne i Tabel 1 (tallene er rettet siden): kør "
                    "kkinvest export igen",
                    tuple(values),
                )
            )
    return findings


def hidden_stated(proposal: Proposal, context: Context) -> Proposal:
    """The proposal with only the printed figures a workbook may carry hidden: those that
    differ from what the lines give, so `check` finds exactly what it finds on the proposal.

    A printed total or payback that agreed is not shown on the sheet (its Note shows only the
    document's differing figures); kept hidden, it would come back after the user edits a
    line as "the document's" figure and contradict the sheet. The same holds for another
    table, a statement of the text and a printed Tabel A/B/C: each is left out where leaving
    it out changes none of `check`'s findings."""
    from kkinvest.calc.checks import check_proposal
    from kkinvest.calc.payback import Basis, compute_payback
    from kkinvest.calc.stated import differing_only

    wanted = check_proposal(proposal, context)
    paybacks = {basis: compute_payback(proposal, basis) for basis in Basis}
    trial = differing_only(proposal, paybacks)
    current = trial if check_proposal(trial, context) == wanted else proposal

    def without(update: dict[str, object]) -> Proposal:
        return current.model_copy(update={"stated": current.stated.model_copy(update=update)})

    for name in ("tables", "committee_tables", "claims"):
        for index in reversed(range(len(getattr(current.stated, name)))):
            items = list(getattr(current.stated, name))
            del items[index]
            trial = without({name: items})
            if check_proposal(trial, context) == wanted:
                current = trial
    for name in ("tabel_a", "tabel_b", "tabel_c"):
        if getattr(current.stated, name) is not None:
            trial = without({name: None})
            if check_proposal(trial, context) == wanted:
                current = trial
    return current
