"""Scenarios and switching values (calc/sensitivity.py), worked by hand and as properties."""

from __future__ import annotations

import textwrap
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kkinvest.calc.npv import flat_schedule, flows, value_of
from kkinvest.calc.sensitivity import (
    Scenario,
    payback_switching,
    pv_switching,
    scenario_payback,
    scenario_saving,
    sensitivity,
)
from kkinvest.io.catalogue import parse_proposal
from kkinvest.io.toml_in import parse_toml_bytes
from kkinvest.model import Proposal
from kkinvest.money import round_half_away
from kkinvest.registry import default_registry

RATE = flat_schedule(Decimal("3.5"))
ORE = Decimal("0.00001")  # one øre, in thousands of kroner


def outcome(s, **kwargs):
    wanted = Scenario(**{k: Decimal(v) if k != "delay" else v for k, v in kwargs.items()})
    return next(o for o in s.outcomes if o.scenario == wanted)


def test_bc06_savings_realised_at_80_percent(builtin) -> None:
    """Payback counts 8.700 (grundinvestering left out). 80 % of 3.000 is 2.400 a year from
    2026: cumulative 2.400, 4.800, 7.200 (2028), 9.600 (2029) >= 8.700: 7 years (2029)."""
    s = sensitivity(builtin.find("BC06"), RATE)
    found = outcome(s, realisation=80)
    assert (found.payback, found.payback_year) == (7, 2029)


def test_bc06_savings_one_year_late(builtin) -> None:
    """The 3.000 a year start in 2027 instead of 2026: cumulative 3.000 (2027), 6.000 (2028),
    9.000 (2029) >= 8.700: 7 years (2029)."""
    s = sensitivity(builtin.find("BC06"), RATE)
    found = outcome(s, delay=1)
    assert (found.payback, found.payback_year) == (7, 2029)


def test_bc06_switching_values(builtin) -> None:
    """PV(r, o) = r x A - (1 + o) x C at 3,5 % over 10 years, every line counted.

    A = 3.000 x (1/1,035^3 + ... + 1/1,035^9) = 17.123,98 (the discounted savings; BC06 has
    no year of net cost, so B = 0); C = 6.200 + 4.300/1,035 + 800/1,035^2 = 11.101,40.
    PV = 0 at r = C / A = 0,64830: the savings may fall 35,17 % -> 35,2 %.
    PV = 0 at o = A / C - 1 = 0,54251: the investment may overrun 54,25 % -> 54,3 %.
    """
    s = sensitivity(builtin.find("BC06"), RATE)
    assert round_half_away(s.switching.savings_fall * 100, 1) == Decimal("35.2")
    assert round_half_away(s.switching.overrun * 100, 1) == Decimal("54.3")
    assert round_half_away(s.switching.savings_fall * 100, 2) == Decimal("35.17")
    assert round_half_away(s.switching.overrun * 100, 2) == Decimal("54.25")


def test_bc06_payback_switching_values(builtin) -> None:
    """Payback within 6 years needs 3 x 3.000 x r >= 8.700: r >= 0,9667, the savings may
    fall 3,33 %; or 9.000 >= 8.700 x (1 + o): the investment may overrun 3,45 %. Within 7
    years: 4 x 3.000 x r >= 8.700, r >= 0,725, a fall of 27,5 %."""
    bc06 = flows(builtin.find("BC06"), all_lines=False)
    six = payback_switching(bc06, 6)
    assert round_half_away(six.savings_fall * 100, 2) == Decimal("3.33")
    assert round_half_away(six.overrun * 100, 2) == Decimal("3.45")
    assert payback_switching(bc06, 7).savings_fall == Decimal("0.275")
    assert payback_switching(bc06, 3).savings_factor is None  # no saving before 2026


def _make(saving: list[int], invest: list[int]) -> Proposal:
    savings = ", ".join(f"{2023 + i} = {-v}" for i, v in enumerate(saving))
    costs = ", ".join(f"{2023 + i} = {v}" for i, v in enumerate(invest))
    text = textwrap.dedent(
        f"""
        id = "T1"
        title = "Testforslag"
        kind = "investering"
        budget = 2023
        price_level = 2023
        committee = "BIU"
        administration = "BIF"
        pool = "investering"
        [[lines]]
        section = "varig"
        label = "Effektivisering"
        area = "service"
        values = {{ {savings} }}
        [[lines]]
        section = "implementering"
        label = "Projekt"
        area = "service"
        values = {{ {costs} }}
        """
    )
    return parse_proposal(parse_toml_bytes(text.encode(), "t.toml"), "t.toml", default_registry())


cash = st.lists(st.integers(-1500, 6000), min_size=1, max_size=7)
invested = st.lists(st.integers(0, 6000), min_size=1, max_size=3).filter(lambda v: sum(v) > 0)
rates = st.integers(0, 90).map(lambda r: Decimal(r) / 10)


def _pv(f, schedule, realisation: Decimal = Decimal(100), overrun: Decimal = Decimal(0)):
    scenario = Scenario(realisation=realisation, overrun=overrun)
    return value_of(
        f,
        schedule,
        saving=scenario_saving(f, scenario),
        investment_factor=1 + overrun / 100,
        search=10,
    ).value


@settings(max_examples=80, deadline=None)
@given(cash, invested, rates)
def test_at_the_savings_switching_value_the_present_value_is_zero(saving, invest, rate) -> None:
    """At r* the PV is 0 to the øre; a little less saving (r* - 0,0001 %) and it is negative."""
    f = flows(_make([0, *saving], invest))
    schedule = flat_schedule(rate)
    switch = pv_switching(f, schedule, 10)
    if switch.savings_factor is None or switch.savings_factor < 0:
        return  # no savings to let fall, or positive even without them
    at = switch.savings_factor * 100
    assert abs(_pv(f, schedule, realisation=at)) < ORE
    assert _pv(f, schedule, realisation=at - Decimal("0.0001")) < 0


@settings(max_examples=80, deadline=None)
@given(cash, invested, rates)
def test_at_the_overrun_switching_value_the_present_value_is_zero(saving, invest, rate) -> None:
    f = flows(_make([0, *saving], invest))
    schedule = flat_schedule(rate)
    switch = pv_switching(f, schedule, 10)
    assert switch.overrun is not None
    at = switch.overrun * 100
    assert abs(_pv(f, schedule, overrun=at)) < ORE
    assert _pv(f, schedule, overrun=at + Decimal("0.0001")) < 0


@settings(max_examples=80, deadline=None)
@given(cash, invested, st.integers(1, 12))
def test_payback_switching_values_are_exact(saving, invest, max_years) -> None:
    """At the least realisation payback comes within N years; just below it does not."""
    f = flows(_make([0, *saving], invest), all_lines=False)
    switch = payback_switching(f, max_years)
    if switch.savings_factor is None or switch.savings_factor <= 0:
        return
    at = switch.savings_factor * 100
    within = scenario_payback(f, Scenario(realisation=at))
    assert within is not None and within <= max_years
    below = scenario_payback(f, Scenario(realisation=at - Decimal("0.0001")))
    assert below is None or below > max_years


@settings(max_examples=80, deadline=None)
@given(cash, invested, st.integers(0, 99))
def test_payback_is_never_shorter_when_less_is_realised(saving, invest, realised) -> None:
    f = flows(_make([0, *saving], invest), all_lines=False)
    full = scenario_payback(f, Scenario())
    less = scenario_payback(f, Scenario(realisation=Decimal(realised)))
    if less is not None:
        assert full is not None and less >= full


def test_an_optimism_bias_uplift_is_one_more_scenario(builtin) -> None:
    """Equipment/development (IT): the Green Book's upper bound for capital expenditure is
    200 %. BC06's payback investment 8.700 x 3 = 26.100 takes 3.000 a year from 2026 nine years
    (27.000 in 2034): 12 years."""
    from kkinvest.io.economics_in import load_uplifts

    uplifts = {u.name: u for u in load_uplifts()}
    assert uplifts["equipment-development"].capex_upper == 200
    assert uplifts["standard-buildings"].capex_upper == 24
    assert all(u.source and u.date for u in uplifts.values())
    scenario = uplifts["equipment-development"].scenario()
    s = sensitivity(builtin.find("BC06"), RATE, scenarios=[Scenario(), scenario])
    assert s.outcomes[1].payback == 12
