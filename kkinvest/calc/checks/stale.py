"""Blocks of an exported workbook that no longer follow its Tabel 1.

The export writes the pool overview and the Følsomhed sheet as values computed from the
proposals' Tabel 1 (no spreadsheet formula does the largest remainder, the overview's
grouping or the discounted parts honestly), each with the stamp of every proposal it was
computed from (`calc/fingerprint.py`, read back by `io/excel_overview.py`). When an analyst
edits a line afterwards, the proposal read back has another stamp: one finding per block that
was computed from the old figures. (Tabel A/B/C are compared cell by cell in `calc/shown.py`;
Tabel 1's totals and the payback are live formulas and follow by themselves.)

The present value is formulas over Tabel 1's cells too, but laid out for a frame: år 1, the
last year with figures (after it the saving continues), the horizon and the lines it adds up.
An edit within the frame is followed; one that moves it (every cost of the first year deleted,
a figure typed in a later year, a line inserted) is not, and is named with what moved.

Worked: the 2023 overview was computed with BC06's impact -6.200 in 2023; BC06's sheet now
says -6.100 there (its 2023 saving was made 100 larger). `stale_blocks(bc06, context)` with the
overview's block in `context.derived` gives one fejl, "arket 'Puljeoversigt 2023': Puljeoversigten
følger ikke de rettede tal i Tabel 1 ...", with Value(2023, -6200, -6100); an unedited BC06 none.
"""

from __future__ import annotations

from collections.abc import Iterable

from kkinvest.calc.checks.base import Context, Finding, Severity, compare, literal
from kkinvest.calc.fingerprint import fingerprint, payback_frame, present_value_frame
from kkinvest.calc.payback import Basis
from kkinvest.formats.labels import TOTAL_ROWS
from kkinvest.formats.xlsx import PAYBACK_BLOCKS
from kkinvest.model import DerivedBlock, Proposal, Stamp

RULE = "stale_block"


def stale_blocks(proposal: Proposal, context: Context) -> list[Finding]:
    """One finding per computed block whose stamp of this proposal is not its Tabel 1 now."""
    blocks = context.derived_for(proposal.id)
    if not blocks:
        return []
    now = fingerprint(proposal)
    findings = []
    for block in blocks:
        then = block.stamps[proposal.id]
        if block.formulas:
            findings.extend(_frame(proposal, block, then))
            continue
        if then.digest == now.digest:
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


def _frame(proposal: Proposal, block: DerivedBlock, then: Stamp) -> list[Finding]:
    """A block of formulas (the present value, a payback table) laid out for a frame the
    edited Tabel 1 no longer has: år 1 moved, figures in a later year, other lines, another
    horizon."""
    payback = next((b for b, name in PAYBACK_BLOCKS.items() if name == block.what), None)
    now = (
        present_value_frame(proposal)
        if payback is None
        else payback_frame(proposal, Basis(payback))
    )
    if now == then:
        return []
    reasons = []
    if len(then.frame) >= 2 and len(now.frame) == len(then.frame):
        first, last, first_now, last_now = *then.frame[:2], *now.frame[:2]
        if first != first_now and first_now == 0:
            reasons.append("der er nu ingen implementeringsomkostninger")
        elif first != first_now and first == 0:
            reasons.append(f"der er nu implementeringsomkostninger fra {first_now}")
        elif first != first_now:
            reasons.append(f"år 1 er nu {first_now}, men tabellen regner fra {first}")
        if last != last_now:
            reasons.append(
                f"Tabel 1 har nu tal til {last_now}, men tabellen lader besparelsen fortsætte "
                f"uændret efter {last}"
            )
        if then.frame[2:] != now.frame[2:]:
            reasons.append(f"horisonten er nu {now.frame[2]} år, men tabellen har {then.frame[2]}")
    if then.digest != now.digest:
        reasons.append(
            "linjerne, som formlerne lægger sammen, er ændret (en linje tilføjet, fjernet eller "
            "flyttet til et andet styringsområde)"
        )
    return [
        Finding(
            proposal.id,
            Severity.ERROR,
            RULE,
            f"arket {block.sheet}",
            f"{block.what} følger ikke de rettede tal i Tabel 1: {'; '.join(reasons)}; "
            "kør kkinvest export igen",
        )
    ]


def missing_proposals(
    blocks: Iterable[DerivedBlock], proposals: Iterable[Proposal]
) -> list[Finding]:
    """A computed sheet with a stamp of a proposal the workbook no longer has (its sheet was
    deleted or renumbered): the sheet's figures still count it. One finding per sheet.

    Worked: the 2023 overview has stamps of BC01 ... BC11; with BC06's sheet deleted, one fejl
    on 'Puljeoversigt 2023' naming BC06."""
    present = {p.id for p in proposals}
    findings = []
    for block in blocks:
        gone = sorted(set(block.stamps) - present)
        if block.formulas or not gone:
            continue
        findings.append(
            Finding(
                block.sheet.strip("'"),
                Severity.ERROR,
                RULE,
                f"arket {block.sheet}",
                f"{block.what} er beregnet med forslag, som ikke længere er i projektmappen "
                f"({', '.join(literal(pid) for pid in gone)}); kør kkinvest export igen",
            )
        )
    return findings
