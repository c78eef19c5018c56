"""A document loads with what it has (issue #19 item 6): a proposal that names no committee,
no kind or no pool loads with the field empty and a note saying what is not filled in; each
command that needs the field stops with one Danish line naming the proposal and what to fill
in (exit 2); `payback` needs none of them.

TY12 (tests/data/typed, typed by hand) leaves "Fremstillende forvaltning" at its placeholder:
no committee. NK01 (made here with python-docx, the way an analyst writes a proposal without
the template) has no heading naming its kind, no "Der søges om midler fra" and no committee.
Worked payback of NK01: investment 900 in 2027, savings 300, 600 (service): cumulative 300,
900 ≥ 900 in year 2 (2028), on both bases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kkinvest.cli import app

TY12 = Path(__file__).parent / "data" / "typed" / "TY12.docx"


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


def nothing_named(path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Forslagets titel: NK01 Fælles mødebooking")
    document.add_paragraph("Tabel 1. Forslagets samlede økonomiske konsekvenser")
    rows = [
        ["1.000 kr. 2027 p/l", "Styringsområde", "2027", "2028"],
        ["Varige ændringer", "", "", ""],
        ["Færre tomme lokaler", "Service", "-300", "-600"],
        ["Implementeringsomkostninger", "", "", ""],
        ["Indkøb af bookingsystem", "Service", "900", ""],
    ]
    grid = document.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            grid.cell(r, c).text = text
    document.save(path)
    return path


def test_a_proposal_naming_no_committee_loads_and_says_so() -> None:
    result = invoke("show", "TY12", "--data", str(TY12), "--json")
    assert result.exit_code == 0, result.output
    proposal = json.loads(result.stdout)["proposal"]
    assert (proposal["committee"], proposal["administration"]) == (None, None)
    [note] = [line for line in result.stderr.splitlines() if "ikke udfyldt" in line]
    assert note.startswith("kkinvest: bemærk: ") and "TY12.docx: TY12: " in note
    assert "committee (udvalg)" in note


@pytest.mark.parametrize(
    "command",
    [["tables", "TY12"], ["pool", "--budget", "2027"], ["export", "--docx", "X"]],
    ids=lambda c: c[0],
)
def test_a_command_that_needs_the_committee_names_the_proposal_and_what_to_fill_in(
    command: list[str], tmp_path: Path
) -> None:
    args = [a if a != "X" else str(tmp_path / "bilag.docx") for a in command]
    result = invoke(*args, "--data", str(TY12))
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if not line.startswith("kkinvest: bem")]
    assert errors == [
        "kkinvest: forslaget TY12 har intet udvalg (committee), og kommandoen skal bruge det: "
        "udfyld 'Fremstillende forvaltning' i dokumentet, eller skriv udvalget i forslagets "
        'TOML-fil (fx committee = "ØU")'
    ]
    assert not (tmp_path / "bilag.docx").exists()


def test_check_reports_the_missing_committee_as_a_finding() -> None:
    """`check` reports what is not given and checks the rest (tests/test_check_not_given.py):
    a warning, so exit 0 as for any warning, 1 with --strict."""
    result = invoke("check", "TY12", "--data", str(TY12), "--json")
    assert result.exit_code == 0, result.output
    [missing] = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "not-given"]
    assert missing["where"].endswith("TY12.docx, Udvalg")  # the file as shown to users
    assert (missing["severity"], missing["message"]) == (
        "advarsel",
        "forslaget TY12 har intet udvalg (committee): udfyld 'Fremstillende forvaltning' i "
        'dokumentet, eller skriv udvalget i forslagets TOML-fil (fx committee = "ØU")',
    )
    assert invoke("check", "--data", str(TY12), "--strict").exit_code == 1


def test_check_reports_each_field_not_given(tmp_path: Path) -> None:
    path = nothing_named(tmp_path / "NK01.docx")
    result = invoke("check", "--data", str(path), "--json")
    assert result.exit_code in (0, 1), result.output
    found = json.loads(result.stdout)["findings"]
    assert [f["where"].split("/")[-1] for f in found if f["rule"] == "not-given"] == [
        "NK01.docx, Udvalg",
        "NK01.docx, Forslagstype",
        "NK01.docx, Pulje",
    ]


def test_a_proposal_naming_no_kind_and_no_pool_loads_and_pays_back(tmp_path: Path) -> None:
    path = nothing_named(tmp_path / "NK01.docx")
    result = invoke("payback", "NK01", "--data", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert (
        json.loads(result.stdout)["payback_years"],
        json.loads(result.stdout)["payback_year"],
    ) == (
        2,
        2028,
    )
    [note] = [line for line in result.stderr.splitlines() if "ikke udfyldt" in line]
    assert "kind (forslagstype)" in note and "committee (udvalg)" in note and "pool (pulje" in note
    listed = invoke("list", "--data", str(path), "--json")
    assert listed.exit_code == 0, listed.output
    [row] = json.loads(listed.stdout)
    assert (row["kind"], row["pool"], row["committee"]) == (None, None, None)
    shown = invoke("list", "--data", str(path))
    assert shown.exit_code == 0 and "NK01" in shown.stdout


def test_the_pool_overview_needs_the_pool_and_says_so(tmp_path: Path) -> None:
    path = nothing_named(tmp_path / "NK01.docx")
    result = invoke("pool", "--budget", "2027", "--data", str(path))
    assert result.exit_code == 2, result.output
    assert "kkinvest: forslaget NK01 har intet pulje (pool)" not in result.stderr
    assert "kkinvest: forslaget NK01 har ingen pulje (pool), og kommandoen skal bruge den" in (
        result.stderr
    )
