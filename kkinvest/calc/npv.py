"""Present value (nutidsværdi) and discounted payback, next to the municipality's payback.

Conventions (the README repeats them next to the payback rule):

- Cash flow of a year = the saving (minus the permanent net change, as in payback) less the
  implementation costs of that year. By default every implementation line counts, also those
  the document leaves out of payback (they are real costs); `all_lines=False` counts only the
  lines payback counts. Memo lines never count.
- År 1 is the first year with an implementation cost (as in payback); the horizon is `years`
  years from år 1: the asset's lifetime where the proposal states one (`lifetime`), else 10
  years (`horizon_for`); after the table's last year its last value continues.
- År 1 is not discounted; år t is discounted t - 1 years, each year k = 1 .. t - 1 at the rate
  of its band in the schedule (3,5 % for years 0-35, 2,5 % for 36-70, 1,5 % after).
- The discounted payback follows payback's rule with every amount discounted: the first år in
  which the discounted savings so far reach the whole discounted investment.

Worked (BC06, 3,5 %, 10 years, every line): cash flows -6.200, -4.300, -800, then 3.000 a year
for seven years; present value 6.022,58, cumulative first >= 0 in år 8 (2030).

Pure: no I/O. Amounts are Decimal (28 significant digits), never floats.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cache

from kkinvest.calc.payback import HORIZON, Basis, _permanent_lines
from kkinvest.calc.totals import sum_by_year
from kkinvest.model import Line, Proposal, Section
from kkinvest.money import ZERO

DEFAULT_YEARS = 10
ONE = Decimal(1)
HUNDRED = Decimal(100)


class HorizonSource(StrEnum):
    """Where the horizon comes from."""

    LIFETIME = "lifetime"  # the asset's lifetime, as the proposal states it
    STANDARD = "standard"  # 10 years: the proposal states no lifetime
    CHOSEN = "chosen"  # --years N


@dataclass(frozen=True)
class Horizon:
    years: int
    source: HorizonSource

    def shorter_than(self, payback_years: int | None) -> bool:
        """True where the payback comes after the horizon ends: the present value stops
        before the investment is earned back."""
        return payback_years is not None and payback_years > self.years


def horizon_for(proposal: Proposal, years: int | None = None) -> Horizon:
    """The horizon of the present value: `years` where chosen, else the asset's lifetime where
    the proposal states one, else 10 years."""
    if years is not None:
        return Horizon(years, HorizonSource.CHOSEN)
    if proposal.lifetime is not None:
        return Horizon(proposal.lifetime, HorizonSource.LIFETIME)
    return Horizon(DEFAULT_YEARS, HorizonSource.STANDARD)


@dataclass(frozen=True)
class Band:
    """A rate (in %) for the years `from_year` .. `to_year` (None: ever after) of a schedule."""

    from_year: int
    to_year: int | None
    rate: Decimal


@dataclass(frozen=True)
class Schedule:
    """A discount schedule (diskonteringsrente), with where it comes from."""

    name: str
    title: str
    valid_from: str  # ISO date from which the schedule applies
    bands: tuple[Band, ...]
    source: str = ""
    date: str = ""

    def rate(self, year: int) -> Decimal:
        """The rate in % for schedule year `year` (1, 2, ...: the year discounted into)."""
        for band in self.bands:
            if band.from_year <= year and (band.to_year is None or year <= band.to_year):
                return band.rate
        return self.bands[-1].rate


def _percent(rate: Decimal) -> str:
    text = f"{rate.normalize():f}"
    return text.replace(".", ",")


def flat_schedule(rate: Decimal) -> Schedule:
    """One rate for every year (the `--rate` override)."""
    return Schedule(
        name=f"flat-{rate}",
        title=f"{_percent(rate)} % for alle år",
        valid_from="",
        bands=(Band(0, None, rate),),
        source="angivet med --rate",
    )


def schedule_for(budget: int | None, schedules: Sequence[Schedule]) -> Schedule:
    """The schedule in force in the budget round: on 1 July of the year before the budget year
    (proposals are written in spring and summer and negotiated in the autumn). Without a
    budget year, the newest."""
    if budget is None:
        return max(schedules, key=lambda s: s.valid_from)
    day = f"{budget - 1}-07-01"
    candidates = sorted((s for s in schedules if s.valid_from <= day), key=lambda s: s.valid_from)
    if not candidates:
        return min(schedules, key=lambda s: s.valid_from)
    return candidates[-1]


@cache
def _factors(schedule: Schedule, n: int) -> tuple[Decimal, ...]:
    """Discount factors for år 1 .. n: 1, then each year divided by (1 + its rate)."""
    factors = [ONE]
    for k in range(1, n):
        factors.append(factors[-1] / (ONE + schedule.rate(k) / HUNDRED))
    return tuple(factors)


def discount_factors(schedule: Schedule, n: int) -> tuple[Decimal, ...]:
    return _factors(schedule, n)


@dataclass(frozen=True)
class Flows:
    """What a proposal spends and saves per year, as payback counts them.

    `investment` holds the counted implementation lines per year; `saving` is minus the
    permanent net change per year; `first` is år 1 (None without an implementation cost);
    `last` is the table's last year, after which the saving continues unchanged.

    The saving split by what it is: `gains` are the permanent amounts that save (a line's
    negative amount in a year, as a positive figure), `running` those that cost (a line's
    positive amount: new running costs); saving = gains - running, year by year."""

    first: int | None
    last: int
    investment: Mapping[int, Decimal]
    saving: Mapping[int, Decimal]
    counted: tuple[Line, ...]
    left_out: tuple[Line, ...]
    gains: Mapping[int, Decimal] = field(default_factory=dict)
    running: Mapping[int, Decimal] = field(default_factory=dict)

    @property
    def total_investment(self) -> Decimal:
        return sum(self.investment.values(), ZERO)

    def saving_in(self, year: int) -> Decimal:
        return self.saving.get(min(year, self.last), ZERO)

    def gains_in(self, year: int) -> Decimal:
        return self.gains.get(min(year, self.last), ZERO)

    def running_in(self, year: int) -> Decimal:
        return self.running.get(min(year, self.last), ZERO)

    def start(self) -> int:
        """År 1; without an implementation cost, the table's first year."""
        if self.first is not None:
            return self.first
        years = [*self.saving, *self.investment]
        return min(years) if years else self.last


def saving_lines(
    proposal: Proposal, basis: Basis = Basis.SERVICE, *, all_lines: bool = True
) -> list[Line]:
    """The permanent lines whose change, negated and summed year by year, is the saving."""
    return _permanent_lines(proposal, basis, all_lines)


def flows(proposal: Proposal, basis: Basis = Basis.SERVICE, *, all_lines: bool = True) -> Flows:
    """The proposal's cash flows; `all_lines=False` counts only what payback counts."""
    implementation = [
        line for line in proposal.lines if line.section is Section.IMPLEMENTATION and line.counts
    ]
    counted = tuple(line for line in implementation if line.in_payback or all_lines)
    left_out = () if all_lines else tuple(line for line in implementation if not line.in_payback)
    permanent = saving_lines(proposal, basis, all_lines=all_lines)
    spent = sum_by_year(counted)
    saved = {year: -value for year, value in sum_by_year(permanent).items()}
    gains: dict[int, Decimal] = {}
    running: dict[int, Decimal] = {}
    for line in permanent:
        for year, value in line.values.items():
            if value < 0:
                gains[year] = gains.get(year, ZERO) - value
            elif value > 0:
                running[year] = running.get(year, ZERO) + value
    invest_years = [year for year, value in spent.items() if value != 0]
    all_years = [year for line in (*counted, *permanent) for year in line.values]
    last = max(all_years) if all_years else (proposal.years[-1] if proposal.years else 0)
    first = min(invest_years) if invest_years else None
    return Flows(first, last, spent, saved, counted, left_out, gains, running)


@dataclass(frozen=True)
class NpvYear:
    number: int  # år 1, 2, ...
    year: int
    investment: Decimal
    saving: Decimal
    factor: Decimal
    present_value: Decimal
    cumulative: Decimal
    extrapolated: bool  # after the table's last year

    @property
    def cash_flow(self) -> Decimal:
        return self.saving - self.investment


@dataclass(frozen=True)
class PresentValue:
    basis: Basis
    schedule: Schedule
    years: int  # the horizon
    all_lines: bool
    table: tuple[NpvYear, ...]
    value: Decimal  # the present value over the horizon, unrounded
    discounted_payback: int | None  # år n, searched up to HORIZON years
    first_year: int
    left_out: tuple[Line, ...]  # lines not counted (with all_lines=False)
    counted: tuple[Line, ...]
    investment: Decimal = ZERO  # the counted implementation costs, undiscounted
    source: HorizonSource = HorizonSource.STANDARD  # where the horizon comes from

    @property
    def horizon(self) -> Horizon:
        return Horizon(self.years, self.source)

    @property
    def discounted_payback_year(self) -> int | None:
        if self.discounted_payback is None:
            return None
        return self.first_year + self.discounted_payback - 1


SavingFn = Callable[[int], Decimal]


def _value_rows(
    f: Flows,
    schedule: Schedule,
    n: int,
    saving: SavingFn | None = None,
    investment_factor: Decimal = ONE,
) -> list[NpvYear]:
    first = f.start()
    saving = saving or f.saving_in
    factors = discount_factors(schedule, n)
    rows: list[NpvYear] = []
    cumulative = ZERO
    for number in range(1, n + 1):
        year = first + number - 1
        invest = f.investment.get(year, ZERO) * investment_factor
        save = saving(year)
        pv = (save - invest) * factors[number - 1]
        cumulative += pv
        rows.append(
            NpvYear(number, year, invest, save, factors[number - 1], pv, cumulative, year > f.last)
        )
    return rows


def present_value(
    proposal: Proposal,
    schedule: Schedule,
    basis: Basis = Basis.SERVICE,
    *,
    years: int | None = None,
    all_lines: bool = True,
) -> PresentValue:
    """The present value of `proposal` from år 1 over `years` years, else over its stated
    lifetime, else over 10 years (see the module doc)."""
    f = flows(proposal, basis, all_lines=all_lines)
    horizon = horizon_for(proposal, years)
    return value_of(
        f, schedule, basis, years=horizon.years, all_lines=all_lines, source=horizon.source
    )


def value_of(
    f: Flows,
    schedule: Schedule,
    basis: Basis = Basis.SERVICE,
    *,
    years: int = DEFAULT_YEARS,
    all_lines: bool = True,
    saving: SavingFn | None = None,
    investment_factor: Decimal = ONE,
    search: int = HORIZON,
    source: HorizonSource = HorizonSource.STANDARD,
) -> PresentValue:
    """The present value of cash flows `f`, optionally with another saving per year and the
    investment scaled (the scenarios of `kkinvest sensitivity`). The discounted payback is
    looked for over `search` years (at least the horizon)."""
    rows = tuple(_value_rows(f, schedule, years, saving, investment_factor))
    payback = _discounted_payback(
        f, schedule, max(years, search), saving or f.saving_in, investment_factor
    )
    return PresentValue(
        basis,
        schedule,
        years,
        all_lines,
        rows,
        rows[-1].cumulative if rows else ZERO,
        payback,
        f.start(),
        f.left_out,
        f.counted,
        f.total_investment * investment_factor,
        source,
    )


def plain_value(
    f: Flows,
    schedule: Schedule,
    years: int,
    saving: SavingFn,
    investment_factor: Decimal = ONE,
) -> Decimal:
    """Only the present value over `years` years (no table): the scenarios' fast path."""
    first = f.start()
    factors = discount_factors(schedule, years)
    total = ZERO
    for number in range(1, years + 1):
        year = first + number - 1
        flow = saving(year) - f.investment.get(year, ZERO) * investment_factor
        if flow:
            total += flow * factors[number - 1]
    return total


def _discounted_payback(
    f: Flows, schedule: Schedule, search: int, saving: SavingFn, investment_factor: Decimal
) -> int | None:
    """The first år in which the discounted savings so far reach the whole discounted
    investment: payback's rule, with every amount discounted. None if not within `search`
    years (or never: after the table's last year the saving no longer changes)."""
    first = f.start()
    factors = discount_factors(schedule, search)
    investment = ZERO
    for year, value in f.investment.items():
        number = year - first + 1
        if 1 <= number <= search and value:
            investment += value * investment_factor * factors[number - 1]
    if investment <= 0:
        return None
    saved = ZERO
    for number in range(1, search + 1):
        year = first + number - 1
        value = saving(year)
        saved += value * factors[number - 1]
        if saved >= investment:
            return number
        if value <= 0 and year > f.last + 50:  # long past the table: it will not come
            return None
    return None
