"""The Word Bilag `export --docx` writes reads back (`--data FILE.docx`, `kkinvest import`) to
the same proposals and pool as the built-in catalogue, for each of its budget years, with and
without `--findings` (issue 12, item 1).

| input | old behaviour | new behaviour |
|---|---|---|
| `payback BC06 --data kkinvest-bilag-2023.docx` | exit 2, "BC01: committee: mangler" | BC06's payback, as from the catalogue |
| `import kkinvest-bilag-2023.docx -o DIR` | exit 0, only BC01.toml, "indlæses ikke endnu" | 11 TOML files and the pool file, which load |
| a Bilag a person edited (a proposal's Udvalg and forvaltning deleted) | (one proposal, silently) | exit 2, one line naming the file and the proposal |
| a Bilag with one proposal heading deleted | (that proposal silently taken into the one before) | exit 2, "BC05: står i oversigtens Tabel 2, men ... ikke læst"; import names it |

Compared: `list`, `payback --all`, `tables ID` (each proposal), `pool --budget Y` and `check`,
all with `--json`. What may differ, and why (the Bilag prints what kkinvest computes, never
the figures a source document printed; the catalogue records those as `stated`):

- `list`: `source_file` (the file read);
- `payback`: `stated_payback` (the document's printed payback; the Bilag prints the computed);
- `pool`: `differences` and `rounding_notes` (the catalogue's pool file records the
  document's printed Tabel 1-3; the Bilag prints them computed and rounded, so only a rounding
  note can remain);
- `check`: the findings that compare a source document's printed figures with the computed
  ones are gone; every finding that remains about a proposal or key is one the catalogue
  gives too (the pool's findings can only be rounding notes).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kkinvest.cli import app

YEARS = {"2023": 11, "2025": 2}
POOL_FILES = ("2023",)  # the built-in catalogue's pool files (examples/budget-2023/pool.toml)


def run(*args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code in (0, 1), result.stderr[:800]
    return json.loads(result.stdout)


def without(value: Any, *keys: str) -> Any:
    if isinstance(value, dict):
        return {k: without(v, *keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [without(v, *keys) for v in value]
    return value


@pytest.fixture(scope="module", params=[(y, f) for y in YEARS for f in (False, True)])
def bilag(request, tmp_path_factory) -> tuple[str, Path]:
    year, findings = request.param
    path = tmp_path_factory.mktemp("bilag") / f"bilag-{year}.docx"
    args = ["export", "--docx", str(path), "--budget", year, *(["--findings"] if findings else [])]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return year, path


def test_list_payback_and_tables_read_back_the_same(bilag) -> None:
    year, path = bilag
    data = ("--data", str(path))
    listed = run("list", "--budget", year)
    assert len(listed) == YEARS[year]
    assert without(run("list", "--budget", year, *data), "source_file") == without(
        listed, "source_file"
    )
    payback = ("payback", "--all", "--budget", year)
    assert without(run(*payback, *data), "stated_payback") == without(
        run(*payback), "stated_payback"
    )
    for proposal in listed:
        assert run("tables", proposal["id"], *data) == run("tables", proposal["id"]), proposal


def test_the_pool_reads_back_the_same(bilag) -> None:
    year, path = bilag
    pool = ("pool", "--budget", year)
    after = run(*pool, "--data", str(path))
    assert after["differences"] == []
    keys = ("differences", "rounding_notes")
    assert without(after, *keys) == without(run(*pool), *keys)


def test_check_finds_nothing_the_catalogue_does_not(bilag) -> None:
    year, path = bilag
    before = run("check", "--budget", year)["findings"]
    after = run("check", "--budget", year, "--data", str(path))["findings"]
    ids = {p["id"] for p in run("list", "--budget", year)}
    for finding in after:
        if finding["subject"] in ids or finding["subject"].startswith("Nøgle"):
            assert finding in before, finding
        else:
            assert finding["rule"] == "pool-rounding" or "afrunding" in finding["message"], finding


def test_import_writes_every_proposal_and_the_pool_and_they_load(bilag, tmp_path) -> None:
    year, path = bilag
    result = CliRunner().invoke(app, ["import", str(path), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "indlæses ikke endnu" not in result.output
    written = sorted(p.stem for p in tmp_path.glob("*.toml"))
    listed = run("list", "--budget", year)
    assert [p for p in written if not p.startswith("pool")] == sorted(p["id"] for p in listed)
    # a pool file where the catalogue has one (2023); 2025's Bilag says it has none
    assert any(p.startswith("pool") for p in written) == (year in POOL_FILES)
    back = run("list", "--budget", year, "--data", str(tmp_path))
    assert without(back, "source_file") == without(listed, "source_file")
    payback = ("payback", "--all", "--budget", year)
    assert without(run(*payback, "--data", str(tmp_path)), "stated_payback") == without(
        run(*payback), "stated_payback"
    )


def _edited(path: Path, target: Path, proposal: str, *labels: str) -> None:
    """The Bilag with `labels` lines deleted from `proposal`'s header, as a person might."""
    from docx import Document

    document = Document(str(path))
    inside = False
    for paragraph in list(document.paragraphs):
        if paragraph.text.startswith("Forslagets titel:"):
            inside = f" {proposal} " in paragraph.text
        elif inside and paragraph.text.startswith(labels):
            paragraph._p.getparent().remove(paragraph._p)
    document.save(str(target))


def test_a_bilag_read_without_a_committee_names_the_file_and_the_proposal(tmp_path) -> None:
    """BC05's header lines deleted: it loads with what it has (#19 item 6), a note names the
    file, the proposal and what is not filled in, and a command that needs its committee
    says so; the other proposals are read as written."""
    path = tmp_path / "bilag.docx"
    assert (
        CliRunner().invoke(app, ["export", "--docx", str(path), "--budget", "2023"]).exit_code == 0
    )
    edited = tmp_path / "rettet.docx"
    _edited(path, edited, "BC05", "Udvalg:", "Fremstillende forvaltning:", "Forslagstype:")
    result = CliRunner().invoke(app, ["payback", "BC06", "--data", str(edited)])
    assert result.exit_code == 0, result.output
    [note] = [line for line in result.stderr.splitlines() if ": BC05: ikke udfyldt" in line]
    assert "rettet.docx" in note and "committee (udvalg)" in note
    result = CliRunner().invoke(app, ["tables", "BC05", "--data", str(edited)])
    assert result.exit_code == 2
    assert "forslaget BC05 har intet udvalg (committee)" in result.stderr
    result = CliRunner().invoke(app, ["import", str(edited), "-o", str(tmp_path / "imp")])
    assert result.exit_code == 0, result.output
    assert "mangler  committee (udvalg)" in result.output
    assert len(list((tmp_path / "imp").glob("BC*.toml"))) == 11


def test_a_proposal_whose_heading_was_deleted_is_named_not_skipped(tmp_path) -> None:
    from docx import Document

    path = tmp_path / "bilag.docx"
    assert (
        CliRunner().invoke(app, ["export", "--docx", str(path), "--budget", "2023"]).exit_code == 0
    )
    document = Document(str(path))
    for paragraph in document.paragraphs:
        if paragraph.text.startswith("Forslagets titel: BC05 "):
            paragraph._p.getparent().remove(paragraph._p)
    edited = tmp_path / "uden-overskrift.docx"
    document.save(str(edited))
    result = CliRunner().invoke(app, ["list", "--data", str(edited)])
    assert result.exit_code == 2
    assert "uden-overskrift.docx" in result.stderr and "BC05" in result.stderr
    assert "ikke læst" in result.stderr
    result = CliRunner().invoke(app, ["import", str(edited), "-o", str(tmp_path / "imp")])
    assert "mangler  BC05" in result.output


LINES = """
[[lines]]
section = "varig"
label = "Besparelse"
area = "service"
values = { 2023 = -100, 2024 = -200 }

[[lines]]
section = "varig"
label = "Drift af løsningen"
area = "service"
split = "KIT"
values = { 2023 = 10, 2024 = 10 }

[[lines]]
section = "implementering"
label = "Indkøb"
area = "anlæg"
values = { 2023 = 300 }
"""
SPLITS = {
    "W1": '[split]\nkey = { weights = { BIF = 2, SOF = 1.5 } }\ncosts = "key"\n',
    "P1": '[split]\nkey = { percent = { BIF = 60, SOF = 40 } }\ncosts = "KIT"\n',
    "E1": '[split]\nkey = { equal = ["BIF", "SOF", "KFF"] }\n',
}


def test_inline_keys_line_targets_and_unfilled_facts_read_back(write_proposal, tmp_path) -> None:
    """Splits the built-in catalogue does not use: weights, percentages, an equal key, a
    line's own target, an unfilled forvaltning, a 'Der søges om midler fra' as printed."""
    for name, split in SPLITS.items():
        write_proposal(header_of(name) + LINES + split, name=f"{name}.toml", raw=True)
    folder = str(tmp_path)
    path = tmp_path.parent / f"{tmp_path.name}-bilag.docx"
    result = CliRunner().invoke(app, ["export", "--docx", str(path), "--data", folder])
    assert result.exit_code == 0, result.output
    data = ("--data", str(path))
    assert without(run("list", *data), "source_file") == without(
        run("list", "--data", folder), "source_file"
    )
    for name in SPLITS:
        assert run("tables", name, *data) == run("tables", name, "--data", folder), name
        shown = run("show", name, *data)["proposal"]
        assert shown["affected"] == ["BIF", "SOF"] and shown["administration"] is None
        assert shown["funds_from"] == "Investeringspuljen, særlige midler"


def header_of(name: str) -> str:
    return (
        f'id = "{name}"\ntitle = "Forslag {name}"\nkind = "investering"\nbudget = 2023\n'
        'price_level = 2023\ncommittee = "BIU"\nadministration = "Vælg forvaltning"\n'
        'pool = "investering"\naffected = ["BIF", "SOF"]\n'
        'funds_from = "Investeringspuljen, særlige midler"\n'
    )


def test_a_composite_key_is_named_as_not_in_the_bilag(write_proposal, tmp_path) -> None:
    split = '[split]\nkey = { parts = [{ key = "intune-2022", weight = 1 }] }\n'
    write_proposal(header_of("C1") + LINES + split, name="C1.toml", raw=True)
    path = tmp_path.parent / f"{tmp_path.name}-bilag.docx"
    result = CliRunner().invoke(app, ["export", "--docx", str(path), "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 2
    assert path.name in result.stderr and "C1" in result.stderr
    assert "sammensat fordelingsnøgle" in result.stderr


def test_a_bilag_exported_into_the_catalogue_folder_is_skipped_with_a_note(
    write_proposal, tmp_path
) -> None:
    """Issue 19: `export --docx` into the catalogue folder broke every later command on it
    (each proposal twice: "nummeret findes to gange"). Like the workbook export, kkinvest's own
    Bilag is recognised and skipped with a note; given on its own it still reads."""
    write_proposal(header_of("E1") + LINES + SPLITS["E1"], name="E1.toml", raw=True)
    folder = str(tmp_path)
    before = run("list", "--data", folder)
    result = CliRunner().invoke(app, ["export", "--docx", f"{folder}/bilag.docx", "--data", folder])
    assert result.exit_code == 0, result.output
    listed = CliRunner().invoke(app, ["list", "--data", folder, "--json"])
    assert listed.exit_code == 0, listed.output
    assert json.loads(listed.stdout) == before
    assert "bilag.docx: kkinvests egen eksport" in listed.stderr
    assert [p["id"] for p in run("list", "--data", f"{folder}/bilag.docx")] == ["E1"]
