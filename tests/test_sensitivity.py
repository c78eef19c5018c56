"""Scenarios and switching values (calc/sensitivity.py), worked by hand and as properties."""

from __future__ import annotations

import textwrap
from decimal import Context, Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from kkinvest.calc.npv import flat_schedule, flows, plain_value
from kkinvest.calc.sensitivity import (
    NoSwitch,
    Part,
    Scenario,
    Switch,
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


def test_bc06_parts_of_the_present_value(builtin) -> None:
    """3,5 %, 10 years, år 1 = 2023, every implementation line counted (as `npv`); v = 1/1,035.

    Gross savings (Effektivisering), G = 2.000 + 4.000 v + 5.500 v^2 + 8.500 (v^3 + ... + v^9)
      = 2.000 + 3.864,73 + 5.134,31 + 8.500 x 5,707993 = 59.516,98 (59.517).
    New running costs (licences + automation set-up: 2.000, 4.000, 5.500 a year from 2025),
      R = 2.000 + 4.000 v + 5.500 (v^2 + ... + v^9) = 2.000 + 3.864,73 + 5.500 x 6,641503
      = 42.393,00.
    Investment (every line, the platform too), I = 6.200 + 4.300 v + 800 v^2 = 11.101,40.
    PV = G - R - I = 6.022,58, as `npv` gives.
    """
    s = sensitivity(builtin.find("BC06"), RATE)
    assert round_half_away(s.parts.savings, 2) == Decimal("59516.98")
    assert round_half_away(s.parts.running, 2) == Decimal("42393.00")
    assert round_half_away(s.parts.investment, 2) == Decimal("11101.40")
    assert round_half_away(s.base.value, 2) == Decimal("6022.58")
    assert abs(s.parts.value - s.base.value) < ORE


def test_bc06_switching_values(builtin) -> None:
    """PV(r, c, o) = r G - (1 + c) R - (1 + o) I, with G, R, I as above.

    Gross savings: PV = 0 at r = (R + I) / G = 53.494,40 / 59.516,98 = 0,89881: they may fall
      6.022,58 / 59.516,98 = 10,12 % -> 10,1 % (not 35,2 %: that scaled the net change).
    Running costs: PV = 0 at 1 + c = (G - I) / R = 48.415,58 / 42.393,00: they may rise
      6.022,58 / 42.393,00 = 14,21 % -> 14,2 %.
    Investment: PV = 0 at 1 + o = (G - R) / I = 17.123,98 / 11.101,40: it may be overrun
      6.022,58 / 11.101,40 = 54,25 % -> 54,3 %.
    Delay: one year late, G falls to 51.750,09 (2.000 v + 4.000 v^2 + 5.500 v^3 + 8.500 x
      (v^4 + ... + v^9)) and PV to -2.015,88: no delay is tolerated.
    """
    s = sensitivity(builtin.find("BC06"), RATE)
    margins = [round_half_away(sw.margin * 100, 1) for sw in s.switching.each()[:3]]
    assert margins == [Decimal("10.1"), Decimal("14.2"), Decimal("54.3")]
    assert round_half_away(s.switching.savings.margin * 100, 2) == Decimal("10.12")
    assert round_half_away(s.switching.running.margin * 100, 2) == Decimal("14.21")
    assert round_half_away(s.switching.investment.margin * 100, 2) == Decimal("54.25")
    assert s.switching.delay == Switch(Part.DELAY, Decimal(0))
    assert round_half_away(outcome(s, delay=1).present_value, 2) == Decimal("-2015.88")


def test_bc06_at_70_percent_realisation(builtin) -> None:
    """70 % of the gross savings: PV = 0,7 x 59.516,98 - 42.393,00 - 11.101,40 = -11.832,51
    (-11.833; scaling the net change said +885).

    Payback (its lines: investment 8.700, the platform left out): each year 0,7 x savings -
    running costs = 1.400 - 2.000 = -600 (2023), 2.800 - 4.000 = -1.200, 3.850 - 5.500 = -1.650,
    then 5.950 - 5.500 = 450 a year from 2026. Cumulative -3.450 after år 3; 8.700 needs
    (8.700 + 3.450) / 450 = 27 more years: år 30 (2052). Not within 20 years (it said 8).
    """
    s = sensitivity(builtin.find("BC06"), RATE)
    found = outcome(s, realisation=70)
    assert round_half_away(found.present_value, 0) == Decimal(-11833)
    assert (found.payback, found.payback_year) == (30, 2052)
    assert found.payback > 20


def test_bc06_realisation_at_80_and_90_percent(builtin) -> None:
    """80 %: -400, -800, -1.100, then 1.300 a year: -2.300 + 1.300 k >= 8.700 at k = 9: år 12.
    90 %: -200, -400, -550, then 2.150 a year: -1.150 + 2.150 k >= 8.700 at k = 5: år 8."""
    s = sensitivity(builtin.find("BC06"), RATE)
    assert outcome(s, realisation=80).payback == 12
    assert outcome(s, realisation=90).payback == 8


def test_bc06_running_costs_10_percent_higher(builtin) -> None:
    """Running costs x 1,1: 2.200, 4.400, 6.050 a year from 2025; PV = 6.022,58 - 0,1 x
    42.393,00 = 1.783,28. Payback: -200, -400, -550, then 8.500 - 6.050 = 2.450 a year:
    -1.150 + 2.450 k >= 8.700 at k = 5 (12.250 - 1.150 = 11.100): år 8."""
    s = sensitivity(builtin.find("BC06"), RATE)
    found = outcome(s, running=10)
    assert round_half_away(found.present_value, 2) == Decimal("1783.28")
    assert found.payback == 8


def test_bc06_payback_switching_values(builtin) -> None:
    """Payback within 6 years (to 2028): G_6 = 2.000 + 4.000 + 5.500 + 3 x 8.500 = 37.000,
    R_6 = 2.000 + 4.000 + 5.500 + 3 x 5.500 = 28.000, I = 8.700.
    r >= (8.700 + 28.000) / 37.000 = 0,99189: the gross savings may fall 0,81 %;
    1 + c <= (37.000 - 8.700) / 28.000 = 1,01071: running costs may rise 1,07 %;
    1 + o <= (37.000 - 28.000) / 8.700 = 1,03448: the investment may overrun 3,45 %.
    Within 3 years G_3 = 11.500 and R_3 = 11.500: net nothing is saved, so no investment pays
    back (no switching value), and the running costs must be (11.500 - 8.700) / 11.500 - 1
    = -75,65 % lower."""
    bc06 = flows(builtin.find("BC06"), all_lines=False)
    six = payback_switching(bc06, 6)
    margins = [round_half_away(sw.margin * 100, 2) for sw in six.each()]
    assert margins == [Decimal("0.81"), Decimal("1.07"), Decimal("3.45")]
    three = payback_switching(bc06, 3)
    assert three.investment == Switch(Part.INVESTMENT, None, NoSwitch.NEVER)
    assert round_half_away(three.running.margin * 100, 2) == Decimal("-75.65")


def test_no_savings_no_meaningless_switching_value(builtin) -> None:
    """BC04 (innovation, only an investment): nothing to let fall, and no investment that
    gives a positive present value; every switching value is "–" with its reason (the sheet
    said "Investering må overskrides -100,0 %")."""
    s = sensitivity(builtin.find("BC04"), RATE)
    assert s.switching.savings == Switch(Part.SAVINGS, None, NoSwitch.NO_SAVINGS)
    assert s.switching.running == Switch(Part.RUNNING, None, NoSwitch.NO_RUNNING)
    assert s.switching.investment == Switch(Part.INVESTMENT, None, NoSwitch.NEVER)
    assert s.switching.delay == Switch(Part.DELAY, None, NoSwitch.NO_SAVINGS)


def _make(gains: list[int], running: list[int], invest: list[int]) -> Proposal:
    def series(values: list[int], sign: int) -> str:
        return ", ".join(f"{2023 + i} = {sign * v}" for i, v in enumerate(values))

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
        values = {{ {series(gains, -1)} }}
        [[lines]]
        section = "varig"
        label = "Drift"
        area = "service"
        values = {{ {series(running, 1)} }}
        [[lines]]
        section = "implementering"
        label = "Projekt"
        area = "service"
        values = {{ {series(invest, 1)} }}
        """
    )
    return parse_proposal(parse_toml_bytes(text.encode(), "t.toml"), "t.toml", default_registry())


amounts = st.lists(st.integers(0, 6000), min_size=1, max_size=7)
invested = st.lists(st.integers(0, 6000), min_size=1, max_size=3).filter(lambda v: sum(v) > 0)
rates = st.integers(0, 90).map(lambda r: Decimal(r) / 10)
percents = st.integers(0, 300).map(Decimal)
KRONE = Decimal("0.001")  # one krone, in thousands of kroner


def _pv(f, schedule, **kwargs) -> Decimal:
    """The present value under a scenario, the long way (year by year, not from the parts)."""
    scenario = Scenario(**kwargs)
    saving = scenario_saving(f, scenario)
    return plain_value(f, schedule, 10, saving, 1 + scenario.overrun / 100)


@settings(max_examples=60, deadline=None)
@given(amounts, amounts, invested, rates, percents, percents)
def test_the_present_value_is_monotone_in_each_factor(gains, running, invest, rate, a, b) -> None:
    """More gross savings never lower the present value; higher running costs, a larger
    investment or a longer delay never raise it."""
    f = flows(_make(gains, running, invest))
    schedule = flat_schedule(rate)
    low, high = min(a, b), max(a, b)
    assert _pv(f, schedule, realisation=low) <= _pv(f, schedule, realisation=high)
    assert _pv(f, schedule, running=low) >= _pv(f, schedule, running=high)
    assert _pv(f, schedule, overrun=low) >= _pv(f, schedule, overrun=high)
    assert _pv(f, schedule, delay=int(low) // 30) >= _pv(f, schedule, delay=int(high) // 30)


@settings(max_examples=80, deadline=None)
@given(amounts, amounts, invested, rates)
def test_at_each_switching_value_the_present_value_is_zero(gains, running, invest, rate) -> None:
    """At each solved switching value the present value, computed year by year, is 0 to the
    krone; a hair further the wrong way and it is negative."""
    f = flows(_make(gains, running, invest))
    schedule = flat_schedule(rate)
    switching = pv_switching(f, schedule, 10)
    hair = Decimal("0.0001")
    if (m := switching.savings.margin) is not None:
        at = (1 - m) * 100
        assert abs(_pv(f, schedule, realisation=at)) < KRONE
        assert _pv(f, schedule, realisation=at - hair) < 0
    if (m := switching.running.margin) is not None:
        assert abs(_pv(f, schedule, running=m * 100)) < KRONE
        assert _pv(f, schedule, running=m * 100 + hair) < 0
    if (m := switching.investment.margin) is not None:
        assert abs(_pv(f, schedule, overrun=m * 100)) < KRONE
        assert _pv(f, schedule, overrun=m * 100 + hair) < 0
    if (m := switching.delay.margin) is not None:
        assert _pv(f, schedule, delay=int(m)) >= 0 > _pv(f, schedule, delay=int(m) + 1)


@settings(max_examples=80, deadline=None)
@given(amounts, amounts, invested, st.integers(1, 12))
def test_payback_switching_values_are_exact(gains, running, invest, max_years) -> None:
    """At each switching value payback comes within N years; a hair further, it does not."""
    f = flows(_make(gains, running, invest), all_lines=False)
    switching = payback_switching(f, max_years)
    hair = Decimal("0.0001")

    def within(**kwargs) -> bool:
        years = scenario_payback(f, Scenario(**kwargs))
        return years is not None and years <= max_years

    if (m := switching.savings.margin) is not None and m < 1:
        with localcontext(Context(prec=60)):  # 1 - m exactly, not rounded to 28 digits
            at = (1 - m) * 100
        assert within(realisation=at) and not within(realisation=at - hair)
    if (m := switching.running.margin) is not None:
        assert within(running=m * 100) and not within(running=m * 100 + hair)
    if (m := switching.investment.margin) is not None:
        assert within(overrun=m * 100) and not within(overrun=m * 100 + hair)


@settings(max_examples=80, deadline=None)
@given(amounts, amounts, invested, st.integers(0, 99))
def test_payback_is_never_shorter_when_less_is_realised(gains, running, invest, realised) -> None:
    f = flows(_make(gains, running, invest), all_lines=False)
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
    assert all(u.benefits_upper is None for u in uplifts.values())  # the guidance gives none
    scenario = uplifts["equipment-development"].scenario()
    s = sensitivity(builtin.find("BC06"), RATE, scenarios=[Scenario(), scenario])
    assert s.outcomes[1].payback == 12


def test_an_outsourcing_uplift_raises_the_running_costs_not_the_investment(builtin) -> None:
    """Outsourcing: the Green Book's 41 % is an operating-expenditure bound, so it raises BC06's
    new running costs (licences, set-up), not its investment.

    PV = 6.022,58 - 0,41 x 42.393,00 = -11.358,55. Payback: running costs x 1,41 are 2.820,
    5.640, 7.755 a year from 2025; savings less them: -820, -1.640, -2.255, then 8.500 - 7.755
    = 745 a year: -4.715 + 745 k >= 8.700 first at k = 19 (14.155): år 22 (2044).
    """
    from kkinvest.io.economics_in import load_uplifts

    outsourcing = next(u for u in load_uplifts() if u.name == "outsourcing")
    assert (outsourcing.capex_upper, outsourcing.opex_upper) == (None, 41)
    s = sensitivity(builtin.find("BC06"), RATE, scenarios=[Scenario(), outsourcing.scenario()])
    found = s.outcomes[1]
    assert found.scenario.running == 41 and found.scenario.overrun == 0
    assert round_half_away(found.present_value, 2) == Decimal("-11358.55")
    assert (found.payback, found.payback_year) == (22, 2044)
