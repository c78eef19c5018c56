"""The totals rows of a proposal's Tabel 1, computed from its lines.

    samlet varig ændring               = sum of the permanent lines
    samlede implementeringsomkostninger = sum of the implementation lines
    samlet økonomisk påvirkning          = the two added

Memo lines (printed for information only) count in none of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from kkinvest.model import Line, Proposal, Section
from kkinvest.money import ZERO, add_series


def sum_by_year(lines: Iterable[Line]) -> dict[int, Decimal]:
    """Per year, the sum of the lines that have a value that year (years with none are absent)."""
    return add_series(line.values for line in lines)


class Totals(NamedTuple):
    years: tuple[int, ...]
    permanent: dict[int, Decimal]
    implementation: dict[int, Decimal]
    impact: dict[int, Decimal]

    @property
    def last_year(self) -> int | None:
        return self.years[-1] if self.years else None

    @property
    def full_phase_in_saving(self) -> Decimal:
        """Saving at full phase-in: minus the net permanent change in the table's last year."""
        if not self.permanent or self.last_year is None:
            return ZERO
        return -self.permanent.get(self.last_year, ZERO)

    @property
    def investment(self) -> Decimal:
        """All implementation costs, including lines left out of payback."""
        return sum(self.implementation.values(), ZERO)


def proposal_totals(proposal: Proposal) -> Totals:
    counted = [line for line in proposal.lines if line.counts]
    permanent = sum_by_year(line for line in counted if line.section is Section.PERMANENT)
    implementation = sum_by_year(line for line in counted if line.section is Section.IMPLEMENTATION)
    years = tuple(sorted(set(permanent) | set(implementation)))
    impact = {
        year: permanent.get(year, ZERO) + implementation.get(year, ZERO)
        for year in years
        if year in permanent or year in implementation
    }
    return Totals(years, permanent, implementation, impact)
