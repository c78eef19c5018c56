"""Prioritise the applications against the money left in the pools (`kkinvest pool --rank`).

The applications of one budget year (Tabel 2 and Tabel 3: every implementation line, as the
overview counts what is asked) are ordered by payback (shortest first; none last) or by present
value (highest first); ties by the amount asked (smallest first), then by number. Going down
the list, the amount asked is added up; the line is drawn before the first application the
money left no longer covers. Everything after the line is below it, even a small application
that would fit on its own: the line is where the money runs out in the order chosen, not a
packing of the pool.

An application the pool file says is outside the pool's criteria (BC07 in 2023) is not
ranked: it is listed apart.

Worked (budget 2023, by payback): BC08 (4 år, 673), BC02 (5 år, 2.250), BC03 (5 år, 5.550),
BC05 (6 år, 3.275), BC01, BC06 (6 år), BC11 (13 år), then the innovation proposals (no
payback) by amount: BC09, BC10, BC04. With 208,7 mio. kr. left all 86,1 mio. kr. fit. With
10,0 left: 673 + 2.250 + 5.550 = 8.473; BC05 would make 11.748 > 10.000, so the line is drawn
after BC03.

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from kkinvest.calc.npv import Schedule
from kkinvest.calc.pools import Overview
from kkinvest.model import PoolName, Proposal
from kkinvest.money import ZERO


class RankBy(StrEnum):
    PAYBACK = "payback"
    NPV = "npv"


class Ranked(NamedTuple):
    rank: int
    proposal: Proposal
    pool: PoolName
    asked: Decimal  # 1.000 kr.
    payback: int | None
    npv: Decimal | None
    cumulative: Decimal
    within: bool  # above the line: the money left covers it and everything before it


def present_values(
    proposals: Iterable[Proposal], schedules: Sequence[Schedule]
) -> dict[str, Decimal]:
    """Each proposal's present value as `kkinvest npv` gives it (service basis, every
    implementation line, 10 years, the discount schedule of its budget year)."""
    from kkinvest.calc.npv import flows, schedule_for, value_of

    return {p.id: value_of(flows(p), schedule_for(p.budget, schedules)).value for p in proposals}


def ranking(
    ov: Overview,
    by: RankBy,
    remaining: Decimal | None,
    npvs: Mapping[str, Decimal] | None = None,
    outside: Collection[str] = (),
) -> list[Ranked]:
    """The applications of `ov` (but those `outside` the criteria) in order, each marked above
    or below the line (with no money left known, every one is above it)."""
    npvs = npvs or {}
    rows = [
        (r.proposal, PoolName.INVESTMENT, r.service + r.capital, r.payback)
        for r in ov.investment
        if r.proposal.id not in outside
    ]
    rows += [
        (r.proposal, PoolName.INNOVATION, r.amount, None)
        for r in ov.innovation
        if r.proposal.id not in outside
    ]

    def key(row: tuple[Proposal, PoolName, Decimal, int | None]) -> tuple[object, ...]:
        proposal, _, asked, payback = row
        if by is RankBy.PAYBACK:
            first: tuple[object, ...] = (payback is None, payback or 0)
        else:
            value = npvs.get(proposal.id)
            first = (value is None, -(value or ZERO))
        return (*first, asked, proposal.id)

    result = []
    cumulative = ZERO
    open_line = True
    for number, (proposal, pool, asked, payback) in enumerate(sorted(rows, key=key), start=1):
        cumulative += asked
        open_line = open_line and (remaining is None or cumulative <= remaining)
        result.append(
            Ranked(
                number,
                proposal,
                pool,
                asked,
                payback,
                npvs.get(proposal.id),
                cumulative,
                open_line,
            )
        )
    return result
