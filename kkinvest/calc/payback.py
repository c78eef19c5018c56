"""Payback time (tilbagebetalingstid), by the rule of the municipality's templates.

1. Investment = the implementation lines, service and anlæg, minus lines the document leaves out
   of payback (`in_payback = false`, e.g. BC06's grundinvestering). Memo lines never count.
2. Year 1 is the first year with an implementation cost, not the table's first column.
3. Each year's saving is minus that year's permanent net change; after the table's last year,
   the last year's value continues unchanged.
4. Payback is the number of the first year in which the cumulative saving reaches the
   investment. If it never does, there is no payback (and we stop at a horizon, never loop).
5. "Serviceeffektivisering" counts only permanent lines in area service; "totaløkonomi" counts
   every permanent line.

Worked (BC06): investment 4.600 + 3.300 + 800 = 8.700, savings 0, 0, 0, 3.000, 3.000, 3.000
from 2023: cumulative 9.000 in 2028 >= 8.700, so 6 years (2028).
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from kkinvest.calc.totals import sum_by_year
from kkinvest.model import Area, Line, Proposal, Section
from kkinvest.money import ZERO

HORIZON = 100
"""Years looked ahead before giving up on a payback that has not come."""


class Basis(StrEnum):
    SERVICE = "service"  # baseret på serviceeffektivisering
    TOTAL = "total"  # baseret på totaløkonomi


class NoPayback(StrEnum):
    """Why a proposal has no payback figure."""

    NO_PERMANENT_CHANGE = "no_permanent_change"  # e.g. an innovation proposal
    NO_INVESTMENT = "no_investment"  # savings without an investment to pay back
    NEVER = "never"  # the savings never cover the investment
    HORIZON = "horizon"  # not within HORIZON years


class PaybackYear(NamedTuple):
    number: int  # år 1, 2, ...
    year: int
    investment: Decimal
    cumulative_investment: Decimal
    saving: Decimal
    cumulative_saving: Decimal
    extrapolated: bool  # after the table's last year: the last year's value, continued

    @property
    def balance(self) -> Decimal:
        return self.cumulative_saving - self.cumulative_investment


class Payback(NamedTuple):
    basis: Basis
    investment: Decimal
    counted: tuple[Line, ...]  # implementation lines in the investment
    left_out: tuple[Line, ...]  # lines the document leaves out of payback
    table: tuple[PaybackYear, ...]
    years: int | None  # the payback time in years, or None
    reason: NoPayback | None  # why there is none
    horizon: int = HORIZON

    @property
    def first_year(self) -> int | None:
        return self.table[0].year if self.table else None

    @property
    def year(self) -> int | None:
        """The calendar year in which the proposal has paid back."""
        if self.years is None or self.first_year is None:
            return None
        return self.first_year + self.years - 1


def _permanent_lines(proposal: Proposal, basis: Basis, all_lines: bool) -> list[Line]:
    return [
        line
        for line in proposal.lines
        if line.section is Section.PERMANENT
        and line.counts
        and (line.in_payback or all_lines)
        and (basis is Basis.TOTAL or line.area is Area.SERVICE)
    ]


def compute_payback(
    proposal: Proposal,
    basis: Basis = Basis.SERVICE,
    *,
    all_lines: bool = False,
    horizon: int = HORIZON,
) -> Payback:
    """The payback of `proposal`; `all_lines` counts lines marked `in_payback = false` too."""
    implementation = [
        line for line in proposal.lines if line.section is Section.IMPLEMENTATION and line.counts
    ]
    counted = tuple(line for line in implementation if line.in_payback or all_lines)
    left_out = tuple(line for line in proposal.lines if line.counts and not line.in_payback)
    if all_lines:
        left_out = ()
    permanent = _permanent_lines(proposal, basis, all_lines)
    investment = sum((sum(line.values.values(), ZERO) for line in counted), ZERO)

    def result(table: list[PaybackYear], years: int | None, reason: NoPayback | None) -> Payback:
        return Payback(basis, investment, counted, left_out, tuple(table), years, reason, horizon)

    if not any(line.section is Section.PERMANENT and line.counts for line in proposal.lines):
        return result([], None, NoPayback.NO_PERMANENT_CHANGE)
    invest_years = sorted(
        year for line in counted for year, value in line.values.items() if value != 0
    )
    if investment <= 0 or not invest_years:
        return result([], None, NoPayback.NO_INVESTMENT)

    first = invest_years[0]
    last = max(year for line in (*counted, *permanent) for year in line.values)
    spent = sum_by_year(counted)
    saved = sum_by_year(permanent)
    table: list[PaybackYear] = []
    for number in range(1, horizon + 1):
        row = _row(number, first + number - 1, table, spent, saved, last)
        table.append(row)
        if row.cumulative_saving >= investment:
            while table[-1].year < last:  # show the rest of the document's table too
                table.append(_row(len(table) + 1, table[-1].year + 1, table, spent, saved, last))
            return result(table, number, None)
        if row.year >= last and row.saving <= 0:  # constant from here on: it never pays back
            return result(table, None, NoPayback.NEVER)
    return result(table[: max(last - first + 1, 1)], None, NoPayback.HORIZON)


def _row(
    number: int,
    year: int,
    before: list[PaybackYear],
    spent: dict[int, Decimal],
    saved: dict[int, Decimal],
    last: int,
) -> PaybackYear:
    """Year `number` of the payback table; past the table's last year its value continues."""
    investment = spent.get(year, ZERO)
    saving = -saved.get(min(year, last), ZERO)
    previous_investment = before[-1].cumulative_investment if before else ZERO
    previous_saving = before[-1].cumulative_saving if before else ZERO
    return PaybackYear(
        number,
        year,
        investment,
        previous_investment + investment,
        saving,
        previous_saving + saving,
        extrapolated=year > last,
    )
