"""TOML traps a Danish user falls into: each is refused with what to write instead, never
read silently as another number."""

from __future__ import annotations

import pytest
from test_input_errors import GOOD_LINE, fails

from kkinvest.cli import app


def test_three_decimals_are_refused_not_read_as_a_decimal_fraction(runner, write_proposal) -> None:
    # `1.200` is Danish for twelve hundred; TOML reads 1,2 and BC06's investment would drop
    path = write_proposal(GOOD_LINE.replace("2023 = -100", "2023 = 1.200"))
    err = fails(runner, path)
    assert "values.2023: skriv 1200 eller 1_200 — TOML læser 1.200 som 1,2" in err
    assert "T1.toml:" in err and ":" in err.split("T1.toml")[1][:4]  # the line is named


def test_negative_three_decimals(runner, write_proposal) -> None:
    path = write_proposal(GOOD_LINE.replace("2024 = -200", "2024 = -8.500"))
    assert "skriv -8500 eller -8_500 — TOML læser -8.500 som -8,5" in fails(runner, path)


@pytest.mark.parametrize("written", ["1.5", "-0.25", "9.8", "0.125", "1_200"])
def test_other_decimals_load(runner, write_proposal, written: str) -> None:
    path = write_proposal(GOOD_LINE.replace("2023 = -100", f"2023 = {written}"))
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 0, result.output


def test_a_decimal_comma_says_toml_wants_a_point(runner, write_proposal) -> None:
    path = write_proposal(GOOD_LINE.replace("2023 = -100", "2023 = 1,5"))
    err = fails(runner, path)
    assert "ikke gyldig TOML" in err
    assert "TOML skriver decimaltal med punktum: 1.5, ikke 1,5" in err


@pytest.mark.parametrize(
    ("written", "hint"),
    [('"1.898"', "skriv 1898"), ('"-100"', "skriv -100"), ('"9,8"', "skriv 9.8")],
)
def test_a_number_in_quotes_says_remove_the_quotes(
    runner, write_proposal, written: str, hint: str
) -> None:
    path = write_proposal(GOOD_LINE.replace("2023 = -100", f"2023 = {written}"))
    err = fails(runner, path)
    assert f"fjern anførselstegnene: {hint}" in err


@pytest.mark.parametrize(
    "written", ["1234567890123456", "1.2345678901234567", "1e400", "1e999999999", "-9e20"]
)
def test_an_amount_too_large_for_a_spreadsheet_is_one_line(runner, write_proposal, written) -> None:
    path = write_proposal(GOOD_LINE.replace("2023 = -100", f"2023 = {written}"))
    err = fails(runner, path)
    assert "values.2023" in err and "15" in err
    assert len(err.strip().splitlines()) == 1
