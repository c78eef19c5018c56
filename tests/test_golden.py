"""Golden files: every command's output at 80 and 120 columns, as a user sees it.

A changed output fails the test; rewrite the files on purpose with `pytest --update-golden`
and read the diff before committing it. Every output also keeps within its width (no column
dropped or cut off: rich crops what does not fit, so a line longer than the width is the sign).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kkinvest
from kkinvest.cli import app

GOLDEN = Path(__file__).parent / "golden"

COMMANDS = [
    "list",
    "show BC06",
    "show BC07",
    "show MOBIL-2025",
    "payback BC06",
    "payback BC11",
    "payback BC04",
    "payback --all",
    "keys",
    "allocate --key intune BC02",
    "allocate --key intune --amount -3791",
    "allocate --key intune --year 2025=-1895 --year 2026=-3791 --by administration",
    "tables BC03",
    "tables BC02 --collapse",
    "tables MOBIL-2025",
    "tables ENERGI-2025",
    "pool --budget 2023",
    "pool --budget 2025",
    "check",
    "check BC03",
    "npv BC06",
    "sensitivity BC06",
    "rates",
    "indices",
]


def golden_name(command: str, width: int) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", command).strip("-") + f"-{width}.txt"


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("command", COMMANDS)
def test_output_matches_its_golden_file(
    runner, monkeypatch: pytest.MonkeyPatch, update_golden: bool, command: str, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    # Files are named relative to the working folder: work beside the installed package, so
    # its files read "kkinvest/registry/..." whether it is installed or edited in place.
    monkeypatch.chdir(Path(kkinvest.__file__).resolve().parent.parent)
    result = runner.invoke(app, command.split())
    assert result.exit_code in (0, 1), result.stderr
    text = result.stdout
    too_long = [line for line in text.splitlines() if len(line) > width]
    assert not too_long, f"lines wider than {width} columns: {too_long}"
    assert "terminalen er" not in result.stderr  # every table fits without a warning
    path = GOLDEN / golden_name(command, width)
    if update_golden or not path.exists():
        if not update_golden:
            pytest.fail(f"no golden file {path.name}: run pytest --update-golden")
        path.write_text(text, encoding="utf-8")
        return
    assert text == path.read_text(encoding="utf-8"), (
        f"{command} at {width} columns differs from {path.name} "
        "(pytest --update-golden rewrites it; read the diff first)"
    )


def test_pool_keeps_tabel_2_whole_at_80_columns(runner, monkeypatch) -> None:
    """Every Tabel 2 column at 80 columns, BC11's payback of 13 years included."""
    monkeypatch.setenv("COLUMNS", "80")
    out = runner.invoke(app, ["pool", "--budget", "2023"]).stdout
    tabel_2 = out[out.index("Tabel 2") : out.index("Tabel 3")]
    for heading in ("Inv.", "anlæg", "Eff.", "overf.", "Tilb."):
        assert heading in tabel_2
    assert re.search(r"BC11 .* 45,9 +\. +4,3 +\. +13 *$", tabel_2, re.M)
    assert "…" not in "".join(re.findall(r"\d[\d.,…]*", tabel_2))


def test_below_80_columns_no_column_is_dropped_and_it_is_said(runner, monkeypatch) -> None:
    """At 60 columns Tabel 2 cannot fit even wrapped: every column is printed (the lines are
    longer than 60, for the terminal to wrap), and one Danish line on stderr says so."""
    monkeypatch.setenv("COLUMNS", "60")
    result = runner.invoke(app, ["pool", "--budget", "2023"])
    assert result.exit_code == 0
    out = result.stdout
    tabel_2 = out[out.index("Tabel 2") : out.index("Tabel 3")]
    for heading in ("Inv.", "anlæg", "Eff.", "overf.", "Tilb."):
        assert heading in tabel_2
    assert re.search(r"BC11 .* 45,9 +\. +4,3 +\. +13 *$", tabel_2, re.M)
    assert result.stderr == (
        "kkinvest: bemærk: terminalen er 60 tegn bred, men Tabel 2 Indkomne ansøgninger til "
        "investeringspuljen kræver 70: skrevet uden at skære kolonner af, så linjerne "
        "ombrydes (gør vinduet mindst 70 tegn bredt)\n"
    )
    tabel_1 = out[: out.index("Tabel 2")]
    assert max(len(line) for line in tabel_1.splitlines()) <= 60  # what fits is not widened


def test_wrapped_check_lines_keep_their_indent(runner, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    out = runner.invoke(app, ["check", "BC03"]).stdout
    lines = out.splitlines()
    for line in lines[1:-1]:
        assert line.startswith("  "), line
