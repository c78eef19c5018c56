"""Blocks of an exported workbook that no longer follow its Tabel 1.

The export writes the pool overview and the Følsomhed sheet as values computed from the
proposals' Tabel 1 (no spreadsheet formula does the largest remainder, the overview's
grouping or the discounted parts honestly), each with the stamp of every proposal it was
computed from (`calc/fingerprint.py`, read back by `io/excel_overview.py`). When an analyst
edits a line afterwards, the proposal read back has another stamp: one finding per block that
was computed from the old figures. (Tabel A/B/C are compared cell by cell in `calc/shown.py`;
Tabel 1's totals, the payback and the present value are live formulas and follow by
themselves.)

Worked: the 2023 overview was computed with BC06's impact -6.200 in 2023; BC06's sheet now
says -6.100 there (its 2023 saving was made 100 larger). `stale_blocks(bc06, context)` with the
overview's block in `context.derived` gives one fejl, "arket 'Puljeoversigt 2023': Puljeoversigten
følger ikke de rettede tal i Tabel 1 ...", with Value(2023, -6200, -6100); an unedited BC06 none.
"""

from __future__ import annotations

from kkinvest.calc.checks.base import Context, Finding, Severity, compare
from kkinvest.calc.fingerprint import fingerprint
from kkinvest.formats.labels import TOTAL_ROWS
from kkinvest.model import Proposal

RULE = "stale_block"


def stale_blocks(proposal: Proposal, context: Context) -> list[Finding]:
    """One finding per computed block whose stamp of this proposal is not its Tabel 1 now."""
    if not context.derived:
        return []
    now = fingerprint(proposal)
    findings = []
    for block in context.derived:
        then = block.stamps.get(proposal.id)
        if then is None or then.digest == now.digest:
            continue
        values = compare(then.impact, now.impact, row=TOTAL_ROWS["total_impact"])
        why = (
            "arkets tal er beregnet ud fra Tabel 1, før den blev rettet (dokumentet: før, "
            "beregnet: nu)"
            if values
            else "arkets tal er beregnet ud fra Tabel 1, før linjerne blev rettet (totalerne "
            "er de samme)"
        )
        findings.append(
            Finding(
                proposal.id,
                Severity.ERROR,
                RULE,
                f"arket {block.sheet}",
                f"{block.what} følger ikke de rettede tal i Tabel 1: {why}; "
                "kør kkinvest export igen",
                values,
            )
        )
    return findings
