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
