"""The pools as an account (investeringspuljerne): set aside, granted, reserved, returned, and
what remains, line by line, at one price level, reconciled against the balances the committee
papers print ("Der resterer 208,7 mio. kr.").

The lines come from three places:
- the account's own entries (`[[ledger]]`: set aside, reserved, released, returned, an opening
  balance, a printed balance), each dated or placed in a round;
- the decisions (`[[decision]]`): each grant is drawn in its round;
- the follow-up: a proposal reported with a status that returns the money not spent
  (annulleret) gives back what was granted minus what it spent, on the report's date;
and the pool files' printed "Der resterer" before each budget round (both pools together).

Rules:
1. Lines in date order; a line with a round and no date is placed on the round's date
   (ROUND_DATES); on one date, balances printed before the round come first.
2. A printed balance with nothing before it opens the account; any later one is compared:
   the computed balance and the printed one are both shown, and they differ where the two,
   in mio. kr. with one decimal, are not the same.
3. Every amount is converted to one price level with the price index before it is added;
   amounts of different levels are never added without one.
4. With one pool chosen, lines that hold both pools together (a pool file's "Der resterer")
   cannot be split: they are left out and listed.

Worked (a pool over three years, two rounds each): set aside 450 in 2016, 2017 and 2018;
granted 100 and 150 (2016), 200 and 50 (2017), 300 and 80 (2018); remaining after each year
200, 400 and 470 mio. kr.

Pure: no I/O.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import NamedTuple

from kkinvest.calc.prices import PriceIndex, PriceLevelProblem
from kkinvest.model import Pool, PoolName, Proposal
from kkinvest.model_followup import FollowUp, FollowUpBook, LedgerEntry, round_date
from kkinvest.money import THOUSAND, ZERO, to_millions
from kkinvest.registry.statuses import Statuses

SIGNS = {
    "opening": Decimal(0),
    "set_aside": Decimal(1),
    "granted": Decimal(-1),
    "reserved": Decimal(-1),
    "released": Decimal(1),
    "returned": Decimal(1),
    "printed": Decimal(0),
}
"""How each kind of line moves the balance (an opening or printed balance moves nothing)."""

ORDER = {"opening": 0, "printed": 0, "set_aside": 1, "released": 2, "returned": 2}
"""On one date: balances as printed before the round's movements."""


class LedgerLine(NamedTuple):
    date: datetime.date
    round: str | None
    kind: str
    text: str
    pool: PoolName | None
    amount: Decimal  # as given, in `price_level`, 1.000 kr.
    price_level: int
    source: str | None = None
    converted: Decimal = ZERO  # in the ledger's price level
    balance: Decimal = ZERO  # after this line
    differs: bool = False  # a printed balance the computed one does not match


class Ledger(NamedTuple):
    pool: PoolName | None
    price_level: int
    lines: tuple[LedgerLine, ...]
    left_out: tuple[LedgerLine, ...]

    def total(self, kind: str) -> Decimal:
        return sum((line.converted for line in self.lines if line.kind == kind), ZERO)

    @property
    def remaining(self) -> Decimal:
        return self.lines[-1].balance if self.lines else ZERO

    @property
    def differences(self) -> list[LedgerLine]:
        return [line for line in self.lines if line.differs]

    @property
    def lowest(self) -> LedgerLine | None:
        """The line after which the balance is lowest, if it goes below zero."""
        below = [line for line in self.lines if line.balance < 0]
        return min(below, key=lambda line: line.balance) if below else None


def entry_line(entry: LedgerEntry, source: str | None = None) -> LedgerLine:
    amount = entry.amount * THOUSAND if entry.unit == "mio. kr." else entry.amount
    when = entry.date or round_date(entry.round or "")
    text = entry.text or ""
    return LedgerLine(
        when,
        entry.round,
        entry.kind,
        text,
        entry.pool,
        amount,
        entry.price_level,
        entry.source or source,
    )


def grant_lines(proposals: Iterable[Proposal], book: FollowUpBook) -> list[LedgerLine]:
    """Each decision's grant per pool, drawn in its round."""
    by_id = {p.id.casefold(): p for p in proposals}
    lines = []
    for decision, _ in book.decisions:
        proposal = by_id.get(decision.id.casefold())
        level = decision.price_level or (proposal.price_level if proposal else None)
        if level is None:
            raise PriceLevelProblem(f"{decision.id}: bevillingen har intet pris- og lønniveau")
        title = f"{decision.id} {proposal.title}" if proposal else decision.id
        for pool, amount in decision.amounts.items():
            lines.append(
                LedgerLine(
                    decision.date or round_date(decision.round),
                    decision.round,
                    "granted",
                    title,
                    pool,
                    amount,
                    level,
                    decision.source,
                )
            )
    return lines


def returned_lines(
    proposals: Iterable[Proposal], book: FollowUpBook, statuses: Statuses
) -> list[LedgerLine]:
    """What a cancelled proposal gives back: granted minus spent, per pool in proportion to
    the grant, on the date of the report that cancels it."""
    lines = []
    for proposal in proposals:
        reports = book.reports_for(proposal.id)
        decisions = book.decisions_for(proposal.id)
        if not reports or not decisions:
            continue
        latest = reports[-1]
        status = statuses.find(latest.status)
        if status is None or not status.returns_unspent:
            continue
        granted = {p: ZERO for d in decisions for p in d.amounts}
        for decision in decisions:
            for pool, amount in decision.amounts.items():
                granted[pool] += amount
        total = sum(granted.values(), ZERO)
        spent = sum(_merged_spent(reports).values(), ZERO)
        back = total - spent
        if back <= 0 or total <= 0:
            continue
        level = decisions[-1].price_level or proposal.price_level
        if level is None:
            raise PriceLevelProblem(f"{proposal.id}: bevillingen har intet pris- og lønniveau")
        for pool, amount in granted.items():
            lines.append(
                LedgerLine(
                    latest.reported,
                    None,
                    "returned",
                    f"{proposal.id} {status.title.lower()}: ubrugt bevilling",
                    pool,
                    back * amount / total,
                    level,
                    latest.source,
                )
            )
    return lines


def _merged_spent(reports: list[FollowUp]) -> dict[int, Decimal]:
    result: dict[int, Decimal] = {}
    for report in reports:
        result.update(report.spent)
    return result


def printed_pool_lines(pools: Mapping[int, Pool]) -> list[LedgerLine]:
    """Each pool file's "Der resterer" (mio. kr., both pools), before its budget round."""
    return [
        LedgerLine(
            round_date(f"budget {budget}"),
            f"budget {budget}",
            "printed",
            f"»Der resterer« ({pool.source or f'puljefilen for budget {budget}'})",
            None,
            pool.remaining * THOUSAND,
            pool.price_level,
            pool.source,
        )
        for budget, pool in sorted(pools.items())
    ]


def compute_ledger(
    lines: Iterable[LedgerLine],
    pool: PoolName | None = None,
    price_level: int | None = None,
    index: PriceIndex | None = None,
) -> Ledger:
    """The account of `pool` (None: both pools together) at `price_level` (default: the
    newest level among the lines)."""
    chosen: list[LedgerLine] = []
    left_out: list[LedgerLine] = []
    for line in lines:
        if pool is None or line.pool is pool:
            chosen.append(line)
        elif line.pool is None:  # both pools together: cannot be split
            left_out.append(line)
    chosen.sort(key=lambda line: (line.date, ORDER.get(line.kind, 3)))
    level = price_level or max((line.price_level for line in chosen), default=0)
    result: list[LedgerLine] = []
    balance = ZERO
    for number, line in enumerate(chosen):
        converted = line.amount * _factor(line.price_level, level, index)
        if line.kind == "opening" or (line.kind == "printed" and number == 0):
            balance = converted
            line = line._replace(kind="opening")
            differs = False
        elif line.kind == "printed":
            differs = to_millions(balance) != to_millions(converted)
        else:
            balance += SIGNS[line.kind] * converted
            differs = False
        result.append(line._replace(converted=converted, balance=balance, differs=differs))
    return Ledger(pool, level, tuple(result), tuple(left_out))


def _factor(from_year: int, to_year: int, index: PriceIndex | None) -> Decimal:
    if from_year == to_year:
        return Decimal(1)
    if index is None:
        raise PriceLevelProblem(
            f"beløb i {from_year} p/l og {to_year} p/l: angiv et prisindeks (--index)"
        )
    return index.factor(from_year, to_year)


def account_lines(
    proposals: Iterable[Proposal],
    book: FollowUpBook,
    pools: Mapping[int, Pool],
    statuses: Statuses,
) -> list[LedgerLine]:
    """Every line of the account: its own entries, the grants, what cancelled proposals give
    back, and the pool files' printed balances."""
    proposals = list(proposals)
    return [
        *(entry_line(entry, source) for entry, source in book.entries),
        *grant_lines(proposals, book),
        *returned_lines(proposals, book, statuses),
        *printed_pool_lines(pools),
    ]
