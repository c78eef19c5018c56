"""The exported workbook never contradicts itself without saying so (issue 22 item 3): the
present value follows Tabel 1 by formulas; the pool overview and the Følsomhed sheet are values
with a visible line that they do not follow edits and, hidden, the stamp of each proposal's
Tabel 1 they were computed from; `kkinvest check` on an edited workbook names each of them.

Worked (BC06, 1.000 kr.): in 2025 its lines are Effektivisering -5.500, Licenser 3.100,
Automatiseringssetup 2.400 and Udviklingsomkostninger 800, so Samlet økonomisk påvirkning is
-5.500 + 3.100 + 2.400 + 800 = 800. With the Effektivisering made -6.000 it is 300.

The same with a real spreadsheet recalculating the edited workbook: tests/test_libreoffice_stale.py.
"""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from kkinvest.calc.checks import Context, Severity
from kkinvest.calc.checks.stale import missing_proposals, stale_blocks
from kkinvest.calc.fingerprint import fingerprint, payback_frame, present_value_frame
from kkinvest.calc.npv import present_value, schedule_for
from kkinvest.calc.payback import Basis
from kkinvest.cli import app
from kkinvest.formats.xlsx import STAMP, STAMPED_NOTE, read_stamp, stamp_cells
from kkinvest.io.economics_in import load_rates
from kkinvest.model import DerivedBlock, Stamp
from kkinvest.registry import default_registry

STALE_RULES = {"stale_block", "stale_tables"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    from typer.testing import CliRunner

    folder = tmp_path_factory.mktemp("stale") / "unedited"
    folder.mkdir()
    book = folder / "budget.xlsx"
    result = CliRunner().invoke(app, ["export", "--budget", "2023", "--xlsx", str(book)])
    assert result.exit_code == 0, result.output
    return book


def row_of(sheet, label: str) -> int:
    return next(c.row for c in sheet["A"] if c.value == label)


def edited_copy(book: Path, folder: Path, value: int) -> Path:
    """The workbook with BC06's 2025 Effektivisering (column E) made `value`, as an analyst
    edits it (openpyxl keeps every formula)."""
    folder.mkdir()
    target = folder / book.name
    workbook = openpyxl.load_workbook(book)
    sheet = workbook["BC06"]
    sheet.cell(row_of(sheet, "Effektivisering"), 5).value = value
    workbook.save(target)
    return target


def stale_findings(runner, folder: Path) -> list[dict]:
    result = runner.invoke(app, ["check", "--data", str(folder), "--json"])
    assert result.exit_code in (0, 1), result.output
    return [f for f in json.loads(result.stdout)["findings"] if f["rule"] in STALE_RULES]


@pytest.mark.slow  # a check of the whole 2023 export: seconds
def test_an_unedited_export_has_no_stale_block(runner, exported) -> None:
    assert stale_findings(runner, exported.parent) == []


def test_an_edited_saving_names_each_block_that_no_longer_follows(
    runner, exported, tmp_path
) -> None:
    edited = edited_copy(exported, tmp_path / "edited", -6000)
    found = stale_findings(runner, edited.parent)
    assert {(f["subject"], f["where"]) for f in found} == {
        ("BC06", "arket 'Puljeoversigt 2023'"),
        ("BC06", "arket 'Følsomhed 2023'"),
        ("BC06", "Tabel A i arket"),
        ("BC06", "Tabel B i arket"),
    }
    blocks = [f for f in found if f["rule"] == "stale_block"]
    for finding in blocks:
        assert finding["severity"] == "fejl"
        assert "følger ikke de rettede tal i Tabel 1" in finding["message"]
        assert "kør kkinvest export igen" in finding["message"]
        assert finding["values"] == [
            {"year": 2025, "stated": 800, "computed": 300, "row": "Samlet økonomisk påvirkning"}
        ]


@pytest.mark.slow  # a check of the whole 2023 export: seconds
def test_the_same_figure_typed_again_is_no_edit(runner, exported, tmp_path) -> None:
    """-5.500 typed over -5.500 (or as -5500.0) changes nothing the blocks depend on."""
    edited = edited_copy(exported, tmp_path / "same", -5500)
    assert stale_findings(runner, edited.parent) == []


def test_the_computed_sheets_say_they_do_not_follow_edits(exported) -> None:
    workbook = openpyxl.load_workbook(exported)
    for name in ("Puljeoversigt 2023", "Følsomhed 2023"):
        sheet = workbook[name]
        assert sheet["A2"].value == STAMPED_NOTE or sheet["A3"].value == STAMPED_NOTE, name
        stamped = [c.row for c in sheet["A"] if c.value == STAMP]
        assert stamped, name
        assert all(sheet.row_dimensions[r].hidden for r in stamped), name
        ids = {sheet.cell(r, 2).value for r in stamped}
        assert "BC06" in ids


def test_the_present_value_follows_tabel_1_by_formulas(builtin, exported) -> None:
    """Each year's Investering and Besparelse in the present-value table is a formula over
    Tabel 1's cells (the year before's saving after the table's last year); evaluated over the
    sheet's own figures, each gives kkinvest's figure, for every proposal."""
    workbook = openpyxl.load_workbook(exported)
    schedules = load_rates()
    checked = 0
    for proposal in (p for p in builtin.proposals if p.budget == 2023):
        sheet = workbook[proposal.id]
        pv = present_value(proposal, schedule_for(proposal.budget, schedules))
        headings = [  # the last: the payback table above it has the same headings
            c.row for c in sheet["A"] if c.value == "År" and sheet.cell(c.row, 2).value == "År nr."
        ][-1]
        first = headings + 1
        assert sheet.cell(first, 1).value == pv.first_year
        for offset, item in enumerate(pv.table):
            row = first + offset
            for column, expected in ((3, item.investment), (4, item.saving)):
                formula = sheet.cell(row, column).value
                assert formula == 0 or str(formula).startswith("="), (proposal.id, row)
                assert evaluate(sheet, formula) == expected, (proposal.id, item.year, column)
                checked += 1
    assert checked > 100


def evaluate(sheet, formula) -> Decimal:
    """'=C21+C22', '=-(C16+C17)', '=D119' or 0, over the sheet's figures (and formulas)."""
    if not isinstance(formula, str):
        return Decimal(formula or 0)
    negated = formula.startswith("=-(")
    terms = re.findall(r"([A-Z]+)(\d+)", formula)
    total = Decimal(0)
    for column, row in terms:
        value = sheet[f"{column}{row}"].value
        total += evaluate(sheet, value) if isinstance(value, str) else Decimal(value or 0)
    return -total if negated else total


def test_a_stamp_reads_back_as_written() -> None:
    stamp = Stamp("0123456789abcdef", {2023: Decimal(-6200), 2024: Decimal("0.5")})
    assert read_stamp(stamp_cells("BC06", stamp)) == ("BC06", stamp)
    assert read_stamp(["Anden tekst", "BC06", "x", ""]) is None
    assert read_stamp([STAMP, "BC06", "x", "2023:ikke-et-tal"]) is None


def test_the_fingerprint_is_the_figures_not_their_spelling(builtin) -> None:
    bc06 = builtin.find("BC06")
    assert bc06 is not None
    line = bc06.lines[0]
    respelled = bc06.model_copy(
        update={
            "lines": [
                line.model_copy(
                    update={"values": {y: v * Decimal("1.0") for y, v in line.values.items()}}
                ),
                *bc06.lines[1:],
            ]
        }
    )
    changed = bc06.model_copy(
        update={
            "lines": [
                line.model_copy(update={"values": {**line.values, 2025: Decimal(-6000)}}),
                *bc06.lines[1:],
            ]
        }
    )
    assert fingerprint(respelled) == fingerprint(bc06)
    assert fingerprint(bc06).impact[2025] == 800
    assert fingerprint(changed).impact[2025] == 300
    assert fingerprint(changed).digest != fingerprint(bc06).digest


def test_the_rule_names_only_blocks_computed_from_other_figures(builtin) -> None:
    bc06 = builtin.find("BC06")
    assert bc06 is not None
    now = fingerprint(bc06)
    then = Stamp("0000000000000000", {**now.impact, 2025: Decimal(900)})
    blocks = (
        DerivedBlock("Puljeoversigten", "'Puljeoversigt 2023'", {"BC06": then}),
        DerivedBlock("Følsomhedsberegningen", "'Følsomhed 2023'", {"BC06": now}),
        DerivedBlock("Puljeoversigten", "'Puljeoversigt 2025'", {"MOBIL-2025": then}),
    )
    [finding] = stale_blocks(bc06, Context(builtin.keys, default_registry(), derived=blocks))
    assert finding.severity is Severity.ERROR
    assert finding.where == "arket 'Puljeoversigt 2023'"
    assert [(v.year, v.stated, v.computed) for v in finding.values] == [
        (2025, Decimal(900), Decimal(800))
    ]
    assert stale_blocks(bc06, Context(builtin.keys, default_registry())) == []


@pytest.mark.slow  # a check of the whole 2023 export: seconds
def test_a_workbook_without_stamps_is_checked_as_before(runner, exported, tmp_path) -> None:
    """A sheet whose stamp rows were deleted has no block to judge: no finding, no error."""
    folder = tmp_path / "nostamps"
    folder.mkdir()
    shutil.copy(exported, folder / exported.name)
    workbook = openpyxl.load_workbook(folder / exported.name)
    for name in ("Puljeoversigt 2023", "Følsomhed 2023"):
        sheet = workbook[name]
        for row in sorted((c.row for c in sheet["A"] if c.value == STAMP), reverse=True):
            sheet.delete_rows(row)
    workbook.save(folder / exported.name)
    assert stale_findings(runner, folder) == []


@pytest.mark.slow  # a check of the whole 2023 export: seconds
def test_an_edit_that_moves_the_present_values_frame_is_named(runner, exported, tmp_path) -> None:
    """BC06's implementation costs start in 2023 (år 1). With every 2023 cost deleted, år 1
    is 2024: the sheet's present-value and payback tables, laid out from 2023, no longer give
    kkinvest's figures (the payback would count one year too many), and check says why. (Amounts edited within the frame are followed: the test
    above, where the present value is not named.)"""
    folder = tmp_path / "moved"
    folder.mkdir()
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook["BC06"]
    first = row_of(sheet, "Implementeringsomkostninger") + 1
    last = row_of(sheet, "Samlede implementeringsomkostninger") - 1
    for row in range(first, last + 1):
        sheet.cell(row, 3).value = None  # column C: 2023
    workbook.save(folder / exported.name)
    found = [f for f in stale_findings(runner, folder) if f["subject"] == "BC06"]
    on_sheet = sorted(f["message"] for f in found if f["where"] == "arket 'BC06'")
    assert on_sheet == [
        "Nutidsværdien følger ikke de rettede tal i Tabel 1: år 1 er nu 2024, men tabellen "
        "regner fra 2023; kør kkinvest export igen",
        "Tilbagebetalingstiden baseret på serviceeffektivisering følger ikke de rettede tal i "
        "Tabel 1: år 1 er nu 2024, men tabellen regner fra 2023; kør kkinvest export igen",
        "Tilbagebetalingstiden baseret på totaløkonomi følger ikke de rettede tal i Tabel 1: "
        "år 1 er nu 2024, men tabellen regner fra 2023; kør kkinvest export igen",
    ]
    found = {f["where"]: f for f in found}
    assert "arket 'Puljeoversigt 2023'" in found


def test_the_frame_of_bc06s_present_value(builtin) -> None:
    bc06 = builtin.find("BC06")
    assert bc06 is not None
    assert present_value_frame(bc06).frame == (2023, 2028, 10)
    assert payback_frame(bc06, Basis.SERVICE).frame == (2023, 2028)
    stamp = present_value_frame(bc06)
    assert read_stamp(stamp_cells("BC06", stamp)) == ("BC06", stamp)


@pytest.mark.slow  # a check of the whole 2023 export: seconds
def test_a_deleted_proposal_sheet_leaves_the_computed_sheets_behind(
    runner, exported, tmp_path
) -> None:
    """With BC06's sheet deleted, the overview and the Følsomhed sheet still count BC06."""
    folder = tmp_path / "deleted"
    folder.mkdir()
    workbook = openpyxl.load_workbook(exported)
    del workbook["BC06"]
    workbook.save(folder / exported.name)
    found = stale_findings(runner, folder)
    assert [(f["subject"], f["message"]) for f in found] == [
        (
            "Puljeoversigt 2023",
            "Puljeoversigten er beregnet med forslag, som ikke længere er i projektmappen "
            "(BC06); kør kkinvest export igen",
        ),
        (
            "Følsomhed 2023",
            "Følsomhedsberegningen er beregnet med forslag, som ikke længere er i projektmappen "
            "(BC06); kør kkinvest export igen",
        ),
    ]


def test_missing_proposals_names_each_sheet_once(builtin) -> None:
    """Two sheets count BC06, which is gone: one finding each; a proposal sheet's own blocks
    of formulas went with the sheet and are not named."""
    stamp = Stamp("0000000000000000", {})
    blocks = (
        DerivedBlock("Puljeoversigten", "'Puljeoversigt 2023'", {"BC06": stamp, "BC07": stamp}),
        DerivedBlock("Følsomhedsberegningen", "'Følsomhed 2023'", {"BC06": stamp}),
        DerivedBlock("Nutidsværdien", "'BC06'", {"BC06": stamp}, formulas=True),
    )
    kept = [p for p in builtin.proposals if p.id != "BC06"]
    found = missing_proposals(blocks, kept)
    assert [f.subject for f in found] == ["Puljeoversigt 2023", "Følsomhed 2023"]
    assert all("projektmappen (BC06); kør kkinvest export igen" in f.message for f in found)
    assert missing_proposals(blocks, builtin.proposals) == []
