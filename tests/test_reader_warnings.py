"""The reader's warnings have their own channel (issue #19): where the figures as read may not
be the document's (tracked changes read as accepted, a printed total the lines do not give, a
sign settled from the totals, a guessed area, a stated payback the lines do not give), a line
`kkinvest: advarsel: FILE...: ID: ...` on stderr, with `--data` and with `import`. A note
(something guessed or skipped; the figures stand) stays `kkinvest: bemærk:`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from kkinvest.cli import app

TYPED = Path(__file__).parent / "data" / "typed"


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def said(stderr: str, word: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"kkinvest: {word}:")]


def test_tracked_changes_are_a_warning_and_a_guessed_pool_a_note() -> None:
    """TY04 has 15 tracked changes nobody accepted (read as accepted: the figures may not be
    the ones meant) and names no pool (guessed from the kind: the figures stand)."""
    result = invoke("payback", "TY04", "--data", str(TYPED / "TY04.docx"))
    assert result.exit_code == 0, result.output
    [warning] = said(result.stderr, "advarsel")
    assert "TY04.docx, tabel 2" in warning and "15 sporede ændringer" in warning
    [note] = said(result.stderr, "bemærk")
    assert "udledt" in note and "(pool)" in note
    assert "sporede" not in note


def test_a_guessed_area_in_an_innovation_proposal_is_a_warning() -> None:
    """TY11 leaves Styringsområde blank on both lines: service is assumed (the innovation
    pool is service), and the area decides the pool and the split, so it is a warning."""
    result = invoke("show", "TY11", "--data", str(TYPED / "TY11.docx"), "--json")
    assert result.exit_code == 0, result.output
    [warning] = said(result.stderr, "advarsel")
    assert "TY11.docx, tabel 1, række 5" in warning
    assert "Styringsområde er tomt for 2 linjer" in warning and "service er antaget" in warning


def test_import_says_a_warning_on_stderr_once_and_keeps_it_in_the_json(tmp_path: Path) -> None:
    result = invoke("import", str(TYPED / "TY18.docx"), "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    warnings = said(result.stderr, "advarsel")
    assert any("Samlet varig ændring stemmer ikke" in line for line in warnings), result.stderr
    assert all("TY18.docx, tabel 1" in line and ": TY18: " in line for line in warnings)
    assert "stemmer ikke" not in result.stdout  # the report does not say it a second time
    result = invoke("import", str(TYPED / "TY18.docx"), "-o", str(tmp_path), "--json", "--force")
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.stdout)
    assert len(report["warnings"]) == len(warnings)
    assert len(said(result.stderr, "advarsel")) == len(warnings)


def test_a_document_read_without_doubt_says_nothing() -> None:
    result = invoke("payback", "TY01", "--data", str(TYPED / "TY01.docx"))
    assert result.exit_code == 0, result.output
    assert not said(result.stderr, "advarsel")


def proposal_document(path: Path, paybacks: tuple[str, str], header: str = "") -> Path:
    """A proposal as an analyst types it with Word's table tool: Tabel 1 with its payback rows
    printing `paybacks` (service, total), and `header` as a line of the header if given.

    Worked: investment 1.000 + 200 = 1.200 from 2027; savings 300, 500, 500 (service) and the
    licence 100 a year on top of them from 2028 (service too): net -300, -400, -400; cumulative
    300, 700, 1.100, then 1.500 in 2030 (the last year's value continued) ≥ 1.200: 4 år (2030)
    on both bases (every permanent line is service)."""
    import docx

    document = docx.Document()
    document.add_paragraph("INVESTERINGSFORSLAG")
    document.add_paragraph("BUDGET 2027")
    document.add_paragraph("Forslagets titel: PB01 Digital kørselsplanlægning")
    document.add_paragraph("Fremstillende forvaltning: Teknik- og Miljøforvaltningen")
    if header:
        document.add_paragraph(header)
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    rows = [
        ["1.000 kr. 2027 p/l", "Styringsområde", "2027", "2028", "2029"],
        ["Varige ændringer", "", "", "", ""],
        ["Færre kørte timer", "Service", "-300", "-500", "-500"],
        ["Licens", "Service", "", "100", "100"],
        ["Samlet varig ændring", "", "-300", "-400", "-400"],
        ["Implementeringsomkostninger", "", "", "", ""],
        ["Indkøb af system", "Anlæg", "1.000", "", ""],
        ["Projektledelse", "Service", "200", "", ""],
        ["Samlede implementeringsomkostninger", "", "1.200", "", ""],
        ["Tilbagebetalingstid baseret på serviceeffektivisering", "", "", "", paybacks[0]],
        ["Tilbagebetalingstid baseret på totaløkonomi", "", "", "", paybacks[1]],
    ]
    grid = document.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            grid.cell(r, c).text = text
    document.save(path)
    return path


def test_a_stated_payback_the_lines_do_not_give_is_one_warning(tmp_path: Path) -> None:
    """The document prints 3 år on the service row (the lines give 4 år, 2030) and 4 år on
    the total row (right): one warning, naming the row that disagrees and both figures."""
    path = proposal_document(tmp_path / "PB01.docx", ("3", "4"))
    result = invoke("payback", "PB01", "--data", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["payback_years"] == 4
    [warning] = said(result.stderr, "advarsel")
    assert "PB01.docx, tabel 1, række 10, kolonne 5: PB01: " in warning
    assert (
        "Tilbagebetalingstid baseret på serviceeffektivisering er trykt 3 år, linjerne giver "
        "4 år (2030); kkinvest regner med linjerne"
    ) in warning
    assert "totaløkonomi er trykt" not in warning


def test_a_stated_payback_the_lines_give_says_nothing(tmp_path: Path) -> None:
    path = proposal_document(tmp_path / "PB01.docx", ("4 år", "4"), "Tilbagebetalingstid: 4 år")
    result = invoke("payback", "PB01", "--data", str(path))
    assert result.exit_code == 0, result.output
    assert not said(result.stderr, "advarsel")


def test_the_payback_a_header_line_states_is_compared_too(tmp_path: Path) -> None:
    """A header line "Tilbagebetalingstid: 2 år", the rows right (4): the header line is the
    one warning, on import as on --data."""
    path = proposal_document(tmp_path / "PB01.docx", ("4", "4"), "Tilbagebetalingstid: 2 år")
    result = invoke("import", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    [warning] = said(result.stderr, "advarsel")
    assert "PB01.docx, afsnit 5: PB01: " in warning
    assert (
        "teksten siger 'Tilbagebetalingstid: 2 år', linjerne giver 4 år (2030) på "
        "serviceeffektivisering og 4 år (2030) på totaløkonomi"
    ) in warning


def test_hidden_text_in_a_figure_is_not_read_and_is_a_warning(tmp_path: Path) -> None:
    """A cell showing "-500" with " (før -300)" formatted hidden (w:vanish), as someone keeps
    an old figure: the figure is -500, and a warning names the cell and the hidden text.
    Hidden text in a label is just not read (no figure at stake)."""
    import docx
    from docx.oxml import parse_xml

    path = proposal_document(tmp_path / "PB01.docx", ("4", "4"))
    document = docx.Document(str(path))
    table = document.tables[0]
    hidden = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve"> (før {0})</w:t></w:r>'
    )
    table.cell(2, 3).paragraphs[0]._p.append(parse_xml(hidden.format("-300")))
    table.cell(3, 0).paragraphs[0]._p.append(parse_xml(hidden.format("gammel tekst")))
    document.save(str(path))
    result = invoke("show", "PB01", "--data", str(path), "--json")
    assert result.exit_code == 0, result.output
    lines = json.loads(result.stdout)["proposal"]["lines"]
    assert [line["values"] for line in lines if line["label"] == "Færre kørte timer"] == [
        {"2027": -300, "2028": -500, "2029": -500}
    ]
    assert "Licens" in [line["label"] for line in lines]
    [warning] = said(result.stderr, "advarsel")
    assert "PB01.docx, tabel 1, række 3, kolonne 4: PB01: skjult tekst" in warning
    assert "'(før -300)'" in warning and "gammel" not in warning


def test_a_content_control_showing_its_placeholder_is_empty(tmp_path: Path) -> None:
    """The template's text control left unfilled shows "Klik eller tryk her for at skrive
    tekst." (w:showingPlcHdr): no value, so the cell is blank (no amount that year) and
    nothing is refused; a filled control's text is read."""
    import docx
    from docx.oxml import parse_xml

    path = proposal_document(tmp_path / "PB01.docx", ("4", "4"))
    document = docx.Document(str(path))
    table = document.tables[0]
    control = (
        '<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:sdtPr>{0}<w:text/></w:sdtPr><w:sdtContent><w:r><w:t>{1}</w:t></w:r>"
        "</w:sdtContent></w:sdt>"
    )
    for col, (flag, text) in enumerate(
        [("<w:showingPlcHdr/>", "Klik eller tryk her for at skrive tekst."), ("", "100")], 2
    ):
        cell = table.cell(3, col)
        cell.text = ""
        cell.paragraphs[0]._p.append(parse_xml(control.format(flag, text)))
    document.save(str(path))
    result = invoke("show", "PB01", "--data", str(path), "--json")
    assert result.exit_code == 0, result.output
    lines = json.loads(result.stdout)["proposal"]["lines"]
    assert [line["values"] for line in lines if line["label"] == "Licens"] == [
        {"2028": 100, "2029": 100}
    ]
