"""A workspace that does not trip over itself: kkinvest's own export in the catalogue folder is
skipped with a note, not read as a second copy; --data may be given more than once."""

from __future__ import annotations

import shutil

from test_excel import as_exported

from kkinvest.cli import app
from kkinvest.io.catalogue import builtin_path, load_catalogue


def test_an_export_in_the_catalogue_folder_is_skipped_with_a_note(runner, tmp_path) -> None:
    folder = tmp_path / "katalog"
    shutil.copytree(builtin_path() / "budget-2023", folder)
    export = folder / "eksport.xlsx"
    result = runner.invoke(app, ["export", "--xlsx", str(export), "--data", str(folder)])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["list", "--data", str(folder)])
    assert listed.exit_code == 0, listed.output  # no "duplicate id" for each proposal
    assert "eksport.xlsx: kkinvests egen eksport" in listed.stderr
    assert "springes over" in listed.stderr
    cat = load_catalogue(folder)
    assert len(cat.proposals) == 11
    assert not any("eksport.xlsx" in source for source in cat.sources.values())


def test_an_export_on_its_own_is_read(tmp_path, builtin) -> None:
    from typer.testing import CliRunner

    export = tmp_path / "BC06.xlsx"
    result = CliRunner().invoke(app, ["export", "--xlsx", str(export), "BC06"])
    assert result.exit_code == 0, result.output
    [proposal] = load_catalogue(export).proposals
    assert proposal == as_exported(builtin, builtin.find("BC06"))


def test_data_given_twice_adds_a_folder_to_the_builtin_catalogue(runner, tmp_path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    text = (builtin_path() / "budget-2023" / "BC06.toml").read_text()
    (mine / "NY06.toml").write_text(text.replace('id = "BC06"', 'id = "NY06"'))
    result = runner.invoke(app, ["list", "--data", "builtin", "--data", str(mine)])
    assert result.exit_code == 0, result.output
    assert "NY06" in result.stdout and "BC06" in result.stdout and "MOBIL-2025" in result.stdout
    twice = runner.invoke(app, ["list", "--data", str(mine), "--data", str(mine)])
    assert twice.exit_code == 0, twice.output  # the same folder twice is read once
