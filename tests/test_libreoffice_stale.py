"""A real spreadsheet recalculates an edited export, and `check` names exactly the blocks that
no longer follow (issue 22 item 3's "Done when").

An analyst makes BC06's 2025 Effektivisering -6.000 (it was -5.500) in the exported 2023
workbook; LibreOffice recalculates and saves it. Then:

- what is a formula follows: Tabel 1's totals, the payback figure and the present value on
  BC06's sheet equal what kkinvest computes from the edited lines (2025's impact
  -6.000 + 3.100 + 2.400 + 800 = 300, was 800);
- what is values computed by kkinvest does not, and `check` says so, once per block: the pool
  overview and the Følsomhed sheet (both 2023), and Tabel A and B on BC06's sheet (the saving
  lands in A and B; Tabel C holds the costs, which did not change);
- the unedited workbook, recalculated and saved the same way: no such finding.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from test_libreoffice import SOFFICE, soffice

from kkinvest.calc.npv import present_value, schedule_for
from kkinvest.calc.payback import Basis, compute_payback
from kkinvest.cli import app
from kkinvest.io.catalogue import load_catalogue
from kkinvest.io.economics_in import load_rates
from kkinvest.money import round_half_away

pytestmark = [
    pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed"),
    pytest.mark.slow,  # two LibreOffice conversions and three exports/checks: seconds
]

STALE_RULES = {"stale_block", "stale_tables"}


def recalculated(runner, tmp: Path, edit: int | None) -> Path:
    """The 2023 export, with BC06's 2025 Effektivisering made `edit` (None: unedited),
    recalculated and saved by LibreOffice; the folder holding only that workbook."""
    book = tmp / "budget.xlsx"
    result = runner.invoke(app, ["export", "--budget", "2023", "--xlsx", str(book)])
    assert result.exit_code == 0, result.output
    if edit is not None:
        workbook = openpyxl.load_workbook(book)
        sheet = workbook["BC06"]
        row = next(c.row for c in sheet["A"] if c.value == "Effektivisering")
        assert sheet.cell(row, 5).value == -5500  # column E: 2025
        sheet.cell(row, 5).value = edit
        workbook.save(book)
    [saved] = soffice(tmp, "xlsx", book)
    return saved


def stale(runner, folder: Path) -> set[tuple[str, str]]:
    result = runner.invoke(app, ["check", "--data", str(folder), "--json"])
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout)["findings"]
    return {(f["subject"], f["where"]) for f in findings if f["rule"] in STALE_RULES}


def test_check_names_exactly_the_blocks_an_edit_left_behind(runner, tmp_path) -> None:
    saved = recalculated(runner, tmp_path, -6000)
    assert stale(runner, saved.parent) == {
        ("BC06", "arket 'Puljeoversigt 2023'"),
        ("BC06", "arket 'Følsomhed 2023'"),
        ("BC06", "Tabel A i arket"),
        ("BC06", "Tabel B i arket"),
    }
    # What is a formula followed the edit: the proposal read back is the edited one, and the
    # sheet's recalculated payback and present value are kkinvest's for it.
    edited = load_catalogue(saved).find("BC06")
    assert edited is not None
    assert edited.lines[0].values[2025] == -6000
    sheet = openpyxl.load_workbook(saved, data_only=True)["BC06"]
    column_a = {c.value: c.row for c in sheet["A"] if isinstance(c.value, str)}
    impact = sheet.cell(column_a["Samlet økonomisk påvirkning"], 5).value
    assert impact == 300
    payback = compute_payback(edited, Basis.SERVICE).years
    shown = sheet.cell(column_a["Tilbagebetalingstid baseret på serviceeffektivisering"], 3)
    assert shown.value == payback
    pv = present_value(edited, schedule_for(edited.budget, load_rates()))
    total = sheet.cell(column_a["I alt"], 8).value  # the present-value table's "I alt"
    assert round_half_away(Decimal(str(total)), 2) == round_half_away(pv.value, 2)


def test_an_unedited_export_recalculated_has_no_stale_block(runner, tmp_path) -> None:
    saved = recalculated(runner, tmp_path, None)
    assert stale(runner, saved.parent) == set()
