"""The habits of a well-made command line: -h, --budget, several ids, info, new, completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kkinvest.cli import app


def test_h_is_help(runner) -> None:
    result = runner.invoke(app, ["payback", "-h"])
    assert result.exit_code == 0
    assert result.output.startswith("Brug: kkinvest payback [TILVALG] [ID]...")
    assert "Eksempler:" in result.output and "kkinvest payback BC06" in result.output


def test_budget_filters_list_payback_tables_and_check(runner) -> None:
    ids = [
        p["id"]
        for p in json.loads(runner.invoke(app, ["list", "--budget", "2025", "--json"]).stdout)
    ]
    assert ids == ["ENERGI-2025", "MOBIL-2025"]
    rows = json.loads(runner.invoke(app, ["payback", "--budget", "2025", "--json"]).stdout)
    assert [r["id"] for r in rows] == ids
    tables = json.loads(runner.invoke(app, ["tables", "--budget", "2025", "--json"]).stdout)
    assert [t["id"] for t in tables] == ids
    checked = json.loads(runner.invoke(app, ["check", "--budget", "2025", "--json"]).stdout)
    assert checked["checked"] == ids
    bad = runner.invoke(app, ["list", "--budget", "1999"])
    assert bad.exit_code == 2 and "kataloget har 2023, 2025" in bad.stderr


def test_several_ids(runner) -> None:
    out = runner.invoke(app, ["show", "BC01", "BC06"]).stdout
    assert "BC01 Belysningspakke 2f" in out and "BC06 Automatisering" in out
    data = json.loads(runner.invoke(app, ["payback", "BC06", "BC11", "--json"]).stdout)
    assert [(d["id"], d["payback_years"]) for d in data] == [("BC06", 6), ("BC11", 13)]
    one = json.loads(runner.invoke(app, ["payback", "BC06", "--json"]).stdout)
    assert one["payback_years"] == 6


def test_info_names_the_catalogue_and_where_it_came_from(runner, tmp_path, monkeypatch) -> None:
    data = json.loads(runner.invoke(app, ["info", "--json"]).stdout)
    assert data["origin"] == "indbygget"
    assert data["proposals"]["2025"] == ["ENERGI-2025", "MOBIL-2025"]
    assert "intune-2022" in data["keys"] and data["pools"] == [2023]
    out = runner.invoke(app, ["info"]).stdout
    assert "det indbyggede katalog" in out and "Budget 2023  11 forslag" in out
    path = tmp_path / "NY01.toml"
    assert runner.invoke(app, ["new", "NY01", "-o", str(path), "--budget", "2026"]).exit_code == 0
    assert (
        json.loads(runner.invoke(app, ["info", "--json", "--data", str(path)]).stdout)["origin"]
        == "--data"
    )
    monkeypatch.setenv("KKINVEST_DATA", str(path))
    out = runner.invoke(app, ["info"]).stdout
    assert "fra $KKINVEST_DATA" in out and "Budget 2026  1 forslag: NY01" in out


def test_new_writes_a_commented_skeleton_that_loads(runner, tmp_path: Path) -> None:
    path = tmp_path / "NY01.toml"
    result = runner.invoke(
        app,
        [
            "new",
            "NY01",
            "-o",
            str(path),
            "--title",
            "Digital post",
            "--committee",
            "Socialudvalget",
            "--budget",
            "2026",
        ],
    )
    assert result.exit_code == 0, result.stderr
    text = path.read_text("utf-8")
    assert 'committee = "SUD"' in text and 'administration = "SOF"' in text
    assert "# Fordeling på udvalg" in text
    shown = runner.invoke(app, ["show", "NY01", "--data", str(path)])
    assert shown.exit_code == 0 and "NY01 Digital post" in shown.stdout
    again = runner.invoke(app, ["new", "NY01", "-o", str(path), "--budget", "2026"])
    assert again.exit_code == 2  # an existing file is replaced only with --force
    wrong = runner.invoke(app, ["new", "NY01", "-o", str(tmp_path / "x.xlsx"), "--budget", "2026"])
    assert "skal have et navn, der ender på .toml" in wrong.stderr


def test_show_completion_scripts_name_kkinvest(runner) -> None:
    for shell in ("bash", "zsh", "fish"):
        result = runner.invoke(app, ["--show-completion", shell])
        assert result.exit_code == 0
        assert "_KKINVEST_COMPLETE" in result.stdout


def test_completion_offers_proposal_ids_and_key_names(tmp_path: Path) -> None:
    """What the shell gets on Tab, through the same environment the completion script sets."""

    def complete(words: str) -> list[str]:
        env = dict(
            os.environ,
            _KKINVEST_COMPLETE="complete_bash",
            COMP_WORDS=words,
            COMP_CWORD=str(len(words.split()) - (0 if words.endswith(" ") else 1)),
        )
        env.pop("KKINVEST_DATA", None)
        result = subprocess.run(
            [sys.executable, "-m", "kkinvest"],
            env=env,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
        return result.stdout.split()

    assert complete("kkinvest payback BC1") == ["BC10", "BC11"]
    assert complete("kkinvest allocate --key int") == ["intune", "intune-2022", "intune-2023"]
    assert "payback" in complete("kkinvest pay")
    assert complete("kkinvest npv BC1") == ["BC10", "BC11"]  # every command taking an id
    assert complete("kkinvest sensitivity MOB") == ["MOBIL-2025"]


def test_export_names_the_key_beside_tabel_a_to_c(runner, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "BC02.xlsx"
    assert runner.invoke(app, ["export", "--xlsx", str(path), "BC02"]).exit_code == 0
    texts = [
        str(v) for row in load_workbook(path)["BC02"].iter_rows(values_only=True) for v in row if v
    ]
    assert any("ud fra Tabel 1, fordelingsnøgle: intune-2022," in t for t in texts)


def test_long_output_in_a_terminal_goes_through_the_pager(monkeypatch) -> None:
    """In a terminal, output taller than the screen is paged; with --no-pager (or piped) not."""
    import rich.console
    import rich.pager

    app_module = sys.modules["kkinvest.cli.common"]

    paged: list[str] = []
    monkeypatch.setattr(rich.pager.SystemPager, "show", lambda self, text: paged.append(text))
    monkeypatch.setattr(rich.console.Console, "is_terminal", property(lambda self: True))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setenv("LINES", "20")
    monkeypatch.setattr(app_module, "_PAGER", True)
    app_module.out(*(f"linje {n}" for n in range(40)))
    assert len(paged) == 1 and "linje 39" in paged[0]
    app_module.out("kort")
    assert len(paged) == 1  # short output is printed straight out
    monkeypatch.setattr(app_module, "_PAGER", False)  # what --no-pager sets
    app_module.out(*(f"linje {n}" for n in range(40)))
    assert len(paged) == 1


def test_many_proposals_get_a_progress_bar_in_a_terminal_only(monkeypatch) -> None:
    import rich.progress

    app_module = sys.modules["kkinvest.cli.common"]
    advanced: list[int] = []
    original = rich.progress.Progress.advance

    def advance(self, task, amount=1):  # type: ignore[no-untyped-def]
        advanced.append(amount)
        original(self, task, amount)

    monkeypatch.setattr(rich.progress.Progress, "advance", advance)
    assert list(app_module.progress(range(600), 600, "Beregner")) == list(range(600))
    assert advanced == []  # stderr is not a terminal here
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert list(app_module.progress(range(600), 600, "Beregner")) == list(range(600))
    assert len(advanced) == 600
    advanced.clear()
    assert list(app_module.progress(range(10), 10, "Beregner")) == list(range(10))
    assert advanced == []  # few proposals: no bar


@pytest.mark.parametrize(
    "environment",
    [
        {"COMP_WORDS": "kkinvest payback BC", "COMP_CWORD": "x"},
        {"COMP_CWORD": "1"},
        {"COMP_WORDS": "kkinvest payback BC"},
    ],
)
def test_a_malformed_completion_request_is_no_traceback(tmp_path: Path, environment) -> None:
    env = {**os.environ, "_KKINVEST_COMPLETE": "complete_bash", **environment}
    done = subprocess.run(
        [sys.executable, "-m", "kkinvest"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (1, "", "")
