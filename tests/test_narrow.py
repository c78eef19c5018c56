"""Never a column cropped silently, at any width (README: "Tabeller i terminalen").

For every command that prints tables and widths from 1 to 200: every figure the output shows
at 200 columns is there whole (never cut, never '…'), and exactly when a line is wider than the
terminal one Danish line on stderr says so and gives the width the output really takes.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import kkinvest
from kkinvest.cli import app

COMMANDS = [
    "list",
    "show BC06",
    "show MOBIL-2025",
    "payback BC06",
    "payback --all",
    "keys",
    "allocate --key intune BC02",
    "allocate --key intune --year 2025=-1895 --year 2026=-3791 --by administration",
    "tables BC03",
    "tables BC02 --collapse",
    "pool --budget 2023",
    "check",
    "check BC03",
    "npv BC06",
    "npv --all",
    "sensitivity BC06",
    "sensitivity --all",
    "rates",
    "indices",
    "info",
]

# Sampled: the tiny, the tester's, either side of 80 and of the tables' own widths.
WIDTHS = [1, 3, 8, 20, 33, 40, 50, 60, 69, 70, 79]

FIGURE = re.compile(r"(?<!\S)[-+−]?\d(?:[\d.,]*\d)?%?(?=\s|$)")
NOTE = re.compile(
    r"^kkinvest: bemærk: terminalen er (\d+) tegn bred, men (.+) kræver (\d+): skrevet uden at "
    r"skære kolonner af, så linjerne ombrydes \(gør vinduet mindst \3 tegn bredt\)$"
)


@pytest.fixture(autouse=True)
def _cached(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """One catalogue read for the many runs (the cache gives the same catalogue)."""
    monkeypatch.delenv("KKINVEST_NO_CACHE", raising=False)
    monkeypatch.setenv("KKINVEST_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "narrow"))
    monkeypatch.chdir(Path(kkinvest.__file__).resolve().parent.parent)


def run(runner, monkeypatch: pytest.MonkeyPatch, command: str, width: str) -> tuple[str, str]:
    monkeypatch.setenv("COLUMNS", width)
    result = runner.invoke(app, command.split())
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout, result.stderr


def figures(text: str) -> Counter[str]:
    return Counter(FIGURE.findall(text))


def notes(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "terminalen er" in line]


@pytest.mark.parametrize("command", COMMANDS)
def test_no_figure_is_cut_and_a_wide_output_is_said(runner, monkeypatch, command: str) -> None:
    wide, _ = run(runner, monkeypatch, command, "200")
    assert max(len(line) for line in wide.splitlines()) <= 200
    shown = figures(wide)
    assert shown
    for width in WIDTHS:
        out, err = run(runner, monkeypatch, command, str(width))
        where = f"{command} at {width} columns"
        missing = shown - figures(out)
        assert not missing, f"{where}: figures cut or lost: {sorted(missing)}\n{out}"
        cut = re.search(r"(?<!\S)[-−]?[\d.,]*\d…", out)
        assert not cut, f"{where}: a figure ends in '…'\n{out}"
        longest = max(len(line) for line in out.splitlines())
        said = notes(err)
        if longest <= width:
            assert not said, f"{where}: a note, but every line fits: {said}"
            continue
        assert len(said) == 1, f"{where}: lines {longest} wide, notes: {said}"
        match = NOTE.match(said[0])
        assert match, said[0]
        assert int(match[1]) == width
        assert int(match[3]) == longest, f"{where}: says {match[3]}, takes {longest}"


@pytest.mark.parametrize("command", ["payback BC06", "list"])
@pytest.mark.parametrize("columns", ["0", "abc", ""])
def test_a_width_of_0_or_no_number_is_taken_as_80(runner, monkeypatch, command, columns) -> None:
    out, err = run(runner, monkeypatch, command, columns)
    assert out == run(runner, monkeypatch, command, "80")[0]
    assert not notes(err)


def test_payback_below_its_width_keeps_every_saldo_and_says_69(runner, monkeypatch) -> None:
    """The tester's case: at 69 columns Saldo read '-4.6…' and nothing was said. The table
    is 69 characters wide once no line is padded at its end: at 69 it fits, at 68 it is
    printed whole and the note says 69."""
    out, err = run(runner, monkeypatch, "payback BC06", "69")
    assert re.search(r"^ +1 +2023 +4\.600 +4\.600 +0 +0 +-4\.600$", out, re.M)
    assert notes(err) == []
    out, err = run(runner, monkeypatch, "payback BC06", "68")
    assert re.search(r"^ +1 +2023 +4\.600 +4\.600 +0 +0 +-4\.600$", out, re.M)
    assert notes(err) == [
        "kkinvest: bemærk: terminalen er 68 tegn bred, men Tilbagebetaling, 1.000 kr. 2023 p/l "
        "kræver 69: skrevet uden at skære kolonner af, så linjerne ombrydes (gør vinduet "
        "mindst 69 tegn bredt)"
    ]
