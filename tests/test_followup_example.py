"""examples/followup: an invented follow-up round for the built-in proposals, for the README's
tour. It is a catalogue of its own (`.kkinvest-eget-katalog`): never part of the built-in
catalogue, read only when given with --data."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from kkinvest.cli import app
from kkinvest.io.catalogue import load_catalogue
from kkinvest.io.folders import OWN_CATALOGUE, builtin_path
from kkinvest.io.problems import InputError

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "followup"
WITH_EXAMPLE = ["--data", "builtin", "--data", str(EXAMPLE)]


def test_every_file_says_its_figures_are_invented() -> None:
    files = sorted(EXAMPLE.glob("*.toml"))
    assert len(files) >= 4
    for file in files:
        head = file.read_text(encoding="utf-8")[:600]
        assert "OPFUNDNE EKSEMPELTAL" in head, file.name
    assert "OPFUNDNE EKSEMPELTAL" in (EXAMPLE / OWN_CATALOGUE).read_text(encoding="utf-8")


def test_the_builtin_catalogue_holds_no_invented_follow_up() -> None:
    cat = load_catalogue(builtin_path())
    assert cat.followup is not None
    assert cat.followup.decisions == () and cat.followup.reports == ()


def test_a_folder_of_its_own_is_read_when_given_itself(tmp_path) -> None:
    inner = tmp_path / "eget"
    inner.mkdir()
    (inner / OWN_CATALOGUE).write_text("", encoding="utf-8")
    (inner / "x.toml").write_text("this is not TOML", encoding="utf-8")
    assert load_catalogue(tmp_path).proposals == ()  # left out: its bad file is not read
    with pytest.raises(InputError) as caught:
        load_catalogue(inner)
    assert "x.toml" in str(caught.value.problems[0])


def test_the_tour_status(runner) -> None:
    """BC05 realised 140 + 640 = 780 of its plan 175 + 800 = 975 to date: 80 %, shown gul;
    BC11: 6.484 taken out of the budgets (indarbejdet), 5.950 delivered."""
    result = runner.invoke(app, ["status", *WITH_EXAMPLE, "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout, parse_float=Decimal)
    assert data["year"] == 2026
    rows = {row["id"]: row for row in data["annex"]}
    assert "BC07" not in rows  # outside the criteria: never granted
    assert rows["BC05"]["saving_realised"] == 780
    assert rows["BC05"]["percent_of_plan"] == 80
    assert (rows["BC05"]["colour"], rows["BC05"]["behind_plan"]) == ("gul", True)
    assert rows["BC11"]["incorporated"] == 6484
    assert rows["BC11"]["saving_realised"] == 5950
    assert rows["BC04"]["colour"] == "rød"  # innovation without an investment case
    assert rows["BC08"]["status"] == "annulleret"


def test_the_tour_ledger(runner) -> None:
    """208,7 opening (2023 p/l); BC08 granted 673, spent 336, annulleret: 337 back."""
    result = runner.invoke(app, ["ledger", *WITH_EXAMPLE, "--json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout, parse_float=Decimal)
    assert data["lines"][0]["kind"] == "opening"
    assert data["lines"][0]["amount"] == Decimal("208700.0")
    (back,) = [line for line in data["lines"] if line["kind"] == "returned"]
    assert back["amount"] == 337
    assert data["index"] == "oes-generel"  # 2023 and 2024 p/l: one level by the index
