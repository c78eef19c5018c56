"""What kkinvest writes, as LibreOffice prints and recalculates it: A4 pages with text of 9 pt
or more and nothing cut; a workbook edited by a user recalculated to kkinvest's own figures,
with `check` saying the Tabel A/B/C it carries are stale; and a workbook re-saved by
LibreOffice giving the same `pool` and `check` as the catalogue.

Skipped without LibreOffice, like tests/test_libreoffice.py (CI installs it and makes them
required).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_libreoffice import CSV_FILTER, SOFFICE, sheets, soffice

from kkinvest.calc.payback import Basis, compute_payback
from kkinvest.calc.totals import proposal_totals
from kkinvest.cli import app
from kkinvest.io.catalogue import load_catalogue

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
A4 = (595.3, 841.9)


def pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    return [(float(w), float(h)) for w, h in sizes]


def pdf_words(pdf: Path) -> tuple[Counter[str], float]:
    """Every word the PDF shows, and the smallest word box's height (points)."""
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', xml)
    smallest = min(float(y1) - float(y0) for y0, y1, _ in words)
    return Counter(_unescape(w) for _, _, w in words), smallest


def nine_point_box(tmp: Path) -> float:
    """The height of a word box of 9 pt text as this machine's LibreOffice prints it (the
    font it draws Arial with decides it), from a one-cell workbook at 100 %."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.active["A1"] = "Kalibrering"
    book.active["A1"].font = Font(name="Arial", size=9)
    path = tmp / "ni.xlsx"
    book.save(path)
    [pdf] = soffice(tmp, "pdf", path)
    return pdf_words(pdf)[1]


def _unescape(text: str) -> str:
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


needs_poppler = pytest.mark.skipif(
    shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils (pdfinfo, pdftotext) are not installed",
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from typer.testing import CliRunner

    tmp = tmp_path_factory.mktemp("print")
    book = tmp / "alt.xlsx"
    result = CliRunner().invoke(app, ["export", "--xlsx", str(book)])
    assert result.exit_code == 0, result.output
    return tmp, book


@pytest.fixture(scope="module")
def printed_pdf(exported) -> Path:
    """The export as LibreOffice prints it (one conversion for the tests below)."""
    tmp, book = exported
    [pdf] = soffice(tmp, "pdf", book)
    return pdf


@needs_poppler
def test_the_export_prints_on_a4_readable_and_nothing_cut(exported, printed_pdf) -> None:
    tmp, book = exported
    pdf = printed_pdf
    pages = pdf_pages(pdf)
    assert pages and all(sorted(size) == pytest.approx(A4, abs=1) for size in pages)
    # at most six pages a proposal (header and Tabel 1; Tabel A, B and C, each table on one
    # page, two where they fit; the payback table and its chart; the present value), two
    # pages of overview and six of Følsomhed a budget (since issue 24 Følsomhed shows gross
    # savings, running costs, investment, delay, the horizon and the risk reserve for each
    # proposal: five pages a budget today)
    assert len(pages) <= 6 * 13 + 2 * (2 + 6)
    words, smallest = pdf_words(pdf)
    calibration = tmp / "kalibrering"
    calibration.mkdir(exist_ok=True)
    nine = nine_point_box(calibration)
    assert smallest >= 0.99 * nine, (smallest, nine)  # 10 pt text at a scale of 90 % or more
    printed = load_workbook(book)
    missing = []
    for ws in printed.worksheets:
        last = int(str(ws.print_area).split("$")[-1]) if ws.print_area else ws.max_row
        for row in ws.iter_rows(max_row=last):
            if row and ws.row_dimensions[row[0].row].hidden:
                continue  # not printed (the kkinvest block, the stamps of computed sheets)
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    for word in cell.value.split():  # each printed as often as it is written
                        # a line may break after a hyphen: "HK-" "medarbejder"
                        parts = [word] if words[word] else re.split(r"(?<=-)(?=.)", word)
                        if all(words[part] for part in parts):
                            words.subtract(parts)
                        else:
                            missing.append((ws.title, cell.coordinate, word))
    assert not missing, missing[:20]  # a word missing from the PDF is a cut heading or label


@pytest.fixture(scope="module")
def recalculated(exported) -> dict[str, list[list[str]]]:
    """Each sheet of the export as LibreOffice recalculates and shows it (CSV)."""
    tmp, book = exported
    return sheets(soffice(tmp, CSV_FILTER, book), book)


def test_a_switching_value_without_meaning_is_a_dash_and_the_note_says_why(
    recalculated,
) -> None:
    """BC11's present value over 10 years is -14.128 (savings 30.886, investment 45.014):
    savings that "may fall -45,7 %" or an investment that "may be exceeded -31,4 %" mean
    nothing. The cells say "–", the note what it would take (as `kkinvest sensitivity`:
    the savings must rise 45,7 %, the investment be 31,4 % lower); no switching value
    recalculated by LibreOffice is negative."""
    rows = recalculated["Følsomhed 2023"]
    heading = next(i for i, row in enumerate(rows) if row and row[0] == "Forslag")
    columns = [
        rows[heading].index(name)
        for name in (
            "Effektiviseringerne må falde (%)",
            "De nye driftsudgifter må stige (%)",
            "Investeringen må overskrides (%)",
        )
    ]
    shown = {row[0]: row for row in rows[heading + 1 :] if row}
    assert [shown["BC11"][c] for c in columns] == ["–", "–", "–"]
    note = " ".join(shown["BC11"][-1].split())
    assert "Eff. –: nutidsværdien er negativ; skal stige 45,7 %" in note
    assert "Inv. –: nutidsværdien er negativ; skal være 31,4 % lavere" in note
    assert all(not row[c].startswith("-") for row in shown.values() for c in columns)
    assert shown["BC06"][columns[0]].startswith("10,1")  # a real margin stays (10,1 %)


def test_paybacks_recalculated_by_libreoffice_equal_kkinvest(builtin, recalculated) -> None:
    by_sheet = recalculated
    checked = 0
    for proposal in builtin.proposals:
        shown = {row[0]: row for row in by_sheet[proposal.id] if row}
        for basis, label in (
            (Basis.SERVICE, "Tilbagebetalingstid baseret på serviceeffektivisering"),
            (Basis.TOTAL, "Tilbagebetalingstid baseret på totaløkonomi"),
        ):
            payback = compute_payback(proposal, basis)
            assert shown[label][2] == (str(payback.years) if payback.years else "ingen"), (
                proposal.id,
                basis,
            )
            checked += 1
    assert checked == 2 * len(builtin.proposals)


def _edit(book: Path, target: Path, sheet: str, label: str, year: int, value: int) -> None:
    workbook = load_workbook(book)
    ws = workbook[sheet]
    header = next(
        r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("1.000")
    )
    column = next(c for c in range(3, ws.max_column + 1) if ws.cell(header, c).value == year)
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == label)
    ws.cell(row, column).value = value
    workbook.save(target)


@pytest.mark.parametrize(
    ("label", "year", "value", "years", "stale"),
    [
        ("Effektivisering", 2026, -20000, 4, True),  # pays back sooner
        ("Effektivisering", 2028, -5000, None, True),  # never: the saving after 2028 stays 0
        # later than the table (3.000 a year on); Tabel A/B/C split no implementation costs
        ("Udviklingsomkostninger", 2025, 9000, 9, False),
    ],
)
def test_an_edited_workbook_recalculates_to_kkinvest_and_check_says_stale(
    runner, exported, tmp_path, label, year, value, years, stale
) -> None:
    _, book = exported
    edited = tmp_path / "rettet.xlsx"
    _edit(book, edited, "BC06", label, year, value)
    [saved] = soffice(tmp_path, "xlsx", edited)  # recalculated and saved by LibreOffice
    proposal = load_catalogue(saved).find("BC06")
    assert proposal is not None
    payback = compute_payback(proposal)
    assert payback.years == years
    ws = load_workbook(saved, data_only=True)["BC06"]
    rows: dict[object, int] = {}
    for r in range(1, ws.max_row + 1):
        rows.setdefault(ws.cell(r, 1).value, r)  # the first: the present value's table has "År" too
    header = next(r for r in rows.values() if str(ws.cell(r, 1).value).startswith("1.000"))
    columns = {ws.cell(header, c).value: c for c in range(3, ws.max_column + 1)}
    totals = proposal_totals(proposal)
    for name, series in (
        ("Samlet varig ændring", totals.permanent),
        ("Samlede implementeringsomkostninger", totals.implementation),
        ("Samlet økonomisk påvirkning", totals.impact),
    ):
        for y in proposal.years:
            assert Decimal(ws.cell(rows[name], columns[y]).value) == series.get(y, 0), (name, y)
    shown = ws.cell(rows["Tilbagebetalingstid baseret på serviceeffektivisering"], 3).value
    assert shown == (years if years is not None else "ingen")
    heading = rows["År"]  # the payback table, one row per year
    names = {ws.cell(heading, c).value: c for c in range(1, 9)}
    shown_years = []
    r = heading + 1
    while isinstance(ws.cell(r, 1).value, int):
        shown_years.append(r)
        r += 1
    table = payback.table[: len(shown_years)]  # to the payback year; the figure itself
    block = {  # counts on past them (tested above)
        name: [ws.cell(row, names[name]).value for row in shown_years[: len(table)]]
        for name in ("Akk. investering", "Akk. besparelse", "Balance")
    }
    assert block["Akk. investering"] == [row.cumulative_investment for row in table]
    assert block["Akk. besparelse"] == [row.cumulative_saving for row in table]
    assert block["Balance"] == [row.balance for row in table]
    result = runner.invoke(app, ["payback", "BC06", "--data", str(saved)])
    assert result.exit_code == 0, result.output
    expected = f"Tilbagebetalingstid: {years} år" if years else "tilbagebetal"
    assert expected in result.stdout
    check = " ".join(runner.invoke(app, ["check", "BC06", "--data", str(saved)]).stdout.split())
    assert ("Tabel A er beregnet af kkinvest" in check) is stale
    assert ("Tabel B er beregnet af kkinvest" in check) is stale


def test_check_on_an_edited_workbook_compares_with_what_the_sheet_shows(
    runner, exported, tmp_path
) -> None:
    """The issue's case: Effektivisering 2026-28 set to -10.500. The sheet shows a total of
    -5.000 and payback 5; the document's totals (-3.000) and payback (6) agreed with the
    lines at export, so the sheet does not show them and they must not come back from the
    hidden block as "the document's": only the stale Tabel A/B/C and computed sheets remain."""
    _, book = exported
    workbook = load_workbook(book)
    for column in "FGH":
        workbook["BC06"][f"{column}16"] = -10500
    assert workbook["BC06"]["A16"].value == "Effektivisering"
    edited = tmp_path / "rettet.xlsx"
    workbook.save(edited)
    [saved] = soffice(tmp_path, "xlsx", edited)
    shown = load_workbook(saved, data_only=True)["BC06"]
    assert [shown[f"{c}19"].value for c in "FGH"] == [-5000] * 3  # Samlet varig ændring
    payback = runner.invoke(app, ["payback", "BC06", "--data", str(saved)])
    assert "Tilbagebetalingstid: 5 år (2027)" in payback.stdout
    check = runner.invoke(app, ["check", "BC06", "--data", str(saved)])
    text = " ".join(check.stdout.split())
    assert "Tabel A i arket" in text and "Tabel B i arket" in text
    # the computed sheets that no longer follow Tabel 1 (econ's stale blocks), each naming
    # the impact it was computed from
    assert "arket 'Puljeoversigt 2023'" in text and "arket 'Følsomhed 2023'" in text
    assert text.count("Samlet økonomisk påvirkning 2026–2028: dokumentet -3.000") == 2
    assert "4 fejl, 0 advarsler, 0 bemærkninger" in text, check.stdout
    for wrong in ("Samlet varig ændring", "Tilbagebetalingstid"):
        assert wrong not in text, check.stdout
    show = runner.invoke(app, ["show", "BC06", "--data", str(saved)])
    assert "dokumentet angiver" not in show.stdout
    folder = tmp_path / "toml"
    folder.mkdir()
    convert = runner.invoke(app, ["convert", str(saved), "--to", "toml", "-o", str(folder)])
    assert convert.exit_code == 0, convert.output
    written = (folder / "BC06.toml").read_text(encoding="utf-8")
    assert "[stated" not in written


def test_an_untouched_export_has_no_stale_tables(runner, exported) -> None:
    _, book = exported
    result = runner.invoke(app, ["check", "--data", str(book)])
    assert "beregnet af kkinvest" not in result.stdout


def test_export_resaved_by_libreoffice_gives_the_same_pool_and_check(runner, exported) -> None:
    tmp, book = exported
    out = tmp / "resaved"
    out.mkdir(exist_ok=True)
    [saved] = soffice(out, "xlsx", book)
    for command in (["pool", "--budget", "2023"], ["pool", "--budget", "2025"], ["check"]):
        catalogue = runner.invoke(app, command)
        workbook = runner.invoke(app, [*command, "--data", str(saved)])
        assert workbook.exit_code == catalogue.exit_code, command
        assert workbook.stdout == catalogue.stdout, command
    assert "208,7" in runner.invoke(app, ["pool", "--budget", "2023", "--data", str(saved)]).stdout


# The printed pages (issue 22, item 3), measured on the PDF of the whole export: nothing
# printed over anything else, the sheet's name above and "Side x af y" below every page, and
# every table block (a caption, its rows, its Total) on one page.

CAPTIONS = ("Tabel ", "Tilbagebetaling (", "Nutidsværdi (kkinvest)", "Tal i den trykte")


def _word_boxes(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        [
            (float(a), float(b), float(c), float(d), _unescape(word))
            for a, b, c, d, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                r"([^<]*)</word>",
                page,
            )
        ]
        for page in xml.split("<page ")[1:]
    ]


def _page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _blocks(book: Path) -> dict[str, list[list[str]]]:
    """Per sheet, each printed table block as its caption and the first words of its rows'
    labels (column A) in order: from a caption to the row before the next empty row."""
    found: dict[str, list[list[str]]] = {}
    for ws in load_workbook(book).worksheets:
        last = int(str(ws.print_area).split("$")[-1]) if ws.print_area else ws.max_row
        blocks: list[list[str]] = []
        current: list[str] | None = None
        for row in ws.iter_rows(max_row=last):
            texts = [c.value for c in row if c.value is not None]
            label = row[0].value
            if row and ws.row_dimensions[row[0].row].hidden:
                continue  # not printed
            if not texts:
                current = None
            elif isinstance(label, str) and label.startswith(CAPTIONS):
                current = [" ".join(label.split())]  # the whole caption: one line
                blocks.append(current)
            elif current is not None and isinstance(label, str) and label.split():
                current.append(label.split()[0])
        found[ws.title] = blocks
    return found


@needs_poppler
@pytest.mark.slow
def test_no_two_words_are_printed_over_each_other(printed_pdf) -> None:
    """Two words' boxes overlap by more than a sliver (a fifth of the smaller box) nowhere:
    a wrapped label in a row too low runs over the next row's (before: 39 places, "Sundheds-
    og Omsorgsudvalget" over "Socialudvalget"), a chart title over its own second line."""
    overlaps = []
    for number, words in enumerate(_word_boxes(printed_pdf), start=1):
        ordered = sorted(words, key=lambda w: w[1])
        for i, (x0, y0, x1, y1, text) in enumerate(ordered):
            for u0, v0, u1, v1, other in ordered[i + 1 :]:
                if v0 >= y1:
                    break
                width = min(x1, u1) - max(x0, u0)
                height = min(y1, v1) - max(y0, v0)
                if width <= 0 or height <= 0:
                    continue
                smaller = min((x1 - x0) * (y1 - y0), (u1 - u0) * (v1 - v0))
                if width * height > 0.2 * smaller:
                    overlaps.append((number, text, other))
    assert not overlaps, overlaps[:10]


@needs_poppler
@pytest.mark.slow
def test_every_page_names_its_sheet_and_its_number_of_the_total(exported, printed_pdf) -> None:
    _, book = exported
    pages = _page_texts(printed_pdf)
    names = [ws.title for ws in load_workbook(book).worksheets if ws.sheet_state == "visible"]
    total = len(pages)
    seen = []
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] in names, (number, lines[:2])  # the header: the sheet's name
        assert lines[-1] == f"Side {number} af {total}", (number, lines[-1])
        if not seen or seen[-1] != lines[0]:
            seen.append(lines[0])
    assert seen == names  # every sheet printed, in order


@needs_poppler
@pytest.mark.slow
def test_no_table_block_is_broken_across_pages(exported, printed_pdf) -> None:
    """Every table block of the export (all shorter than a page) prints on one page: its
    caption, each row's label in order and its last row (a Total, the payback or a note),
    so no caption stands alone at a page's foot and no Total alone at the top of the next.
    Before: 38 tables were broken."""
    _, book = exported
    pages = [
        (p.strip().splitlines()[0].strip(), " ".join(p.split())) for p in _page_texts(printed_pdf)
    ]
    checked = 0
    for sheet, blocks in _blocks(book).items():
        own = [text for name, text in pages if name == sheet]
        page, offset = 0, 0
        for labels in blocks:
            while page < len(own) and own[page].find(labels[0], offset) < 0:
                page, offset = page + 1, 0
            assert page < len(own), (sheet, labels[0])
            for label in labels:  # each in order, on the caption's page
                at = own[page].find(label, offset)
                assert at >= 0, (sheet, labels[0], label, "on the next page")
                offset = at + len(label)
            checked += 1
    assert checked >= 13 * 4 + 2 * 3  # Tabel 1, A, B, C a proposal; Tabel 1-3 a pool


@needs_poppler
@pytest.mark.slow
def test_the_documents_imported_print_as_well(tmp_path) -> None:
    """The same measures on the export of /work/shared/documents (the proposals read from
    Word, with their own wordings and lengths): no words over each other, "Side x af y" on
    every page, no table block broken."""
    from typer.testing import CliRunner

    documents = Path(__file__).parent / "data" / "documents"
    folders = [str(f) for f in sorted(documents.glob("budget-*")) if f.is_dir()]
    if not folders:
        pytest.skip("no documents")
    book = tmp_path / "dokumenter.xlsx"
    args = ["export", "--xlsx", str(book)] + [a for f in folders for a in ("--data", f)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    [pdf] = soffice(tmp_path, "pdf", book)
    test_no_two_words_are_printed_over_each_other(pdf)
    test_every_page_names_its_sheet_and_its_number_of_the_total((tmp_path, book), pdf)
    test_no_table_block_is_broken_across_pages((tmp_path, book), pdf)
