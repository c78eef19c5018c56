"""The commands, through typer's CliRunner: exit codes and output checked separately."""

import json
import subprocess
import sys

import pytest

from kkinvest import __version__
from kkinvest.cli import app


def run(runner, *args: str):
    return runner.invoke(app, list(args))


def test_payback_bc06_answers_first_and_names_what_was_left_out(runner) -> None:
    result = run(runner, "payback", "BC06")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == "Tilbagebetalingstid: 6 år (2028)"
    assert "Grundinvestering i platform (anlæg) 2.600" in result.stdout
    assert "Investering i beregningen: 8.700" in result.stdout
    assert "9.000" in result.stdout  # cumulative saving in 2028


def test_payback_all_lines_gives_seven_years(runner) -> None:
    result = run(runner, "payback", "BC06", "--all-lines")
    assert result.exit_code == 0
    assert "Tilbagebetalingstid: 7 år (2029)" in result.stdout
    assert "fremskrevet" in result.stdout  # 2029 continues the table's last year


def test_payback_id_is_case_insensitive(runner) -> None:
    assert "6 år (2028)" in run(runner, "payback", "bc06").stdout


def test_payback_mobile_says_the_document_states_six(runner) -> None:
    result = run(runner, "payback", "MOBIL-2025")
    assert "Tilbagebetalingstid: 4 år (2027)" in result.stdout
    assert "Dokumentet angiver 6 år; reglen giver 4." in result.stdout


@pytest.mark.parametrize("pid", ["BC04", "BC09", "BC10"])
def test_payback_innovation_is_a_sentence_not_an_error(runner, pid: str) -> None:
    result = run(runner, "payback", pid)
    assert result.exit_code == 0
    assert (
        "Ingen tilbagebetalingstid: et innovationsforslag har ingen varige ændringer"
        in result.stdout
    )


def test_payback_energy_proposal_has_no_investment(runner) -> None:
    result = run(runner, "payback", "ENERGI-2025")
    assert result.exit_code == 0
    assert (
        "Ingen tilbagebetalingstid: forslaget har ingen implementeringsomkostninger"
        in result.stdout
    )


def test_payback_total_basis(runner) -> None:
    result = run(runner, "payback", "BC11", "--basis", "total")
    assert "Tilbagebetalingstid: 13 år (2035)" in result.stdout
    assert "Baseret på totaløkonomi" in result.stdout


def test_payback_json(runner) -> None:
    result = run(runner, "payback", "BC06", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["payback_years"] == 6
    assert data["payback_year"] == 2028
    assert data["investment"] == 8700
    assert data["left_out"][0]["label"] == "Grundinvestering i platform"
    assert data["table"][-1]["cumulative_saving"] == 9000


def test_payback_json_without_payback_gives_the_reason(runner) -> None:
    data = json.loads(run(runner, "payback", "BC04", "--json").stdout)
    assert data["payback_years"] is None
    assert data["no_payback_reason"] == "no_permanent_change"
    assert "innovationsforslag" in data["no_payback_text"]


def test_payback_all(runner) -> None:
    result = run(runner, "payback", "--all")
    assert result.exit_code == 0
    for pid in ("BC01", "BC11", "MOBIL-2025", "ENERGI-2025"):
        assert pid in result.stdout
    data = json.loads(run(runner, "payback", "--all", "--json").stdout)
    assert {d["id"]: d["payback_years"] for d in data}["BC11"] == 13


def test_payback_without_id_or_all_is_an_error(runner) -> None:
    result = run(runner, "payback")
    assert result.exit_code == 2
    assert "giv et forslagsnummer" in result.stderr


def test_unknown_id_suggests_the_nearest(runner) -> None:
    result = run(runner, "payback", "BC6")
    assert result.exit_code == 2
    assert "intet forslag 'BC6'" in result.stderr
    assert "mente du BC06?" in result.stderr
    assert "Traceback" not in result.output


def test_list(runner) -> None:
    result = run(runner, "list")
    assert result.exit_code == 0
    row = next(line for line in result.stdout.splitlines() if line.strip().startswith("BC06"))
    assert "BIU" in row and "11.300" in row and "3.000" in row and row.rstrip().endswith("6")


def test_list_json(runner) -> None:
    data = json.loads(run(runner, "list", "--json").stdout)
    bc11 = next(d for d in data if d["id"] == "BC11")
    assert (bc11["investment"], bc11["full_phase_in_saving"], bc11["payback_years"]) == (
        45894,
        4330,
        13,
    )
    assert len(data) == 13


def test_show_prints_tabel_1_with_computed_rows(runner) -> None:
    result = run(runner, "show", "BC06")
    assert result.exit_code == 0
    out = result.stdout
    assert "Tabel 1. Forslagets samlede økonomiske konsekvenser" in out
    assert "1.000 kr. 2023 p/l" in out
    assert "Samlede implementeringsomkostninger" in out
    assert "Grundinvestering i platform *" in out
    assert "* indgår ikke i beregningen af tilbagebetalingstiden" in out
    assert "Forskel" not in out  # BC06's own totals agree with its lines


def test_show_displays_the_stated_figure_beside_the_computed(runner) -> None:
    out = run(runner, "show", "MOBIL-2025").stdout
    assert "dokumentet angiver" in out
    assert (
        "Tilbagebetalingstid baseret på serviceeffektivisering: "
        "dokumentet angiver 6; reglen giver 4." in out
    )
    out = run(runner, "show", "BC07").stdout
    assert "Samlet økonomisk påvirkning 2025: dokumentet angiver -800; linjerne giver 800." in out


def test_show_innovation_explains_the_missing_payback(runner) -> None:
    out = run(runner, "show", "BC10").stdout
    assert "Ingen tilbagebetalingstid" in out


def test_show_json(runner) -> None:
    data = json.loads(run(runner, "show", "BC07", "--json").stdout)
    assert data["proposal"]["id"] == "BC07"
    assert data["computed"]["total_impact"]["2025"] == 800
    assert {(d["field"], d["year"]) for d in data["differences"]} == {
        ("total_impact", 2025),
        ("total_impact", 2026),
    }


def test_version(runner) -> None:
    result = run(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"kkinvest {__version__}"


READERS = ["list", "show", "payback", "keys", "allocate", "tables", "pool", "check"]
READERS += ["npv", "sensitivity", "rates", "indices"]  # issue 15; rates reads no catalogue
READERS += ["info"]  # issue 13
READERS += ["status", "ledger"]  # issue 23
WRITERS = ["export", "template", "convert", "new"]
WRITERS += ["import"]  # issue 11: reads Word files named on the command line, no --data
OTHERS = ["schema"]  # prints JSON by nature: no --json


@pytest.mark.parametrize("command", READERS + WRITERS + OTHERS)
def test_every_command_has_help(runner, command: str) -> None:
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    if command in READERS:
        assert "--json" in result.stdout
    if command not in ("template", "rates", "new", *OTHERS):
        assert "--data" in result.stdout or command in ("convert", "import")


def test_every_command_has_a_docstring_and_a_help_test() -> None:
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    assert {n.rstrip("_") for n in names} == set(READERS + WRITERS + OTHERS)
    for command in app.registered_commands:
        assert command.callback is not None and command.callback.__doc__


def test_payback_does_not_import_openpyxl() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from kkinvest.cli import app\n"
        "result = CliRunner().invoke(app, ['payback', 'BC06'])\n"
        "assert result.exit_code == 0, result.output\n"
        "assert 'openpyxl' not in sys.modules, 'openpyxl was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_python_dash_m(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kkinvest", "payback", "BC06"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Tilbagebetalingstid: 6 år (2028)" in result.stdout


def test_titles_are_printed_as_written_not_as_rich_markup(runner, tmp_path) -> None:
    """'[...]' and ':name:' in a title are text: rich's markup and emoji codes are off."""
    title = "Udbud [fase 2] af :smile: og [bold]skilte[/bold]"
    text = (
        f'id = "T1"\ntitle = "{title}"\nkind = "investering"\nbudget = 2023\n'
        'price_level = 2023\ncommittee = "BIU"\nadministration = "BIF"\npool = "investering"\n'
        '[[lines]]\nsection = "varig"\nlabel = "Drift [netto]"\narea = "service"\n'
        "values = { 2023 = -100 }\n"
    )
    (tmp_path / "t1.toml").write_text(text, encoding="utf-8")
    for command in (["payback", "T1"], ["show", "T1"], ["list"]):
        result = runner.invoke(app, [*command, "--data", str(tmp_path)])
        assert result.exit_code == 0, result.output
        flat = " ".join(result.stdout.split())
        assert "[fase 2]" in flat and ":smile:" in flat, (command, result.stdout)
        if command[0] == "show":
            assert "Drift [netto]" in flat


@pytest.mark.parametrize(
    ("typed", "meant"), [("paybak", "payback"), ("PAYBACK", "payback"), ("Pool", "pool")]
)
def test_a_mistyped_command_gets_a_danish_suggestion(runner, typed: str, meant: str) -> None:
    result = runner.invoke(app, [typed, "BC06"])
    assert result.exit_code == 2
    assert f"kkinvest: ukendt kommando '{typed}'; mente du {meant}? (se kkinvest --help)" in (
        result.stderr
    )


def test_skip_unreadable_given_twice_is_refused_as_every_repeated_option(runner) -> None:
    for args in (
        ["--skip-unreadable", "--skip-unreadable", "payback", "BC06"],
        ["--skip-unreadable", "payback", "BC06", "--skip-unreadable"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert result.stderr.startswith("kkinvest: tilvalget --skip-unreadable er givet to gange")


def test_two_suggestions_are_joined_with_eller(runner) -> None:
    result = runner.invoke(app, ["xport"])
    assert "mente du export eller import?" in result.stderr
