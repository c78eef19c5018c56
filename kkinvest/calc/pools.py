"""The pool overview Center for Økonomi puts before the politicians (Tabel 1, 2 and 3).

Computed from the proposals of one budget year, in thousands of kroner; shown in mio. kr. with
one decimal, where a total is the rounded exact sum, not the sum of rounded rows ("der kan
forekomme afrundingsdifferencer").

- Tabel 2, the investment pool: per proposal the service and anlæg investment (every
  implementation line, also those left out of payback), the permanent savings at full phase-in
  (the table's last year) in service and in overførsler, and the payback.
- Tabel 3, the innovation pool: per proposal the amount asked.
- Tabel 1, per committee: the number of investment (innovation) proposals, all investment asked
  from both pools, and the service savings at full phase-in.

`reconcile` lists every printed figure of the overview that differs from the computed one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import NamedTuple

from kkinvest.calc.payback import compute_payback
from kkinvest.model import Area, Pool, PoolName, Proposal, Section
from kkinvest.money import THOUSAND, ZERO, to_millions


class InvestmentRow(NamedTuple):
    proposal: Proposal
    service: Decimal
    capital: Decimal
    savings_service: Decimal
    savings_transfers: Decimal
    payback: int | None


class InnovationRow(NamedTuple):
    proposal: Proposal
    amount: Decimal


class CommitteeRow(NamedTuple):
    committee: str
    investment_count: int
    innovation_count: int
    investment: Decimal
    savings: Decimal


class Overview(NamedTuple):
    budget: int
    investment: tuple[InvestmentRow, ...]  # Tabel 2
    innovation: tuple[InnovationRow, ...]  # Tabel 3
    committees: tuple[CommitteeRow, ...]  # Tabel 1
    remaining: Decimal | None  # left in the pools before the applications (thousands)

    def total(self, column: str) -> Decimal:
        """Exact total of a Tabel 2 column."""
        return sum((getattr(row, column) for row in self.investment), ZERO)

    @property
    def innovation_total(self) -> Decimal:
        return sum((row.amount for row in self.innovation), ZERO)

    @property
    def asked(self) -> Decimal:
        """All money asked from the pools (thousands)."""
        return sum((row.investment for row in self.committees), ZERO)

    @property
    def left_after(self) -> Decimal | None:
        return None if self.remaining is None else self.remaining - self.asked


def _implementation(proposal: Proposal, area: Area | None = None) -> Decimal:
    return sum(
        (
            sum(line.values.values(), ZERO)
            for line in proposal.lines
            if line.section is Section.IMPLEMENTATION
            and line.counts
            and (area is None or line.area is area)
        ),
        ZERO,
    )


def _full_phase_in_saving(proposal: Proposal, area: Area) -> Decimal:
    """Minus the permanent change in `area` in the table's last year."""
    permanent = [
        line
        for line in proposal.lines
        if line.section is Section.PERMANENT and line.counts and line.area is area
    ]
    last = max((year for line in proposal.lines if line.counts for year in line.values), default=0)
    return -sum((line.value(last) for line in permanent), ZERO)


def investment_row(proposal: Proposal) -> InvestmentRow:
    return InvestmentRow(
        proposal,
        service=_implementation(proposal, Area.SERVICE),
        capital=_implementation(proposal, Area.CAPITAL),
        savings_service=_full_phase_in_saving(proposal, Area.SERVICE),
        savings_transfers=_full_phase_in_saving(proposal, Area.TRANSFERS),
        payback=compute_payback(proposal).years,
    )


def overview(proposals: Iterable[Proposal], budget: int, pool: Pool | None) -> Overview:
    """The overview of one budget year's applications to the pools."""
    chosen = sorted((p for p in proposals if p.budget == budget), key=lambda p: p.id)
    investment = tuple(investment_row(p) for p in chosen if p.known_pool is PoolName.INVESTMENT)
    innovation = tuple(
        InnovationRow(p, _implementation(p)) for p in chosen if p.known_pool is PoolName.INNOVATION
    )
    committees = sorted(
        {r.proposal.proposing_committee for r in investment}
        | {r.proposal.proposing_committee for r in innovation}
    )
    rows = []
    for code in committees:  # alphabetical, as the overview prints them (ØU sorts last)
        mine = [r for r in investment if r.proposal.committee == code]
        theirs = [r for r in innovation if r.proposal.proposing_committee == code]
        rows.append(
            CommitteeRow(
                code,
                len(mine),
                len(theirs),
                sum((r.service + r.capital for r in mine), ZERO)
                + sum((r.amount for r in theirs), ZERO),
                sum((r.savings_service for r in mine), ZERO),
            )
        )
    remaining = None if pool is None else pool.remaining * THOUSAND
    return Overview(budget, investment, innovation, tuple(rows), remaining)


class Discrepancy(NamedTuple):
    """A printed figure of the overview that differs from the computed one."""

    table: str  # "Tabel 1", "Tabel 2", "Tabel 3", "Tekst"
    row: str  # committee, proposal id, or "I alt"
    column: str  # as the overview heads it
    printed: Decimal | int | str | None  # mio. kr.; int for years; str for counts ("2 (1)")
    computed: Decimal | int | str | None
    printed_rows: Decimal | None = None  # for totals: the sum of the printed rows


class RoundingNote(NamedTuple):
    """A printed total that is right although its printed rows add up to something else."""

    table: str
    column: str
    total: Decimal
    printed_rows: Decimal


TABEL_2_COLUMNS = {
    "service": "Investeringer, service",
    "capital": "Investeringer, anlæg",
    "savings_service": "Varige effektiviseringer, service",
    "savings_transfers": "Varige effektiviseringer, overførsler mv.",
}


COUNT = "Antal (innovationsforslag)"


def count_text(investment: int, innovation: int) -> str:
    """Tabel 1's count as printed: '2 (1)', '(1)' or '3'."""
    parts = [str(investment)] if investment or not innovation else []
    if innovation:
        parts.append(f"({innovation})")
    return " ".join(parts)


def _mio(thousands: Decimal) -> Decimal:
    return to_millions(thousands)


def _compare_total(
    found: list[Discrepancy],
    notes: list[RoundingNote],
    table: str,
    column: str,
    printed: Decimal,
    exact: Decimal,
    printed_rows: Sequence[Decimal],
) -> None:
    rows_sum = sum(printed_rows, ZERO)
    computed = _mio(exact)
    if printed != computed:
        found.append(Discrepancy(table, "I alt", column, printed, computed, rows_sum))
    elif printed_rows and rows_sum != printed:
        notes.append(RoundingNote(table, column, printed, rows_sum))


def reconcile(ov: Overview, pool: Pool) -> tuple[list[Discrepancy], list[RoundingNote]]:
    """Every printed figure of the overview against the computed one."""
    found: list[Discrepancy] = []
    notes: list[RoundingNote] = []
    if pool.stated_asked is not None and pool.stated_asked != _mio(ov.asked):
        found.append(
            Discrepancy("Tekst", "I alt", "Indkomne forslag", pool.stated_asked, _mio(ov.asked))
        )
    if pool.tabel_2 is not None:
        mine = {row.proposal.id: row for row in ov.investment}
        for pid, printed in pool.tabel_2.rows.items():
            row = mine.get(pid)
            if row is None:
                found.append(Discrepancy("Tabel 2", pid, "Forslag", None, None))
                continue
            for column, label in TABEL_2_COLUMNS.items():
                computed = _mio(getattr(row, column))
                if getattr(printed, column) != computed:
                    found.append(
                        Discrepancy("Tabel 2", pid, label, getattr(printed, column), computed)
                    )
            if printed.payback != row.payback:
                found.append(
                    Discrepancy(
                        "Tabel 2",
                        pid,
                        "Tilbagebetalingstid, år",
                        printed.payback,
                        row.payback,
                    )
                )
        for pid in mine.keys() - pool.tabel_2.rows.keys():
            found.append(Discrepancy("Tabel 2", pid, "Forslag", None, None))
        for column, label in TABEL_2_COLUMNS.items():
            _compare_total(
                found,
                notes,
                "Tabel 2",
                label,
                getattr(pool.tabel_2.total, column),
                ov.total(column),
                [getattr(r, column) for r in pool.tabel_2.rows.values()],
            )
    if pool.tabel_3 is not None:
        theirs = {row.proposal.id: row for row in ov.innovation}
        for pid, printed3 in pool.tabel_3.rows.items():
            amount = _mio(theirs[pid].amount) if pid in theirs else None
            if printed3.amount != amount:
                found.append(
                    Discrepancy(
                        "Tabel 3", pid, "Innovationspulje (service)", printed3.amount, amount
                    )
                )
        _compare_total(
            found,
            notes,
            "Tabel 3",
            "Innovationspulje (service)",
            pool.tabel_3.total,
            ov.innovation_total,
            [r.amount for r in pool.tabel_3.rows.values()],
        )
    if pool.tabel_1 is not None:
        by_code = {row.committee: row for row in ov.committees}
        for code, printed1 in pool.tabel_1.rows.items():
            row1 = by_code.get(code)
            printed_count = count_text(printed1.investment_count, printed1.innovation_count)
            count = count_text(row1.investment_count, row1.innovation_count) if row1 else "0"
            if printed_count != count:
                found.append(Discrepancy("Tabel 1", code, COUNT, printed_count, count))
            for column, label in (
                ("investment", "Investering i alt"),
                ("savings", "Effektiviseringer ved fuld indfasning, service"),
            ):
                computed = _mio(getattr(row1, column)) if row1 else ZERO
                if getattr(printed1, column) != computed:
                    found.append(
                        Discrepancy("Tabel 1", code, label, getattr(printed1, column), computed)
                    )
        total = pool.tabel_1.total
        printed_count = count_text(total.investment_count, total.innovation_count)
        count = count_text(
            sum(r.investment_count for r in ov.committees),
            sum(r.innovation_count for r in ov.committees),
        )
        if printed_count != count:
            found.append(Discrepancy("Tabel 1", "I alt", COUNT, printed_count, count))
        for column, label in (
            ("investment", "Investering i alt"),
            ("savings", "Effektiviseringer ved fuld indfasning, service"),
        ):
            _compare_total(
                found,
                notes,
                "Tabel 1",
                label,
                getattr(total, column),
                sum((getattr(r, column) for r in ov.committees), ZERO),
                [getattr(r, column) for r in pool.tabel_1.rows.values()],
            )
    return found, notes
