"""The workbook template (`kkinvest template --xlsx`) filled in the way a person fills it:
Danish choices in the drop-downs, rows inserted above a total, the live payback figure, and
entries the sheet refuses. LibreOffice is the spreadsheet that inserts the rows and
recalculates (a Basic macro in a private profile: Rows.insertByIndex is what Insert Rows Above
does); without LibreOffice those tests are skipped (CI requires it)."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from kkinvest.calc.payback import Basis, compute_payback
from kkinvest.cli import app
from kkinvest.formats.labels import PAYBACK_ROWS
from kkinvest.io.catalogue import load_catalogue
from kkinvest.render.excel_template import LINES, template_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE is None and os.environ.get("KKINVEST_REQUIRE_SOFFICE"):
    pytest.fail("LibreOffice (soffice) is required here but not installed", pytrace=False)
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


def blank(tmp_path: Path, name: str = "skabelon.xlsx") -> Path:
    path = tmp_path / name
    template_workbook(2027).save(path)
    return path


def rows_of(sheet: Any) -> dict[str, int]:
    """Column A's labels by row (the first row of each label)."""
    found: dict[str, int] = {}
    for row in range(1, sheet.max_row + 1):
        label = sheet.cell(row, 1).value
        if isinstance(label, str):
            found.setdefault(label, row)
    return found


def fill(
    sheet: Any, facts: dict[str, Any], permanent: list[list[Any]], implementation: list[list[Any]]
) -> None:
    """Type into the template as a person does: the facts by their label in column A, each
    section's lines from its first empty row (label, area, the years 2027-2032, note)."""
    rows = rows_of(sheet)
    for label, value in facts.items():
        sheet.cell(rows[label], 2).value = value
    for heading, lines in (
        ("Varige ændringer", permanent),
        ("Implementeringsomkostninger", implementation),
    ):
        for offset, line in enumerate(lines, start=1):
            for col, value in enumerate(line, start=1):
                if value is not None:
                    sheet.cell(rows[heading] + offset, col).value = value


# --- the sheet as written --------------------------------------------------------------


def test_the_drop_downs_and_the_vejledning_are_danish(tmp_path) -> None:
    book = load_workbook(blank(tmp_path))
    lister = book["Lister"]
    values = {
        lister.cell(1, col).value: [lister.cell(r, col).value for r in range(2, lister.max_row + 1)]
        for col in range(1, lister.max_column + 1)
    }
    assert "ingen pulje" in values["Pulje"]
    assert values["Nøgle"] == ["ingen fordeling"] + [None] * (
        len(values["Nøgle"]) - 1
    )  # no keys given
    assert values["Omkostninger"][:3] == [
        "efter fordelingsnøglen",
        "Økonomiudvalget",
        "Koncernservice",
    ]
    assert "Koncern IT" in values["Omkostninger"]
    every = [v for column in values.values() for v in column if v is not None]
    assert not {"none", "key", "KIT"} & set(every)
    help_text = " ".join(
        str(c.value) for row in book["Vejledning"].iter_rows() for c in row if c.value
    )
    for english in ("'key'", "'none'", "KIT"):
        assert english not in help_text
    assert "ingen fordeling" in help_text and "efter fordelingsnøglen" in help_text
    assert "intune-2022: Mobile enheder" not in help_text  # the CLI passes the keys; none here


def test_the_keys_are_named_with_their_titles_in_the_vejledning(runner, tmp_path) -> None:

    path = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["template", "--xlsx", str(path), "--budget", "2027"]).exit_code == 0
    help_text = " ".join(
        str(c.value)
        for row in load_workbook(path)["Vejledning"].iter_rows()
        for c in row
        if c.value
    )
    assert (
        "intune-2022: Mobile enheder (mobiltelefoner og iPads) i Intune pr. 10.03.22" in help_text
    )
    assert "intune: den nyeste af intune-nøglerne" in help_text
    lister = load_workbook(path)["Lister"]
    assert [lister.cell(r, 6).value for r in range(1, 5)] == [
        "Nøgle",
        "ingen fordeling",
        "intune",
        "intune-2022",
    ]


def test_each_section_has_15_lines_and_a_total_from_heading_to_the_row_above_it(tmp_path) -> None:
    sheet = load_workbook(blank(tmp_path))["Forslag"]
    rows = rows_of(sheet)
    for heading, total in (
        ("Varige ændringer", "Samlet varig ændring"),
        ("Implementeringsomkostninger", "Samlede implementeringsomkostninger"),
    ):
        assert rows[total] - rows[heading] - 1 == LINES == 15
        first, own = rows[heading], rows[total]
        assert sheet.cell(own, 3).value == f"=SUM(C{first}:OFFSET(C{own},-1,0))"
        assert sheet.cell(own, 8).value == f"=SUM(H{first}:OFFSET(H{own},-1,0))"


def test_every_input_is_checked_with_a_danish_message(tmp_path) -> None:
    sheet = load_workbook(blank(tmp_path))["Forslag"]
    rows = rows_of(sheet)
    checks = sheet.data_validations.dataValidation
    assert checks and all(c.showErrorMessage and c.errorTitle and c.error for c in checks)
    assert all(c.errorStyle in ("stop", "warning") for c in checks)

    def check_of(cell: str) -> Any:
        found = [c for c in checks if cell in c.sqref]
        assert len(found) == 1, cell
        return found[0]

    line = rows["Varige ændringer"] + 3
    amount = check_of(f"E{line}")
    assert (amount.type, amount.errorStyle, amount.errorTitle) == (
        "decimal",
        "stop",
        "Ugyldigt beløb",
    )
    assert "1.000 kr." in amount.error
    above_total = rows["Samlede implementeringsomkostninger"]  # a row inserted there is checked
    assert check_of(f"C{above_total}").type == "decimal"
    for label in ("Budget", "Pris- og lønniveau"):
        year = check_of(f"B{rows[label]}")
        assert (year.type, year.formula1, year.formula2) == ("whole", "1990", "2100")
        assert year.errorTitle == "Ugyldigt årstal"
    assert check_of(f"D{rows['1.000 kr. 2027 p/l']}").type == "whole"  # the year headings
    for label, title, style in (
        ("Udvalg", "Ukendt udvalg", "stop"),
        ("Forvaltning", "Ukendt forvaltning", "stop"),
        ("Type", "Ukendt type", "stop"),
        ("Pulje", "Ukendt pulje", "stop"),
        ("Nøgle", "Ukendt fordelingsnøgle", "warning"),  # a catalogue may have keys of its own
        ("Omkostninger", "Ukendt enhed", "warning"),
    ):
        choice = check_of(f"B{rows[label]}")
        assert (choice.type, choice.errorTitle, choice.errorStyle) == ("list", title, style)
    assert check_of(f"B{line}").errorTitle == "Ukendt styringsområde"


# --- read back: the Danish choices, and the English ones of templates already out there ----


@pytest.mark.parametrize(
    ("pool", "key", "costs"),
    [("ingen pulje", "ingen fordeling", "efter fordelingsnøglen"), ("none", None, "key")],
)
def test_danish_and_old_english_choices_read_as_the_same_proposal(
    tmp_path, pool, key, costs
) -> None:
    path = blank(tmp_path)
    book = load_workbook(path)
    facts = {
        "Nr.": "NY10",
        "Titel": "Digital post",
        "Type": "effektivisering",
        "Udvalg": "Teknik- og Miljøudvalget",
        "Forvaltning": "TMF",
        "Pulje": pool,
        "Nøgle": key,
        "Omkostninger": costs,
    }
    fill(book["Forslag"], facts, [["Porto", "Service", -100, -200]], [["Opsætning", "Anlæg", 300]])
    book.save(path)
    proposal = load_catalogue(path).find("NY10")
    assert proposal is not None
    assert proposal.pool.value == "none"
    assert proposal.split is not None and (proposal.split.key, proposal.split.costs) == (
        None,
        "key",
    )


def test_a_cost_place_chosen_by_name_is_its_kvantum_row(tmp_path) -> None:
    path = blank(tmp_path)
    book = load_workbook(path)
    facts = {"Nr.": "NY11", "Titel": "Licens", "Udvalg": "Socialudvalget", "Forvaltning": "SOF"}
    facts |= {"Nøgle": "intune", "Omkostninger": "Koncern IT"}
    fill(book["Forslag"], facts, [["Licens", "Service", -100]], [["Køb", "Service", 300]])
    book.save(path)
    proposal = load_catalogue(path).find("NY11")
    assert proposal is not None and proposal.split is not None
    assert (proposal.split.key, proposal.split.costs) == ("intune", "KIT")


# --- LibreOffice: rows inserted above the totals, and the live payback --------------------

BASIC = """
Sub Run(src As String, dst As String, ops As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(src), "_blank", 0, args())
  If ops <> "" Then
    For Each op In Split(ops, "~")
      parts = Split(op, "|")
      sheet = doc.Sheets.getByName(parts(0))
      r = CLng(parts(1)) - 1
      sheet.Rows.insertByIndex(r, 1)
      For i = 2 To UBound(parts)
        If parts(i) <> "" Then
          cell = sheet.getCellByPosition(i - 2, r)
          If IsNumeric(parts(i)) Then
            cell.Value = CDbl(parts(i))
          Else
            cell.String = parts(i)
          End If
        End If
      Next
    Next
  End If
  doc.calculateAll()
  Dim save(0) As New com.sun.star.beans.PropertyValue
  save(0).Name = "FilterName"
  save(0).Value = "Calc MS Excel 2007 XML"
  doc.storeToURL(ConvertToURL(dst), save())
  doc.close(True)
  StarDesktop.terminate()
End Sub
"""
"""Open a workbook, insert rows (Insert Rows Above) and type into them, recalculate, save."""


def _macro_xml() -> str:
    from xml.sax.saxutils import escape

    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<script:module xmlns:script="http://openoffice.org/2000/script" '
        'script:name="Module1" script:language="StarBasic">'
        + escape(BASIC, {'"': "&quot;"})
        + "</script:module>\n"
    )


def libreoffice(tmp: Path, source: Path, target: Path, ops: list[list[Any]]) -> None:
    """Open `source` in LibreOffice, insert each op's row (sheet, row number, then the new
    row's cells from column A) as Insert Rows Above does, recalculate and save `target`."""
    assert SOFFICE is not None
    profile = tmp / "profile"
    if not (profile / "user" / "basic" / "Standard").is_dir():
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--terminate_after_init",
            ],
            capture_output=True,
            timeout=180,
            check=False,
        )
    (profile / "user" / "basic" / "Standard" / "Module1.xba").write_text(
        _macro_xml(), encoding="utf-8"
    )
    spec = "~".join("|".join("" if v is None else str(v) for v in op) for op in ops)
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            f'macro:///Standard.Module1.Run("{source}","{target}","{spec}")',
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    assert target.exists(), "LibreOffice ran the macro but wrote nothing"


def paybacks_shown(sheet: Any) -> dict[Basis, Any]:
    rows = rows_of(sheet)
    return {Basis(b): sheet.cell(rows[label], 3).value for b, label in PAYBACK_ROWS.items()}


def kkinvest_payback(proposal: Any, basis: Basis) -> Any:
    payback = compute_payback(proposal, basis)
    return payback.years if payback.years is not None else "ingen"


@pytest.mark.slow
@needs_soffice
def test_rows_inserted_above_the_totals_are_counted_and_read(tmp_path) -> None:
    """Filled as a person does, then in LibreOffice a row inserted right under the first
    section's heading and one right above each total.

    Worked by hand: varige 2027-2029: inserted Tryk -10/-10/-10 + Porto -100/-200/-300 +
    inserted Papir -50/-50/-50 = -160/-260/-360; implementering 2027: Opsætning 800 + inserted
    Kursus 100 = 900. Payback: investment 900 from 2027; savings 160, 260, 360 (then 360
    continues): cumulated 160, 420, 780, 1.140 >= 900 in year 4 (2030)."""
    path = blank(tmp_path)
    book = load_workbook(path)
    facts = {"Nr.": "NY20", "Titel": "Papirløs sagsgang", "Udvalg": "Kultur- og Fritidsudvalget"}
    facts |= {"Forvaltning": "KFF", "Pulje": "ingen pulje", "Nøgle": "ingen fordeling"}
    fill(
        book["Forslag"],
        facts,
        [["Porto", "Service", -100, -200, -300]],
        [["Opsætning", "Anlæg", 800]],
    )
    book.save(path)
    rows = rows_of(book["Forslag"])
    saved = tmp_path / "gemt.xlsx"
    libreoffice(
        tmp_path,
        path,
        saved,
        [
            ["Forslag", rows["Varige ændringer"] + 1, "Tryk", "Service", -10, -10, -10],
            # each insert moves the rows below it down one
            ["Forslag", rows["Samlet varig ændring"] + 1, "Papir", "Service", -50, -50, -50],
            ["Forslag", rows["Samlede implementeringsomkostninger"] + 2, "Kursus", "Service", 100],
        ],
    )
    sheet = load_workbook(saved, data_only=True)["Forslag"]
    after = rows_of(sheet)
    assert [sheet.cell(after["Samlet varig ændring"], c).value for c in (3, 4, 5)] == [
        -160,
        -260,
        -360,
    ]
    assert sheet.cell(after["Samlede implementeringsomkostninger"], 3).value == 900
    assert [sheet.cell(after["Samlet økonomisk påvirkning"], c).value for c in (3, 4, 5)] == [
        740,
        -260,
        -360,
    ]
    assert paybacks_shown(sheet) == {Basis.SERVICE: 4, Basis.TOTAL: 4}

    proposal = load_catalogue(saved).find("NY20")
    assert proposal is not None
    assert [(line.label, dict(line.values)) for line in proposal.lines] == [
        ("Tryk", {2027: -10, 2028: -10, 2029: -10}),
        ("Porto", {2027: -100, 2028: -200, 2029: -300}),
        ("Papir", {2027: -50, 2028: -50, 2029: -50}),
        ("Opsætning", {2027: 800}),
        ("Kursus", {2027: 100}),
    ]
    assert proposal.pool.value == "none" and proposal.split is None
    assert kkinvest_payback(proposal, Basis.SERVICE) == 4
    assert proposal.stated.payback_service == 4  # LibreOffice's figure, read as printed
    checked = CliRunner().invoke(app, ["check", "--data", str(saved)])
    assert checked.exit_code == 0, checked.output
    assert "0 fejl, 0 advarsler, 0 bemærkninger" in checked.stdout  # the sheet agrees with itself


def note_after(typed: int, text: str) -> list[Any]:
    """The rest of a line with `typed` years typed: the empty years, then the Note."""
    return [*([None] * (6 - typed)), text]


# Each case: (id, permanent lines, implementation lines, payback service, payback total), worked
# by hand from calc/payback.py's rule; years 2027-2032.
CASES = [
    # Year 1 is the first year with an investment (2028): the 2027 saving does not count.
    # 400, 800, 1.200 >= 1.000: 3 years.
    (
        "PB01",
        [["Drift", "Service", -400, -400, -400, -400, -400, -400]],
        [["Køb", "Service", None, 1000]],
        3,
        3,
    ),
    # Amounts only to 2028: the 2028 saving continues. 500, 1.500, 2.500, 3.500 >= 3.000: 4.
    ("PB02", [["Drift", "Service", -500, -1000]], [["Køb", "Anlæg", 3000]], 4, 4),
    # No saving at all: never.
    (
        "PB03",
        [["Drift", "Service", 0, 0, 0, 0, 0, 0]],
        [["Køb", "Service", 1000]],
        "ingen",
        "ingen",
    ),
    # Past the table: 6 x 500 = 3.000 by 2032, 7.000 left at 500 a year = 14 more: 20.
    (
        "PB04",
        [["Drift", "Service", -500, -500, -500, -500, -500, -500]],
        [["Køb", "Anlæg", 10000]],
        20,
        20,
    ),
    # An anlæg saving counts only in totaløkonomi: 500, 1.000 >= 1.000: 2; service: never.
    ("PB05", [["Husleje", "Anlæg", -500, -500, -500]], [["Køb", "Service", 1000]], "ingen", 2),
    # A line left out of the payback by its note: investment 1.000, not 2.000: 2 years.
    (
        "PB06",
        [["Drift", "Service", -500, -500, -500]],
        [
            ["Køb", "Service", 1000],
            [
                "Grundinvestering",
                "Anlæg",
                1000,
                None,
                None,
                None,
                None,
                None,
                "indgår ikke i tilbagebetalingstiden",
            ],
        ],
        2,
        2,
    ),
    # Lines for information only inside the section count in neither figure: investment 1.000.
    (
        "PB07",
        [
            ["Drift", "Service", -500, -500, -500],
            ["Husleje", "Service", -900, -900, -900, *note_after(3, "til orientering")],
        ],
        [
            ["Køb", "Service", 1000],
            ["Inventar", "Service", 5000, *note_after(1, "Indgår ikke i den samlede økonomi")],
        ],
        2,
        2,
    ),
]


@pytest.mark.slow
@needs_soffice
def test_the_payback_formula_gives_kkinvests_payback(tmp_path) -> None:
    path = blank(tmp_path)
    book = load_workbook(path)
    template = book["Forslag"]
    sheets = [template, *(book.copy_worksheet(template) for _ in CASES[1:])]  # copied blank
    for sheet, (id_, permanent, implementation, _, _) in zip(sheets, CASES, strict=True):
        sheet.title = id_
        facts = {
            "Nr.": id_,
            "Titel": f"Sag {id_}",
            "Udvalg": "Socialudvalget",
            "Forvaltning": "SOF",
        }
        fill(sheet, facts, permanent, implementation)
    book.save(path)
    saved = tmp_path / "gemt.xlsx"
    libreoffice(tmp_path, path, saved, [])
    computed = load_workbook(saved, data_only=True)
    catalogue = load_catalogue(saved)
    for id_, _, _, service, total in CASES:
        proposal = catalogue.find(id_)
        assert proposal is not None
        expected = {Basis.SERVICE: service, Basis.TOTAL: total}
        by_kkinvest = {basis: kkinvest_payback(proposal, basis) for basis in Basis}
        assert by_kkinvest == expected, id_
        assert paybacks_shown(computed[id_]) == expected, id_


def test_payback_formula_cases_are_worked_by_hand() -> None:
    """The hand-worked cases above, without LibreOffice: kkinvest's own payback agrees."""
    from kkinvest.model import Proposal
    from kkinvest.registry import default_registry

    for id_, permanent, implementation, service, total in CASES:
        lines = []
        for section, rows in (("varig", permanent), ("implementering", implementation)):
            for row in rows:
                label, area, *amounts = row
                note = amounts[6] if len(amounts) > 6 else None  # left out or for information
                values = {2027 + i: Decimal(v) for i, v in enumerate(amounts[:6]) if v is not None}
                line = {"section": section, "label": label, "area": area.lower(), "values": values}
                if note:  # as the workbook reader reads a Note (io/recognise/tabel_1.py)
                    line["in_payback"] = "indgår ikke" not in note.casefold()
                    line["memo"] = "orientering" in note or "samlede" in note
                lines.append(line)
        proposal = Proposal.model_validate(
            {
                "id": id_,
                "title": "Sag",
                "kind": "investering",
                "budget": 2027,
                "price_level": 2027,
                "committee": "SUD",
                "administration": "SOF",
                "pool": "investering",
                "lines": lines,
            },
            context={"registry": default_registry()},
        )
        assert kkinvest_payback(proposal, Basis.SERVICE) == service, id_
        assert kkinvest_payback(proposal, Basis.TOTAL) == total, id_


def _random_case(draw: random.Random, id_: str) -> tuple[str, list[list[Any]], list[list[Any]]]:
    """Lines a person might type: savings (some positive, some anlæg) over the first years,
    investments in one to three years, now and then a line left out of the payback."""

    def amounts(low: int, high: int) -> list[Any]:
        start, end = draw.randint(0, 2), draw.randint(2, 5)
        return [draw.randint(low, high) * 10 if start <= i <= end else None for i in range(6)]

    permanent = [
        ["Drift", draw.choice(["Service", "Service", "Anlæg"]), *amounts(-60, 10)]
        for _ in range(draw.randint(1, 3))
    ]
    implementation = []
    for _ in range(draw.randint(1, 2)):
        line = ["Køb", draw.choice(["Service", "Anlæg"]), *amounts(0, 200)]
        if draw.random() < 0.25:
            line.append("indgår ikke i tilbagebetalingstiden")
        implementation.append(line)
    return id_, permanent, implementation


@pytest.mark.slow
@needs_soffice
def test_the_payback_formula_agrees_with_kkinvest_on_random_fillings(tmp_path) -> None:
    """Twelve sheets filled at random (seeded), one LibreOffice run: each sheet's two payback
    figures equal kkinvest's for the proposal read back from the same sheet."""
    draw = random.Random(2027)
    cases = [_random_case(draw, f"RX{n:02d}") for n in range(12)]
    path = blank(tmp_path)
    book = load_workbook(path)
    template = book["Forslag"]
    sheets = [template, *(book.copy_worksheet(template) for _ in cases[1:])]
    for sheet, (id_, permanent, implementation) in zip(sheets, cases, strict=True):
        sheet.title = id_
        facts = {"Nr.": id_, "Titel": "Tilfældig", "Udvalg": "Socialudvalget", "Forvaltning": "SOF"}
        fill(sheet, facts, permanent, implementation)
    book.save(path)
    saved = tmp_path / "gemt.xlsx"
    libreoffice(tmp_path, path, saved, [])
    computed = load_workbook(saved, data_only=True)
    catalogue = load_catalogue(saved)
    for id_, permanent, implementation in cases:
        proposal = catalogue.find(id_)
        assert proposal is not None
        by_kkinvest = {basis: kkinvest_payback(proposal, basis) for basis in Basis}
        assert paybacks_shown(computed[id_]) == by_kkinvest, (id_, permanent, implementation)


@pytest.mark.slow
@needs_soffice
def test_the_template_prints_by_section_with_page_numbers(runner, tmp_path) -> None:
    """LibreOffice prints the template as the export: A4, the sheet's name above and
    "Side n af N" below every page, no two words over each other; Tabel 1's implementation
    section (with the totals and paybacks under it) and each payback table on one page."""
    import test_libreoffice_print as printed
    from test_libreoffice import soffice

    path = tmp_path / "skabelon.xlsx"
    assert runner.invoke(app, ["template", "--xlsx", str(path), "--budget", "2027"]).exit_code == 0
    (pdf,) = soffice(tmp_path, "pdf", path)
    assert all(sorted(size) == pytest.approx(printed.A4, abs=1) for size in printed.pdf_pages(pdf))
    printed.test_no_two_words_are_printed_over_each_other(pdf)
    pages = printed._page_texts(pdf)
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] in ("Forslag", "Vejledning"), (number, lines[:2])
        assert lines[-1] == f"Side {number} af {len(pages)}", (number, lines[-1])
    together = (
        ("Implementeringsomkostninger", "Samlede implementeringsomkostninger", "totaløkonomi"),
        ("Tilbagebetaling (serviceeffektivisering)", "Betalt tilbage i år nr."),
        ("Tilbagebetaling (totaløkonomi)", "Betalt tilbage i år nr."),
    )
    for words in together:
        first = next(page for page in pages if words[0] in page)
        assert all(word in first for word in words), words
