"""The risk reserve (risikoreserve): the expected value of a proposal's costed risks, added to
the investment.

A risk has a probability p (%) and a three-point estimate (low, likely, high; 1.000 kr.) of what
it costs in each of its years if it happens. Its expected cost in each of those years is

    p / 100 x (low + likely + high) / 3

(the mean of a triangular distribution over the three points). The reserve is the sum, placed
in the years the risks fall. A cost and a saving that falls short lower the result alike, in
the same year, so both go into the reserve, and payback and the present value count the
reserve as investment (in its years), beside the figures without it.

Worked (three risks, in the tests): licence prices, 50 %, 200 / 300 / 700 a year in 2025-2028:
0,5 x 400 = 200 a year, 800 in all; a delayed development, 30 %, 500 / 1.000 / 1.500 in 2024:
300; fewer processes automated, 20 %, 1.000 / 2.000 / 3.000 of the saving in 2026: 400. The
reserve is 1.500: 300 (2024), 200 (2025), 600 (2026), 200 (2027), 200 (2028).

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from kkinvest.calc.npv import HUNDRED, Flows
from kkinvest.model import Proposal, Risk
from kkinvest.money import ZERO

THREE = Decimal(3)


@dataclass(frozen=True)
class RiskValue:
    risk: Risk
    mean: Decimal  # (low + likely + high) / 3, a year
    expected: Decimal  # probability x mean, a year

    @property
    def total(self) -> Decimal:
        return self.expected * len(self.risk.years)


@dataclass(frozen=True)
class Reserve:
    risks: tuple[RiskValue, ...]
    by_year: Mapping[int, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.by_year.values(), ZERO)


def valued(risk: Risk) -> RiskValue:
    mean = (risk.low + risk.likely + risk.high) / THREE
    return RiskValue(risk, mean, risk.probability / HUNDRED * mean)


def reserve(proposal: Proposal) -> Reserve | None:
    """The risk reserve of `proposal`, or None without costed risks."""
    if not proposal.risks:
        return None
    values = tuple(valued(risk) for risk in proposal.risks)
    by_year: dict[int, Decimal] = {}
    for value in values:
        for year in value.risk.years:
            by_year[year] = by_year.get(year, ZERO) + value.expected
    return Reserve(values, dict(sorted(by_year.items())))


def with_reserve(f: Flows, found: Reserve) -> Flows:
    """Cash flows `f` with the reserve added to the investment in its years (år 1 moves to
    the reserve's first year if that comes before the first implementation cost)."""
    investment = dict(f.investment)
    for year, value in found.by_year.items():
        investment[year] = investment.get(year, ZERO) + value
    years = [year for year, value in investment.items() if value != 0]
    return replace(f, investment=investment, first=min(years) if years else f.first)
