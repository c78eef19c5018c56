"""Risk: payback and present value under scenarios, and the switching values.

A scenario changes three things, alone or together:

- `realisation` (%): the savings realised; each year's saving (minus the permanent net change)
  is scaled where it is a saving (a year whose permanent lines cost more than they save is
  left as it is);
- `delay` (years): the savings come that many years late (the whole series moves);
- `overrun` (%): the investment (every counted implementation line) costs that much more.

Payback follows the municipality's rule (only the lines payback counts); the present value
counts what `kkinvest npv` counts (by default every implementation line).

The switching values are found exactly, not by stepping: the present value is linear in the
realisation factor r and in the overrun o,

    PV(r, o) = r * A + B - (1 + o) * C

with A the discounted savings (years that save), B the discounted net costs of the years that
do not, C the discounted investment; so PV = 0 at r = (C - B) / A and at o = (A + B) / C - 1.
For payback within N years the same holds year by year: payback <= N when, for some year
t <= N, r * P_t + N_t >= (1 + o) * I (P_t, N_t the cumulative savings and net costs to t), so
the least r is min_t (I - N_t) / P_t and the largest o is max_t (P_t + N_t) / I - 1.

Worked (BC06, 3,5 %, 10 years): A = 17.123,98, B = 0, C = 11.101,40; r = 0,6483, so the savings
may fall 35,2 %; o = 0,5425, so the investment may overrun 54,3 %.

Pure: no I/O. Decimal to 28 significant digits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal, localcontext
from fractions import Fraction

from kkinvest.calc.npv import (
    DEFAULT_YEARS,
    HUNDRED,
    ONE,
    Flows,
    PresentValue,
    SavingFn,
    Schedule,
    discount_factors,
    flows,
    plain_value,
    value_of,
)
from kkinvest.calc.payback import HORIZON, Basis
from kkinvest.model import Proposal
from kkinvest.money import ZERO


@dataclass(frozen=True)
class Scenario:
    realisation: Decimal = HUNDRED  # % of the savings realised
    delay: int = 0  # years late
    overrun: Decimal = ZERO  # % over budget
    label: str = field(default="", compare=False)  # e.g. an optimism-bias uplift's name

    @property
    def is_base(self) -> bool:
        return self.realisation == HUNDRED and self.delay == 0 and self.overrun == 0


STANDARD: tuple[Scenario, ...] = (
    Scenario(),
    Scenario(realisation=Decimal(90)),
    Scenario(realisation=Decimal(80)),
    Scenario(realisation=Decimal(70)),
    Scenario(delay=1),
    Scenario(delay=2),
    Scenario(overrun=Decimal(10)),
    Scenario(overrun=Decimal(25)),
    Scenario(overrun=Decimal(50)),
)


def scenario_saving(f: Flows, scenario: Scenario) -> SavingFn:
    """Each year's saving under `scenario`."""
    factor = scenario.realisation / HUNDRED
    delay = scenario.delay

    def saving(year: int) -> Decimal:
        value = f.saving_in(year - delay)
        return value * factor if value > 0 else value

    return saving


def scenario_payback(f: Flows, scenario: Scenario, horizon: int = HORIZON) -> int | None:
    """Payback in years under `scenario` (payback's rule), or None. Exact: both sides are
    scaled by 100 and multiplied out at 80 digits, so a realisation at a switching value
    decides the year the right way."""
    with localcontext(Context(prec=80)):
        investment = f.total_investment * (HUNDRED + scenario.overrun)  # x 100
        if f.first is None or investment <= 0:
            return None
        factor = scenario.realisation
        last = f.last + scenario.delay
        cumulative = ZERO  # x 100
        for number in range(1, horizon + 1):
            year = f.first + number - 1
            base = f.saving_in(year - scenario.delay)
            cumulative += base * factor if base > 0 else base * HUNDRED
            if cumulative >= investment:
                return number
            if year >= last and base <= 0:
                return None
    return None


def _decimal(value: Fraction, rounding: str) -> Decimal:
    """A fraction as a Decimal of 28 digits, rounded the safe way (ROUND_CEILING for a least
    value, ROUND_FLOOR for a largest one), so that the result holds at the value shown."""
    context = Context(prec=28, rounding=rounding)
    return context.divide(Decimal(value.numerator), Decimal(value.denominator))


@dataclass(frozen=True)
class Uplift:
    """An optimism-bias uplift by project type (Green Book), in % of the investment."""

    name: str
    title: str
    capex_upper: Decimal
    capex_lower: Decimal
    source: str
    date: str

    def scenario(self) -> Scenario:
        return Scenario(overrun=self.capex_upper, label=f"optimism bias: {self.name}")


@dataclass(frozen=True)
class Outcome:
    scenario: Scenario
    payback: int | None
    payback_year: int | None
    present_value: Decimal


@dataclass(frozen=True)
class Switching:
    """How far a figure may move before the result turns: None where it never turns.

    `savings_factor` is the least share of the savings (1 = all) that keeps the result; the
    savings may fall 1 - savings_factor. `overrun` is the largest overrun (0,5 = 50 %)."""

    savings_factor: Decimal | None
    overrun: Decimal | None

    @property
    def savings_fall(self) -> Decimal | None:
        return None if self.savings_factor is None else ONE - self.savings_factor


@dataclass(frozen=True)
class Sensitivity:
    proposal: Proposal
    basis: Basis
    schedule: Schedule
    years: int
    all_lines: bool
    base: PresentValue
    outcomes: tuple[Outcome, ...]
    switching: Switching
    max_years: int | None = None
    payback_switching: Switching | None = None
    first_year: int | None = None
    notes: tuple[str, ...] = field(default=())


def pv_switching(f: Flows, schedule: Schedule, years: int) -> Switching:
    """Switching values of the present value over `years` years (see the module doc)."""
    factors = discount_factors(schedule, years)
    start = f.start()
    gains = costs = invested = ZERO
    for number in range(1, years + 1):
        year = start + number - 1
        d = factors[number - 1]
        saving = f.saving_in(year)
        if saving > 0:
            gains += saving * d
        else:
            costs += saving * d
        invested += f.investment.get(year, ZERO) * d
    factor = (invested - costs) / gains if gains > 0 else None
    overrun = (gains + costs) / invested - ONE if invested > 0 else None
    return Switching(factor, overrun)


def payback_switching(f: Flows, max_years: int) -> Switching:
    """Switching values of payback within `max_years` years (see the module doc), exact."""
    investment = Fraction(f.total_investment)
    if f.first is None or investment <= 0:
        return Switching(None, None)
    gains = costs = Fraction(0)
    least: Fraction | None = None
    most: Fraction | None = None
    for number in range(1, max_years + 1):
        saving = Fraction(f.saving_in(f.first + number - 1))
        if saving > 0:
            gains += saving
        else:
            costs += saving
        if gains > 0:
            needed = (investment - costs) / gains
            least = needed if least is None else min(least, needed)
        reached = gains + costs
        most = reached if most is None else max(most, reached)
    factor = None if least is None else _decimal(least, ROUND_CEILING)
    overrun = (
        _decimal(most / investment - 1, ROUND_FLOOR) if most is not None and most > 0 else None
    )
    return Switching(factor, overrun)


def sensitivity(
    proposal: Proposal,
    schedule: Schedule,
    basis: Basis = Basis.SERVICE,
    *,
    years: int = DEFAULT_YEARS,
    all_lines: bool = True,
    scenarios: Sequence[Scenario] = STANDARD,
    max_years: int | None = None,
) -> Sensitivity:
    """Payback and present value of `proposal` under each scenario, and the switching values."""
    value_flows = flows(proposal, basis, all_lines=all_lines)
    payback_flows = flows(proposal, basis, all_lines=False)
    base = value_of(value_flows, schedule, basis, years=years, all_lines=all_lines)
    outcomes = []
    for scenario in scenarios:
        if scenario.is_base:
            pv = base.value
        else:
            pv = plain_value(
                value_flows,
                schedule,
                years,
                scenario_saving(value_flows, scenario),
                ONE + scenario.overrun / HUNDRED,
            )
        years_back = scenario_payback(payback_flows, scenario)
        first = payback_flows.first
        outcomes.append(
            Outcome(
                scenario,
                years_back,
                None if years_back is None or first is None else first + years_back - 1,
                pv,
            )
        )
    return Sensitivity(
        proposal,
        basis,
        schedule,
        years,
        all_lines,
        base,
        tuple(outcomes),
        pv_switching(value_flows, schedule, years),
        max_years,
        None if max_years is None else payback_switching(payback_flows, max_years),
        payback_flows.first,
    )
