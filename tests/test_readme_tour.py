"""Every line of the README's short tour runs as it stands, in order, in a folder like a clone
(issue 22: the tour used to run `payback` on the unfilled template and meet four errors).
`check` exits 1 on purpose: the documents disagree with themselves."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kkinvest.cli import app

ROOT = Path(__file__).parent.parent


def tour() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## A short tour", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    lines = block.splitlines()
    return [re.split(r"\s#\s", line)[0].strip() for line in lines if line.startswith("kk")]


@pytest.mark.slow
def test_every_line_of_the_tour_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KKINVEST_DATA", raising=False)
    lines = tour()
    assert len(lines) >= 25 and lines[0] == "kkinvest list"
    runner = CliRunner()
    for line in lines:
        args = shlex.split(line)[1:]
        result = runner.invoke(app, args, env={"COLUMNS": "80"})
        expected = 1 if args[0] == "check" else 0
        assert result.exit_code == expected, (line, result.output)
        errors = [e for e in result.stderr.splitlines() if not e.startswith("kkinvest: bemærk")]
        assert not errors, (line, errors)
