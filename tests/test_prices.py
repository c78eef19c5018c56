"""Price levels (calc/prices.py, the shipped indices, --price-level, pool and check)."""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kkinvest.calc import checks
from kkinvest.calc.prices import (
    PriceIndex,
    PriceLevelProblem,
    convert_catalogue,
    convert_pool,
    convert_proposal,
    find_index,
    levels_from_growth,
)
from kkinvest.cli import app
from kkinvest.io.economics_in import load_indices
from kkinvest.money import round_half_away
from kkinvest.registry import default_registry

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_levels_from_growth() -> None:
    """Growth 4,3 % then 2,5 %: the year before is 100, then 104,3, then 104,3 x 1,025 =
    106,9075."""
    levels = levels_from_growth({2022: Decimal("4.3"), 2023: Decimal("2.5")})
    assert levels == {2021: 100, 2022: Decimal("104.3"), 2023: Decimal("106.9075")}
    with pytest.raises(PriceLevelProblem, match="2023"):
        levels_from_growth({2022: Decimal(1), 2024: Decimal(1)})


def test_shipped_indices_carry_their_source() -> None:
    """Økonomistyrelsen's general p/l: 2024 4,0 %, 2025 2,8 % (oes.dk, Fastprisberegninger)."""
    indices, sources = load_indices()
    assert {i.name for i in indices} == {"oes-generel", "oes-loen", "oes-forbrugerpriser"}
    assert all(i.source and i.date for i in indices)
    general = find_index(None, indices)
    assert general.name == "oes-generel"
    assert general.growth is not None and general.growth[2024] == Decimal("4.0")
    # 2023 -> 2025: 1,040 x 1,028 = 1,06912
    assert general.factor(2023, 2025) == Decimal("1.06912")
    assert sources["oes-generel"].endswith("indices.toml")


def test_bc06_in_2025_prices(builtin) -> None:
    """BC06's investment 8.700 (2023 p/l) is 8.700 x 1,06912 = 9.301,344 in 2025 p/l."""
    index = find_index(None, load_indices()[0])
    bc06 = convert_proposal(builtin.find("BC06"), index, 2025)
    assert bc06.price_level == 2025
    first = bc06.lines[0]
    assert first.values[2026] == Decimal(-8500) * Decimal("1.06912")
    assert bc06.stated.payback_service == 6  # not an amount
    assert bc06.stated.total_implementation is not None
    assert bc06.stated.total_implementation[2023] == Decimal(6200) * Decimal("1.06912")


def test_keys_weights_are_not_amounts(make_proposal) -> None:
    """Inline key weights (here BUF 3, SOF 1) are shares, not amounts: they stay."""
    proposal = make_proposal(
        """
        [split]
        key = { weights = { BUF = 3, SOF = 1 } }
        [[lines]]
        section = "varig"
        label = "Effektivisering"
        area = "service"
        values = { 2024 = -1000 }
        [[lines]]
        section = "implementering"
        label = "Projekt"
        area = "service"
        values = { 2023 = 500 }
        """
    )
    converted = convert_proposal(proposal, INDEX, 2025)
    assert proposal.split is not None and converted.split is not None
    assert converted.split.key == proposal.split.key
    assert converted.lines[0].values[2024] == Decimal(-1000) * LEVELS[2025] / LEVELS[2023]


def test_a_pool_is_converted_too(builtin) -> None:
    index = find_index(None, load_indices()[0])
    pool = convert_pool(builtin.pools[2023], index, 2025)
    assert pool.remaining == Decimal("208.7") * Decimal("1.06912")
    assert pool.price_level == 2025


def test_a_whole_catalogue_is_converted_but_a_proposal_without_a_price_level(builtin) -> None:
    index = find_index(None, load_indices()[0])
    unknown = builtin.proposals[0].model_copy(update={"price_level": None})
    catalogue = builtin._replace(proposals=(unknown, *builtin.proposals[1:]))
    converted = convert_catalogue(catalogue, index, 2025)
    assert converted.proposals[0] is unknown
    assert converted.proposals[1:] == tuple(
        convert_proposal(p, index, 2025) for p in builtin.proposals[1:]
    )
    assert converted.pools[2023] == convert_pool(builtin.pools[2023], index, 2025)
    assert (converted.keys, converted.sources) == (builtin.keys, builtin.sources)


LEVELS = {year: Decimal(100 + 3 * (year - 2015)) for year in range(2015, 2031)}
INDEX = PriceIndex("test", "Test", levels=LEVELS)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2015, 2030),
    st.dictionaries(st.integers(2020, 2030), st.integers(-100000, 100000), min_size=1),
)
def test_there_and_back_returns_the_amounts(builtin, to_year, values) -> None:
    """A conversion to another price level and back returns every amount (to the øre)."""
    bc06 = builtin.find("BC06")
    line = bc06.lines[0].model_copy(update={"values": {y: Decimal(v) for y, v in values.items()}})
    proposal = bc06.model_copy(update={"lines": [line, *bc06.lines[1:]]})
    there = convert_proposal(proposal, INDEX, to_year)
    back = convert_proposal(there, INDEX, 2023)
    for before, after in zip(proposal.lines, back.lines, strict=True):
        assert {y: round_half_away(v, 5) for y, v in after.values.items()} == before.values


def test_check_reports_a_proposal_in_another_price_level(builtin) -> None:
    bc06 = builtin.find("BC06").model_copy(update={"price_level": 2022})
    found = checks.price_level(bc06, checks.Context(builtin.keys, default_registry()))
    assert len(found) == 1
    assert "Forslaget skal udarbejdes i 2023 p/l" in found[0].message
    assert checks.price_level(builtin.find("BC06"), checks.Context({}, default_registry())) == []
    assert checks.price_level in checks.PROPOSAL_RULES


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    text = (EXAMPLES / "budget-2023" / "BC06.toml").read_text("utf-8")
    (tmp_path / "BC06.toml").write_text(text.replace("price_level = 2023", "price_level = 2022"))
    for name in ("BC05.toml", "pool.toml"):
        (tmp_path / name).write_text((EXAMPLES / "budget-2023" / name).read_text("utf-8"))
    return tmp_path


def test_pool_refuses_to_add_price_levels(runner, mixed) -> None:
    result = runner.invoke(app, ["pool", "--data", str(mixed)])
    assert result.exit_code == 2
    assert "BC06 i 2022 p/l" in result.output
    assert "BC05, puljefilen for budget 2023 i 2023 p/l" in result.output
    assert "--price-level" in result.output


def test_pool_converts_with_an_index_and_says_which(runner, mixed) -> None:
    result = runner.invoke(app, ["pool", "--data", str(mixed), "--price-level", "2023"])
    assert result.exit_code == 0, result.output
    assert "omregnet til 1.000 kr. 2023 p/l (fra 2022 p/l)" in result.output
    assert "oes-generel" in result.output


def test_price_level_on_payback_and_json(runner) -> None:
    result = runner.invoke(app, ["payback", "BC06", "--price-level", "2025"])
    assert result.exit_code == 0
    assert "omregnet til 1.000 kr. 2025 p/l (fra 2023 p/l)" in result.output
    assert "9.301 (1.000 kr. 2025 p/l)" in result.output
    as_json = runner.invoke(app, ["npv", "BC06", "--price-level", "2025", "--json"])
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout)["price_level"] == 2025


@pytest.mark.parametrize("command", [["show", "BC06"], ["tables", "BC03"]])
def test_price_level_on_show_and_tables(runner, command) -> None:
    result = runner.invoke(app, [*command, "--price-level", "2024", "--index", "oes-loen"])
    assert result.exit_code == 0, result.output
    assert "2024 p/l" in result.output
    assert "oes-loen" in result.output


def test_price_level_errors_are_one_danish_line(runner) -> None:
    result = runner.invoke(app, ["payback", "BC06", "--price-level", "2040"])
    assert result.exit_code == 2
    assert "dækker ikke 2040" in result.output
    result = runner.invoke(app, ["payback", "BC06", "--price-level", "2024", "--index", "kl"])
    assert result.exit_code == 2
    assert "intet indeks 'kl'" in result.output


def test_a_users_own_index_in_the_catalogue(runner, tmp_path: Path) -> None:
    (tmp_path / "BC06.toml").write_text((EXAMPLES / "budget-2023" / "BC06.toml").read_text("utf-8"))
    (tmp_path / "kl.toml").write_text(
        textwrap.dedent(
            """
            [[indices]]
            name = "mit-indeks"
            title = "Et testindeks"
            source = "opfundet til testen"
            date = "2026-01-01"
            levels = { 2023 = 100, 2024 = 110 }
            """
        )
    )
    listed = runner.invoke(app, ["indices", "--data", str(tmp_path)])
    assert listed.exit_code == 0
    assert "mit-indeks" in listed.output and "opfundet til testen" in listed.output
    result = runner.invoke(
        app,
        [
            "payback",
            "BC06",
            "--data",
            str(tmp_path),
            "--price-level",
            "2024",
            "--index",
            "mit-indeks",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "9.570 (1.000 kr. 2024 p/l)" in result.output  # 8.700 x 1,10


def test_a_broken_index_file_is_one_line_per_problem(runner, tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('[[indices]]\nname = "x"\nsource = "s"\ndate = "d"\n')
    result = runner.invoke(app, ["indices", "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "bad.toml: indices[1] 'x': angiv enten levels eller growth" in result.output


def _fields(value, path=""):
    """Every (path, value) inside a model, for comparing what a conversion touched."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _fields(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _fields(item, f"{path}[{key}]")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _fields(item, f"{path}[{i}]")
    else:
        yield path, value


def test_percentages_and_years_are_not_amounts(builtin) -> None:
    """A printed percentage (a stated table's 100 %, a key's shares) and a figure the text
    states in years are the same in every price level; only kroner are converted."""
    index = find_index(None, load_indices()[0])
    kept = 0
    for proposal in builtin.proposals:
        if proposal.price_level is None or proposal.price_level == 2020:
            continue
        before = dict(_fields(proposal))
        after = dict(_fields(convert_proposal(proposal, index, 2020)))
        for path, value in before.items():
            in_years = ".claims[" in path and before.get(path.rsplit(".", 1)[0] + ".unit") == "år"
            if "percent" in path or "weight" in path or in_years:
                assert after[path] == value, (proposal.id, path)
                kept += isinstance(value, Decimal)
    assert kept > 0  # the catalogue has printed percentages or year claims to keep


def test_an_index_default_written_as_text_is_refused() -> None:
    """Found reading the change once more: default = "false" (in quotes) was read as true."""
    from kkinvest.io.economics_in import parse_indices

    entry = {"name": "mit", "source": "egen", "date": "2026-01-01", "growth": {"2024": 2}}
    assert parse_indices({"indices": [{**entry, "default": False}]}, "x.toml")[0].default is False
    with pytest.raises(Exception) as raised:
        parse_indices({"indices": [{**entry, "default": "false"}]}, "x.toml")
    assert "skriv true eller false uden anførselstegn" in str(raised.value)
