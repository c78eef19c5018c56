"""A workbook an analyst laid out themselves: the proposal's facts (kind, committee, pool,
administration) are read where the analyst put them — a label cell ("Udvalg", "Type",
"Pulje", "Fremstillende forvaltning") with its value to its right, or "Label: value" in one
cell, anywhere above Tabel 1, in the Word reader's words (formats/vocabulary.py). A missing one
is named with the cell to fill, never guessed (io/excel_in.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from typer.testing import CliRunner

from kkinvest.cli import app
from kkinvest.formats.vocabulary import kind_heading, kind_named, pool_named
from kkinvest.model import Proposal

TABEL_1: list[list[Any]] = [
    ["1.000 kr. 2027 p/l", "Styringsområde", 2027, 2028],
    ["Varige ændringer"],
    ["Færre sager", "Service", -300, -600],
    ["Implementeringsomkostninger"],
    ["System", "Anlæg", 800],
]


def workbook(path: Path, top: list[list[Any]], margin: int = 0) -> Path:
    """A sheet of `top` rows, an empty row and Tabel 1, shifted `margin` columns right."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Forslag"
    for row in [*top, [], *TABEL_1]:
        sheet.append([None] * margin + row)
    book.save(path)
    return path


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def proposal(path: Path, id_: str = "P1") -> tuple[dict[str, Any], str]:
    result = run("show", id_, "--data", str(path), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["proposal"], result.stderr


def test_the_vocabulary_names_kinds_and_pools_in_danish() -> None:
    assert kind_named("Investeringsforslag") == kind_named("investering") == "investering"
    assert kind_named("Effektivisering") == "effektivisering"
    assert kind_heading("TVÆRGÅENDE INNOVATIONSFORSLAG") == "innovation"
    assert kind_heading("Investering i nye lamper") is None  # a title, not a heading
    assert pool_named("Investeringspuljen") == "investering"
    assert pool_named("Ingen pulje") == "none"
    assert pool_named("TMU") is None


def test_labels_anywhere_near_the_top_with_their_values_beside_them(tmp_path: Path) -> None:
    """Two facts a row, the labels in columns A and C, Danish names for every value."""
    path = workbook(
        tmp_path / "egen.xlsx",
        [
            ["Forslagets titel:", "P1 Færre sager"],
            ["Udvalg", "Teknik- og Miljøudvalget", "Type", "Investeringsforslag"],
            ["Forvaltning:", "Teknik- og Miljøforvaltningen", "Pulje:", "Investeringspuljen"],
        ],
    )
    got, stderr = proposal(path)
    assert (got["kind"], got["committee"], got["administration"], got["pool"]) == (
        "investering",
        "TMU",
        "TMF",
        "investering",
    )
    assert got["title"] == "Færre sager"
    assert "bemærk" not in stderr  # nothing was derived


def test_one_cell_facts_and_a_margin_left_of_the_content(tmp_path: Path) -> None:
    """ "Udvalg: BUU" in one cell; the sheet starts in column C, and a problem names the
    sheet's own cell (C3, the type; E9, the 2027 value of the saving line)."""
    top = [["Forslagets titel: P1 Færre sager"], ["Udvalg: BUU"], ["Type: Innovation"]]
    path = workbook(tmp_path / "margen.xlsx", top, margin=2)
    got, stderr = proposal(path)
    assert (got["kind"], got["committee"], got["pool"]) == ("innovation", "BUU", "innovation")
    assert "'Forslag'!C3" in stderr and "puljen er udledt af forslagstypen" in stderr
    assert got["lines"][0]["values"] == {"2027": -300, "2028": -600}
    broken = workbook(tmp_path / "fejl.xlsx", [*top[:2], ["Type: Investering", None, None]], 2)
    from openpyxl import load_workbook

    book = load_workbook(broken)
    book["Forslag"]["E9"] = "ca. 300"  # row 9: the saving line (4 rows above, an empty row)
    book.save(broken)
    result = run("list", "--data", str(broken))
    assert result.exit_code == 2
    assert "'Forslag'!E9" in result.stderr, result.stderr


def test_the_committee_follows_the_administration_and_the_pool_the_kind(tmp_path: Path) -> None:
    """As the Word reader: "Fremstillende forvaltning" gives the committee (the registry's
    row of SOF is SUD); an efficiency proposal asks no pool, said in a note."""
    top = [
        ["EFFEKTIVISERINGSFORSLAG – BUDGET 2027"],
        ["Forslagets titel: P1 Færre sager"],
        ["Fremstillende forvaltning:", "Socialforvaltningen"],
    ]
    got, stderr = proposal(workbook(tmp_path / "sof.xlsx", top))
    assert (got["kind"], got["budget"], got["committee"], got["pool"]) == (
        "effektivisering",
        2027,
        "SUD",
        "none",
    )
    assert "'Forslag'!A1" in stderr and "ingen pulje" in stderr


def test_a_missing_committee_names_the_cell_to_fill(tmp_path: Path) -> None:
    """No committee and no administration: refused (while the model requires a committee)
    with one Danish line naming the empty row above Tabel 1 (A4) where 'Udvalg' goes."""
    top = [["Investeringsforslag"], ["Forslagets titel: P1 Færre sager"], ["Pulje: Investering"]]
    path = workbook(tmp_path / "uden.xlsx", top)
    result = run("list", "--data", str(path))
    lines = result.stderr.splitlines()
    if not Proposal.model_fields["committee"].is_required():  # loads without, with a note
        assert result.exit_code == 0
        assert any(
            "'Forslag'!A4: P1: udvalg mangler; læst uden: skriv 'Udvalg'" in x for x in lines
        )
        return
    assert result.exit_code == 2
    assert len(lines) == 1, lines
    assert "uden.xlsx, 'Forslag'!A4: P1: udvalg mangler: skriv 'Udvalg' her" in lines[0]
    assert "Traceback" not in result.output


def test_a_committee_label_left_empty_names_its_value_cell(tmp_path: Path) -> None:
    top = [["Forslagets titel: P1 Færre sager"], ["Type", "Investering"], ["Udvalg", None]]
    result = run("list", "--data", str(workbook(tmp_path / "tom.xlsx", top)))
    if Proposal.model_fields["committee"].is_required():
        assert result.exit_code == 2
        assert "'Forslag'!B3: P1: Udvalg: mangler" in result.stderr, result.stderr
    else:  # loads without a committee, and says which cell to fill
        assert result.exit_code == 0, result.output
        assert "'Forslag'!B3: P1: udvalg mangler; læst uden: skriv fx 'TMU' her" in result.stderr


def test_an_unknown_committee_is_named_with_its_cell_not_guessed(tmp_path: Path) -> None:
    top = [["Forslagets titel: P1 Færre sager"], ["Type", "Investering", "Udvalg", "Trafik"]]
    result = run("list", "--data", str(workbook(tmp_path / "ukendt.xlsx", top)))
    assert result.exit_code == 2
    assert "'Forslag'!D2" in result.stderr and "udvalg" in result.stderr.casefold()


def test_a_pool_cell_left_empty_is_named_not_answered_by_the_kind(tmp_path: Path) -> None:
    """The pool follows from the kind only where the sheet has no Pulje cell at all: a Pulje
    cell left empty (the template's yellow cell) is the analyst's to fill, and named."""
    top = [["Forslagets titel: P1 Færre sager"], ["Type", "Investering"], ["Udvalg", "TMU"]]
    path = workbook(tmp_path / "tom-pulje.xlsx", [*top, ["Pulje", None]])
    result = run("list", "--data", str(path))
    if Proposal.model_fields["pool"].is_required():
        assert result.exit_code == 2
        assert "'Forslag'!B4: P1: Pulje: mangler" in result.stderr, result.stderr
    got, stderr = proposal(workbook(tmp_path / "uden-pulje.xlsx", top))
    assert got["pool"] == "investering"
    assert "'Forslag'!B2: P1: puljen er udledt af forslagstypen" in stderr, stderr
