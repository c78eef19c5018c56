"""Excel: export, template, convert, and reading workbooks (io/excel_in.py)."""

import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from kkinvest.cli import app
from kkinvest.io.catalogue import builtin_path, load_catalogue


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    from typer.testing import CliRunner

    path = tmp_path_factory.mktemp("export") / "alt.xlsx"
    result = CliRunner().invoke(app, ["export", "--xlsx", str(path)])
    assert result.exit_code == 0, result.output
    return path


def as_exported(builtin, proposal):
    """The proposal as a workbook carries it: the printed figures only where they differ
    from what the lines give (the others are not on the sheet, so not hidden either)."""
    from kkinvest.calc.checks import Context
    from kkinvest.calc.shown import hidden_stated
    from kkinvest.registry import default_registry

    return hidden_stated(proposal, Context(builtin.keys, default_registry()))


def test_export_round_trip_gives_the_same_models(builtin, exported) -> None:
    from kkinvest.calc.checks import Context, check_proposal
    from kkinvest.calc.payback import Basis, compute_payback
    from kkinvest.calc.totals import proposal_totals
    from kkinvest.registry import default_registry

    loaded = load_catalogue(exported)
    assert len(loaded.proposals) == len(builtin.proposals) == 13
    context = Context(builtin.keys, default_registry())
    for proposal in builtin.proposals:
        back = loaded.find(proposal.id)
        assert back == as_exported(builtin, proposal), proposal.id
        # the same lines, so the same figures; the same findings, as only agreeing printed
        # figures were left out
        assert back is not None and back.lines == proposal.lines
        assert proposal_totals(back) == proposal_totals(proposal)
        for basis in Basis:
            assert compute_payback(back, basis) == compute_payback(proposal, basis)
        assert check_proposal(back, context) == check_proposal(proposal, context), proposal.id


def test_an_export_keeps_hidden_only_the_printed_figures_that_differ(builtin, exported) -> None:
    """BC06's printed totals, paybacks, Tabel 2-4 and text all agree with its lines: nothing
    printed is kept hidden. MOBIL-2025 prints a payback of 6 where the lines give 4 (its Note
    shows it): that one is kept."""
    from kkinvest.calc.payback import compute_payback

    loaded = load_catalogue(exported)
    bc06 = loaded.find("BC06")
    assert bc06 is not None
    assert bc06.stated.total_permanent is None and bc06.stated.payback_service is None
    assert bc06.stated.tables == [] and bc06.stated.claims == []
    mobil = builtin.find("MOBIL-2025")
    assert mobil.stated.payback_service == 6 and compute_payback(mobil).years == 4
    assert loaded.find("MOBIL-2025").stated.payback_service == 6


def test_convert_round_trip_toml_xlsx_toml(runner, builtin, tmp_path) -> None:
    for proposal in builtin.proposals:
        source = Path(builtin.sources[proposal.id])
        if not source.is_absolute():
            source = Path.cwd() / source
        toml = tmp_path / f"{proposal.id}.toml"
        toml.write_bytes(source.read_bytes())
        xlsx = tmp_path / f"{proposal.id}.xlsx"
        assert runner.invoke(app, ["convert", str(toml), "--to", "xlsx"]).exit_code == 0
        back = tmp_path / "back"
        back.mkdir(exist_ok=True)
        result = runner.invoke(
            app, ["convert", str(xlsx), "--to", "toml", "-o", str(back / f"{proposal.id}.toml")]
        )
        assert result.exit_code == 0, result.output
        assert load_catalogue(back / f"{proposal.id}.toml").proposals[0] == as_exported(
            builtin, proposal
        )


def test_export_writes_one_file_with_all_sheets(exported) -> None:
    book = load_workbook(exported)
    assert book.sheetnames[:2] == ["Puljeoversigt 2023", "Puljeoversigt 2025"]
    assert len(book.sheetnames) == 17  # with "Følsomhed 2023" and "Følsomhed 2025" (issue 15)


def test_export_layout(exported) -> None:
    sheet = load_workbook(exported)["BC06"]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    header = cells["1.000 kr. 2023 p/l"]
    assert header.font.bold
    assert [sheet.cell(header.row, c).value for c in range(2, 9)] == [
        "Styringsområde",
        2023,
        2024,
        2025,
        2026,
        2027,
        2028,
    ]
    assert sheet.freeze_panes == f"C{header.row + 1}"
    total = cells["Samlet varig ændring"]
    assert total.font.bold
    formula = sheet.cell(total.row, 3).value
    assert formula.startswith("=SUM(C")
    assert sheet.cell(total.row, 3).number_format == '[$-406]#,##0;-#,##0;"-"'
    for text in (
        "Tabel A. Måltalseffekt – hvis forslaget indarbejdes",
        "Tabel C. Bevillingsmæssig effekt – hvis forslaget ikke indarbejdes",
        "Tilbagebetalingstid baseret på serviceeffektivisering",
    ):
        assert text in cells
    payback = sheet.cell(cells["Tilbagebetalingstid baseret på serviceeffektivisering"].row, 3)
    assert payback.value.startswith("=IF(COUNT(") and payback.number_format == "0"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.scale) >= 90  # 10 pt text prints at 9 pt or more
    assert not sheet.sheet_properties.pageSetUpPr.fitToPage
    assert {c.font.name for row in sheet.iter_rows() for c in row if c.value is not None} == {
        "Arial"
    }
    assert all(
        c.font.sz is not None for row in sheet.iter_rows() for c in row if c.value is not None
    )
    assert "Beregnet af kkinvest" in " ".join(t for t in cells if t.startswith("Beregnet"))
    extra = cells["Øvrige oplysninger (kkinvest)"]
    assert sheet.row_dimensions[extra.row].hidden
    assert int(sheet.print_area.split("$")[-1]) < extra.row  # not printed


def _payback_table(sheet) -> tuple[dict[str, int], list[int]]:
    """The payback table's columns by heading and its rows (one a year, years down)."""
    heading = next(
        c.row for c in sheet["A"] if c.value == "År" and sheet.cell(c.row, 2).value == "År nr."
    )
    columns = {sheet.cell(heading, c).value: c for c in range(1, 9)}
    rows = []
    row = heading + 1
    while isinstance(sheet.cell(row, 1).value, int):
        rows.append(row)
        row += 1
    return columns, rows


def test_the_payback_block_is_formulas_over_the_lines(exported) -> None:
    sheet = load_workbook(exported)["BC06"]
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    columns, years = _payback_table(sheet)
    assert [sheet.cell(r, 1).value for r in years] == list(range(2023, 2029))
    saving = [sheet.cell(r, columns["Besparelse"]).value for r in years]
    assert all(isinstance(v, str) and v.startswith("=-(") for v in saving)
    effect = rows["Effektivisering"]
    assert f"C{effect}" in saving[0]  # the service lines
    left_out = rows["Grundinvestering i platform"]
    investment = " ".join(sheet.cell(r, columns["Investering"]).value for r in years)
    assert f"C{left_out}" not in investment  # left out of payback, as the document does
    assert f"C{rows['Uddannelse']}" in investment


def test_the_payback_table_and_its_chart_run_to_the_payback_year(builtin, exported) -> None:
    """BC11's Tabel 1 ends in 2027 and it pays back in 2035 (13 years: 45.894 invested, 4.330
    a year saved from 2026): the table runs on to 2035 with the last year's saving, the year
    is marked paid back, and the chart's categories and series run to the same row. BC06
    pays back within its table (2028): the table ends with Tabel 1."""
    from kkinvest.calc.payback import compute_payback

    book = load_workbook(exported)
    for pid, last_year in (("BC11", 2035), ("BC06", 2028)):
        sheet = book[pid]
        columns, years = _payback_table(sheet)
        assert sheet.cell(years[-1], 1).value == last_year, pid
        payback = compute_payback(builtin.find(pid))
        assert payback.year == (2035 if pid == "BC11" else 2028)
        saving = [sheet.cell(r, columns["Besparelse"]).value for r in years]
        if pid == "BC11":
            beyond = years[2027 - 2023 + 1 :]  # 2028-2035: the year before's saving
            assert [saving[years.index(r)] for r in beyond] == [f"=E{r - 1}" for r in beyond]
        paid = sheet.cell(years[-1], columns["Betalt tilbage i år nr."]).value
        assert paid.startswith("=IF(F") and f"B{years[-1]}" in paid
        [chart] = sheet._charts
        refs = [s.val.numRef.f for s in chart.series] + [chart.series[0].cat.numRef.f]
        assert all(ref.endswith(f"${years[-1]}") for ref in refs), (pid, refs)


def test_export_has_a_line_chart_per_proposal_with_payback(exported) -> None:
    with zipfile.ZipFile(exported) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 9  # the proposals with a payback table (not BC04, BC09, BC10, ENERGI)
        assert b"lineChart" in archive.read(charts[0])
        for name in charts:
            xml = archive.read(name)
            assert xml.count(b'smooth val="0"') == 2, name  # straight lines, no overshoot
            assert b'smooth val="1"' not in xml


def test_export_over_an_existing_file_needs_force(runner, tmp_path) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"precious")
    result = runner.invoke(app, ["export", "--xlsx", str(path), "BC06"])
    assert result.exit_code == 2
    assert "findes allerede; brug --force" in result.stderr
    assert path.read_bytes() == b"precious"
    assert runner.invoke(app, ["export", "--xlsx", str(path), "BC06", "--force"]).exit_code == 0
    assert load_workbook(path).sheetnames == ["BC06"]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_default_name_and_budget(runner, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", "--xlsx", "--budget", "2023"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kkinvest-budget-2023.xlsx").exists()
    assert "Skrev kkinvest-budget-2023.xlsx: 11 forslag, 1 puljeoversigt(er)." in result.stdout


def test_export_needs_a_format(runner) -> None:
    result = runner.invoke(app, ["export"])
    assert result.exit_code == 2
    assert "vælg et format: --xlsx" in result.stderr
    both = runner.invoke(app, ["export", "--xlsx", "--docx"])
    assert both.exit_code == 2
    assert "vælg ét format: --xlsx eller --docx, ikke begge" in both.stderr


def test_a_formula_in_a_title_is_written_as_text(runner, write_proposal, tmp_path) -> None:
    title = '=HYPERLINK("http://x","y")'
    path = write_proposal(
        '[[lines]]\nsection = "varig"\nlabel = "@SUM(A1)"\narea = "service"\n'
        "values = { 2023 = -1 }\n"
    )
    path.write_text(path.read_text().replace('title = "Testforslag"', "title = '" + title + "'"))
    out = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["export", "--xlsx", str(out), "--data", str(path)]).exit_code == 0
    sheet = load_workbook(out)["T1"]
    titles = [c for row in sheet.iter_rows() for c in row if c.value == title]
    assert titles and all(c.data_type == "s" for c in titles)
    labels = [c for row in sheet.iter_rows() for c in row if c.value == "@SUM(A1)"]
    assert labels and labels[0].data_type == "s"
    assert load_catalogue(out).proposals[0].title == title


def test_template_is_filled_in_and_loads(runner, tmp_path) -> None:
    path = tmp_path / "skabelon.xlsx"
    result = runner.invoke(app, ["template", "--xlsx", str(path), "--budget", "2027"])
    assert result.exit_code == 0, result.output
    book = load_workbook(path)
    sheet = book["Forslag"]
    find = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    for label, value in (
        ("Nr.", "NY01"),
        ("Titel", "Nyt forslag"),
        ("Udvalg", "TMU"),
        ("Forvaltning", "TMF"),
    ):
        sheet.cell(find[label], 2).value = value
    first = find["Varige ændringer"] + 1
    sheet.cell(first, 1).value = "Effektivisering"
    sheet.cell(first, 3).value = "-1.000"  # text, the Danish way
    sheet.cell(first, 4).value = -2000
    impl = find["Implementeringsomkostninger"] + 1
    sheet.cell(impl, 1).value = "Projekt"
    sheet.cell(impl, 2).value = "Anlæg"
    sheet.cell(impl, 3).value = 2500
    book.save(path)
    result = runner.invoke(app, ["payback", "NY01", "--data", str(path)])
    assert result.exit_code == 0, result.output
    assert "Tilbagebetalingstid: 2 år (2028)" in result.stdout  # 1.000 + 2.000 >= 2.500


def _workbook(rows, title="BC06") -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    return book


HAND_MADE = [
    ["BC06 håndlavet"],
    [],
    ["Nr.", "BC06"],
    ["Titel", "Automatisering"],
    ["Type", "investering"],
    ["Budget", 2023],
    ["Pris- og lønniveau", 2023],
    ["Udvalg", "Beskæftigelses- og Integrationsudvalget"],
    ["Forvaltning", "BIF"],
    ["Pulje", "investering"],
    [],
    ["Tabel 1. Forslagets samlede økonomiske konsekvenser"],
    ["1.000 kr. 2023 p/l", "Styringsområde", 2023, "2024", 2025],
    ["Varige ændringer"],
    ["Effektivisering", "Service", "-2.000", "-4.000", -5500],
    [],
    ["Licenser", "service", "800", "1.600", "3.100"],
    ["Samlet varig ændring", None, -1200, -2400, -2400],
    ["Implementeringsomkostninger"],
    ["Udvikling", "Anlæg", "1.600", "-", "."],
    ["Grundinvestering", "Anlæg", 1000, None, None, "indgår ikke"],
    ["Samlede implementeringsomkostninger", None, 2600, 0, 0],
    ["Samlet økonomisk påvirkning", None, 1400, -2400, -2400],
    ["Tilbagebetalingstid baseret på serviceeffektivisering", None, 3],
    ["Tilbagebetalingstid baseret på totaløkonomi", None, 3],
]


def test_reading_a_hand_made_workbook(tmp_path) -> None:
    book = _workbook(HAND_MADE)
    book.active.merge_cells("A12:F12")  # a merged heading
    book.create_sheet("Noter").append(["something else"])
    path = tmp_path / "BC06.xlsx"
    book.save(path)
    cat = load_catalogue(path)
    [p] = cat.proposals
    assert (p.id, p.committee, p.administration) == ("BC06", "BIU", "BIF")
    assert [line.label for line in p.lines] == [
        "Effektivisering",
        "Licenser",
        "Udvikling",
        "Grundinvestering",
    ]
    assert p.lines[0].values == {2023: -2000, 2024: -4000, 2025: -5500}
    assert p.lines[2].values == {2023: 1600, 2024: 0, 2025: 0}
    assert p.lines[3].values == {2023: 1000} and not p.lines[3].in_payback
    assert p.stated.total_permanent == {
        2023: -1200,
        2024: -2400,
        2025: -2400,
    }  # typed totals: stated
    assert p.stated.payback_service == 3
    assert (
        cat.notes == (f"{path}: 'Noter': ikke et forslagsark; springes over",)
        or "'Noter'" in cat.notes[0]
    )


def bad(runner, tmp_path, book_or_bytes, name="BC06.xlsx") -> str:
    path = tmp_path / name
    if isinstance(book_or_bytes, bytes):
        path.write_bytes(book_or_bytes)
    else:
        book_or_bytes.save(path)
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.stderr


def test_a_cell_that_is_not_a_number(runner, tmp_path) -> None:
    rows = [list(r) for r in HAND_MADE]
    rows[14][3] = "abc"
    err = bad(runner, tmp_path, _workbook(rows))
    assert "BC06.xlsx, 'BC06'!D15: \"abc\" er ikke et tal" in err


def test_a_missing_id(runner, tmp_path) -> None:
    rows = [r for r in HAND_MADE if r[:1] != ["Nr."]]
    assert "forslagets nummer mangler" in bad(runner, tmp_path, _workbook(rows))


def test_a_missing_year_header(runner, tmp_path) -> None:
    rows = [r for r in HAND_MADE if not (r and str(r[0]).startswith("1.000 kr"))]
    assert "Tabel 1's overskrift mangler" in bad(runner, tmp_path, _workbook(rows))


def test_a_year_header_that_is_not_a_year(runner, tmp_path) -> None:
    rows = [list(r) for r in HAND_MADE]
    rows[12][3] = "20x4"
    assert "'BC06'!D13: '20x4' er ikke et årstal" in bad(runner, tmp_path, _workbook(rows))


def test_an_unknown_committee_names_its_cell(runner, tmp_path) -> None:
    rows = [list(r) for r in HAND_MADE]
    rows[7][1] = "Ukendt udvalg"
    err = bad(runner, tmp_path, _workbook(rows))
    # the field as the sheet labels it, not the TOML name (committee)
    assert "BC06.xlsx, 'BC06'!B8: BC06: Udvalg: ukendt udvalg 'Ukendt udvalg'" in err


def test_a_workbook_without_proposal_sheets(runner, tmp_path) -> None:
    err = bad(runner, tmp_path, _workbook([["just", "data"]], "Ark1"))
    assert "har intet forslagsark i skabelonens layout (ark: 'Ark1')" in err


def test_a_csv_renamed_to_xlsx(runner, tmp_path) -> None:
    assert "denne .xlsx-fil er tekst (TOML eller CSV?)" in bad(runner, tmp_path, b"a;b\n1;2\n")


def test_an_old_xls_file_and_a_password_protected_one(runner, tmp_path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
    assert (
        "er en Excel-projektmappe i det gamle format (.xls); kkinvest læser .xlsx: åbn den i "
        "Excel og vælg Filer > Gem som > Excel-projektmappe (*.xlsx)"
    ) in bad(runner, tmp_path, ole)
    encrypted = ole + "EncryptedPackage".encode("utf-16-le") + b"\0" * 512
    assert "projektmappen er krypteret (beskyttet med adgangskode)" in bad(
        runner, tmp_path, encrypted
    )


def test_a_corrupt_file(runner, tmp_path) -> None:
    book = _workbook(HAND_MADE)
    path = tmp_path / "ok.xlsx"
    book.save(path)
    data = path.read_bytes()
    err = bad(runner, tmp_path, data[: len(data) // 2])
    assert "projektmappen er beskadiget: zip-arkivet kan ikke pakkes ud" in err
    assert "File is not" not in err


def test_a_zip_that_is_not_a_workbook(runner, tmp_path) -> None:
    path = tmp_path / "z.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "ikke en xlsx-projektmappe (ingen xl/workbook.xml)" in bad(
        runner, tmp_path, path.read_bytes()
    )


def test_convert_bad_input(runner, tmp_path) -> None:
    result = runner.invoke(app, ["convert", str(tmp_path / "none.toml"), "--to", "xlsx"])
    assert result.exit_code == 2
    assert "findes ikke" in result.stderr


def test_builtin_examples_are_toml(builtin) -> None:
    assert all(Path(s).suffix == ".toml" for s in builtin.sources.values())
    assert builtin_path().is_dir()


def test_export_collapse_folds_the_group_units(runner, tmp_path) -> None:
    path = tmp_path / "c.xlsx"
    assert runner.invoke(app, ["export", "--xlsx", str(path), "BC02", "--collapse"]).exit_code == 0
    labels = [row[0] for row in load_workbook(path)["BC02"].iter_rows(values_only=True) if row]
    assert "Koncern IT" not in labels
    assert labels.count("Økonomiudvalget") == 3


def test_convert_into_a_folder(runner, builtin, tmp_path) -> None:
    source = tmp_path / "BC06.toml"
    source.write_bytes((builtin_path() / "budget-2023" / "BC06.toml").read_bytes())
    assert runner.invoke(app, ["convert", str(source), "--to", "xlsx"]).exit_code == 0
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(
        app, ["convert", str(tmp_path / "BC06.xlsx"), "--to", "toml", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    [original] = load_catalogue(source).proposals
    assert load_catalogue(out / "BC06.toml").proposals == (as_exported(builtin, original),)
    again = runner.invoke(
        app, ["convert", str(tmp_path / "BC06.xlsx"), "--to", "toml", "-o", str(out)]
    )
    assert again.exit_code == 2
    assert "findes allerede; brug --force" in again.stderr


def test_the_template_has_yellow_inputs_lists_and_help(runner, tmp_path) -> None:
    path = tmp_path / "skabelon.xlsx"
    assert runner.invoke(app, ["template", "--xlsx", str(path), "--budget", "2027"]).exit_code == 0
    book = load_workbook(path)
    assert book.sheetnames == ["Forslag", "Vejledning", "Lister"]
    assert book["Lister"].sheet_state == "hidden"
    sheet = book["Forslag"]
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    for label in ("Nr.", "Titel", "Udvalg", "Forvaltning", "Pulje", "Nøgle", "Omkostninger"):
        assert sheet.cell(rows[label], 2).fill.fgColor.rgb.endswith("FFF2CC"), label  # yellow
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    by_cell = {cell: formula for cells, formula in lists.items() for cell in cells.split()}
    expected = {"Udvalg": "$A", "Forvaltning": "$B", "Type": "$C", "Pulje": "$D", "Nøgle": "$F"}
    for label, column in expected.items():
        assert by_cell[f"B{rows[label]}"].startswith(f"'Lister'!{column}$2"), label
    heading, total = rows["Varige ændringer"], rows["Samlet varig ændring"]
    assert by_cell[f"B{heading}:B{total}"].startswith("'Lister'!$E$2")  # Styringsområde
    lister = book["Lister"]
    committees = [lister.cell(r, 1).value for r in range(2, lister.max_row + 1)]
    assert "Beskæftigelses- og Integrationsudvalget" in committees
    assert lister.cell(1, 6).value == "Nøgle" and lister.cell(2, 6).value == "ingen fordeling"
    assert lister.cell(3, 6).value == "intune"
    assert "Udfyld de gule felter" in book["Vejledning"].cell(3, 1).value


def test_a_blank_template_names_cells_and_fields_as_the_sheet_does(runner, tmp_path) -> None:
    path = tmp_path / "tom.xlsx"
    assert runner.invoke(app, ["template", "--xlsx", str(path), "--budget", "2027"]).exit_code == 0
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert not any("'Forslag'!B8" in line for line in lines)  # no committee: loads (#19.6)
    assert any("'Forslag'!B3: Nr.: mangler" in line for line in lines)
    assert any("'Forslag'!A14: Tabel 1: skal have mindst 1 linje" in line for line in lines)
    assert "committee" not in result.stderr


def test_the_templates_key_and_cost_fields_become_the_split(runner, tmp_path) -> None:
    path = tmp_path / "skabelon.xlsx"
    assert runner.invoke(app, ["template", "--xlsx", str(path), "--budget", "2027"]).exit_code == 0
    book = load_workbook(path)
    sheet = book["Forslag"]
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    for label, value in (
        ("Nr.", "NY02"),
        ("Titel", "Nyt"),
        ("Udvalg", "Teknik- og Miljøudvalget"),
        ("Forvaltning", "TMF"),
        ("Nøgle", "intune"),
        ("Omkostninger", "KIT"),
    ):
        sheet.cell(rows[label], 2).value = value
    first = rows["Varige ændringer"] + 1
    sheet.cell(first, 1).value = "Effektivisering"
    sheet.cell(first, 3).value = -1000
    impl = rows["Implementeringsomkostninger"] + 1
    sheet.cell(impl, 1).value = "Projekt"
    sheet.cell(impl, 3).value = 500
    book.save(path)
    proposal = load_catalogue(path).find("NY02")
    assert proposal is not None and proposal.split is not None
    assert (proposal.split.key, proposal.split.costs) == ("intune", "KIT")


def test_the_documents_own_figures_are_shown_beside_the_computed(exported) -> None:
    book = load_workbook(exported)
    sheet = book["MOBIL-2025"]
    notes = {
        sheet.cell(c.row, 1).value: c.value
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("trykt i dokumentet")
    }
    assert notes["Tilbagebetalingstid baseret på serviceeffektivisering"] == "trykt i dokumentet: 6"
    overview_sheet = book["Puljeoversigt 2023"]
    rows = [[c.value for c in row] for row in overview_sheet.iter_rows()]
    printed = next(r for r in rows if r[0] == "Tabel 2, I alt")
    assert printed[2] == "Investeringer, anlæg"
    assert [float(printed[3]), float(printed[4])] == [25.6, 26.1]  # printed, computed


@pytest.mark.parametrize(
    ("label", "refused"),
    [
        ("Samlet varig ændring", True),
        ("Samlet varig ændring, indkøb", True),
        ("Nutidsværdi af indkøb", True),
        ("Tilbagebetaling af lån", True),
        ("Akkumuleret opsparing", True),
        ("Varige ændringer i IT", False),  # a section's words, but a row with amounts: a line
        ("Implementering af aktivitetstællere", False),  # BC09's own
        ("Lån til tilbagebetaling", False),
        ("Indkøb, samlet varig ændring", False),
    ],
)
def test_a_line_that_would_read_back_as_another_row_is_refused_by_export(
    runner, write_proposal, tmp_path, label: str, refused: bool
) -> None:
    """A line called "Samlet varig ændring" was exported, then read back as Tabel 1's total:
    the line was lost without a word. Export now refuses it; every label it writes reads
    back as itself."""
    source = write_proposal(
        '[[lines]]\nsection = "varig"\nlabel = "Effektivisering"\narea = "service"\n'
        "values = { 2023 = -100, 2024 = -200 }\n\n[[lines]]\n"
        f'section = "implementering"\nlabel = "{label}"\narea = "service"\n'
        "values = { 2023 = 50 }\n"
    )
    book = tmp_path / "ud.xlsx"
    result = runner.invoke(app, ["export", "--xlsx", str(book), "--data", str(source)])
    if refused:
        assert result.exit_code == 2
        assert f"T1: lines[2].label: linjen {label!r} ville blive læst tilbage som" in (
            result.stderr
        )
        assert not book.exists()
        return
    assert result.exit_code == 0, result.output
    read = runner.invoke(app, ["show", "T1", "--json", "--data", str(book)])
    labels = [line["label"] for line in json.loads(read.stdout)["proposal"]["lines"]]
    assert labels == ["Effektivisering", label]
