"""The one Tabel 1 recogniser (io/recognise.py), as the Excel reader uses it on hand-made sheets
and on grid literals. Each silent misreading of a hand-made sheet has a test here."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook

from kkinvest.cli import app
from kkinvest.io.catalogue import load_catalogue
from kkinvest.io.grid import Grid
from kkinvest.io.recognise import Note, read_tabel_1

# BC06's Tabel 1 exactly as the document prints it: the totals row carries "Service" in the
# Styringsområde column, the payback figures stand in column B, the grundinvestering is marked
# "*" and the note under the table leaves it out of payback.
BC06_AS_PRINTED = [
    ["Forslagets titel: BC06 Automatisering af administrative funktioner i BIF"],
    ["Type", "investering"],
    ["Budget", 2023],
    ["Udvalg", "BIU"],
    ["Forvaltning", "BIF"],
    ["Pulje", "investering"],
    [],
    ["Tabel 1. Forslagets samlede økonomiske konsekvenser"],
    ["1.000 kr. 2023 p/l", "Styringsområde", 2023, 2024, 2025, 2026, 2027, 2028],
    ["Varige ændringer"],
    ["Effektivisering", "Service", "-2.000", "-4.000", "-5.500", "-8.500", "-8.500", "-8.500"],
    ["Licenser til UiPath", "Service", 800, 1600, 3100, 3100, 3100, 3100],
    ["Automatiseringssetup i BIF", "Service", 1200, 2400, 2400, 2400, 2400, 2400],
    ["Samlet varig ændring", "Service", 0, 0, 0, -3000, -3000, -3000],
    ["Implementeringsomkostninger"],
    ["Midlertidig finansiering af licenser", "Service", 2300, 1500],
    ["Udviklingsomkostninger", "Anlæg", 1600, 1600, 800],
    ["Uddannelse", "Service", 400, 200],
    ["Projektledelse", "Service", 300],
    ["Grundinvestering i platform*", "Anlæg", 1600, 1000],
    ["Samlede implementeringsomkostninger", None, 6200, 4300, 800],
    ["Samlet økonomisk påvirkning", None, 6200, 4300, 800, -3000, -3000, -3000],
    ["Tilbagebetalingstid baseret på serviceeffektivisering", 6],
    ["Tilbagebetalingstid baseret på totaløkonomi", 6],
    ["Noter til alle tabeller:"],
    ["Forslaget skal udarbejdes i 2023 p/l."],
    ["Alle besparelser er angivet med negativt (-) fortegn."],
    ["*Grundinvesteringer i platform - indgår ikke i beregningen af tilbagebetalingstiden."],
]


def _save(tmp_path, rows, name="BC06.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.title = "BC06"
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_a_sheet_laid_out_as_the_document_reads_as_the_catalogue(tmp_path, builtin) -> None:
    [p] = load_catalogue(_save(tmp_path, BC06_AS_PRINTED)).proposals
    want = builtin.find("BC06")
    assert p.id == "BC06" and p.title == want.title  # the id from "Forslagets titel: BC06 ..."
    assert p.lines == want.lines  # no total row read as a line; the * footnote understood
    assert p.stated.payback_service == 6 and p.stated.payback_total == 6  # column B
    assert p.stated.total_permanent == want.stated.total_permanent


def test_payback_of_the_sheet_as_printed_is_6_not_5(runner, tmp_path) -> None:
    path = _save(tmp_path, BC06_AS_PRINTED)
    result = runner.invoke(app, ["payback", "BC06", "--data", str(path)])
    assert result.exit_code == 0, result.output
    assert "6 år (2028)" in result.stdout


def test_the_total_row_is_not_a_line_whatever_its_other_cells_hold() -> None:
    grid = Grid("t.xlsx", "'T'", _cells(BC06_AS_PRINTED[8:14]), sheet=True)
    table = read_tabel_1(grid)
    assert [line.label for line in table.lines] == [
        "Effektivisering",
        "Licenser til UiPath",
        "Automatiseringssetup i BIF",
    ]
    assert table.stated.total_permanent[2026] == Decimal(-3000)
    assert table.price_level == 2023


def test_the_footnote_mark_leaves_the_line_out_of_payback() -> None:
    table = read_tabel_1(Grid("t.xlsx", "'T'", _cells(BC06_AS_PRINTED[8:]), sheet=True))
    grund = table.lines[-1]
    assert grund.label == "Grundinvestering i platform"  # the mark is not part of the label
    assert grund.in_payback is False
    assert all(line.in_payback for line in table.lines[:-1])
    assert any("indgår ikke i tilbagebetalingstiden" in what for _, what in table.report)


def test_a_note_in_a_paragraph_after_a_word_table_counts_too() -> None:
    grid = Grid("t.docx", "tabel 2", _cells(BC06_AS_PRINTED[8:24]))
    note = Note(
        "*Grundinvesteringer i platform - indgår ikke i beregningen af tilbagebetalingstiden.",
        "t.docx, afsnit 30",
    )
    table = read_tabel_1(grid, notes_after=[note])
    assert table.lines[-1].in_payback is False


def test_notes_under_the_table_end_it() -> None:
    table = read_tabel_1(Grid("t.xlsx", "'T'", _cells(BC06_AS_PRINTED[8:]), sheet=True))
    labels = [line.label for line in table.lines]
    assert "Noter til alle tabeller:" not in labels
    assert not any("p/l" in label or "fortegn" in label for label in labels)
    assert len(table.lines) == 8
    assert not table.problems


def test_notes_straight_under_the_lines_without_totals_end_it() -> None:
    rows = [
        ["1.000 kr. 2023 p/l", "Styringsområde", 2023, 2024],
        ["Varige ændringer"],
        ["Effektivisering", "Service", -100, -200],
        ["Implementeringsomkostninger"],
        ["Projekt", "Service", 300],
        ["Note: beløb i 1.000 kr."],
        ["Kilde: egne beregninger"],
    ]
    table = read_tabel_1(Grid("t.xlsx", "'T'", _cells(rows), sheet=True))
    assert [line.label for line in table.lines] == ["Effektivisering", "Projekt"]
    assert [note.text for note in table.notes] == [
        "Note: beløb i 1.000 kr.",
        "Kilde: egne beregninger",
    ]


def test_payback_taken_wherever_the_row_puts_it() -> None:
    for row in (
        ["Tilbagebetalingstid baseret på serviceeffektivisering", 6],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", None, 6],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", None, None, None, "6 år"],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", "6"],
    ):
        rows = [
            ["1.000 kr. 2023 p/l", "Styringsområde", 2023, 2024],
            ["Varige ændringer"],
            ["Effektivisering", "Service", -100, -200],
            row,
        ]
        table = read_tabel_1(Grid("t.xlsx", "'T'", _cells(rows), sheet=True))
        assert table.stated.to_data() == {"payback_service": 6}, row
        assert len(table.lines) == 1


def test_break_even_is_one_payback_for_both_bases_and_older_sections_give_the_area() -> None:
    rows = [
        ["Kr. 1000 2016 p/l", "Bevilling", 2016, 2017, 2018, 2019],
        ["Varige driftsændringer"],
        ["Effektivisering", "3.10", -500, -1000, -1000, -1000],
        ["Implementeringsomkostninger - anlæg"],
        ["IT-system", "3.10", 1200],
        ["Implementeringsomkostninger - drift"],
        ["Projektleder", "3.10", 300, 200],
        ["Samlet pengestrøm", None, 1000, -800, -1000, -1000],
        ["Tilbagebetalingstid (Break Even)", None, 3],
        ["Søges der om midler fra investeringspuljerne?", "Ja"],
    ]
    table = read_tabel_1(Grid("t.docx", "tabel 1", _cells(rows)))
    assert [(line.section, line.area) for line in table.lines] == [
        ("varig", "service"),
        ("implementering", "anlæg"),
        ("implementering", "service"),
    ]
    assert table.stated.to_data() == {"payback": 3}  # recorded once
    assert table.price_level == 2016 and table.asks_pool is True
    assert table.guesses  # the areas taken from the section rows are reported as guesses
    assert any("Samlet pengestrøm" in what for _, what in table.report)


def test_a_text_number_that_the_sheets_sum_skips_is_noted(tmp_path) -> None:
    rows = [list(r) for r in BC06_AS_PRINTED]
    rows[13] = ["Samlet varig ændring", None, "=SUM(C11:C13)", "=SUM(D11:D13)"]
    path = _save(tmp_path, rows)
    cat = load_catalogue(path)
    assert any("'BC06'!C11" in note and "=SUM i C14" in note for note in cat.notes), cat.notes


def _cells(rows):
    return {
        (r, c): value
        for r, row in enumerate(rows, start=1)
        for c, value in enumerate(row, start=1)
        if value is not None
    }


# A hand-made Tabel 1 that prints "Samlet varig ændring" once per area, as some proposals do.
PER_AREA_TOTALS = [
    ["Forslagets titel: XY01 Digital sagsbehandling"],
    ["Type", "investering"],
    ["Budget", 2025],
    ["Udvalg", "BIU"],
    ["Forvaltning", "BIF"],
    ["Pulje", "investering"],
    [],
    ["1.000 kr. 2025 p/l", "Styringsområde", 2025, 2026, 2027, 2028],
    ["Varige ændringer"],
    ["Effektivisering", "Service", 0, -500, -1000, -1000],
    ["Licens", "Service", 0, 200, 350, 350],
    ["Færre ydelser", "Overførsler", ".", ".", -500, -500],
    ["Samlet varig ændring", "Service", 0, -300, -650, -650],
    ["Samlet varig ændring", "Overførsler", ".", ".", -500, -500],
    ["Implementeringsomkostninger"],
    ["Projektledelse", "Service", 1000, 500],
    ["Samlede implementeringsomkostninger", None, 1000, 500],
    ["Samlet økonomisk påvirkning", None, 1000, 200, -1150, -1150],
]


def test_a_totals_row_per_area_is_recorded_per_area_not_overwritten(tmp_path, runner) -> None:
    [p] = load_catalogue(_save(tmp_path, PER_AREA_TOTALS, "XY01.xlsx")).proposals
    assert p.stated.total_permanent is None  # no row holds the total of all areas
    by_area = p.stated.area_totals["total_permanent"]
    assert by_area["service"] == {2025: 0, 2026: -300, 2027: -650, 2028: -650}
    assert by_area["overførsler"] == {2025: 0, 2026: 0, 2027: -500, 2028: -500}  # "." is 0
    result = runner.invoke(app, ["check", "--data", str(tmp_path / "XY01.xlsx")])
    assert result.exit_code == 0, result.output
    assert "Ingen fund" in result.stdout


def test_a_wrong_total_of_one_area_is_found_for_that_area(tmp_path, runner) -> None:
    rows = [list(r) for r in PER_AREA_TOTALS]
    rows[13] = ["Samlet varig ændring", "Overførsler", ".", ".", -500, -400]
    _save(tmp_path, rows, "XY01.xlsx")
    result = runner.invoke(
        app, ["check", "--data", str(tmp_path / "XY01.xlsx")], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 1, result.output
    assert "Samlet varig ændring, overførsler" in result.stdout
    assert "2028: dokumentet -400, beregnet -500" in result.stdout
    assert "2027" not in result.stdout  # the service row and 2027 agree


def test_a_blank_cell_in_a_totals_row_is_no_value_not_zero(tmp_path, runner) -> None:
    rows = [list(r) for r in PER_AREA_TOTALS]
    rows[16] = ["Samlede implementeringsomkostninger", None, 1000, None]  # 2026 left blank
    [p] = load_catalogue(_save(tmp_path, rows, "XY01.xlsx")).proposals
    assert p.stated.total_implementation == {2025: 1000}
    result = runner.invoke(app, ["check", "--data", str(tmp_path / "XY01.xlsx")])
    assert result.exit_code == 0, result.output
    assert "Ingen fund" in result.stdout


def test_a_line_labelled_like_a_caption_but_with_amounts_is_a_line(tmp_path) -> None:
    """A caption ("Tabel 2. ...") ends Tabel 1, but a line whose label merely starts with
    "Tabel" and carries amounts is a line (found by the Excel round-trip fuzz test: a line
    labelled "Tabel 0" was dropped, so the export did not read back as the same proposal)."""
    rows = [list(r) for r in BC06_AS_PRINTED]
    at = next(i for i, r in enumerate(rows) if r and r[0] == "Projektledelse")
    rows[at] = ["Tabel 0", "Service", 300]
    proposal = load_catalogue(_save(tmp_path, rows)).proposals[0]
    labels = [line.label for line in proposal.lines]
    assert "Tabel 0" in labels
    assert sum(
        (
            line.values.get(2023, Decimal(0))
            for line in proposal.lines
            if line.section == "implementering"
        ),
        Decimal(0),
    ) == Decimal(6200)


def test_a_line_labelled_like_the_pool_question_but_with_amounts_is_a_line(tmp_path) -> None:
    """ "Søges der om midler ...: Ja" is the pool question, but a line so labelled with
    amounts is a line (found by the Excel round-trip fuzz test, like "Tabel 0" above)."""
    rows = [list(r) for r in BC06_AS_PRINTED]
    at = next(i for i, r in enumerate(rows) if r and r[0] == "Projektledelse")
    rows[at] = ["søges der om midler", "Service", 300]
    proposal = load_catalogue(_save(tmp_path, rows)).proposals[0]
    assert "søges der om midler" in [line.label for line in proposal.lines]


def test_fremstillende_forvaltning_in_one_cell_is_read(tmp_path) -> None:
    rows = [list(r) for r in PER_AREA_TOTALS]
    rows[4] = ["Fremstillende forvaltning: Kultur- og Fritidsforvaltningen"]
    [p] = load_catalogue(_save(tmp_path, rows, "XY01.xlsx")).proposals
    assert p.administration == "KFF"


def test_an_administration_not_given_is_not_quoted_as_vaelg_forvaltning(tmp_path, runner) -> None:
    rows = [list(r) for r in PER_AREA_TOTALS]
    rows[4] = []  # no administration at all
    _save(tmp_path, rows, "XY01.xlsx")
    result = runner.invoke(app, ["check", "--data", str(tmp_path / "XY01.xlsx")])
    assert "fremstillende forvaltning er ikke angivet" in result.stdout, result.output
    assert "Vælg forvaltning" not in result.stdout
    rows[4] = ["Fremstillende forvaltning", "Vælg forvaltning"]  # the unfilled drop-down
    _save(tmp_path, rows, "XY01.xlsx")
    result = runner.invoke(app, ["check", "--data", str(tmp_path / "XY01.xlsx")])
    assert '("Vælg forvaltning")' in result.stdout, result.output
