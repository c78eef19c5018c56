"""Keys as data, and Tabel A/B/C against the published tables."""

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from kkinvest.calc.keys import (
    KeyProblem,
    find_key,
    key_shares,
    proposal_shares,
    row_shares,
)
from kkinvest.calc.tables import collapse, tables
from kkinvest.model import Key, Proposal
from kkinvest.registry import default_registry

REGISTRY = default_registry()


def computed(builtin, pid: str, collapsed: bool = False) -> dict[str, Any]:
    proposal = builtin.find(pid)
    result = tables(proposal, proposal_shares(proposal, builtin.keys, REGISTRY), REGISTRY)
    return {n: collapse(t, REGISTRY) if collapsed else t for n, t in result.items()}


def net(proposal: Proposal) -> dict[int, Decimal]:
    from kkinvest.calc.totals import proposal_totals

    return {y: v for y, v in proposal_totals(proposal).permanent.items() if v or y >= 2024}


def cells_within_one(table, stated) -> list[tuple[str, int, Decimal, Decimal]]:
    off = []
    for row, values in stated.rows.items():
        for year, printed in values.items():
            mine = table.rows[row].get(year, Decimal(0))
            if abs(mine - printed) > 1:
                off.append((row, year, printed, mine))
    return off


def test_intune_resolves_to_the_newest_intune_key(builtin) -> None:
    assert find_key("intune", builtin.keys).name == "intune-2023"
    assert find_key("intune", builtin.keys, 2023).name == "intune-2022"
    assert find_key("intune", builtin.keys, 2024).name == "intune-2023"
    assert find_key("intune", builtin.keys, 2025).name == "intune-2023"
    assert find_key("intune-2022", builtin.keys).date == "2022-03-10"


def test_unknown_key_suggests_names(builtin) -> None:
    with pytest.raises(KeyProblem, match="ukendt nøgle 'intnue'; mente du intune"):
        find_key("intnue", builtin.keys)


def test_administrations_land_in_their_committee(builtin) -> None:
    shares = row_shares(key_shares("inventar-2018-2019", builtin.keys), REGISTRY)
    assert shares["ØU"] == Fraction(2151 + 25 + 42, 55012)  # ØKF + Borgerrådgiveren + IR
    assert shares["SUD"] == Fraction(10969, 55012)  # Socialforvaltningen -> Socialudvalget
    assert shares["SOU"] == Fraction(6209, 55012)  # Sundheds- og Omsorgsforvaltningen
    assert list(shares) == ["ØU", "KFU", "BUU", "SOU", "SUD", "TMU", "BIU"]  # Kvantum order


def test_equal_key(builtin) -> None:
    shares = key_shares("lige", builtin.keys)
    assert set(shares.values()) == {Fraction(1, 7)}


def test_composite_key_resolves_to_plain_shares() -> None:
    keys = {
        "a": Key(name="a", weights={"BUF": 1}),
        "b": Key(name="b", weights={"BUF": 1, "SOF": 3}),
        "ab": Key(name="ab", parts=[{"key": "a", "weight": 50}, {"key": "b", "weight": 50}]),
    }
    # 50 % of (BUF 100 %) + 50 % of (BUF 25 %, SOF 75 %)
    assert key_shares("ab", keys) == {"BUF": Fraction(5, 8), "SOF": Fraction(3, 8)}


def test_composite_keys_in_a_circle_are_refused() -> None:
    keys = {
        "a": Key(name="a", parts=[{"key": "b", "weight": 1}]),
        "b": Key(name="b", parts=[{"key": "a", "weight": 1}]),
    }
    with pytest.raises(KeyProblem, match="i ring: a -> b -> a"):
        key_shares("a", keys)


def test_bc03_worked_column_2025(builtin) -> None:
    """domain.md's worked example, exactly."""
    t = computed(builtin, "BC03")
    a = {row: v[2025] for row, v in t["A"].rows.items() if v.get(2025)}
    assert a == {
        "ØU": -41,
        "KFU": -98,
        "BUU": -469,
        "SOU": -116,
        "SUD": -204,
        "TMU": -16,
        "BIU": -81,
    }
    c = {row: v[2025] for row, v in t["C"].rows.items() if v.get(2025)}
    assert c == {
        "ØU": -236, "KEID": 5850, "KFU": -557, "BUU": -2678, "SOU": -660, "SUD": -1166,
        "TMU": -89, "BIU": -464,
    }  # fmt: skip


@pytest.mark.parametrize("name", ["A", "B", "C"])
def test_bc03_matches_the_published_tables_within_one(builtin, name: str) -> None:
    proposal = builtin.find("BC03")
    table = computed(builtin, "BC03")[name]
    stated = getattr(proposal.stated, f"tabel_{name.lower()}")
    assert stated.heading_years == [2022, 2023, 2024, 2025, 2026, 2027]
    assert table.years == (2023, 2024, 2025, 2026, 2027, 2028)  # the years the values belong to
    assert cells_within_one(table, stated) == []


def test_bc03_totals_are_exact(builtin) -> None:
    t = computed(builtin, "BC03")
    expected = {2023: -60, 2024: 0, 2025: -1025, 2026: -2400, 2027: -2400, 2028: -2400}
    assert t["A"].total == expected
    assert t["B"].total == expected
    assert set(t["C"].total.values()) == {0}


@pytest.mark.parametrize("name", ["A", "B", "C"])
def test_bc02_collapsed_matches_tabel_6_7_8_within_one(builtin, name: str) -> None:
    proposal = builtin.find("BC02")
    table = computed(builtin, "BC02", collapsed=True)[name]
    stated = getattr(proposal.stated, f"tabel_{name.lower()}")
    assert stated.collapsed
    assert list(table.rows) == ["ØU", "KFU", "BUU", "SOU", "SUD", "TMU", "BIU"]
    assert cells_within_one(table, stated) == []


def test_bc02_totals_are_the_net_change_not_the_printed_ones(builtin) -> None:
    t = computed(builtin, "BC02", collapsed=True)
    assert t["A"].total == {2024: -428, 2025: -1178, 2026: -1833, 2027: -1833}
    assert t["B"].total == t["A"].total
    assert builtin.find("BC02").stated.tabel_a.total == {
        2024: -429, 2025: -1180, 2026: -1834, 2027: -1834,
    }  # fmt: skip
    assert set(t["C"].total.values()) == {0}


def test_bc02_costs_land_at_koncern_it(builtin) -> None:
    t = computed(builtin, "BC02")
    assert t["C"].rows["KIT"] == {2024: 1072, 2025: 1072, 2026: 1072, 2027: 1072}


@pytest.mark.parametrize("pid", ["BC01", "ENERGI-2025"])
def test_fixed_splits_are_reproduced_exactly(builtin, pid: str) -> None:
    proposal = builtin.find(pid)
    table = computed(builtin, pid)["A"]
    for row, values in proposal.stated.tabel_a.rows.items():
        assert table.rows[row] == values
    assert table.total == proposal.stated.tabel_a.total


def test_a_proposal_without_split_lands_on_its_committee(builtin) -> None:
    t = computed(builtin, "BC06")
    assert t["A"].rows["BIU"] == {2023: 0, 2024: 0, 2025: 0, 2026: -3000, 2027: -3000, 2028: -3000}
    assert all(not v for row, v in t["A"].rows.items() if row != "BIU")
    assert set(t["C"].total.values()) == {0}


def test_every_catalogue_proposal_a_and_b_total_the_net_change_c_zero(builtin) -> None:
    from kkinvest.calc.totals import proposal_totals

    for proposal in builtin.proposals:
        t = computed(builtin, proposal.id)
        permanent = proposal_totals(proposal).permanent
        for year in t["A"].years:
            assert t["A"].total[year] == permanent[year], proposal.id
            assert t["B"].total[year] == permanent[year], proposal.id
            assert t["C"].total[year] == 0, proposal.id


def test_fixed_amounts_that_do_not_add_up_load_and_check_reports_them(make_proposal) -> None:
    """Issue 10: a published split that does not add up is recorded as printed; `check`
    reports it (it used to be refused, so the very error could not be recorded)."""
    from kkinvest.calc.checks import Context, fixed_split

    proposal = make_proposal(
        """
        [[lines]]
        section = "varig"
        label = "Besparelse"
        area = "service"
        values = { 2023 = -100, 2024 = -200 }

        [split.fixed]
        KFU = { 2023 = -60, 2024 = -100 }
        BUU = { 2023 = -40, 2024 = -90 }
        """
    )
    (finding,) = fixed_split(proposal, Context({}, default_registry()))
    assert finding.severity.value == "fejl"
    assert finding.where == "Fordeling på udvalg, i alt"
    assert [(v.year, v.stated, v.computed) for v in finding.values] == [(2024, -190, -200)]


def test_a_proposal_may_give_inline_weights(make_proposal) -> None:
    proposal = make_proposal(
        """
        [[lines]]
        section = "varig"
        label = "Besparelse"
        area = "service"
        values = { 2023 = -100 }

        [[lines]]
        section = "varig"
        label = "Drift"
        area = "service"
        values = { 2023 = 40 }

        [split]
        key = { weights = { BUF = 3, "Socialforvaltningen" = 1 } }
        costs = "KIT"
        """
    )
    shares = proposal_shares(proposal, {}, REGISTRY)
    assert shares == {"BUU": Fraction(3, 4), "SUD": Fraction(1, 4)}
    t = tables(proposal, shares, REGISTRY)
    assert {r: v[2023] for r, v in t["A"].rows.items() if v.get(2023)} == {"BUU": -45, "SUD": -15}
    assert {r: v[2023] for r, v in t["B"].rows.items() if v.get(2023)} == {
        "KIT": 40, "BUU": -75, "SUD": -25,
    }  # fmt: skip
    assert {r: v[2023] for r, v in t["C"].rows.items() if v.get(2023)} == {
        "KIT": 40, "BUU": -30, "SUD": -10,
    }  # fmt: skip


def test_a_family_without_a_key_before_the_budget_year_is_refused(builtin) -> None:
    with pytest.raises(KeyProblem, match="ingen nøgle dateret før budget 2022"):
        find_key("intune", builtin.keys, 2022)


def test_a_family_name_in_a_proposal_resolves_by_its_budget(make_proposal, builtin) -> None:
    """A budget 2023 proposal that says `key = "intune"` is split by intune-2022."""
    proposal = make_proposal(
        """
        [split]
        key = "intune"

        [[lines]]
        section = "varig"
        label = "Effektivisering"
        area = "service"
        values = { 2023 = -22700 }
        """
    )
    shares = proposal_shares(proposal, builtin.keys, REGISTRY)
    assert shares == row_shares(key_shares("intune-2022", builtin.keys), REGISTRY)
