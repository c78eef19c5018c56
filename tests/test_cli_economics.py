"""`kkinvest npv`, `sensitivity`, `rates` and `indices` through the command line."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from kkinvest.cli import app


def test_npv_answers_first(runner) -> None:
    result = runner.invoke(app, ["npv", "BC06"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Nutidsværdi over 10 år: 6.023 (1.000 kr. 2023 p/l, 3,5 %)"
    assert lines[1] == "Horisont: 10 år (forslaget angiver ingen levetid)."
    assert lines[2] == "Diskonteret tilbagebetalingstid: år 8 (2030)"
    assert "Tilbagebetalingstid efter kommunens regel: 6 år (2028)" in result.output
    flat = " ".join(result.output.split())
    assert "(Grundinvestering i platform): de er reelle udgifter" in flat


def test_npv_payback_lines_and_rate(runner) -> None:
    result = runner.invoke(app, ["npv", "BC06", "--payback-lines"])
    assert "Diskonteret tilbagebetalingstid: år 7 (2029)" in result.output
    flat = runner.invoke(app, ["npv", "BC06", "--rate", "0"])
    assert flat.output.startswith("Nutidsværdi over 10 år: 9.700 (1.000 kr. 2023 p/l, 0 %)")
    bad = runner.invoke(app, ["npv", "BC06", "--rate", "abc"])
    assert bad.exit_code == 2 and "--rate: 'abc' er ikke et tal" in bad.output


def test_npv_json_amounts_are_numbers(runner) -> None:
    result = runner.invoke(app, ["npv", "BC06", "--json"])
    data = json.loads(result.stdout)
    assert data["present_value"] == 6022.58
    assert data["discounted_payback"] == 8 and data["discounted_payback_year"] == 2030
    assert data["table"][1]["present_value"] == -4154.59
    everything = json.loads(runner.invoke(app, ["npv", "--all", "--json"]).stdout)
    assert len(everything) == 13


def test_npv_all_and_missing_id(runner) -> None:
    result = runner.invoke(app, ["npv", "--all"])
    assert result.exit_code == 0
    assert "BC06" in result.output and "6.023" in result.output
    missing = runner.invoke(app, ["npv"])
    assert missing.exit_code == 2 and "angiv et forslag" in missing.output


def test_sensitivity_report(runner) -> None:
    result = runner.invoke(app, ["sensitivity", "BC06", "--max-years", "6"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Effektiviseringerne må falde 10,1 %, før nutidsværdien bliver negativ." in out
    assert "De nye driftsudgifter må stige 14,2 %, før nutidsværdien bliver negativ." in out
    assert "Investeringen må overskrides 54,3 %, før nutidsværdien bliver negativ." in out
    assert "Effektiviseringerne må falde 0,8 %, før tilbagebetalingstiden overstiger 6 år." in out
    assert "Effektiviseringer 80 %" in out and "█" in out
    assert "Nutidsværdien = effektiviseringer 59.517 − nye driftsudgifter 42.393" in out


def test_sensitivity_combined_scenario_json(runner) -> None:
    result = runner.invoke(
        app,
        [
            "sensitivity",
            "BC06",
            "--realisation",
            "80",
            "--delay",
            "1",
            "--overrun",
            "25",
            "--running",
            "0",
            "--json",
        ],
    )
    data = json.loads(result.stdout)
    combined = data["scenarios"][-1]
    assert (combined["realisation_percent"], combined["delay_years"]) == (80, 1)
    assert (combined["overrun_percent"], combined["running_percent"]) == (25, 0)
    # 8.700 x 1,25 = 10.875 to pay back. 80 % of the savings, a year late, less the running
    # costs on time: -2.000, 1.600 - 4.000, 3.200 - 5.500, 4.400 - 5.500, then 6.800 - 5.500
    # = 1.300 a year: -7.800 after år 4, and (10.875 + 7.800) / 1.300 = 14,4: år 19 (2041).
    assert (combined["payback_years"], combined["payback_year"]) == (19, 2041)
    assert data["switching"]["savings"]["margin_percent"] == 10.1191
    assert data["switching"]["running"]["margin_percent"] == 14.2065
    assert data["switching"]["delay"] == {
        "years": 0,
        "reason": None,
        "text": "Effektiviseringerne må ikke forsinkes: allerede ét år vender resultatet.",
    }
    assert data["parts"] == {"savings": 59516.98, "running": 42393.0, "investment": 11101.4}


def test_sensitivity_all(runner) -> None:
    result = runner.invoke(app, ["sensitivity", "--all", "--max-years", "8"])
    assert result.exit_code == 0
    assert "10,1" in result.output and "14,2" in result.output and "≤8: -%" in result.output


def test_rates_and_indices_listings(runner) -> None:
    rates = runner.invoke(app, ["rates"])
    assert rates.exit_code == 0
    assert "år 0-35: 3,5 %; år 36-70: 2,5 %; år 71-: 1,5 %" in rates.output
    assert "Finansministeriet" in rates.output
    data = json.loads(runner.invoke(app, ["rates", "--json"]).stdout)
    assert [b["rate"] for b in data[1]["bands"]] == [4, 3, 2]
    indices = runner.invoke(app, ["indices"])
    assert indices.exit_code == 0
    assert "oes.dk" in indices.output and "KL's pris- og lønskøn" in indices.output


def test_help_is_danish(runner) -> None:
    for command in ("npv", "sensitivity", "rates", "indices"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
    assert "Nutidsværdi" in runner.invoke(app, ["npv", "--help"]).output


def test_sensitivity_uplift_by_project_type(runner) -> None:
    result = runner.invoke(app, ["sensitivity", "BC06", "--uplift", "standard-buildings"])
    assert result.exit_code == 0, result.output
    assert "Investering +24 %" in result.output and "optimism bias" in result.output
    bad = runner.invoke(app, ["sensitivity", "BC06", "--uplift", "slot"])
    assert bad.exit_code == 2 and "ukendt projekttype 'slot'" in bad.output
    rates = runner.invoke(app, ["rates"])
    assert "Mott MacDonald (2002)" in " ".join(rates.output.split())


def test_npv_without_an_investment_says_so(runner) -> None:
    """ENERGI-2025 has no implementation costs: no discounted payback, and the reason is that,
    not that the savings fall short."""
    result = runner.invoke(app, ["npv", "ENERGI-2025"])
    assert result.exit_code == 0
    assert "Diskonteret tilbagebetalingstid: ingen (forslaget har ingen investering)" in (
        result.output
    )


def test_sensitivity_change_is_the_difference_of_the_figures_shown(runner) -> None:
    """Investment +10 %: 6.022,58 -> 4.912,44 is printed as 6.023 -> 4.912, a change of -1.111
    (a reader's subtraction), not the exact -1.110,14 rounded to -1.110."""
    from kkinvest.render.numbers import parse_danish

    out = runner.invoke(app, ["sensitivity", "BC06"]).stdout
    rows = [line.split() for line in out.splitlines() if re.search(r"\d år +-?[\d.]+ ", line)]
    base = next(parse_danish(r[-2]) for r in rows if r[0] == "Som")
    changes = {
        " ".join(r[:2]): (parse_danish(r[-3]), parse_danish(r[-2])) for r in rows if r[0] != "Som"
    }
    assert changes["Investering +10"] == (Decimal(4912), Decimal(-1111))
    for value, change in changes.values():
        assert value - base == change
    assert "Ændringen er forskellen mellem de viste, afrundede nutidsværdier." in " ".join(
        out.split()
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["npv", "BC06", "--rate", "3.500"],
            "--rate: '3.500' kan læses både som 3500 og som 3,500",
        ),
        (["npv", "BC06", "--rate", "1.000"], "skriv 1000 eller 1"),
        (["sensitivity", "BC06", "--overrun", "1.000"], "--overrun: '1.000' kan læses både"),
    ],
)
def test_a_percentage_with_a_thousands_dot_is_refused_not_misread(
    runner, args: list[str], message: str
) -> None:
    """'3.500' was read as 3,5 % (Python's reading) where a Dane means 3500: refused now."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
