"""`kkinvest status` and the calculators behind it (issue 23, item 3), on cases worked by hand
(kkinvest.calc.followup's docstring): a proposal 2 years late, one realised at 80 %, one
cancelled after spending half."""

import json
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from kkinvest.calc.followup import status_rows, status_year
from kkinvest.cli import app
from kkinvest.io.catalogue import load_catalogue
from kkinvest.model_followup import FollowUpBook
from kkinvest.registry.statuses import default_statuses


def proposal(ident: str, committee: str = "BIU", kind: str = "investering") -> str:
    """Invest 300 in 2023; net change -100 in 2023 and -200 from 2024 (payback 2 years)."""
    return f"""
id = "{ident}"
title = "Forslag {ident}"
kind = "{kind}"
budget = 2023
price_level = 2023
committee = "{committee}"
pool = "investering"

[[lines]]
section = "varig"
label = "Effektivisering"
area = "service"
values = {{ 2023 = -100, 2024 = -200, 2025 = -200 }}

[[lines]]
section = "implementering"
label = "Projektledelse"
area = "service"
values = {{ 2023 = 300 }}
"""


ROUND = """
# Opfundne tal til testen: forårsstatus 2025.
[[decision]]
id = "LATE"
round = "budget 2023"
amounts = { investering = 300 }

[[decision]]
id = "EIGHTY"
round = "budget 2023"
amounts = { investering = 300 }

[[decision]]
id = "CANCEL"
round = "overførselssag 2023"
date = 2023-05-10
amounts = { investering = 300 }

[[followup]]
id = "LATE"
reported = 2025-03-01
status = "forsinket"
realised = { 2023 = 0, 2024 = 0 }
spent = { 2023 = 300 }
note = "To år forsinket; kompenserende tiltag: ny leverandør"

[[followup]]
id = "EIGHTY"
reported = 2025-03-01
status = "realiseret som planlagt"
realised = { 2023 = -80, 2024 = -160 }
spent = { 2023 = 300 }

[[followup]]
id = "CANCEL"
reported = 2024-03-01
status = "i gang"
spent = { 2023 = 150 }

[[followup]]
id = "CANCEL"
reported = 2025-03-01
status = "annulleret"
realised = { 2023 = 0, 2024 = 0 }
note = "Annulleret efter halvdelen af investeringen"
"""


@pytest.fixture
def catalogue_dir(tmp_path: Path) -> Path:
    for ident in ("LATE", "EIGHTY", "CANCEL"):
        (tmp_path / f"{ident}.toml").write_text(proposal(ident), encoding="utf-8")
    (tmp_path / "status-2025.toml").write_text(textwrap.dedent(ROUND), encoding="utf-8")
    return tmp_path


def rows(path: Path, year: int = 2025):
    cat = load_catalogue(path)
    assert cat.followup is not None
    found = status_rows(cat.proposals, cat.followup, year, default_statuses())
    return {row.proposal.id: row for row in found}


def test_two_years_late(catalogue_dir) -> None:
    """Plan to date (2023-2024): 100 + 200 = 300; realised 0: 0 %. Expected savings 0, 0,
    then the plan's 200 a year: 400 >= 300 in year 4 (plan: year 2)."""
    row = rows(catalogue_dir)["LATE"]
    assert row.years == (2023, 2024)
    assert row.saving_planned == Decimal(300)
    assert row.saving_realised == Decimal(0)
    assert row.percent == Decimal(0)
    assert row.payback_planned == 2
    assert row.payback_expected == 4
    assert row.colour == "gul"
    assert not row.behind  # yellow by its status already
    assert row.saving_full == Decimal(200)
    assert row.saving_to_come == Decimal(200)  # nothing realised yet
    assert row.investment_to_come == Decimal(0)  # 300 planned, 300 spent


def test_realised_at_80_percent(catalogue_dir) -> None:
    """80 + 160 = 240 of 300 = 80 % < 90 %: shown gul though "realiseret som planlagt";
    expected 80 + 160 + 200 = 440 >= 300 in year 3; 200 - 160 = 40 a year still to come."""
    row = rows(catalogue_dir)["EIGHTY"]
    assert row.saving_realised == Decimal(240)
    assert row.percent == Decimal(80)
    assert row.status.name == "realiseret som planlagt"
    assert (row.colour, row.behind) == ("gul", True)
    assert row.payback_expected == 3
    assert row.saving_to_come == Decimal(40)


def test_cancelled_after_spending_half(catalogue_dir) -> None:
    """Spent 150 of 300 (reported in 2024, kept in 2025), then annulleret: red, nothing more
    to come, no payback expected."""
    row = rows(catalogue_dir)["CANCEL"]
    assert row.colour == "rød"
    assert row.spent == Decimal(150)
    assert row.investment_to_come == Decimal(0)
    assert row.saving_to_come == Decimal(0)
    assert row.payback_expected is None
    assert [r.status for r in row.history] == ["i gang", "annulleret"]


def test_an_earlier_year_shows_the_status_of_then(catalogue_dir) -> None:
    """Spring 2024: CANCEL was "i gang"; LATE and EIGHTY had no report, so "godkendt" by
    their decision; to date = 2023 only, nothing reported for it."""
    found = rows(catalogue_dir, 2024)
    assert found["CANCEL"].status.name == "i gang"
    assert found["LATE"].status.name == "godkendt"
    assert found["LATE"].missing == (2023,)
    assert found["LATE"].saving_planned == Decimal(100)


def test_the_status_year_is_that_of_the_newest_report(catalogue_dir) -> None:
    cat = load_catalogue(catalogue_dir)
    assert cat.followup is not None
    assert status_year(cat.followup) == 2025
    assert status_year(FollowUpBook()) is None


def test_committee_and_since_choose(catalogue_dir) -> None:
    (catalogue_dir / "SOC.toml").write_text(proposal("SOC", "SUD"), encoding="utf-8")
    (catalogue_dir / "soc-decision.toml").write_text(
        '[[decision]]\nid = "SOC"\nround = "budget 2019"\namounts = { investering = 300 }\n',
        encoding="utf-8",
    )
    cat = load_catalogue(catalogue_dir)
    assert cat.followup is not None
    statuses = default_statuses()
    everything = status_rows(cat.proposals, cat.followup, 2025, statuses)
    assert [r.proposal.id for r in everything] == ["CANCEL", "EIGHTY", "LATE", "SOC"]
    only_sud = status_rows(cat.proposals, cat.followup, 2025, statuses, committee="SUD")
    assert [r.proposal.id for r in only_sud] == ["SOC"]
    recent = status_rows(cat.proposals, cat.followup, 2025, statuses, since=2020)
    assert "SOC" not in [r.proposal.id for r in recent]


def test_the_command_at_80_columns(runner, catalogue_dir, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, ["status", "--data", str(catalogue_dir)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    text = result.stdout
    assert "Beskæftigelses- og Integrationsudvalget (BIU)" in text
    assert "gul forsinket" in text
    assert "rød annulleret" in text
    assert "80 %" in text
    assert "LATE: To år forsinket" in text


def test_the_command_as_json(runner, catalogue_dir) -> None:
    result = runner.invoke(app, ["status", "--data", str(catalogue_dir), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout, parse_float=Decimal)
    by_id = {p["id"]: p for p in data["annex"]}
    assert data["year"] == 2025
    assert by_id["EIGHTY"]["percent_of_plan"] == 80
    assert by_id["LATE"]["payback_expected"] == 4
    assert by_id["CANCEL"]["colour"] == "rød"


def test_no_follow_up_is_said_not_shown_as_an_empty_annex(runner) -> None:
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 2
    assert "ingen bevillinger eller opfølgning" in result.stderr


def test_an_unknown_committee(runner, catalogue_dir) -> None:
    result = runner.invoke(app, ["status", "--data", str(catalogue_dir), "--committee", "BUX"])
    assert result.exit_code == 2
    assert "ukendt udvalg 'BUX'" in result.stderr
