"""The export's "Følsomhed" sheets and the present-value table on each proposal sheet."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from test_libreoffice import CSV_FILTER, SOFFICE, number, sheets, soffice

from kkinvest.cli import app


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    path = tmp_path_factory.mktemp("book") / "b.xlsx"
    result = CliRunner().invoke(app, ["export", "--xlsx", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_a_sensitivity_sheet_per_budget(book: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(book)
    assert "Følsomhed 2023" in wb.sheetnames and "Følsomhed 2025" in wb.sheetnames
    rows = list(wb["Følsomhed 2023"].iter_rows(values_only=True))
    number, bc06 = next((i, r) for i, r in enumerate(rows, start=1) if r[0] == "BC06")
    # payback 6; the parts G, R, I; the present value as their difference; the horizon of 10
    # years; discounted payback år 8; the switching values as live formulas (PV / G, PV / R,
    # PV / I); no risk register
    pv = f"=D{number}-E{number}-F{number}"
    assert bc06[2:9] == (6, 59516.98, 42393, 11101.4, pv, 10, 8)
    g, v = f"D{number}", f"G{number}"  # "–" where the present value is negative already
    assert bc06[9] == f'=IF({g}>0,IF({v}<0,"–",IF({v}/{g}<1,{v}/{g}*100,"–")),"–")'
    assert bc06[12] == "0 år"  # no year of delay tolerated
    assert bc06[13:16] == ("–", "–", "–")
    bc04 = next(r for r in rows if r[0] == "BC04")  # innovation: no savings, no "-100 %"
    assert "Eff. –: ingen varige besparelser" in bc04[-1]
    bc01 = next(r for r in rows if r[0] == "BC01")
    assert bc01[7] == 23  # its stated lifetime
    bc11 = next(r for r in rows if r[0] == "BC11")
    assert "Tilbagebetalingstiden (13 år) er længere end horisonten" in bc11[-1]


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_computes_the_switching_values(book: Path, tmp_path: Path) -> None:
    """LibreOffice computes the Følsomhed formulas: BC06 10,1 / 14,2 / 54,3 %, 70 % realised
    -11.833; BC04 (no savings) "–" for every switching value, never "-100,0 %"."""
    found = sheets(soffice(tmp_path, CSV_FILTER, book), book)
    rows = found["Følsomhed 2023"]
    bc06 = next(r for r in rows if r and r[0] == "BC06")
    figures = [round(number(cell), 1) for cell in (bc06[6], *bc06[9:12])]
    assert figures == [Decimal("6022.6"), Decimal("10.1"), Decimal("14.2"), Decimal("54.3")]
    assert Decimal("-11833") in [round(number(c)) for c in bc06[16:-1] if c and "år" not in c]
    bc04 = next(r for r in rows if r and r[0] == "BC04")
    assert bc04[9:12] == ["–", "–", "–"]


def test_the_present_value_table_has_live_formulas(book: Path) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(book)["BC06"]
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Nutidsværdi (kkinvest)")
    first = rows[start + 3]
    second = rows[start + 4]
    number = start + 5  # 1-based row of the second year
    assert first[:2] == (2023, 1) and first[6] == "=1"
    assert second[4] == f"=D{number}-C{number}"
    assert second[6] == f"=G{number - 1}/(1+F{number}/100)"
    assert rows[start + 13][0] == "I alt" and str(rows[start + 13][7]).startswith("=SUM(H")


def test_headings_over_figures_are_aligned_as_the_figures(book: Path) -> None:
    """Right-aligned numbers under left-aligned headings read as misplaced columns (on the
    Følsomhed sheets; the present-value table on a proposal sheet keeps its headings left:
    its columns are Tabel 1's, too narrow for a right-aligned heading to print whole)."""
    from openpyxl import load_workbook

    wb = load_workbook(book)
    sensitivity = [c for c in wb["Følsomhed 2023"][4] if c.value is not None]
    assert [c.alignment.horizontal for c in sensitivity[:3]] == [None, None, "right"]
    assert {c.alignment.horizontal for c in sensitivity[2:-1]} == {"right"}
    # the note's heading and text: left, set off from the figures beside them by a character
    assert sensitivity[-1].value == "Bemærkning" and sensitivity[-1].alignment.horizontal == "left"
    assert sensitivity[-1].alignment.indent == 1


def test_the_workbook_still_loads_back(book: Path, runner) -> None:
    result = runner.invoke(app, ["payback", "BC06", "--data", str(book)])
    assert result.exit_code == 0, result.output
    assert "6 år (2028)" in result.output


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_computes_the_same_present_value(book: Path, tmp_path: Path) -> None:
    """LibreOffice recalculates BC06's table: the total present value is 6.022,58."""
    found = sheets(soffice(tmp_path, CSV_FILTER, book), book)
    rows = found["BC06"]
    total = next(r for r in rows if r and r[0] == "I alt" and len(r) > 7 and r[7])
    assert round(Decimal(total[7].replace(",", ".")), 2) == Decimal("6022.58")  # Danish format


def test_the_sheet_shows_the_risk_reserve(runner, tmp_path: Path) -> None:
    """BC06 with the three risks of test_risks_and_horizon: reserve 1.500, payback 7 years and
    present value 4.662,17 with it."""
    from openpyxl import load_workbook
    from test_risks_and_horizon import THREE_RISKS, _with

    data = tmp_path / "data"
    data.mkdir()
    (data / "BC06.toml").write_text(_with("BC06", THREE_RISKS), encoding="utf-8")
    path = tmp_path / "r.xlsx"
    result = runner.invoke(app, ["export", "--xlsx", str(path), "--data", str(data)])
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(path)["Følsomhed 2023"].iter_rows(values_only=True))
    assert rows[3][13:16] == (
        "Risikoreserve",
        "Tilbagebetalingstid med risikoreserve (år)",
        "Nutidsværdi med risikoreserve",
    )
    bc06 = next(r for r in rows if r[0] == "BC06")
    assert bc06[13:16] == (1500, 7, 4662.17)
