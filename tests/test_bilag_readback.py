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


def test_a_bilag_that_cannot_be_read_fully_names_the_file_and_the_proposal(tmp_path) -> None:
    path = tmp_path / "bilag.docx"
    assert (
        CliRunner().invoke(app, ["export", "--docx", str(path), "--budget", "2023"]).exit_code == 0
    )
    edited = tmp_path / "rettet.docx"
    _edited(path, edited, "BC05", "Udvalg:", "Fremstillende forvaltning:", "Forslagstype:")
    result = CliRunner().invoke(app, ["payback", "BC06", "--data", str(edited)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines and all("rettet.docx" in line and "BC05" in line for line in lines), lines
    result = CliRunner().invoke(app, ["import", str(edited), "-o", str(tmp_path / "imp")])
    assert "Forslag BC05" in result.output and "indlæses ikke endnu" in result.output
    assert result.output.count("indlæses ikke endnu") == 1  # the other ten are read
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
