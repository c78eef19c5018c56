from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kkinvest.money import round_half_away, to_millions
from kkinvest.render.numbers import danish, millions, parse_danish


@pytest.mark.parametrize(
    ("amount", "places", "expected"),
    [
        ("2.65", 1, "2.7"),  # BC10's 2.650 shows as 2,7, not banker's 2,6
        ("2.75", 1, "2.8"),
        ("-2.65", 1, "-2.7"),
        ("0.5", 0, "1"),
        ("-0.5", 0, "-1"),
        ("1.5", 0, "2"),
        ("2.5", 0, "3"),
        ("97.549", 1, "97.5"),
    ],
)
def test_round_half_away_from_zero(amount: str, places: int, expected: str) -> None:
    assert round_half_away(Decimal(amount), places) == Decimal(expected)


def test_millions_from_thousands() -> None:
    assert to_millions(Decimal(2650)) == Decimal("2.7")
    assert millions(Decimal(9810)) == "9,8"
    assert millions(Decimal(45894)) == "45,9"
    assert millions(Decimal(-60)) == "-0,1"


@pytest.mark.parametrize(
    ("amount", "places", "text"),
    [
        (Decimal(1898), 0, "1.898"),
        (Decimal(-8500), 0, "-8.500"),
        (Decimal(0), 0, "0"),
        (Decimal(45894), 0, "45.894"),
        (Decimal(1234567), 0, "1.234.567"),
        (Decimal("9.8"), 1, "9,8"),
        (Decimal("-0.04"), 1, "0,0"),
        (Decimal("208.7"), 1, "208,7"),
        (Decimal("12.5"), 0, "13"),
    ],
)
def test_danish_format(amount: Decimal, places: int, text: str) -> None:
    assert danish(amount, places) == text


def test_danish_none_is_blank() -> None:
    assert danish(None) == ""


@pytest.mark.parametrize(
    ("text", "amount"),
    [("1.898", 1898), ("-8.500", -8500), ("9,8", Decimal("9.8")), ("0", 0), (" 12 ", 12)],
)
def test_parse_danish(text: str, amount: Decimal) -> None:
    assert parse_danish(text) == Decimal(amount)


@pytest.mark.parametrize("text", ["abc", "1,2,3", "1.89", "", "1.8980", "--1"])
def test_parse_danish_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="er ikke et tal"):
        parse_danish(text)


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=0, max_value=3))
def test_danish_format_and_parse_are_inverse(whole: int, places: int) -> None:
    amount = Decimal(whole).scaleb(-places)
    assert parse_danish(danish(amount, places)) == amount


def test_amounts_written_the_danish_way_rounded_and_exact() -> None:
    from kkinvest.render.numbers import danish, exact

    assert danish(Decimal("1234567.891")) == "1.234.568"
    assert danish(Decimal("1234567.891"), 1) == "1.234.567,9"
    assert danish(Decimal("-0.25"), 1) == "-0,3"  # half away from zero
    assert exact(Decimal("1234567.891")) == "1.234.567,891"
    assert exact(Decimal("1E+3")) == "1.000"
    assert exact(Decimal("-0.25")) == "-0,25"


def test_decimal_places_as_written() -> None:
    from kkinvest.money import decimal_places

    assert [decimal_places(Decimal(t)) for t in ("25.6", "-1918", "100.01", "1E+3", "0.500")] == [
        1,
        0,
        2,
        0,
        3,
    ]


def test_column_letters_and_numbers_are_inverse() -> None:
    from kkinvest.io.grid import column_letter, column_number

    for number in (1, 26, 27, 52, 703, 16384):
        assert column_number(column_letter(number)) == number
    assert (column_letter(16384), column_number("xfd")) == ("XFD", 16384)
