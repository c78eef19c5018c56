"""The one Danish-number parser (kkinvest/numbers.py) and what Tabel 1's recogniser does with
it: every minus glyph, grouped thousands, units in cells and headings, footnote marks, and a
cell that cannot be read stopping the proposal in lines and totals alike."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kkinvest.io.grid import Grid
from kkinvest.io.recognise import read_tabel_1, year_of
from kkinvest.numbers import (
    KR,
    MILLIONS,
    THOUSANDS,
    NotANumber,
    in_thousands,
    parse_danish,
    read_number,
    unit_of,
)


@pytest.mark.parametrize(
    "text",
    ["-1.500", "\u22121.500", "\u20131.500", "\u20141.500", "÷1.500", "÷ 1.500", "– 1.500"],
)
def test_every_minus_glyph_is_a_minus(text: str) -> None:
    assert read_number(text).amount == Decimal(-1500)


@pytest.mark.parametrize("text", ["1.500", "1 500", "1\u00a0500", "1\u2009500", "1\u202f500"])
def test_thousands_grouped_by_point_or_any_space(text: str) -> None:
    assert read_number(text).amount == Decimal(1500)


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("500 kr.", 500, KR),
        ("1.500 t.kr.", 1500, THOUSANDS),
        ("1.500 t. kr.", 1500, THOUSANDS),
        ("1.500 tkr.", 1500, THOUSANDS),
        ("5,9 mio. kr.", Decimal("5.9"), MILLIONS),
        ("5,9 mio.kr.", Decimal("5.9"), MILLIONS),
    ],
)
def test_a_unit_in_the_cell_is_returned_beside_the_amount(text, amount, unit) -> None:
    reading = read_number(text)
    assert (reading.amount, reading.unit) == (Decimal(amount), unit)


@pytest.mark.parametrize(("text", "mark"), [("1.500*", "*"), ("1.500**", "**"), ("2.000¹", "¹")])
def test_a_footnote_mark_is_no_digit(text: str, mark: str) -> None:
    reading = read_number(text)
    assert reading.mark == mark
    assert reading.amount in (Decimal(1500), Decimal(2000))


@pytest.mark.parametrize("text", ["1.89", "١٢٣", "abc", "1,2,3", "--1", "(500)", "2¹000", "12 EUR"])
def test_what_is_no_danish_number_is_refused(text: str) -> None:
    with pytest.raises(NotANumber, match="er ikke et tal"):
        read_number(text)


@pytest.mark.parametrize("text", ["-", "–", "—", "−", "÷", "."])
def test_a_lone_dash_or_point_in_a_cell_is_zero_but_no_option_value(text: str) -> None:
    assert read_number(text).amount == 0
    with pytest.raises(ValueError):
        parse_danish(text)


def test_an_option_value_takes_no_unit_and_no_mark() -> None:
    assert parse_danish("÷ 3.791") == Decimal(-3791)
    for text in ("500 kr.", "500*", ""):
        with pytest.raises(ValueError):
            parse_danish(text)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("1.000 kr. 2023 p/l", THOUSANDS),
        ("Kr. 1000 2016 p/l", THOUSANDS),
        ("Mio. kr. 2026 p/l", MILLIONS),
        ("Tabel 1 (mio. kr.)", MILLIONS),
        ("Kr.", KR),
        ("Beløb i alt kr.", KR),  # "alt kr." is not "t. kr."
        ("2023 p/l", None),
        ("kr./kWh", None),
    ],
)
def test_a_headings_unit(text, unit) -> None:
    assert unit_of(text) == unit


def test_units_convert_exactly_to_thousands() -> None:
    assert str(in_thousands(Decimal("5.9"), MILLIONS)) == "5900"
    assert in_thousands(Decimal("1500"), KR) == Decimal("1.5")


def test_a_year_with_a_footnote_mark_is_the_year() -> None:
    assert [year_of(t) for t in ("2027*", "2027 *", "2027¹", "2027", "2.027")] == [
        2027,
        2027,
        2027,
        2027,
        None,
    ]


def grid(rows: list[list[object]], title: str = "") -> Grid:
    cells = {(r, c): v for r, row in enumerate(rows, 1) for c, v in enumerate(row, 1) if v}
    made = Grid("forslag.docx", "tabel 1", cells)
    made.title = title
    return made


LINES = [
    ["Varige ændringer"],
    ["Effektivisering", "Service", "-", "÷2,2", "−2,2"],
    ["Samlet varig ændring", "Service", "0", "–2,2", "—2,2"],
    ["Implementeringsomkostninger"],
    ["Projektledelse", "Service", "5,9", "", ""],
    ["Samlede implementeringsomkostninger", "", "5,9", "", ""],
]


def test_a_table_in_millions_is_read_in_thousands() -> None:
    """The issue's first case: "Mio. kr. 2026 p/l" with 5,9 and 2,2 is 5.900 and -2.200
    (1.000 kr.), never 5,9 read as thousands."""
    table = read_tabel_1(grid([["Mio. kr. 2026 p/l", "Styringsområde", 2026, 2027, 2028], *LINES]))
    assert not table.problems
    assert table.unit == MILLIONS
    assert table.lines[0].values == {2026: 0, 2027: -2200, 2028: -2200}
    assert table.lines[1].values == {2026: 5900}
    assert table.stated.total_permanent == {2026: 0, 2027: -2200, 2028: -2200}


def test_the_caption_gives_the_unit_where_the_heading_names_none() -> None:
    rows = [["", "Styringsområde", "2026", "2027*", "2028"], *LINES]
    table = read_tabel_1(grid(rows, "Tabel 1. Økonomiske konsekvenser (mio. kr.)"))
    assert table.lines[1].values == {2026: 5900}
    assert sorted(table.lines[0].values) == [2026, 2027, 2028]  # "2027*" is 2027


def test_an_unknown_unit_is_refused_not_guessed() -> None:
    table = read_tabel_1(grid([["1.000 EUR 2026 p/l", "Styringsområde", 2026, 2027], *LINES]))
    assert table.problems and not table.lines
    where, message = table.problems[0]
    assert where == "forslag.docx, tabel 1, række 1, kolonne 1"
    assert "'EUR'" in message and "1.000 kr." in message


def test_a_cell_unit_other_than_the_tables_is_refused_naming_the_cell() -> None:
    rows = [["1.000 kr. 2026 p/l", "Styringsområde", 2026, 2027, 2028], *LINES]
    rows[2] = ["Effektivisering", "Service", "-", "-2.200 t.kr.", "-2.200 kr."]
    table = read_tabel_1(grid(rows))
    assert table.problems == [
        (
            "forslag.docx, tabel 1, række 3, kolonne 5",
            '"-2.200 kr." er i kr., men tabellen er i 1.000 kr.; skriv beløbet i tabellens enhed',
        )
    ]


def test_a_total_that_cannot_be_read_stops_the_proposal_naming_the_cell() -> None:
    """Before, a total row with an unreadable cell was dropped without a word."""
    rows = [["1.000 kr. 2026 p/l", "Styringsområde", 2026, 2027, 2028], *LINES]
    rows[3] = ["Samlet varig ændring", "Service", "0", "-2.2OO", "-2.200"]
    table = read_tabel_1(grid(rows))
    assert table.problems == [
        ("forslag.docx, tabel 1, række 4, kolonne 4", '"-2.2OO" er ikke et tal')
    ]
