"""--json of every command: valid against the JSON Schema shipped for it, and every amount a
JSON number written exactly from its Decimal (never a string, never a float round-trip)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from kkinvest.cli import app
from kkinvest.render.jsonout import dumps

RUNS = [
    ["list"],
    ["list", "--budget", "2025"],
    ["show", "BC06"],
    ["show", "BC01", "BC07"],
    ["show", "MOBIL-2025"],
    ["payback", "BC06"],
    ["payback", "BC04"],
    ["payback", "BC06", "BC11"],
    ["payback", "--all"],
    ["payback", "--budget", "2023", "--basis", "total"],
    ["keys"],
    ["allocate", "--key", "intune", "BC02"],
    ["allocate", "--key", "intune", "--amount", "-3791"],
    ["allocate", "--key", "intune", "--year", "2025=-1895", "--year", "2026=-3791"],
    ["allocate", "BC03", "--by", "administration"],
    ["tables", "BC03"],
    ["tables", "BC01", "BC02", "--collapse"],
    ["tables", "--budget", "2025"],
    ["pool", "--budget", "2023"],
    ["pool", "--budget", "2025"],
    ["pool", "--budget", "2023", "--rank", "payback"],
    ["pool", "--budget", "2025", "--rank", "npv"],
    ["check"],
    ["check", "BC03"],
    ["status", "--data", "builtin", "--data", "{examples}/followup"],
    ["status", "--committee", "ØU", "--data", "builtin", "--data", "{examples}/followup"],
    ["ledger"],
    ["ledger", "--data", "builtin", "--data", "{examples}/followup"],
    ["ledger", "--pool", "investering", "--data", "builtin", "--data", "{examples}/followup"],
    ["npv", "BC06"],
    ["npv", "--all"],
    ["sensitivity", "BC06"],
    ["rates"],
    ["indices"],
    ["info"],
    ["import", "{data}/documents/budget-2023/BC06.docx", "-o", "{tmp}"],
    ["import", "{data}/documents/budget-2025", "-o", "{tmp}"],
]


def schema(command: str) -> dict[str, Any]:
    text = resources.files("kkinvest.schemas").joinpath(f"{command}.schema.json").read_text()
    return json.loads(text)


def strings(value: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in strings(v, f"{path}.{k}")]
    if isinstance(value, list):
        return [s for i, v in enumerate(value) for s in strings(v, f"{path}[{i}]")]
    return []


NUMERIC = re.compile(r"^-?\d+(\.\d+)?$")


@pytest.mark.parametrize("args", RUNS, ids=" ".join)
def test_json_validates_against_the_commands_schema(runner, tmp_path, args: list[str]) -> None:
    data = str(Path(__file__).parent / "data")
    examples = str(Path(__file__).parent.parent / "examples")
    args = [
        a.replace("{tmp}", str(tmp_path)).replace("{data}", data).replace("{examples}", examples)
        for a in args
    ]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout, parse_float=Decimal)
    errors = list(Draft202012Validator(schema(args[0])).iter_errors(data))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    numeric_strings = [(p, s) for p, s in strings(data) if NUMERIC.match(s)]
    assert not numeric_strings, numeric_strings[:5]


def test_every_command_with_json_has_a_schema(runner) -> None:
    import typer

    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    with_json = sorted(
        name
        for name, command in commands.items()
        if any("--json" in p.opts for p in command.params)
    )
    shipped = sorted(
        p.name.removesuffix(".schema.json")
        for p in resources.files("kkinvest.schemas").iterdir()
        if p.name.endswith(".schema.json")
    )
    assert with_json == shipped
    assert {run[0] for run in RUNS} == set(shipped)


def test_amounts_are_written_exactly_as_their_decimals() -> None:
    text = dumps(
        {"a": Decimal("-579.4"), "b": Decimal(0), "c": Decimal("2650"), "d": Decimal("0.10")}
    )
    assert text == '{"a":-579.4,"b":0,"c":2650,"d":0.10}'
    assert json.loads(text, parse_float=Decimal)["a"] == Decimal("-579.4")
    big = Decimal("123456789012345.67")  # more digits than a float holds
    assert dumps([big]) == "[123456789012345.67]"


def test_a_title_that_looks_like_a_marked_number_stays_text() -> None:
    assert dumps({"t": "\\u00001\\u0000"}) == '{"t":"\\\\u00001\\\\u0000"}'


def test_pool_json_mixes_no_types(runner) -> None:
    """Issue 13: "savings_mio": 0 next to "3.8" — now both numbers."""
    data = json.loads(runner.invoke(app, ["pool", "--budget", "2023", "--json"]).stdout)
    mio = [row["savings_mio"] for row in data["tabel_1"]]
    assert all(isinstance(m, int | float) for m in mio)
    assert 3.8 in mio
