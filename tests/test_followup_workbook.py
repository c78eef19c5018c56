"""The follow-up workbook (issue 23, item 6): one per committee with the planned figures and
yellow cells, filled the way a person fills it (values typed in the yellow cells, also as
text) and read back with --data to the same figures."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest

from kkinvest.cli import app

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "followup"
WITH_EXAMPLE = ["--data", "builtin", "--data", str(EXAMPLE)]


@pytest.fixture
def workbooks(runner, tmp_path: Path) -> Path:
    folder = tmp_path / "runde-2027"
    result = runner.invoke(app, ["status", *WITH_EXAMPLE, "--year", "2027", "--xlsx", str(folder)])
    assert result.exit_code == 0, result.stderr
    return folder


def cell_of(sheet, label: str, after: str, year: int | None = None):
    """The cell beside `label` in the block of proposal `after` (the year's column, if any)."""
    start = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 2).value == after)
    row = next(r for r in range(start, sheet.max_row + 1) if sheet.cell(r, 1).value == label)
    if year is None:
        return sheet.cell(row, 2)
    header = next(
        r
        for r in range(start, sheet.max_row + 1)
        if str(sheet.cell(r, 1).value).startswith("1.000")
    )
    col = next(c for c in range(2, sheet.max_column + 1) if sheet.cell(header, c).value == year)
    return sheet.cell(row, col)


def test_one_workbook_per_committee_with_yellow_cells(workbooks) -> None:
    from openpyxl import load_workbook

    names = sorted(p.name for p in workbooks.iterdir())
    assert names == [
        f"opfoelgning-2027-{c}.xlsx" for c in ("BIU", "BUU", "KFU", "SUD", "TMU", "ØU")
    ]
    sheet = load_workbook(workbooks / "opfoelgning-2027-BIU.xlsx").active
    assert sheet["A1"].value == "Opfølgning på investerings- og innovationsforslag"
    status = cell_of(sheet, "Status", "BC06")
    assert status.fill.fgColor.rgb.endswith("FFF2CC")  # the template's yellow
    assert cell_of(sheet, "Planlagt varig nettoændring", "BC06", 2026).value == -3000
    assert cell_of(sheet, "Brugt til implementering", "BC06", 2025).value == 1500  # last round


def test_filled_as_a_person_would_reads_back(runner, workbooks) -> None:
    """BC06: status typed, a note, 2026 realised typed as text with the Danish minus
    ("÷ 1.500") and spent as text ("200"); BC05 a number; the date typed as text. Read back,
    the status annex shows them."""
    from openpyxl import load_workbook

    path = workbooks / "opfoelgning-2027-BIU.xlsx"
    book = load_workbook(path)
    sheet = book.active
    cell_of(sheet, "Status", "BC06").value = "Forsinket"
    cell_of(sheet, "Note", "BC06").value = "Licensaftalen kom sent; kompenserende tiltag: RPA"
    cell_of(sheet, "Realiseret varig nettoændring", "BC06", 2026).value = "÷ 1.500"
    cell_of(sheet, "Brugt til implementering", "BC06", 2026).value = "200"
    cell_of(sheet, "Status", "BC05").value = "realiseret som planlagt"
    cell_of(sheet, "Realiseret varig nettoændring", "BC05", 2026).value = -800
    sheet["B4"].value = "02-03-2027"  # the date typed as text
    book.save(path)
    result = runner.invoke(
        app, ["status", *WITH_EXAMPLE, "--data", str(workbooks), "--committee", "BIU", "--json"]
    )
    assert result.exit_code == 0, result.stderr
    assert "BC04 har ingen status; ikke læst som en opfølgning" in result.stderr
    rows = {r["id"]: r for r in json.loads(result.stdout, parse_float=Decimal)["annex"]}
    bc06 = rows["BC06"]
    assert data_year(result) == 2027
    assert bc06["status"] == "forsinket"
    assert bc06["status_date"] == datetime.date(2027, 3, 2).isoformat()
    assert bc06["saving_realised"] == 1500  # 0 + 0 + 0 + 1.500 to date
    assert bc06["spent"] == 6200 + 4300 + 1500 + 200
    assert bc06["note"].startswith("Licensaftalen")
    assert rows["BC05"]["saving_realised"] == 140 + 640 + 800


def data_year(result) -> int:
    return json.loads(result.stdout)["year"]


def test_a_word_typed_for_a_number_names_the_cell(runner, workbooks) -> None:
    from openpyxl import load_workbook

    path = workbooks / "opfoelgning-2027-BIU.xlsx"
    book = load_workbook(path)
    sheet = book.active
    cell_of(sheet, "Status", "BC06").value = "i gang"
    cell = cell_of(sheet, "Realiseret varig nettoændring", "BC06", 2026)
    cell.value = "ca. 1500"
    wrong = cell_of(sheet, "Status", "BC05")
    wrong.value = "halvfærdig"
    book.save(path)
    result = runner.invoke(app, ["status", *WITH_EXAMPLE, "--data", str(workbooks)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert any(
        f"'Opfølgning BIU'!{cell.coordinate}" in line and '"ca. 1500" er ikke et tal' in line
        for line in lines
    ), lines
    assert any(
        f"'Opfølgning BIU'!{wrong.coordinate}" in line and "ukendt status 'halvfærdig'" in line
        for line in lines
    ), lines


def test_an_existing_workbook_is_not_replaced_without_force(runner, workbooks) -> None:
    args = ["status", *WITH_EXAMPLE, "--year", "2027", "--xlsx", str(workbooks)]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
