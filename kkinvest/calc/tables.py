"""The technical tables for Kvantum (Tabel A, B and C), as pure functions of a proposal.

Per year, over the 11 Kvantum rows:

- Tabel A, Måltalseffekt: the net permanent change, split by the key.
- Tabel B, Bevillingsmæssig effekt – hvis forslaget indarbejdes: every line its own way: savings
  (and costs the administrations pay themselves) by the key, other costs at the row that
  carries them. Total = the net change.
- Tabel C, Bevillingsmæssig effekt – hvis forslaget ikke indarbejdes: the costs at their row,
  minus the same costs split by the key. Total = 0.

Splits use the largest-remainder method, so every column adds up exactly. A split the document
gives as fixed amounts is taken as given (Tabel A = Tabel B = the amounts; Tabel C is empty).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from kkinvest.calc.allocation import allocate_series
from kkinvest.calc.totals import sum_by_year
from kkinvest.model import Area, Line, Proposal, Section
from kkinvest.money import ZERO, add_series, as_decimal
from kkinvest.registry import Registry

_EXACT: ContextVar[bool] = ContextVar("exact", default=False)
"""Split at exact shares instead of whole thousands (see `tables(exact=True)`)."""

TITLES = {
    "A": "Tabel A. Måltalseffekt – hvis forslaget indarbejdes",
    "B": "Tabel B. Bevillingsmæssig effekt – hvis forslaget indarbejdes",
    "C": "Tabel C. Bevillingsmæssig effekt – hvis forslaget ikke indarbejdes",
}


class KvantumTable(NamedTuple):
    name: str  # "A", "B" or "C"
    years: tuple[int, ...]
    rows: dict[str, dict[int, Decimal]]  # every row, in the registry's order

    @property
    def title(self) -> str:
        return TITLES[self.name]

    @property
    def total(self) -> dict[int, Decimal]:
        return {
            year: sum((values.get(year, ZERO) for values in self.rows.values()), ZERO)
            for year in self.years
        }


def _years(proposal: Proposal) -> tuple[int, ...]:
    """Years in which some permanent line has a non-zero value."""
    return tuple(
        sorted(
            {
                year
                for line in _permanent(proposal)
                for year, value in line.values.items()
                if value != 0
            }
        )
    )


def _permanent(proposal: Proposal) -> list[Line]:
    return [line for line in proposal.lines if line.section is Section.PERMANENT and line.counts]


def _is_cost(line: Line) -> bool:
    return sum(line.values.values(), ZERO) > 0


def _cost_row(proposal: Proposal) -> str | None:
    """Where cost lines land: a row or a key's name, None for 'by the key'."""
    split = proposal.split
    if split is None or split.costs is None:
        return proposal.proposing_committee
    return None if split.costs == "key" else split.costs


def _own(proposal: Proposal) -> list[Line]:
    """Permanent lines with a split of their own (`split` on the line)."""
    return [line for line in _permanent(proposal) if line.split is not None]


def _by_proposal(proposal: Proposal) -> list[Line]:
    """Permanent lines split the proposal's way."""
    return [line for line in _permanent(proposal) if line.split is None]


Targets = Mapping[str, Mapping[str, Fraction]]
"""Shares per named key used as a target (`costs = "name"`, a line's `split = "name"`)."""


def _place(
    rows: dict[str, dict[int, Decimal]],
    series: Mapping[int, Decimal],
    target: str,
    shares: Mapping[str, Fraction],
    targets: Targets,
    years: tuple[int, ...],
) -> None:
    """Put `series` on a row, or split it by the proposal's key ("key") or a named key."""
    if target == "key":
        _add_split(rows, series, shares, years)
    elif target in rows:
        for year, amount in series.items():
            if year in years:
                _add(rows, target, year, amount)
    else:
        if target not in targets:
            raise ValueError(f"nøglen {target!r} er ikke slået op (giv tables() keys)")
        _add_split(rows, series, targets[target], years)


def _own_lines(
    rows: dict[str, dict[int, Decimal]],
    proposal: Proposal,
    shares: Mapping[str, Fraction],
    targets: Targets,
    years: tuple[int, ...],
) -> None:
    for line in _own(proposal):
        assert line.split is not None
        _place(rows, line.values, line.split, shares, targets, years)


def _empty(registry: Registry) -> dict[str, dict[int, Decimal]]:
    return {row: {} for row in registry.row_codes}


def _add(rows: dict[str, dict[int, Decimal]], row: str, year: int, amount: Decimal) -> None:
    rows[row][year] = rows[row].get(year, ZERO) + amount


def _add_split(
    rows: dict[str, dict[int, Decimal]],
    series: Mapping[int, Decimal],
    shares: Mapping[str, Fraction],
    years: tuple[int, ...],
) -> None:
    if _EXACT.get():
        for row, share in shares.items():
            for year in years:
                _add(rows, row, year, as_decimal(Fraction(series.get(year, ZERO)) * share))
        return
    split = allocate_series({year: series.get(year, ZERO) for year in years}, shares)
    for row, amounts in split.items():
        for year, amount in amounts.items():
            _add(rows, row, year, amount)


def _fixed(proposal: Proposal, registry: Registry) -> dict[str, dict[int, Decimal]] | None:
    if proposal.split is None or proposal.split.fixed is None:
        return None
    rows = _empty(registry)
    for row, values in proposal.split.fixed.items():
        rows[row] = dict(values)
    return rows


def tabel_a(
    proposal: Proposal,
    shares: Mapping[str, Fraction],
    registry: Registry,
    targets: Targets | None = None,
) -> KvantumTable:
    """Måltalseffekt: the net permanent change split by the key (`shares` per row); lines with
    a split of their own go their own way."""
    years = _years(proposal)
    fixed = _fixed(proposal, registry)
    if fixed is not None:
        return KvantumTable("A", years, fixed)
    rows = _empty(registry)
    _add_split(rows, sum_by_year(_by_proposal(proposal)), shares, years)
    _own_lines(rows, proposal, shares, targets or {}, years)
    return KvantumTable("A", years, rows)


def tabel_b(
    proposal: Proposal,
    shares: Mapping[str, Fraction],
    registry: Registry,
    targets: Targets | None = None,
) -> KvantumTable:
    """Bevillingsmæssig effekt if incorporated: by key, and costs at the row that carries them
    (or by the key named for the costs); lines with a split of their own go their own way."""
    years = _years(proposal)
    fixed = _fixed(proposal, registry)
    if fixed is not None:
        return KvantumTable("B", years, fixed)
    cost_row = _cost_row(proposal)
    lines = _by_proposal(proposal)
    rows = _empty(registry)
    if cost_row is None:  # every line by the key
        _add_split(rows, sum_by_year(lines), shares, years)
    else:
        _add_split(rows, sum_by_year(line for line in lines if not _is_cost(line)), shares, years)
        costs = sum_by_year(line for line in lines if _is_cost(line))
        _place(rows, costs, cost_row, shares, targets or {}, years)
    _own_lines(rows, proposal, shares, targets or {}, years)
    return KvantumTable("B", years, rows)


def tabel_c(
    proposal: Proposal,
    shares: Mapping[str, Fraction],
    registry: Registry,
    targets: Targets | None = None,
) -> KvantumTable:
    """Bevillingsmæssig effekt if not incorporated: costs at their row (or by their own key)
    minus the same by the proposal's key."""
    years = _years(proposal)
    rows = _empty(registry)
    cost_row = _cost_row(proposal)
    if _fixed(proposal, registry) is not None or cost_row is None:
        return KvantumTable("C", years, {row: dict.fromkeys(years, ZERO) for row in rows})
    costs = sum_by_year(line for line in _by_proposal(proposal) if _is_cost(line))
    _place(rows, costs, cost_row, shares, targets or {}, years)
    _add_split(rows, {year: -amount for year, amount in costs.items()}, shares, years)
    return KvantumTable("C", years, rows)


def tables(
    proposal: Proposal,
    shares: Mapping[str, Fraction],
    registry: Registry,
    targets: Targets | None = None,
    exact: bool = False,
) -> dict[str, KvantumTable]:
    """Tabel A, B and C. `targets`: shares of the named keys the proposal's costs or lines go
    by (`keys.target_shares`); only needed where it names such keys. `exact`: the exact shares
    (Decimal to 28 digits) instead of the split at whole thousands, to compare a table printed
    with decimals at the precision printed."""
    token = _EXACT.set(exact)
    try:
        return {
            "A": tabel_a(proposal, shares, registry, targets),
            "B": tabel_b(proposal, shares, registry, targets),
            "C": tabel_c(proposal, shares, registry, targets),
        }
    finally:
        _EXACT.reset(token)


def parts(
    proposal: Proposal,
    shares: Mapping[str, Fraction],
    registry: Registry,
    targets: Targets | None = None,
    exact: bool = False,
) -> dict[str, dict[str, dict[int, Decimal]]]:
    """The permanent change by row in two parts, as older documents print it in sub-rows:
    "savings" (the saving lines, by the key) and "costs" (the cost lines, where they go)."""
    token = _EXACT.set(exact)
    try:
        years = _years(proposal)
        lines = _by_proposal(proposal)
        cost_row = _cost_row(proposal) or "key"
        savings, costs = _empty(registry), _empty(registry)
        _add_split(savings, sum_by_year(x for x in lines if not _is_cost(x)), shares, years)
        cost_series = sum_by_year(x for x in lines if _is_cost(x))
        _place(costs, cost_series, cost_row, shares, targets or {}, years)
        for line in _own(proposal):
            assert line.split is not None
            into = costs if _is_cost(line) else savings
            _place(into, line.values, line.split, shares, targets or {}, years)
        return {"savings": savings, "costs": costs}
    finally:
        _EXACT.reset(token)


UNSPLIT = ""
"""The one row of `unsplit_tables`: it names no committee, so no printed row is compared with it."""


def unsplit_tables(proposal: Proposal, registry: Registry) -> dict[str, KvantumTable]:
    """Tabel A-C where the split cannot be made (a proposal that names no committee, whose lines
    go to it): each table's whole amount on one row naming no committee, so a printed Total can
    still be compared with the net change (A, B) and with 0 (C), and no cell is. A split given
    as fixed amounts needs no committee: its tables are those of `tables`.

    Worked: savings -300 and -600 in 2027-2028 and no committee: Tabel A's and B's total is
    -300, -600; Tabel C's is 0, 0."""
    years = _years(proposal)
    fixed = _fixed(proposal, registry)
    if fixed is not None:
        rows = _empty(registry)
        nothing = {row: dict.fromkeys(years, ZERO) for row in rows}
        return {
            "A": KvantumTable("A", years, fixed),
            "B": KvantumTable("B", years, fixed),
            "C": KvantumTable("C", years, nothing),
        }
    net = {y: v for y, v in sum_by_year(_permanent(proposal)).items() if y in years}
    return {
        "A": KvantumTable("A", years, {UNSPLIT: net}),
        "B": KvantumTable("B", years, {UNSPLIT: net}),
        "C": KvantumTable("C", years, {UNSPLIT: dict.fromkeys(years, ZERO)}),
    }


def unsplit_implementation(
    proposal: Proposal, area: Area | None = None
) -> dict[str, dict[int, Decimal]]:
    """The implementation costs (of `area`) on the one row naming no committee, where they
    cannot be put by row (as `unsplit_tables`)."""
    lines = [
        line
        for line in proposal.lines
        if line.section is Section.IMPLEMENTATION
        and line.counts
        and (area is None or line.area is area)
    ]
    return {UNSPLIT: sum_by_year(lines)} if lines else {}


def implementation_by_row(
    proposal: Proposal,
    shares: Mapping[str, Fraction],
    registry: Registry,
    area: Area | None = None,
    targets: Targets | None = None,
) -> dict[str, dict[int, Decimal]]:
    """The implementation costs (the investment) by row: a line with a split of its own goes
    there, the others to the proposing committee. `area`: only lines of this area."""
    lines = [
        line
        for line in proposal.lines
        if line.section is Section.IMPLEMENTATION
        and line.counts
        and (area is None or line.area is area)
    ]
    years = tuple(sorted({y for line in lines for y in line.values}))
    rows = _empty(registry)
    for line in lines:
        _place(
            rows,
            line.values,
            line.split or proposal.proposing_committee,
            shares,
            targets or {},
            years,
        )
    return {row: values for row, values in rows.items() if values}


def collapse(table: KvantumTable, registry: Registry) -> KvantumTable:
    """Fold the group units into Økonomiudvalget (the 7-row layout of BC02's tables)."""
    targets = {row.code: row.collapse_into or row.code for row in registry.rows}
    rows = {
        target: add_series(
            table.rows.get(code, {}) for code, into in targets.items() if into == target
        )
        for target in dict.fromkeys(targets.values())
    }
    if UNSPLIT in table.rows:  # an unsplit table (`unsplit_tables`) keeps its one row
        rows[UNSPLIT] = table.rows[UNSPLIT]
    return KvantumTable(table.name, table.years, rows)


class RoundingGap(NamedTuple):
    row: str
    year: int
    difference: Decimal  # (Tabel B − Tabel C) − Tabel A in the cell


def rounding_gaps(a: KvantumTable, b: KvantumTable, c: KvantumTable) -> list[RoundingGap]:
    """The cells where Tabel B − Tabel C is not Tabel A. Exactly, B − C = A (the savings by
    the key, plus the costs at their unit, minus the costs at their unit less the costs by
    the key); but each table is split at whole thousands on its own, by largest remainder so
    that its rows add up to its total, and a cell of B − C may then differ from A by 1.

    Worked, BC03 in 2025 (domain.md): the savings -6.875 by the furniture key give SUD
    -1.370,8 and TMU -104,1, so Tabel B prints SUD -1.371 and TMU -104; Tabel C prints SUD
    -1.166 and TMU -89 (the costs 5.850 by the key, negated: -1.166,4 and -88,6); B - C is
    then -205 and -15, where Tabel A (the net -1.025 by the key: -204,4 and -15,5) prints -204
    and -16. The gaps are -1 and +1, and each table still adds up exactly to its own total.
    """
    gaps = []
    for row in a.rows:
        for year in a.years:
            left = b.rows.get(row, {}).get(year, ZERO) - c.rows.get(row, {}).get(year, ZERO)
            difference = left - a.rows[row].get(year, ZERO)
            if difference:
                gaps.append(RoundingGap(row, year, difference))
    return gaps
