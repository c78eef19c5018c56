"""Present value, discounted payback and the discount schedules (calc/npv.py), worked by hand."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kkinvest.calc.npv import flat_schedule, present_value, schedule_for
from kkinvest.calc.payback import Basis, compute_payback
from kkinvest.calc.sensitivity import Scenario, flows, scenario_payback
from kkinvest.io.catalogue import parse_proposal
from kkinvest.io.economics_in import load_rates
from kkinvest.io.toml_in import parse_toml_bytes
from kkinvest.model import Proposal
from kkinvest.money import round_half_away
from kkinvest.registry import default_registry

RATE = flat_schedule(Decimal("3.5"))


def test_bc06_present_value_counting_every_line(builtin) -> None:
    """BC06 over 10 years (2023-2032) at 3,5 %, every implementation line counted.

    Implementation: 2023: 2.300 + 1.600 + 400 + 300 + 1.600 (grundinvestering) = 6.200;
    2024: 1.500 + 1.600 + 200 + 1.000 = 4.300; 2025: 800. Savings (minus the net permanent
    change): 0 in 2023-2025, 3.000 from 2026, and 3.000 on after the table ends in 2028.
    Cash flows: -6.200, -4.300, -800, 3.000 x 7.

    PV = -6.200 - 4.300/1,035 - 800/1,035^2 + 3.000 x (1/1,035^3 + ... + 1/1,035^9)
       = -6.200 - 4.154,59 - 746,81 + 3.000 x 5,70799  (sum of the seven factors)
       = -11.101,40 + 17.123,98 = 6.022,58, shown 6.023.
    Cumulative: -11.101,40 after 2025, then -8.395,57, -5.781,24, -3.255,32, -814,82,
    +1.543,15 in år 8: the discounted savings 12.644,55 first reach the discounted
    investment 11.101,40 in år 8 (2030).
    """
    pv = present_value(builtin.find("BC06"), RATE, years=10)
    assert round_half_away(pv.value, 2) == Decimal("6022.58")
    assert round_half_away(pv.value) == 6023
    assert (pv.discounted_payback, pv.discounted_payback_year) == (8, 2030)
    assert [row.year for row in pv.table] == list(range(2023, 2033))
    assert [row.cash_flow for row in pv.table] == [-6200, -4300, -800] + [3000] * 7
    assert pv.table[0].factor == 1  # år 1 is not discounted
    assert [round_half_away(r.cumulative, 2) for r in pv.table[3:8]] == [
        Decimal("-8395.57"),
        Decimal("-5781.24"),
        Decimal("-3255.32"),
        Decimal("-814.82"),
        Decimal("1543.15"),
    ]


def test_bc06_counting_only_the_payback_lines(builtin) -> None:
    """Without the grundinvestering (1.600 + 1.000): cash flows -4.600, -3.300, -800, then
    3.000 a year. Discounted investment 4.600 + 3.188,41 + 746,81 = 8.535,21; discounted
    savings 2.705,83 + 2.614,33 + 2.525,92 = 7.846,08 after år 6, 10.286,58 after år 7:
    discounted payback år 7 (2029). PV = 17.123,98 - 8.535,21 = 8.588,76."""
    pv = present_value(builtin.find("BC06"), RATE, years=10, all_lines=False)
    assert (pv.discounted_payback, pv.discounted_payback_year) == (7, 2029)
    assert round_half_away(pv.value, 2) == Decimal("8588.76")
    assert [line.label for line in pv.left_out] == ["Grundinvestering i platform"]


def test_the_horizon_is_counted_from_year_one(builtin) -> None:
    """BC07 starts its table in 2022 but invests from 2023: år 1 is 2023."""
    pv = present_value(builtin.find("BC07"), RATE, years=5)
    assert [row.year for row in pv.table] == [2023, 2024, 2025, 2026, 2027]


def test_schedules_by_budget_year() -> None:
    """The schedule in force on 1 July of the year before the budget year."""
    schedules = load_rates()
    assert schedule_for(2023, schedules).name == "fm-2021"
    assert schedule_for(2022, schedules).name == "fm-2021"  # round of 2021: 3,5 %
    assert schedule_for(2021, schedules).name == "fm-2013"  # round of 2020: 4 %
    assert schedule_for(2014, schedules).name == "fm-2013"
    assert schedule_for(2013, schedules).name == "fm-flat-5"
    assert schedule_for(None, schedules).name == "fm-2021"  # no budget year: the newest
    fm2021 = schedule_for(2023, schedules)
    assert [fm2021.rate(k) for k in (1, 35, 36, 70, 71, 200)] == [
        Decimal("3.5"),
        Decimal("3.5"),
        Decimal("2.5"),
        Decimal("2.5"),
        Decimal("1.5"),
        Decimal("1.5"),
    ]
    assert all(s.source and s.date for s in schedules)


def test_the_declining_schedule_discounts_year_by_year(make_proposal) -> None:
    """An amount of 1.000 in år 38 under the 2021 schedule: 35 years at 3,5 % then 2 at 2,5 %
    (years 36 and 37): 1.000 / (1,035^35 x 1,025^2) = 1.000 / 3,50236 = 285,52."""
    proposal = make_proposal(
        """
        [[lines]]
        section = "varig"
        label = "Effektivisering"
        area = "service"
        values = { 2023 = 0, 2060 = -1000 }
        [[lines]]
        section = "implementering"
        label = "Projekt"
        area = "service"
        values = { 2023 = 0.001 }
        """
    )
    schedule = schedule_for(2023, load_rates())
    pv = present_value(proposal, schedule, years=38)
    assert pv.table[-1].year == 2060
    assert round_half_away(pv.table[-1].present_value, 2) == Decimal("285.52")


def test_the_base_scenario_is_the_payback_rule(builtin) -> None:
    """The sensitivity's own payback loop agrees with calc/payback.py on every proposal."""
    for proposal in builtin.proposals:
        for basis in Basis:
            expected = compute_payback(proposal, basis).years
            assert scenario_payback(flows(proposal, basis, all_lines=False), Scenario()) == expected


HEADER = """
id = "T1"
title = "Testforslag"
kind = "investering"
budget = 2023
price_level = 2023
committee = "BIU"
administration = "BIF"
pool = "investering"
"""


def _make(lines: str) -> Proposal:
    text = HEADER + textwrap.dedent(lines)
    return parse_proposal(
        parse_toml_bytes(text.encode(), "test.toml"), "test.toml", default_registry()
    )


def _proposal(
    saving: list[int], invest: list[int], make: Callable[[str], Proposal] = _make
) -> Proposal:
    savings = ", ".join(f"{2023 + i} = {-v}" for i, v in enumerate(saving))
    costs = ", ".join(f"{2023 + i} = {v}" for i, v in enumerate(invest))
    return make(
        f"""
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


savings_lists = st.lists(st.integers(0, 5000), min_size=1, max_size=6)


@settings(max_examples=60, deadline=None)
@given(savings_lists, st.integers(1, 20000), st.integers(0, 80), st.integers(1, 80))
def test_present_value_falls_as_the_rate_rises(saving, invest, low, step) -> None:
    """The investment in år 1 (not discounted), savings (never net costs) after it: every
    later amount is worth less at a higher rate, so the present value never rises.

    (Not true of every cash flow: an investment made in år 3 is itself discounted, and a
    proposal that never pays back is worth *more* at a higher rate. kkinvest does not promise
    that; the property is stated for the proposals the issue means.)"""
    proposal = _proposal([0, *saving], [invest])
    lower = present_value(proposal, flat_schedule(Decimal(low) / 10))
    higher = present_value(proposal, flat_schedule(Decimal(low + step) / 10))
    assert higher.value < lower.value or sum(saving) == 0
    assert higher.value <= lower.value
