"""Risk: payback and present value under scenarios, and the switching values, by what can go
wrong.

What can fall short is rarely the net change a table prints. A proposal's permanent lines are
split by what they are, amount by amount (`npv.Flows`): the amounts that save (the gross
savings, "effektiviseringerne") and those that cost (the new running costs, "de nye
driftsudgifter"); the investment is the counted implementation lines. A scenario scales each
on its own:

- `realisation` (%): the share of the gross savings realised;
- `running` (%): the new running costs that much higher (or lower, negative);
- `overrun` (%): the investment (every counted implementation line) that much higher;
- `delay` (years): the gross savings come that many years late (the running costs and the
  investment come when planned).

Which lines count is as `npv` and payback have it: payback counts only its lines, the present
value by default every implementation line (also those a document leaves out of payback);
lines for information (memo) never count.

The present value is linear in each factor:

    PV(r, c, o) = r * G - (1 + c) * R - (1 + o) * I

with G, R, I the discounted gross savings, running costs and investment over the horizon. So
each switching value is solved exactly, not searched: the gross savings may fall to
r* = (R + I) / G, the running costs rise to c* = (G - I) / R - 1, the investment be overrun by
o* = (G - R) / I - 1. Where a factor has nothing to scale (no savings, no running costs, no
investment) or no value of it alone brings the present value to zero (the rest never saves),
there is no switching value, and the reason is kept instead (shown as "–" and why). The delay
is whole years, so its switching value is the largest whole delay that keeps the present value
from turning negative (the present value only falls with each year of delay).

For payback within N years the same holds year by year: payback <= N when, for some år t <= N,
r * G_t - (1 + c) * R_t >= (1 + o) * I, with G_t, R_t the cumulative (undiscounted) gross savings
and running costs to år t and I the investment payback counts.

Worked (BC06, 3,5 %, 10 years, år 1 = 2023, every implementation line): G = 59.517,11,
R = 42.393,13, I = 11.101,40, PV = 6.022,58. r* = 53.494,53 / 59.517,11 = 0,8988: the gross
savings may fall 10,1 %; c* = 48.415,71 / 42.393,13 - 1 = 14,2 %; o* = 17.123,98 / 11.101,40 - 1
= 54,3 %. (Scaling the net change instead, as this command did before, gave 35,2 %.)

Pure: no I/O. Decimal to 28 significant digits; payback's switching values as fractions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Context, Decimal, localcontext
from enum import StrEnum
from fractions import Fraction

from kkinvest.calc.npv import (
    HUNDRED,
    ONE,
    Flows,
    Horizon,
    PresentValue,
    SavingFn,
    Schedule,
    discount_factors,
    flows,
    horizon_for,
    plain_value,
    value_of,
)
from kkinvest.calc.payback import HORIZON, Basis
from kkinvest.calc.risks import Reserve, reserve, with_reserve
from kkinvest.model import Proposal
from kkinvest.money import ZERO


class Part(StrEnum):
    """What a factor scales."""

    SAVINGS = "savings"  # the gross savings (effektiviseringerne)
    RUNNING = "running"  # the new running costs (de nye driftsudgifter)
    INVESTMENT = "investment"  # the counted implementation lines
    DELAY = "delay"  # the gross savings' delay in whole years


class NoSwitch(StrEnum):
    """Why a factor has no switching value."""

    NO_SAVINGS = "no_savings"  # nothing saves: nothing to let fall (an innovation proposal)
    NO_RUNNING = "no_running_costs"  # no new running costs to let rise
    NO_INVESTMENT = "no_investment"  # no investment to overrun
    NEVER = "never"  # no value of this factor alone brings the result to zero: the rest loses
    ALWAYS = "always"  # the result holds whatever this factor (e.g. positive without savings)


@dataclass(frozen=True)
class Scenario:
    realisation: Decimal = HUNDRED  # % of the gross savings realised
    delay: int = 0  # years the gross savings come late
    overrun: Decimal = ZERO  # % the investment is over budget
    running: Decimal = ZERO  # % the new running costs are higher
    label: str = field(default="", compare=False)  # e.g. an optimism-bias uplift's name

    @property
    def is_base(self) -> bool:
        return (
            self.realisation == HUNDRED
            and self.delay == 0
            and self.overrun == 0
            and self.running == 0
        )


STANDARD: tuple[Scenario, ...] = (
    Scenario(),
    Scenario(realisation=Decimal(90)),
    Scenario(realisation=Decimal(80)),
    Scenario(realisation=Decimal(70)),
    Scenario(delay=1),
    Scenario(delay=2),
    Scenario(running=Decimal(10)),
    Scenario(running=Decimal(25)),
    Scenario(overrun=Decimal(10)),
    Scenario(overrun=Decimal(25)),
    Scenario(overrun=Decimal(50)),
)


def scenario_saving(f: Flows, scenario: Scenario) -> SavingFn:
    """Each year's net saving under `scenario`: the gross savings realised (and late), less
    the running costs raised."""
    realised = scenario.realisation / HUNDRED
    raised = ONE + scenario.running / HUNDRED
    delay = scenario.delay

    def saving(year: int) -> Decimal:
        return f.gains_in(year - delay) * realised - f.running_in(year) * raised

    return saving


def scenario_payback(f: Flows, scenario: Scenario, horizon: int = HORIZON) -> int | None:
    """Payback in years under `scenario` (payback's rule), or None. Exact: every amount is
    scaled by 100 and multiplied out at 80 digits, so a factor at a switching value decides
    the year the right way."""
    with localcontext(Context(prec=80)):
        investment = f.total_investment * (HUNDRED + scenario.overrun)  # x 100
        if f.first is None or investment <= 0:
            return None
        realised, raised = scenario.realisation, HUNDRED + scenario.running
        last = f.last + scenario.delay
        cumulative = ZERO  # x 100
        for number in range(1, horizon + 1):
            year = f.first + number - 1
            saving = f.gains_in(year - scenario.delay) * realised - f.running_in(year) * raised
            cumulative += saving
            if cumulative >= investment:
                return number
            if year >= last and saving <= 0:
                return None
    return None


def _decimal(value: Fraction, rounding: str) -> Decimal:
    """A fraction as a Decimal of 28 digits, rounded the safe way (ROUND_CEILING for a least
    value, ROUND_FLOOR for a largest one), so that the result holds at the value shown."""
    context = Context(prec=28, rounding=rounding)
    return context.divide(Decimal(value.numerator), Decimal(value.denominator))


@dataclass(frozen=True)
class Uplift:
    """An optimism-bias uplift by project type (Green Book), each bound in %: on the capital
    expenditure (the investment), the operating expenditure (the new running costs) and the
    benefits (a shortfall of the gross savings). None where the guidance gives no figure."""

    name: str
    title: str
    capex_upper: Decimal | None
    capex_lower: Decimal | None
    source: str
    date: str
    opex_upper: Decimal | None = None
    opex_lower: Decimal | None = None
    benefits_upper: Decimal | None = None

    def scenario(self) -> Scenario:
        """The upper bounds, each on its own lines."""
        return Scenario(
            overrun=self.capex_upper or ZERO,
            running=self.opex_upper or ZERO,
            realisation=HUNDRED - (self.benefits_upper or ZERO),
            label=f"optimism bias: {self.name}",
        )


@dataclass(frozen=True)
class Outcome:
    scenario: Scenario
    payback: int | None
    payback_year: int | None
    present_value: Decimal


@dataclass(frozen=True)
class Switch:
    """How far one factor may move the wrong way before the result turns.

    `margin`: for the gross savings the share they may fall (0,101 = 10,1 %), for the running
    costs and the investment the share they may rise, for the delay whole years. Negative
    where the result is already on the wrong side (the share the factor must move the right
    way). None with `reason` where there is no switching value."""

    part: Part
    margin: Decimal | None
    reason: NoSwitch | None = None

    @property
    def factor(self) -> Decimal | None:
        """The factor at which the result turns: the share of the gross savings realised, or
        1 + the rise of the running costs or the investment."""
        if self.margin is None or self.part is Part.DELAY:
            return None
        return ONE - self.margin if self.part is Part.SAVINGS else ONE + self.margin


@dataclass(frozen=True)
class Parts:
    """The present value split by what it is: value = savings - running - investment (each
    discounted over the horizon, each positive)."""

    savings: Decimal
    running: Decimal
    investment: Decimal

    @property
    def value(self) -> Decimal:
        return self.savings - self.running - self.investment


@dataclass(frozen=True)
class Switching:
    """The switching values of one result (present value, or payback within N years)."""

    savings: Switch
    running: Switch
    investment: Switch
    delay: Switch | None = None  # the present value's only

    def each(self) -> tuple[Switch, ...]:
        found = (self.savings, self.running, self.investment, self.delay)
        return tuple(s for s in found if s is not None)


@dataclass(frozen=True)
class WithReserve:
    """Payback and present value with the risk reserve added to the investment."""

    reserve: Reserve
    payback: int | None
    payback_year: int | None
    present_value: Decimal
    discounted_payback: int | None


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
    parts: Parts
    max_years: int | None = None
    payback_switching: Switching | None = None
    first_year: int | None = None
    risk: WithReserve | None = None  # with the risk reserve, where the proposal has risks

    @property
    def horizon(self) -> Horizon:
        return self.base.horizon

    @property
    def payback(self) -> int | None:
        """Payback in years by the municipality's rule, as the proposal stands."""
        base = next((o for o in self.outcomes if o.scenario.is_base), None)
        if base is not None:
            return base.payback
        return scenario_payback(flows(self.proposal, self.basis, all_lines=False), Scenario())


def parts_of(f: Flows, schedule: Schedule, years: int, delay: int = 0) -> Parts:
    """G, R and I of the module doc: each discounted over `years` years from år 1."""
    factors = discount_factors(schedule, years)
    start = f.start()
    gains = running = invested = ZERO
    for number in range(1, years + 1):
        year = start + number - 1
        d = factors[number - 1]
        gains += f.gains_in(year - delay) * d
        running += f.running_in(year) * d
        invested += f.investment.get(year, ZERO) * d
    return Parts(gains, running, invested)


def _solved(part: Part, scaled: Decimal, rest: Decimal, missing: NoSwitch) -> Switch:
    """The switching value of a factor x in PV = rest + x * scaled (scaled > 0 saves, < 0
    costs), as the margin the factor may move the wrong way before PV = 0."""
    if scaled == 0:
        return Switch(part, None, missing)
    at = -rest / scaled  # the factor at which PV = 0
    if part is Part.SAVINGS:
        if at <= 0:
            return Switch(part, None, NoSwitch.ALWAYS)  # positive even without savings
        return Switch(part, ONE - at)
    if at <= 0:
        return Switch(part, None, NoSwitch.NEVER)  # negative even at no cost
    return Switch(part, at - ONE)


def pv_switching(f: Flows, schedule: Schedule, years: int) -> Switching:
    """Switching values of the present value over `years` years (see the module doc)."""
    p = parts_of(f, schedule, years)
    return Switching(
        _solved(Part.SAVINGS, p.savings, -p.running - p.investment, NoSwitch.NO_SAVINGS),
        _solved(Part.RUNNING, -p.running, p.savings - p.investment, NoSwitch.NO_RUNNING),
        _solved(Part.INVESTMENT, -p.investment, p.savings - p.running, NoSwitch.NO_INVESTMENT),
        delay_switching(f, schedule, years),
    )


def delay_switching(f: Flows, schedule: Schedule, years: int) -> Switch:
    """The largest whole number of years the gross savings may come late with the present
    value not negative. Exact: each year of delay can only lower the present value (every
    saving is discounted more, or falls beyond the horizon), so the first delay that turns it
    negative ends the count."""
    if not any(v > 0 for v in f.gains.values()):
        return Switch(Part.DELAY, None, NoSwitch.NO_SAVINGS)
    if parts_of(f, schedule, years).value < 0:
        return Switch(Part.DELAY, None, NoSwitch.NEVER)
    for delay in range(1, years + 1):
        if parts_of(f, schedule, years, delay).value < 0:
            return Switch(Part.DELAY, Decimal(delay - 1))
    return Switch(Part.DELAY, None, NoSwitch.ALWAYS)  # positive without any saving in time


def payback_switching(f: Flows, max_years: int) -> Switching:
    """Switching values of payback within `max_years` years (see the module doc), exact: the
    least share of the gross savings, the largest rise of the running costs and of the
    investment that still pay back within `max_years` years."""
    investment = Fraction(f.total_investment)
    if f.first is None or investment <= 0:
        none = NoSwitch.NO_INVESTMENT
        return Switching(
            Switch(Part.SAVINGS, None, none),
            Switch(Part.RUNNING, None, none),
            Switch(Part.INVESTMENT, None, none),
        )
    gains = running = Fraction(0)
    share: Fraction | None = None  # least share of the savings
    rise: Fraction | None = None  # largest factor on the running costs (None: none works)
    rise_unbounded = False
    reached: Fraction | None = None  # largest G_t - R_t
    any_gain = any_running = False
    for number in range(1, max_years + 1):
        year = f.first + number - 1
        gains += Fraction(f.gains_in(year))
        running += Fraction(f.running_in(year))
        any_gain = any_gain or gains > 0
        any_running = any_running or running > 0
        if gains > 0:
            needed = (investment + running) / gains
            share = needed if share is None else min(share, needed)
        if gains >= investment:
            if running == 0:
                rise_unbounded = True
            else:
                allowed = (gains - investment) / running
                rise = allowed if rise is None else max(rise, allowed)
        net = gains - running
        reached = net if reached is None else max(reached, net)

    def fraction_switch(part: Part, margin: Fraction, rounding: str) -> Switch:
        return Switch(part, _decimal(margin, rounding))

    if not any_gain:
        savings = Switch(Part.SAVINGS, None, NoSwitch.NO_SAVINGS)
    elif share is None or share <= 0:
        savings = Switch(Part.SAVINGS, None, NoSwitch.ALWAYS)
    else:
        savings = fraction_switch(Part.SAVINGS, 1 - share, ROUND_FLOOR)
    if not any_running:
        running_switch = Switch(Part.RUNNING, None, NoSwitch.NO_RUNNING)
    elif rise_unbounded:
        running_switch = Switch(Part.RUNNING, None, NoSwitch.ALWAYS)
    elif rise is None:
        running_switch = Switch(Part.RUNNING, None, NoSwitch.NEVER)
    else:
        running_switch = fraction_switch(Part.RUNNING, rise - 1, ROUND_FLOOR)
    if reached is None or reached <= 0:
        invest = Switch(Part.INVESTMENT, None, NoSwitch.NEVER)
    else:
        invest = fraction_switch(Part.INVESTMENT, reached / investment - 1, ROUND_FLOOR)
    return Switching(savings, running_switch, invest)


def outcome_of(
    value_flows: Flows,
    payback_flows: Flows,
    schedule: Schedule,
    years: int,
    scenario: Scenario,
    base: Decimal | None = None,
) -> Outcome:
    """Payback and present value under one scenario."""
    pv = (
        base
        if scenario.is_base and base is not None
        else plain_value(
            value_flows,
            schedule,
            years,
            scenario_saving(value_flows, scenario),
            ONE + scenario.overrun / HUNDRED,
        )
    )
    years_back = scenario_payback(payback_flows, scenario)
    first = payback_flows.first
    year = None if years_back is None or first is None else first + years_back - 1
    return Outcome(scenario, years_back, year, pv)


def sensitivity(
    proposal: Proposal,
    schedule: Schedule,
    basis: Basis = Basis.SERVICE,
    *,
    years: int | None = None,
    all_lines: bool = True,
    scenarios: Sequence[Scenario] = STANDARD,
    max_years: int | None = None,
) -> Sensitivity:
    """Payback and present value of `proposal` under each scenario, the switching values, and
    both with the risk reserve where the proposal has costed risks. The present value runs
    over `years` years, else over the proposal's stated lifetime, else over 10 years."""
    horizon = horizon_for(proposal, years)
    years = horizon.years
    value_flows = flows(proposal, basis, all_lines=all_lines)
    payback_flows = flows(proposal, basis, all_lines=False)
    base = value_of(
        value_flows, schedule, basis, years=years, all_lines=all_lines, source=horizon.source
    )
    outcomes = tuple(
        outcome_of(value_flows, payback_flows, schedule, years, scenario, base.value)
        for scenario in scenarios
    )
    return Sensitivity(
        proposal,
        basis,
        schedule,
        years,
        all_lines,
        base,
        outcomes,
        pv_switching(value_flows, schedule, years),
        parts_of(value_flows, schedule, years),
        max_years,
        None if max_years is None else payback_switching(payback_flows, max_years),
        payback_flows.first,
        risk_outcome(proposal, value_flows, payback_flows, schedule, horizon),
    )


def risk_outcome(
    proposal: Proposal,
    value_flows: Flows,
    payback_flows: Flows,
    schedule: Schedule,
    horizon: Horizon,
) -> WithReserve | None:
    """Payback and present value with the risk reserve in the investment."""
    found = reserve(proposal)
    if found is None:  # no costed risks
        return None
    paying = with_reserve(payback_flows, found)
    back = scenario_payback(paying, Scenario())
    year = None if back is None or paying.first is None else paying.first + back - 1
    pv = value_of(with_reserve(value_flows, found), schedule, years=horizon.years)
    return WithReserve(found, back, year, pv.value, pv.discounted_payback)


def key_figures(proposal: Proposal, schedule: Schedule) -> Sensitivity:
    """The figures of the economics a fact box shows (the Bilag's): present value over the
    proposal's horizon, the switching values, payback and, where the proposal has costed
    risks, both with the risk reserve. No scenarios beyond the proposal as it stands."""
    return sensitivity(proposal, schedule, scenarios=(Scenario(),))
