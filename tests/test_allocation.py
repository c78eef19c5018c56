"""The largest-remainder split (calc/allocation.py)."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkinvest.calc.allocation import AllocationError, allocate, allocate_map, allocate_series


def test_rows_add_up_and_leftovers_go_to_the_largest_remainders() -> None:
    # exact shares 3.33.. each: one unit left, the tie goes to the first row
    assert allocate(Decimal(10), [1, 1, 1]) == [4, 3, 3]
    # remainders .5 .25 .25: the one unit left goes to the first
    assert allocate(Decimal(4), [Fraction(3, 8), Fraction(5, 16), Fraction(5, 16)]) == [2, 1, 1]


def test_ties_go_to_the_row_that_comes_first() -> None:
    assert allocate(Decimal(1), [1, 1]) == [1, 0]
    assert allocate(Decimal(-1), [1, 1]) == [-1, 0]


def test_sign_aware_mirror_image() -> None:
    weights = [5000, 3900, 5100, 3200, 2400, 1800, 1300]
    assert allocate(Decimal(-1500), weights) == [-x for x in allocate(Decimal(1500), weights)]


def test_zero_weight_rows_get_zero() -> None:
    assert allocate(Decimal(7), [0, 1, 0, 1]) == [0, 4, 0, 3]


def test_issue_example_intune_minus_3791() -> None:
    # intune-2023 aggregated per committee: ØU (ØKF+BR+IR), KFU, BUU, SOU, SUD, TMU, BIU
    weights = {
        "ØU": 3367,
        "KFU": 1437,
        "BUU": 3984,
        "SOU": 2256,
        "SUD": 5995,
        "TMU": 2673,
        "BIU": 2320,
    }
    split = allocate_map(Decimal(-3791), weights)
    assert split == {
        "ØU": -579, "KFU": -247, "BUU": -686, "SOU": -388, "SUD": -1032, "TMU": -460, "BIU": -399,
    }  # fmt: skip


def test_fractional_amounts_split_at_their_own_precision() -> None:
    assert allocate(Decimal("1.0"), [1, 1, 1]) == [Decimal("0.4"), Decimal("0.3"), Decimal("0.3")]


def test_series() -> None:
    result = allocate_series({2025: Decimal(-3), 2026: Decimal(3)}, {"A": 1, "B": 2})
    assert result == {"A": {2025: -1, 2026: 1}, "B": {2025: -2, 2026: 2}}


@pytest.mark.parametrize(
    ("weights", "message"),
    [([], "no weights"), ([1, -1], "negative"), ([0, 0], "add up to 0")],
)
def test_bad_weights(weights: list[int], message: str) -> None:
    with pytest.raises(AllocationError, match=message):
        allocate(Decimal(100), weights)


totals = st.integers(min_value=-(10**9), max_value=10**9).map(Decimal)
weight_lists = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=15).filter(
    any
)


@given(totals, weight_lists)
def test_a_split_always_adds_up(total: Decimal, weights: list[int]) -> None:
    assert sum(allocate(total, weights)) == total


@given(totals, weight_lists)
def test_no_row_is_more_than_one_from_its_exact_share(total: Decimal, weights: list[int]) -> None:
    exact = [Fraction(total) * w / sum(weights) for w in weights]
    for part, share in zip(allocate(total, weights), exact, strict=True):
        assert abs(Fraction(part) - share) < 1


@given(totals, weight_lists)
def test_zero_weights_always_get_zero(total: Decimal, weights: list[int]) -> None:
    for part, weight in zip(allocate(total, weights), weights, strict=True):
        if weight == 0:
            assert part == 0
