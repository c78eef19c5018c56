"""Everything `export` writes, `--data` reads back to the same proposals, at any size export
accepts; and export refuses what the reader would refuse.

| input | old behaviour | new behaviour |
|---|---|---|
| export of 160 synthetic proposals, read back | refused: "arkene spænder over mere end 150.000 celler" | the same proposals, checks and pools |
| export of more proposals than one workbook may hold | (none: 1.000 were written, unreadable) | refused before building, one line naming the limit, exit 2 |
| a catalogue whose workbook would exceed the reader's bounds | written, unreadable | refused, no file written, exit 2 |
| more Tabel 1 cells than one workbook may keep | read (or, above the old bound, refused) | export refuses before building; the reader refuses with one line |
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kkinvest.cli import app
from kkinvest.io.folders import shown

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from synthetic import write  # the benchmarks' reproducible catalogue

SIZE = 160  # above what the reader took before (about 120), cheap enough for CI


def run(*args: str) -> Any:
    """The JSON a command prints, with its exit code (check exits 1 when it finds errors)."""
    result = CliRunner().invoke(app, [*args])
    assert result.exit_code in (0, 1), result.stderr[:500]
    return json.loads(result.stdout) if args[0] != "check" else (result.exit_code, result.stdout)


def without_source(value: Any) -> Any:
    """The JSON without where each proposal came from (a file, or a sheet of the export)."""
    if isinstance(value, dict):
        return {k: without_source(v) for k, v in value.items() if k != "source_file"}
    if isinstance(value, list):
        return [without_source(v) for v in value]
    return value


def as_exported(shown: dict[str, Any]) -> dict[str, Any]:
    """`show --json` of a proposal as its export keeps it: a stated total that agrees with the
    lines is not written, nor is a year of one that agrees (cli/excel.py keeps only the
    figures the sheet's Note shows)."""
    stated = shown["proposal"].get("stated") or {}
    for name, value in list(stated.items()):
        computed = shown["computed"].get(name)
        if isinstance(value, dict) and isinstance(computed, dict):
            value = {y: v for y, v in value.items() if computed.get(y) != v} or None
        elif value == computed:
            value = None
        stated[name] = value
    return without_source(shown)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("readback")
    write(SIZE, folder / "catalogue")
    book = folder / "export.xlsx"
    result = CliRunner().invoke(
        app, ["export", "--xlsx", str(book), "--data", str(folder / "catalogue")]
    )
    assert result.exit_code == 0, result.output
    return folder / "catalogue", book


def test_an_export_above_the_old_bound_reads_back_to_the_same_proposals(exported) -> None:
    catalogue, book = exported
    listed = run("list", "--json", "--data", str(catalogue))
    assert len(listed) == SIZE
    assert without_source(run("list", "--json", "--data", str(book))) == without_source(listed)
    for command in ("check", "pool"):
        assert run(command, "--json", "--data", str(book)) == run(
            command, "--json", "--data", str(catalogue)
        ), command


def test_each_proposal_shows_the_same_after_the_round_trip(exported) -> None:
    catalogue, book = exported
    ids = [p["id"] for p in run("list", "--json", "--data", str(catalogue))]
    before = run("show", "--json", "--data", str(catalogue), *ids)
    after = run("show", "--json", "--data", str(book), *ids)
    before = before if isinstance(before, list) else [before]
    after = after if isinstance(after, list) else [after]
    assert [without_source(a) for a in after] == [as_exported(b) for b in before]


def test_export_refuses_more_proposals_than_one_workbook_holds(tmp_path, monkeypatch) -> None:
    from kkinvest.io import xlsx_guard

    monkeypatch.setattr(xlsx_guard, "MAX_PROPOSALS", 2)
    target = tmp_path / "three.xlsx"
    result = CliRunner().invoke(app, ["export", "--xlsx", str(target), "BC01", "BC02", "BC06"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "3 forslag er for mange til én projektmappe" in result.stderr
    assert "højst 2: vælg færre med --budget ÅR eller nævn forslagene" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_never_writes_a_workbook_its_reader_refuses(tmp_path, monkeypatch) -> None:
    """Whatever bound a catalogue meets first, export checks its workbook as the reader will."""
    from kkinvest.io import xlsx_guard

    monkeypatch.setattr(xlsx_guard, "MAX_SHEET_VALUES", 50)  # BC06's sheet holds more
    target = tmp_path / "bc06.xlsx"
    result = CliRunner().invoke(app, ["export", "--xlsx", str(target), "BC06"])
    assert result.exit_code == 2, result.output
    assert result.stderr.count("\n") == 1
    assert "bc06.xlsx: kkinvest ville ikke kunne læse projektmappen igen (et ark" in result.stderr
    assert "mere end 50 udfyldte celler); den er ikke skrevet: eksportér færre" in result.stderr
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    assert CliRunner().invoke(app, ["export", "--xlsx", str(target), "BC06"]).exit_code == 0
    assert run("list", "--json", "--data", str(target))[0]["id"] == "BC06"


def test_export_refuses_more_table_cells_than_one_workbook_holds(tmp_path, monkeypatch) -> None:
    from kkinvest.io import xlsx_guard

    monkeypatch.setattr(xlsx_guard, "MAX_TABLE_VALUES", 10)
    result = CliRunner().invoke(app, ["export", "--xlsx", str(tmp_path / "x.xlsx"), "BC06"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "celler i alt, for mange til én projektmappe, som kkinvest kan læse igen; højst 10:" in (
        result.stderr
    )
    assert list(tmp_path.iterdir()) == []


def test_the_reader_refuses_more_table_cells_than_it_keeps(tmp_path, monkeypatch) -> None:
    from kkinvest.io import xlsx_guard

    book = tmp_path / "two.xlsx"
    assert CliRunner().invoke(app, ["export", "--xlsx", str(book), "BC01", "BC06"]).exit_code == 0
    monkeypatch.setattr(xlsx_guard, "MAX_TABLE_VALUES", 20)  # BC06 alone holds more
    monkeypatch.setenv("KKINVEST_NO_CACHE", "1")
    result = CliRunner().invoke(app, ["list", "--data", str(book)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"kkinvest: {shown(book)}: projektmappen er afvist: forslagenes tabeller har over 20 celler "
        "i alt; del projektmappen op\n"
    )


def test_an_export_saved_again_by_libreoffice_reads_back(exported, tmp_path) -> None:
    """What analysts do: open the export, save it, read it back (shared strings, formulas'
    results, LibreOffice's own XML: more bytes and values than kkinvest writes)."""
    from test_libreoffice import SOFFICE, soffice

    if SOFFICE is None:
        pytest.skip("LibreOffice is not installed")
    catalogue, book = exported
    (saved,) = soffice(tmp_path, "xlsx", book)
    listed = run("list", "--json", "--data", str(saved))
    assert without_source(listed) == without_source(run("list", "--json", "--data", str(catalogue)))


def test_export_counts_tabel_a_to_c_as_it_builds(tmp_path, monkeypatch) -> None:
    """Tabel 1 fits, but with the Tabel A-C the sheet shows (which the reader keeps too) it
    does not: refused while building, before anything is saved."""
    from kkinvest.io import xlsx_guard
    from kkinvest.io.catalogue import builtin_path, load_catalogue
    from kkinvest.io.excel_in import table_cells

    bc06 = next(p for p in load_catalogue(builtin_path()).proposals if p.id == "BC06")
    monkeypatch.setattr(xlsx_guard, "MAX_TABLE_VALUES", table_cells(bc06))
    result = CliRunner().invoke(app, ["export", "--xlsx", str(tmp_path / "x.xlsx"), "BC06"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "forslagenes tabeller (Tabel 1 og A-C) har over" in result.stderr
    assert list(tmp_path.iterdir()) == []
