"""Word documents of layouts nobody here has seen, built with python-docx in the test: merged
heading cells, content controls (a drop-down and check boxes), ☒/☐ typed as characters, a
Tabel 1 continued on the next page, a document without Tabel 1, and a 2016-style "1.1
FORSLAGETS SAMLEDE ØKONOMISKE KONSEKVENSER" with "Break Even" and section rows instead of a
Styringsområde column. Each test shows what `kkinvest import` reports."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml

from kkinvest.cli import app
from kkinvest.io.word import proposal_of, read_word
from kkinvest.registry import default_registry

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
)


def drop_down(paragraph: Any, shown: str, items: list[str]) -> None:
    """A drop-down content control showing `shown`, as the template's "Fremstillende
    forvaltning"."""
    entries = "".join(f'<w:listItem w:displayText="{i}" w:value="{i}"/>' for i in items)
    paragraph._p.append(
        parse_xml(
            f"<w:sdt {NS}><w:sdtPr><w:dropDownList>{entries}</w:dropDownList></w:sdtPr>"
            f"<w:sdtContent><w:r><w:t>{shown}</w:t></w:r></w:sdtContent></w:sdt>"
        )
    )


def check_box(paragraph: Any, checked: bool, shown: str | None = None) -> None:
    """A check-box content control; `shown` is the glyph it displays (Word keeps it in step
    with the state; a reader must trust the state)."""
    glyph = shown if shown is not None else ("☒" if checked else "☐")
    paragraph._p.append(
        parse_xml(
            f'<w:sdt {NS}><w:sdtPr><w14:checkbox><w14:checked w14:val="{int(checked)}"/>'
            "</w14:checkbox></w:sdtPr>"
            f"<w:sdtContent><w:r><w:t>{glyph}</w:t></w:r></w:sdtContent></w:sdt>"
        )
    )


def table(document: Any, rows: list[list[str]]) -> Any:
    grid = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            grid.cell(r, c).text = text
    return grid


HEADER_2 = ["", "", "2027", "2028", "2029", "2030"]
LINES_PART_1 = [
    ["Varige ændringer", "", "", "", "", ""],
    ["Effektivisering", "Service", "-", "-1.000", "-2.000", "-2.000"],
    ["Drift af robotter", "Service", "", "200", "200", "200"],
    ["Samlet varig ændring", "Service", "0", "-800", "-1.800", "-1.800"],
]
LINES_PART_2 = [
    ["Implementeringsomkostninger", "", "", "", "", ""],
    ["Udvikling*", "Anlæg", "1.500", "500", "", ""],
    ["Uddannelse", "Service", "300", "", "", ""],
    ["Samlede implementeringsomkostninger", "", "1.800", "500", "", ""],
    ["Samlet økonomisk påvirkning", "", "1.800", "-300", "-1.800", "-1.800"],
    ["Tilbagebetalingstid baseret på serviceeffektivisering", "", "", "", "", "3 år"],
    ["Tilbagebetalingstid baseret på totaløkonomi", "", "", "", "", "3 år"],
]


def modern(path: Path) -> Path:
    """NY01: content controls, a two-level heading with merged cells, and Tabel 1 continued
    on the next page with its heading rows repeated."""
    document = docx.Document()
    document.add_heading("INVESTERINGSFORSLAG", 1)
    document.add_heading("BUDGET 2027", 2)
    document.add_paragraph("Forslagets titel: NY01 Robotter i borgerservice")
    document.add_paragraph("Kort resumé: Robotter overtager rutineopgaver.")
    administration = document.add_paragraph("Fremstillende forvaltning: ")
    drop_down(
        administration,
        "Teknik- og Miljøforvaltningen",
        ["Økonomiforvaltningen", "Teknik- og Miljøforvaltningen"],
    )
    document.add_paragraph("Berørte forvaltninger:")
    boxes = document.add_table(rows=2, cols=2)
    for row, (name, ticked) in enumerate(
        [("Teknik- og Miljøforvaltningen", True), ("Børne- og Ungdomsforvaltningen", False)]
    ):
        check_box(boxes.cell(row, 0).paragraphs[0], ticked)
        boxes.cell(row, 1).text = name
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    for part, lines in enumerate((LINES_PART_1, LINES_PART_2)):
        grid = table(document, [["1.000 kr. 2027 p/l", "Styringsområde", "Budgetår"], HEADER_2])
        grid.cell(0, 2).merge(grid.cell(0, 5)).text = "Budgetår"  # over the four years
        grid.cell(0, 0).merge(grid.cell(1, 0)).text = "1.000 kr. 2027 p/l"
        grid.cell(0, 1).merge(grid.cell(1, 1)).text = "Styringsområde"
        for line in lines:
            cells = grid.add_row().cells
            for c, text in enumerate(line):
                cells[c].text = text
        if part == 0:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("*Udvikling indgår ikke i beregningen af tilbagebetalingstiden.")
    document.save(path)
    return path


def glyphs_without_tabel_1(path: Path) -> Path:
    """An efficiency proposal with ☒/☐ typed as characters and no Tabel 1 at all."""
    document = docx.Document()
    document.add_heading("EFFEKTIVISERINGSFORSLAG", 1)
    document.add_heading("Budget 2027", 2)
    document.add_paragraph("Forslagets titel: Bedre indkøb af kontorartikler")
    document.add_paragraph("Fremstillende forvaltning: Økonomiforvaltningen")
    document.add_paragraph(
        "Berørte forvaltninger: ☒ Økonomiforvaltningen ☐ Socialforvaltningen "
        "☒ Teknik- og Miljøforvaltningen"
    )
    document.add_paragraph("Forslaget giver en besparelse på ca. 1 mio. kr. om året.")
    table(document, [["Opfølgningsmål", "Ansvarlig"], ["Færre leverandører", "KEID"]])
    document.save(path)
    return path


def older_2016(path: Path) -> Path:
    """A 2016 catalogue's layout: the title in a heading, "1.1 FORSLAGETS SAMLEDE ØKONOMISKE
    KONSEKVENSER", "Kr. 1000 2016 p/l" with a Bevilling column, the area in the section rows,
    one "Tilbagebetalingstid (Break Even)", "Samlet pengestrøm" and the pool question inside
    the table."""
    document = docx.Document()
    document.add_heading("Investeringsforslag", 1)
    document.add_heading("Digital post i Borgerservice", 2)
    document.add_paragraph("Fremstillende forvaltning: Økonomiforvaltningen")
    document.add_heading("1.1 FORSLAGETS SAMLEDE ØKONOMISKE KONSEKVENSER", 3)
    table(
        document,
        [
            ["Kr. 1000 2016 p/l", "Bevilling", "2016", "2017", "2018", "2019"],
            ["Varige driftsændringer", "", "", "", "", ""],
            ["Effektivisering", "3.10", "-500", "-1.000", "-1.000", "-1.000"],
            ["Implementeringsomkostninger - anlæg", "", "", "", "", ""],
            ["IT-system", "3.10", "1.200", "", "", ""],
            ["Implementeringsomkostninger - drift", "", "", "", "", ""],
            ["Projektleder", "3.10", "300", "200", "", ""],
            ["Samlet pengestrøm", "", "1.000", "-800", "-1.000", "-1.000"],
            ["Tilbagebetalingstid (Break Even)", "", "3", "", "", ""],
            ["Søges der om midler fra investeringspuljerne?", "Ja", "", "", "", ""],
        ],
    )
    document.add_paragraph("Tabel 2. Fordeling af anlægsinvesteringer")
    table(
        document,
        [
            ["Kr. 1000 2015 p/l", "2016", "2017"],
            ["Økonomiudvalget - ekskl. koncernenheder", "1.200", "-"],
            ["Total", "1.200", "-"],
        ],
    )
    document.save(path)
    return path


def imported(runner: Any, path: Path, out: Path, loads: bool = True) -> dict[str, Any]:
    """import's report; exit 2 where what it wrote does not load yet (issue 19)."""
    result = runner.invoke(app, ["import", str(path), "-o", str(out), "--json"])
    assert result.exit_code == (0 if loads else 2), result.output
    [report] = json.loads(result.stdout)
    return report  # type: ignore[no-any-return]


def test_content_controls_merged_headings_and_a_table_continued_on_the_next_page(
    runner, tmp_path
) -> None:
    path = modern(tmp_path / "ny01.docx")
    [draft] = read_word(path, path.name, default_registry()).drafts
    proposal = proposal_of(draft, default_registry())
    assert (proposal.id, proposal.kind, proposal.budget, proposal.price_level) == (
        "NY01",
        "investering",
        2027,
        2027,
    )
    assert (proposal.administration, proposal.committee) == ("TMF", "TMU")  # the drop-down
    assert proposal.affected == ["TMF"]  # the ticked check box only
    assert [line.label for line in proposal.lines] == [
        "Effektivisering",
        "Drift af robotter",
        "Udvikling",
        "Uddannelse",
    ]  # both parts of the table, the repeated heading rows dropped
    assert proposal.lines[0].values == {2027: 0, 2028: -1000, 2029: -2000, 2030: -2000}
    assert not proposal.lines[2].in_payback  # "*" and the note under the table
    assert proposal.stated.payback_service == proposal.stated.payback_total == 3
    assert proposal.stated.total_implementation == {2027: 1800, 2028: 500}
    report = imported(runner, path, tmp_path / "ud")
    assert report["loads"] and report["missing"] == []
    read = {item["what"]: item["where"] for item in report["read"]}
    # the payback row is in the table's second part: its place names that part
    assert read["Tilbagebetalingstid baseret på totaløkonomi: 3 år"].endswith(
        "tabel 3, række 9, kolonne 6"
    )
    assert any("berørte forvaltninger: TMF" in item["what"] for item in report["read"])


def test_the_check_box_state_counts_not_the_glyph_shown(tmp_path) -> None:
    path = tmp_path / "box.docx"
    document = docx.Document()
    document.add_paragraph("Berørte forvaltninger:")
    boxes = document.add_table(rows=1, cols=2)
    check_box(boxes.cell(0, 0).paragraphs[0], checked=True, shown="☐")
    boxes.cell(0, 1).text = "Socialforvaltningen"
    document.save(path)
    [draft] = read_word(path, path.name, default_registry()).drafts
    assert draft.affected == ["SOF"]


def test_glyph_check_boxes_and_a_missing_tabel_1(runner, tmp_path) -> None:
    path = glyphs_without_tabel_1(tmp_path / "bedre-indkob.docx")
    report = imported(runner, path, tmp_path / "ud", loads=False)
    assert report["id"] == "BEDRE-INDKOB"
    assert {"field": "id", "why": "intet nummer i 'Forslagets titel'; id'et er filens navn"} in (
        report["guesses"]
    )
    assert report["missing"][0] == "Tabel 1 (Forslagets samlede økonomiske konsekvenser)"
    assert not report["loads"]
    assert "ingen Tabel 1 fundet" in report["problems"][0]
    text = (tmp_path / "ud" / "BEDRE-INDKOB.toml").read_text()
    assert 'affected = [\n    "ØKF",\n    "TMF",\n]' in text  # ☒ only, as typed
    assert "#   - Tabel 1 (Forslagets samlede økonomiske konsekvenser)" in text
    # as --data it is refused with one clear line, never half read
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 2
    assert "ingen Tabel 1 fundet" in result.stderr and "Traceback" not in result.output


def test_an_older_2016_layout_with_break_even_and_section_rows(runner, tmp_path) -> None:
    path = older_2016(tmp_path / "digital-post.docx")
    [draft] = read_word(path, path.name, default_registry()).drafts
    proposal = proposal_of(draft, default_registry())
    assert proposal.title == "Digital post i Borgerservice"
    assert [(line.section, line.area, line.label) for line in proposal.lines] == [
        ("varig", "service", "Effektivisering"),
        ("implementering", "anlæg", "IT-system"),
        ("implementering", "service", "Projektleder"),
    ]
    assert proposal.stated.payback == 3  # one Break Even for both bases, recorded once
    [by_committee] = proposal.stated.committee_tables  # the investment by committee
    assert (by_committee.section, by_committee.area, by_committee.price_level) == (
        "implementering",
        "anlæg",
        2015,  # its heading's p/l, not Tabel 1's
    )
    assert list(by_committee.rows) == ["ØU-EKSKL"]  # a row of the older row set
    assert (proposal.price_level, proposal.budget, proposal.pool) == (2016, 2016, "investering")
    report = imported(runner, path, tmp_path / "ud")
    guesses = {item["field"]: item["why"] for item in report["guesses"]}
    assert guesses["lines[2].area"] == "styringsområde læst af afsnittets overskrift"
    assert guesses["budget"] == "intet budgetår i overskriften; Tabel 1's p/l er brugt"
    assert any("Samlet pengestrøm" in item["what"] for item in report["read"])
    toml = (tmp_path / "ud" / f"{proposal.id}.toml").read_text()
    assert "# gæt: styringsområde læst af afsnittets overskrift" in toml


def test_a_file_that_is_not_a_word_document(runner, tmp_path) -> None:
    path = tmp_path / "forslag.docx"
    path.write_text("id;titel\nBC01;x\n")
    result = runner.invoke(app, ["import", str(path), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "er ikke et Word-dokument (.docx): filen er tekst" in result.stderr
    assert "Traceback" not in result.output


def test_no_price_level_is_left_out_not_taken_from_the_budget_year(tmp_path) -> None:
    path = tmp_path / "uden-pl.docx"
    document = docx.Document()
    document.add_heading("INVESTERINGSFORSLAG", 1)
    document.add_heading("Budget 2027", 2)
    document.add_paragraph("Forslagets titel: NY02 Uden p/l")
    document.add_paragraph("Fremstillende forvaltning: Socialforvaltningen")
    document.add_paragraph("Angiv p/l: ")
    table(
        document,
        [
            ["1.000 kr.", "Styringsområde", "2027", "2028"],
            ["Varige ændringer", "", "", ""],
            ["Effektivisering", "Service", "-100", "-200"],
            ["Implementeringsomkostninger", "", "", ""],
            ["Projekt", "Service", "250", ""],
        ],
    )
    document.save(path)
    [draft] = read_word(path, path.name, default_registry()).drafts
    proposal = proposal_of(draft, default_registry())
    assert proposal.price_level is None and proposal.budget == 2027
    assert any(item.startswith("price_level") for item in draft.missing)


def test_a_broken_word_file_is_one_clear_line(runner, tmp_path) -> None:
    import zipfile

    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document><w:body><w:p>")  # cut off
    result = runner.invoke(app, ["list", "--data", str(broken)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.count("\n") == 1 and "broken.docx" in result.stderr
    other = tmp_path / "other.docx"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    result = runner.invoke(app, ["import", str(other), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "ikke et Word-dokument (.docx): det er en Excel-projektmappe" in result.stderr


def test_a_heading_and_a_title_without_tabel_1_says_what_is_missing(runner, tmp_path) -> None:
    path = tmp_path / "notab.docx"
    document = docx.Document()
    document.add_heading("INVESTERINGSFORSLAG", 1)
    document.add_paragraph("Forslagets titel: XY02 Bedre skiltning")
    document.save(path)
    result = runner.invoke(app, ["import", str(path), "-o", str(tmp_path / "ud")])
    assert result.exit_code == 2, result.output  # written, but it does not load yet
    assert "kan ikke indlæses endnu" in result.stderr
    assert "intet forslag fundet" not in result.output
    assert "mangler  Tabel 1 (Forslagets samlede økonomiske konsekvenser)" in result.stdout
    assert "skriv linjerne i TOML-filen" in result.stdout  # what to do
    assert (tmp_path / "ud" / "XY02.toml").exists()


def test_a_document_with_no_proposal_at_all_says_what_was_looked_for(runner, tmp_path) -> None:
    path = tmp_path / "brev.docx"
    document = docx.Document()
    document.add_paragraph("Kære kollega, hermed budgetbrevet.")
    document.save(path)
    result = runner.invoke(app, ["import", str(path), "-o", str(tmp_path / "ud")])
    assert result.exit_code == 2
    assert "intet forslag fundet i" in result.stderr
    assert "Tabel 1 (Forslagets samlede økonomiske konsekvenser)" in result.stderr
    assert "Traceback" not in result.output


def claimed(path: Path, sentence: str, in_table: bool) -> Path:
    """A hand-made investment proposal: implementation costs of 4.100, and a sentence that
    states the investment (in a paragraph, or in a "Kort resumé" table as the template has)."""
    document = docx.Document()
    document.add_heading("INVESTERINGSFORSLAG", 1)
    document.add_paragraph("Forslagets titel: XY03 Digitale skilte")
    document.add_paragraph("Fremstillende forvaltning: Kultur- og Fritidsforvaltningen")
    document.add_paragraph("Angiv p/l: 2025")
    if in_table:
        table(document, [["Kort resumé"], [sentence]])
    else:
        document.add_paragraph(sentence)
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    table(
        document,
        [
            ["1.000 kr. 2025 p/l", "Styringsområde", "2025", "2026", "2027", "2028"],
            ["Varige ændringer", "", "", "", "", ""],
            ["Effektivisering", "Service", "0", "-1.000", "-2.000", "-2.000"],
            ["Samlet varig ændring", "", "0", "-1.000", "-2.000", "-2.000"],
            ["Implementeringsomkostninger", "", "", "", "", ""],
            ["Udvikling", "Anlæg", "3.000", "1.100", "", ""],
            ["Samlede implementeringsomkostninger", "", "3.000", "1.100", "", ""],
            ["Samlet økonomisk påvirkning", "", "3.000", "100", "-2.000", "-2.000"],
        ],
    )
    document.save(path)
    return path


@pytest.mark.parametrize(
    ("sentence", "in_table", "printed"),
    [
        ("Forslaget kræver en samlet investering på 4,4 mio. kr. i 2025-26.", True, "4,4"),
        ("Forslaget kræver en samlet investering på 4,4 mio. kr. i 2025-26.", False, "4,4"),
        ("Investeringen på i alt 4.400 t. kr. fordeles over to år.", False, "4.400"),
        ("Det kræver en investering på samlet 4,4 mio. kr. over to år.", True, "4,4"),
        ("Den samlede investering er på 4,4 mio. kr. og falder i 2025-26.", True, "4,4"),
    ],
)
def test_the_texts_investment_is_read_and_checked(
    runner, tmp_path, sentence, in_table, printed
) -> None:
    path = claimed(tmp_path / "xy03.docx", sentence, in_table)
    result = runner.invoke(app, ["check", "--data", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 1, result.output
    assert "teksten angiver investeringen anderledes end tallene" in result.stdout
    assert f"dokumentet {printed}, beregnet" in result.stdout
    report = imported(runner, path, tmp_path / "ud")
    assert any(item["what"].startswith("påstand i teksten") for item in report["read"])


def test_a_matching_investment_in_the_text_gives_no_finding(runner, tmp_path) -> None:
    path = claimed(tmp_path / "xy03.docx", "en samlet investering på 4,1 mio. kr.", True)
    result = runner.invoke(app, ["check", "--data", str(path)])
    assert result.exit_code == 0, result.output
    assert "Ingen fund" in result.stdout


def test_one_is_counted_in_the_singular(runner, tmp_path) -> None:
    path = tmp_path / "xy04.docx"
    document = docx.Document()
    document.add_heading("INVESTERINGSFORSLAG", 1)
    document.add_heading("Budget 2025", 2)
    document.add_paragraph("Forslagets titel: XY04 Ét felt udledt")
    document.add_paragraph("Fremstillende forvaltning: Kultur- og Fritidsforvaltningen")
    document.add_paragraph("Angiv p/l: 2025")
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    table(
        document,
        [
            ["1.000 kr. 2025 p/l", "Styringsområde", "2025", "2026"],
            ["Varige ændringer", "", "", ""],
            ["Effektivisering", "Service", "0", "-1.000"],
            ["Samlet varig ændring", "", "0", "-1.000"],
        ],
    )
    document.save(path)
    result = runner.invoke(app, ["list", "--data", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "XY04: 1 felt er udledt, ikke læst (pool)" in result.stderr
    report = imported(runner, path, tmp_path / "ud")
    assert any(item["what"].endswith(": 1 linje") for item in report["read"]), report["read"]


def keyed_in_percent(path: Path, shares: list[str]) -> Path:
    """A proposal whose key table prints only percentages ("Procentvis fordeling")."""
    document = docx.Document()
    document.add_heading("INVESTERINGSFORSLAG", 1)
    document.add_heading("Budget 2025", 2)
    document.add_paragraph("Forslagets titel: XY05 Fælles indkøb")
    document.add_paragraph("Fremstillende forvaltning: Økonomiforvaltningen")
    document.add_paragraph("Angiv p/l: 2025")
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    table(
        document,
        [
            ["1.000 kr. 2025 p/l", "Styringsområde", "2025", "2026"],
            ["Varige ændringer", "", "", ""],
            ["Effektivisering", "Service", "-1.000", "-2.000"],
            ["Samlet varig ændring", "", "-1.000", "-2.000"],
        ],
    )
    document.add_paragraph("Tabel 5. Fordelingsnøgle")
    names = ["Økonomiforvaltningen", "Socialforvaltningen", "Teknik- og Miljøforvaltningen"]
    table(
        document,
        [
            ["Forvaltning", "Procentvis fordeling"],
            *([n, s] for n, s in zip(names, shares, strict=True)),
        ],
    )
    document.save(path)
    return path


def test_a_key_printed_as_percentages_is_read_as_the_keys_percentages(runner, tmp_path) -> None:
    path = keyed_in_percent(tmp_path / "xy05.docx", ["40 %", "35 %", "25 %"])
    [draft] = read_word(path, path.name, default_registry()).drafts
    assert draft.split["key"] == {"percent": {"ØKF": 40, "SOF": 35, "TMF": 25}}
    assert "split.key" in draft.guesses  # said in the report
    result = runner.invoke(app, ["check", "--data", str(path)], env={"COLUMNS": "200"})
    assert "100" not in result.stdout, result.output  # they add up: no finding about it


def test_a_key_table_with_a_figure_that_is_no_number_is_named_in_the_report(
    runner, tmp_path
) -> None:
    """One share written 'ca. 35' made the whole table silently not a key."""
    path = keyed_in_percent(tmp_path / "xy05.docx", ["40 %", "ca. 35", "25 %"])
    [draft] = read_word(path, path.name, default_registry()).drafts
    assert draft.split is None
    [(where, what)] = draft.unplaced
    assert "B3" in where or "række 3" in where, where
    assert what == "Tabel 5. Fordelingsnøgle: 'ca. 35' er ikke et tal; ikke læst som nøgle"
    report = imported(runner, path, tmp_path / "ud")
    assert any("'ca. 35' er ikke et tal" in item["what"] for item in report["not_placed"])


def test_percentages_that_do_not_add_up_to_100_are_found(runner, tmp_path) -> None:
    path = keyed_in_percent(tmp_path / "xy05.docx", ["40 %", "35 %", "20 %"])
    result = runner.invoke(app, ["check", "--data", str(path)], env={"COLUMNS": "200"})
    assert "100" in result.stdout, result.output


@pytest.mark.parametrize(
    ("sentence", "printed"),
    [
        ("Forslaget kræver en samlet investering på 4.400 mio. kr.", "4.400"),  # Danish grouping
        ("Forslaget kræver en samlet investering på 4.4 mio. kr.", "4,4"),  # a decimal point
    ],
)
def test_a_claims_number_is_read_the_danish_way(runner, tmp_path, sentence, printed) -> None:
    """Found reading the change once more: "4.400 mio. kr." was read as 4,4 (the point taken
    for a decimal comma). A point before a group of three digits groups thousands; before one
    or two digits it can only be a decimal point."""
    path = claimed(tmp_path / "xy05.docx", sentence, False)
    result = runner.invoke(app, ["check", "--data", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 1, result.output
    assert f"dokumentet {printed}, beregnet" in result.stdout


@pytest.mark.parametrize(
    "sentence",
    [
        "Forslaget kræver en samlet investering på 1.200,5,5 mio. kr.",
        "Investeringen på i alt 4.5.5 t. kr. fordeles over to år.",
    ],
)
def test_a_claim_that_is_no_number_is_reported_not_a_traceback(runner, tmp_path, sentence) -> None:
    path = claimed(tmp_path / "xy06.docx", sentence, False)
    report = imported(runner, path, tmp_path / "ud")
    assert any("påstand" in item["what"] for item in report["not_placed"]), report


def test_a_pools_figure_that_is_no_number_is_reported_not_a_traceback() -> None:
    """ "Der resterer 1,2,3 mio. kr." is noted as not a number; "1.2" is 1,2 (a decimal point)."""
    from types import SimpleNamespace

    from kkinvest.io.recognise.pool import _mio

    draft = SimpleNamespace(unplaced=[])
    assert _mio("1,2,3", "afsnit 1", draft) == 0
    assert draft.unplaced and "ikke et tal" in draft.unplaced[0][1]
    assert _mio("1.2", "afsnit 1", draft) == Decimal("1.2")
    assert _mio("208,7", "afsnit 1", draft) == Decimal("208.7")


def test_bad_column_counts_in_the_file_are_bounded() -> None:
    from kkinvest.io.docx_in import MAX_SPAN, _count, _symbol

    assert _count("x", 1) == 1
    assert _count(None, 0) == 0
    assert _count("100000000", 1) == MAX_SPAN
    assert _count("-5", 1) == 1
    assert _symbol("F0FE") == _symbol("F078") != ""  # Wingdings ticked boxes
    assert _symbol("F0A8") != _symbol("F0FE")


def test_import_of_a_fifo_named_docx_is_one_line_not_a_hang(runner, tmp_path) -> None:
    """Found reading the change once more: `kkinvest import` opened what it was given without
    the regular-file check every --data has, so a FIFO named x.docx blocked for ever."""
    import os

    fifo = tmp_path / "x.docx"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["import", str(fifo), "-o", str(tmp_path / "ud")])
    assert result.exit_code == 2
    assert "FIFO" in result.stderr and "kun almindelige filer læses" in result.stderr


def test_a_ticked_name_that_is_no_administration_is_reported(runner, tmp_path) -> None:
    """Found reading the change once more: a ticked box beside a name the registry does not
    know was skipped without a word, so the affected administrations were silently short."""
    path = claimed(tmp_path / "xy07.docx", "en samlet investering på 4,1 mio. kr.", False)
    document = docx.Document(str(path))
    document.paragraphs[2].insert_paragraph_before(
        "Berørte forvaltninger: ☒ Økonomiforvaltningen ☒ Københavns Lufthavn"
    )
    document.save(path)
    report = imported(runner, path, tmp_path / "ud")
    assert any("Københavns Lufthavn" in item["what"] for item in report["not_placed"]), report
