"""The risk register (risk reserve) and the horizon that follows the asset's lifetime,
worked by hand."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from kkinvest.calc.npv import HorizonSource, flat_schedule, present_value
from kkinvest.calc.sensitivity import key_figures, sensitivity
from kkinvest.cli import app
from kkinvest.io.catalogue import builtin_path, parse_proposal
from kkinvest.io.toml_in import parse_toml_bytes
from kkinvest.model import Proposal
from kkinvest.money import round_half_away
from kkinvest.registry import default_registry

RATE = flat_schedule(Decimal("3.5"))
EXAMPLES = builtin_path() / "budget-2023"

THREE_RISKS = """
[[risks]]
name = "Licenspriserne stiger"
probability = 50
low = 200
likely = 300
high = 700
years = [2025, 2026, 2027, 2028]

[[risks]]
name = "Forsinket udvikling"
probability = 30
low = 500
likely = 1000
high = 1500
years = [2024]

[[risks]]
name = "Færre processer automatiseres"
effect = "besparelse"
probability = 20
low = 1000
likely = 2000
high = 3000
years = [2026]
"""


def _with(name: str, extra: str, before: str = "[[lines]]") -> str:
    """An example proposal's TOML with `extra` added (top-level keys before the first line
    table; arrays of tables at the end)."""
    text = (EXAMPLES / f"{name}.toml").read_text(encoding="utf-8")
    if extra.lstrip().startswith("[["):
        return text + "\n" + extra
    return text.replace(before, extra + "\n" + before, 1)


def _proposal(text: str) -> Proposal:
    return parse_proposal(parse_toml_bytes(text.encode(), "t.toml"), "t.toml", default_registry())


def test_a_risk_register_of_three_risks(builtin) -> None:
    """BC06 with three costed risks; expected value = p x (low + likely + high) / 3 a year.

    Licence prices: 0,5 x (200 + 300 + 700) / 3 = 200 a year in 2025-2028: 800.
    Delayed development: 0,3 x (500 + 1.000 + 1.500) / 3 = 300 in 2024.
    Fewer processes automated (a saving that falls short): 0,2 x 6.000 / 3 = 400 in 2026.
    Reserve 1.500: 300 (2024), 200 (2025), 600 (2026), 200 (2027), 200 (2028).

    Payback: investment 8.700 + 1.500 = 10.200; 3.000 a year from 2026 reaches 12.000 in 2029:
    7 years (2029), against 6 (2028) without.
    Present value (3,5 %, v = 1/1,035): the reserve is worth 300 v + 200 v^2 + 600 v^3 +
    200 v^4 + 200 v^5 = 289,86 + 186,70 + 541,17 + 174,29 + 168,39 = 1.360,41, so
    6.022,58 - 1.360,41 = 4.662,17.
    """
    s = sensitivity(_proposal(_with("BC06", THREE_RISKS)), RATE)
    assert s.risk is not None
    assert s.risk.reserve.total == 1500
    assert s.risk.reserve.by_year == {2024: 300, 2025: 200, 2026: 600, 2027: 200, 2028: 200}
    assert [v.total for v in s.risk.reserve.risks] == [800, 300, 400]
    assert (s.risk.payback, s.risk.payback_year) == (7, 2029)
    assert s.payback == 6
    assert round_half_away(s.risk.present_value, 2) == Decimal("4662.17")
    assert round_half_away(s.base.value, 2) == Decimal("6022.58")


def test_the_risk_reserve_is_shown_beside_payback_and_present_value(runner, tmp_path) -> None:
    (tmp_path / "BC06.toml").write_text(_with("BC06", THREE_RISKS), encoding="utf-8")
    result = runner.invoke(app, ["sensitivity", "BC06", "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Risikoreserve (forventet værdi af 3 risici): 1.500" in out
    assert "Tilbagebetalingstid: 6 år uden, 7 år (2029) med risikoreserven." in out
    assert "Nutidsværdi over 10 år: 6.023 uden, 4.662 med risikoreserven." in out
    assert "Licenspriserne stiger" in out and "2025-2028" in out
    data = json.loads(
        runner.invoke(app, ["sensitivity", "BC06", "--data", str(tmp_path), "--json"]).stdout
    )
    assert data["risk"]["reserve"] == 1500 and data["risk"]["present_value"] == 4662.17
    assert data["risk"]["reserve_by_year"]["2026"] == 600


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ("probability = 50", "risks[1] 'Licenspriserne stiger'.probability", "100"),
        ("low = 200", "risks[1] 'Licenspriserne stiger'", "low ≤ likely ≤ high"),
        ("years = [2025, 2026, 2027, 2028]", "risks[1] 'Licenspriserne stiger'", "to gange"),
    ],
)
def test_bad_risk_data_is_one_danish_line(runner, tmp_path, change, field, words) -> None:
    bad = {
        "probability = 50": "probability = 130",
        "low = 200": "low = 900",
        "years = [2025, 2026, 2027, 2028]": "years = [2025, 2025]",
    }[change]
    path = tmp_path / "BC06.toml"
    path.write_text(_with("BC06", THREE_RISKS.replace(change, bad, 1)), encoding="utf-8")
    result = runner.invoke(app, ["sensitivity", "BC06", "--data", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "BC06.toml" in lines[0] and "BC06" in lines[0] and field in lines[0], lines[0]
    assert words in lines[0]


def test_more_than_twelve_risks_are_refused(runner, tmp_path) -> None:
    one = THREE_RISKS.split("[[risks]]")[1]
    path = tmp_path / "BC06.toml"
    path.write_text(_with("BC06", "[[risks]]" + "[[risks]]".join([one] * 13)), encoding="utf-8")
    result = runner.invoke(app, ["sensitivity", "BC06", "--data", str(tmp_path)])
    assert result.exit_code == 2 and "risks" in result.stderr and "12" in result.stderr


def test_bc11_without_a_lifetime_warns_that_payback_is_beyond_the_horizon(runner) -> None:
    """BC11 pays back in år 13; the present value over the standard 10 years stops before."""
    result = runner.invoke(app, ["npv", "BC11"])
    out = " ".join(result.output.split())
    assert "Horisont: 10 år (forslaget angiver ingen levetid)." in out
    assert "Advarsel: tilbagebetalingstiden (13 år) er længere end horisonten (10 år)" in out
    data = json.loads(runner.invoke(app, ["sensitivity", "BC11", "--json"]).stdout)
    assert data["payback_beyond_horizon"] is True and data["horizon_source"] == "standard"


def test_bc11_over_a_stated_lifetime() -> None:
    """BC11 with a stated lifetime of 20 years: the present value runs over 20 years from
    år 1 (2023). From 2027 it saves 2.600 + 1.730 = 4.330 a year, so years 11-20 (2033-2042)
    add 4.330 x (v^10 + ... + v^19) = 4.330 x (v^10 - v^20) / (1 - v)
    = 4.330 x (0,7089188 - 0,5025659) / 0,0338164 = 4.330 x 6,1021509 = 26.422,31 to the
    10-year present value -14.128,19: 12.294,12. Payback (år 13) now lies within the horizon.
    """
    text = _with("BC11", 'lifetime = 20\nlifetime_source = "angivet til prøve"')
    bc11 = _proposal(text)
    pv = present_value(bc11, RATE)
    assert (pv.years, pv.source) == (20, HorizonSource.LIFETIME)
    assert round_half_away(pv.value, 2) == Decimal("12294.12")
    s = sensitivity(bc11, RATE)
    assert s.years == 20 and not s.horizon.shorter_than(s.payback)
    assert present_value(bc11, RATE, years=10).source is HorizonSource.CHOSEN


def test_bc01_runs_over_the_23_years_its_text_states(runner, builtin) -> None:
    """BC01's section 2: "Den forventede levetid er beregnet til ca. 23 år"."""
    bc01 = builtin.find("BC01")
    assert bc01.lifetime == 23 and "ca. 23 år" in (bc01.lifetime_source or "")
    out = " ".join(runner.invoke(app, ["npv", "BC01"]).output.split())
    assert "Nutidsværdi over 23 år" in out
    assert "Horisont: 23 år, aktivets levetid som forslaget angiver den" in out
    assert "Horisont: 10 år (valgt med --years)." in " ".join(
        runner.invoke(app, ["npv", "BC01", "--years", "10"]).output.split()
    )


def test_key_figures_for_a_fact_box(builtin) -> None:
    """What the Bilag's fact box calls: the proposal as it stands, no scenarios."""
    s = key_figures(builtin.find("BC06"), RATE)
    assert len(s.outcomes) == 1 and s.payback == 6
    assert round_half_away(s.switching.savings.margin * 100, 1) == Decimal("10.1")
    assert s.risk is None


def test_lifetime_and_risks_survive_convert(runner, tmp_path: Path) -> None:
    """Written back to TOML (convert, export), the lifetime and the risks are kept."""
    from kkinvest.io.toml_out import dumps_proposal

    bc06 = _proposal(_with("BC06", THREE_RISKS))
    again = _proposal(dumps_proposal(bc06))
    assert again.risks == bc06.risks
    bc01 = _proposal((EXAMPLES / "BC01.toml").read_text(encoding="utf-8"))
    assert _proposal(dumps_proposal(bc01)).lifetime == 23
