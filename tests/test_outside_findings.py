"""What an outside test as a new analyst found, each as a test that failed before."""

from __future__ import annotations

import json

import pytest

from kkinvest.cli import app

PROPOSAL = """
id = "NY01"
title = "Færre papirbreve"
kind = "effektivisering"
budget = 2027
price_level = 2027
committee = "ØU"
administration = "ØKF"
pool = "{pool}"

[[lines]]
label = "Effektivisering"
section = "varig"
area = "service"
values = {{ 2027 = -500, 2028 = -1000 }}

[[lines]]
label = "Konsulent"
section = "implementering"
area = "service"
values = {{ 2027 = 2000 }}
"""


@pytest.mark.parametrize("word", ["ingen", "Ingen pulje", "none"])
def test_the_danish_word_for_no_pool_is_taken(runner, tmp_path, word) -> None:
    """`new` wrote "# pulje: investering | innovation | none"; "ingen" was refused with
    "ukendt pulje 'ingen'", though the template and the README speak Danish."""
    path = tmp_path / "NY01.toml"
    path.write_text(PROPOSAL.format(pool=word), encoding="utf-8")
    result = runner.invoke(app, ["show", "NY01", "--data", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["proposal"]["pool"] == "none"


def test_import_names_the_other_file_of_a_duplicate_id(runner, tmp_path) -> None:
    """`import docs -o out` with a folder holding BC01 twice said only "id BC01 er allerede
    læst fra en anden fil": which one, the analyst had to find out."""
    from test_comma_thousands import typed

    first = typed(tmp_path / "a.docx", "1.000 kr.", "-1.500")
    second = typed(tmp_path / "b.docx", "1.000 kr.", "-1.500")
    result = runner.invoke(app, ["import", str(first), str(second), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "b.docx: id NY19 er allerede læst fra " in result.stderr
    assert "a.docx; giv det ene forslag et andet nummer" in result.stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_a_duplicate_id_is_named_once_in_the_message(runner, tmp_path) -> None:
    """`list --data docs` said "…bilag-7-budget-2023.docx, BC01: BC01: nummeret 'BC01'…"."""
    from test_comma_thousands import typed

    typed(tmp_path / "a.docx", "1.000 kr.", "-1.500")
    typed(tmp_path / "b.docx", "1.000 kr.", "-1.500")
    result = runner.invoke(app, ["list", "--data", str(tmp_path)])
    assert result.exit_code == 2
    [line] = [x for x in result.stderr.splitlines() if "findes to gange" in x]
    assert line.count("NY19") == 2, line  # the file's place and the message, not three


def test_a_bilag_beside_its_proposal_names_the_id_once(runner, tmp_path) -> None:
    """The outside test's case: a Bilag holding BC01 beside BC01.docx."""
    import shutil
    from pathlib import Path

    documents = Path(__file__).parent / "data" / "documents"
    shutil.copy(documents / "budget-2023" / "BC01.docx", tmp_path)
    shutil.copy(documents / "samlet" / "bilag-7-budget-2023.docx", tmp_path)
    result = runner.invoke(app, ["list", "--data", str(tmp_path)])
    assert result.exit_code == 2
    [line] = [x for x in result.stderr.splitlines() if "'BC01' findes to gange" in x]
    assert "bilag-7-budget-2023.docx, BC01: nummeret 'BC01' findes to gange" in line


@pytest.mark.parametrize("heading", ["2027 2)", "2027 (1)", "2027*", "2027²"])
def test_a_year_heading_with_a_footnote_mark_is_the_year(heading) -> None:
    """ "2027 2)" was refused as "ikke et årstal", though "2027*" and "2027²" were read."""
    from kkinvest.io.recognise.tabel_1 import year_of

    assert year_of(heading) == 2027


@pytest.mark.parametrize("heading", ["2027 123)", "2027 2", "2027-28"])
def test_a_year_heading_with_more_than_a_mark_is_not_a_year(heading) -> None:
    from kkinvest.io.recognise.tabel_1 import year_of

    assert year_of(heading) is None


def test_a_line_til_orientering_by_its_note_is_out_of_the_read_time_totals(runner) -> None:
    """mobilhåndtering: "Indkøbseffektiviseringer" is til orientering by the note under the
    table; the totals were compared with it counted (2026: trykt -3.791, linjerne giver
    -4.240: a false advarsel). The real difference is 1 in 2025 (-1.895 against -1.896)."""
    from pathlib import Path

    path = Path(__file__).parent / "data" / "documents" / "budget-2025" / "mobilhaandtering.docx"
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 0, result.output
    said = [x for x in result.stderr.splitlines() if "Samlet varig ændring stemmer ikke" in x]
    assert len(said) == 1
    assert "(2025: trykt -1.895, linjerne giver -1.896)" in said[0]


def test_a_row_with_a_label_and_no_figures_is_a_sub_heading(runner, tmp_path) -> None:
    """ "Heraf besparelser:" under "Varige ændringer", no figures: it stopped the proposal
    (and every command on the folder) with "lines[1] 'Heraf besparelser:'.area: mangler"."""
    import docx

    document = docx.Document()
    document.add_paragraph("Forslagets titel: NY11 Færre papirbreve")
    document.add_paragraph("Fremstillende forvaltning: Økonomiforvaltningen")
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    rows = [
        ["1.000 kr. 2025 p/l", "Styringsområde", "2025", "2026"],
        ["Varige ændringer", "", "", ""],
        ["Heraf besparelser:", "", "", ""],
        ["Effektivisering", "Service", "-500", "-1.000"],
        ["Implementeringsomkostninger", "", "", ""],
        ["Konsulent", "Service", "1.000", ""],
    ]
    grid = document.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            grid.cell(r, c).text = text
    path = tmp_path / "ny11.docx"
    document.save(path)
    result = runner.invoke(app, ["show", "NY11", "--data", str(path), "--json"])
    assert result.exit_code == 0, result.output
    lines = json.loads(result.stdout)["proposal"]["lines"]
    assert [line["label"] for line in lines] == ["Effektivisering", "Konsulent"]
