"""The pool overview's printed figures against those computed from the proposals.

Worked (seed 000, Tabel 2): anlæg is printed 25,6; the exact amounts add to 26.085 = 26,1 mio. kr.
(the printed rows to 26,2): a fejl "dokumentet 25,6, beregnet 26,1".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from kkinvest.calc.checks.base import (
    Finding,
    Severity,
    Value,
    literal,
)
from kkinvest.calc.pools import Discrepancy, Overview, RoundingNote, overview, reconcile
from kkinvest.model import (
    MISSING,
    Pool,
    PoolName,
    Proposal,
)
from kkinvest.money import round_half_away


def check_pool(
    ov: Overview, found: Sequence[Discrepancy], notes: Sequence[RoundingNote]
) -> list[Finding]:
    """The pool overview's printed figures against the computed ones (as `kkinvest pool`).

    Worked (seed 000): Tabel 2 gives BC02 a payback of 4 years where the rule gives 5: an
    error; Tabel 1's 97,5 against rows adding to 97,6 is the rounded exact sum: a note."""
    subject = f"Puljeoversigt, budget {ov.budget}"
    result = []
    for d in found:
        stated, computed = _decimal(d.printed), _decimal(d.computed)
        message = "det trykte tal stemmer ikke med det beregnede"
        figures: tuple[Decimal, ...] = ()
        if d.printed_rows is not None:
            message += " (de trykte rækker summer til {0})"
            figures = (round_half_away(d.printed_rows, 1),)
        if isinstance(d.printed, str) or isinstance(d.computed, str):
            message += f": trykt {literal(d.printed)}, beregnet {literal(d.computed)}"
        result.append(
            Finding(
                subject,
                Severity.ERROR,
                "pool",
                f"{d.table}, {d.row}, {d.column}",
                message,
                (Value(None, stated, computed),),
                figures,
            )
        )
    for n in notes:
        result.append(
            Finding(
                subject,
                Severity.NOTE,
                "pool-rounding",
                f"{n.table}, I alt, {n.column}",
                "de trykte rækker summer til {0}, men totalen {1} er den afrundede eksakte sum "
                "(en afrundingsdifference)",
                figures=(round_half_away(n.printed_rows, 1), round_half_away(n.total, 1)),
            )
        )
    return result


def _decimal(value: Decimal | int | str | None) -> Decimal | None:
    if isinstance(value, int):
        return Decimal(value)
    return value if isinstance(value, Decimal) else None


def check_overview(ov: Overview, pool: Pool) -> list[Finding]:
    found, notes = reconcile(ov, pool)
    return check_pool(ov, found, notes)


def check_pools(proposals: Iterable[Proposal], budget: int, pool: Pool) -> list[Finding]:
    """One budget year's pool overview against the proposals, as `check_overview`; where a
    proposal of that year gives no pool, or asks a pool and gives no committee, the overview
    cannot be computed: one note names them (each proposal's own warning says what to fill
    in), and the overview is not compared.

    Worked: BC06 of budget 2023 without `committee`: "Puljeoversigt, budget 2023" gets the note
    "ikke kontrolleret: ...; BC06 har intet udvalg (committee)"."""
    chosen = [p for p in proposals if p.budget == budget]
    missing = [
        f"{p.id} har {MISSING[field].none} ({field})"
        for p in chosen
        for field in ("pool", "committee")
        if getattr(p, field) is None
        and (field == "pool" or p.pool in (PoolName.INVESTMENT, PoolName.INNOVATION))
    ]
    if missing:
        return [
            Finding(
                f"Puljeoversigt, budget {budget}",
                Severity.NOTE,
                "pool-unchecked",
                "Tabel 1-3",
                "ikke kontrolleret: puljeoversigten skal bruge hvert forslags pulje og udvalg; "
                + ", ".join(missing),
            )
        ]
    return check_overview(overview(chosen, budget, pool), pool)
