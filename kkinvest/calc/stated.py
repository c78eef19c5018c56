"""Compare the figures a document prints (`[stated]`) with those that follow from its lines.

Never used to compute anything: the computed figure is the answer, the stated one is shown
beside it where they differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kkinvest.calc.payback import Basis, Payback
from kkinvest.calc.totals import Totals
from kkinvest.labels import PAYBACK_ROWS, TOTAL_ROWS
from kkinvest.model import Proposal
from kkinvest.money import ZERO


@dataclass(frozen=True)
class Difference:
    field: str  # e.g. "total_impact" or "payback_service"
    label: str  # the row as the document names it
    year: int | None  # None for a payback
    stated: Decimal | None
    computed: Decimal | None


def total_differences(proposal: Proposal, totals: Totals) -> list[Difference]:
    """Per totals row and year, where the printed total differs from the sum of the lines."""
    found = []
    for field, label in TOTAL_ROWS.items():
        stated = getattr(proposal.stated, field)
        if stated is None:
            continue
        computed: dict[int, Decimal] = getattr(totals, field.removeprefix("total_"))
        for year in sorted(set(stated) | set(computed)):
            printed, summed = stated.get(year, ZERO), computed.get(year, ZERO)
            if printed != summed:
                found.append(Difference(field, label, year, printed, summed))
    return found


def payback_differences(proposal: Proposal, paybacks: dict[Basis, Payback]) -> list[Difference]:
    """Where the printed payback differs from the rule's (None where the rule gives none)."""
    found = []
    for basis, payback in paybacks.items():
        stated = getattr(proposal.stated, f"payback_{basis.value}")
        if stated is None or stated == payback.years:
            continue
        computed = None if payback.years is None else Decimal(payback.years)
        found.append(
            Difference(
                f"payback_{basis.value}", PAYBACK_ROWS[basis], None, Decimal(stated), computed
            )
        )
    return found
