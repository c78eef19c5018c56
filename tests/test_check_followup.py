"""`kkinvest check` on the follow-up (issue 23, item 7): a granted proposal with no status for
the year asked, realised below plan with no note, spending above the investment, a ledger
below zero or not reconciling, "fuldt implementeret" while the saving is behind plan. The
proposals are those of tests/test_status.py (invest 300 in 2023; net change -100 in 2023 and
-200 a year from 2024)."""

import json
import textwrap
from decimal import Decimal
from pathlib import Path

from test_status import proposal

from kkinvest.calc import checks
from kkinvest.cli import app
from kkinvest.io.catalogue import load_catalogue
from kkinvest.registry import default_registry


def findings(path: Path, year: int | None = None) -> dict[tuple[str, str], checks.Finding]:
    cat = load_catalogue(path)
    context = checks.Context(cat.keys, default_registry(), cat.followup, year)
    found = [f for p in cat.proposals for f in checks.check_proposal(p, context)]
    return {(f.subject, f.rule): f for f in found if f.where.startswith("Opfølgning")}


def catalogue(tmp_path: Path, round_text: str, *ids: str) -> Path:
    for ident in ids:
        (tmp_path / f"{ident}.toml").write_text(proposal(ident), encoding="utf-8")
    (tmp_path / "status.toml").write_text(textwrap.dedent(round_text), encoding="utf-8")
    return tmp_path


def test_a_granted_proposal_without_a_status_in_the_year(tmp_path) -> None:
    """Granted in budget 2023, reported in 2024, nothing dated 2025: asked for 2025, it is
    missing; asked for 2024, it is there."""
    path = catalogue(
        tmp_path,
        """
        [[decision]]
        id = "A"
        round = "budget 2023"
        amounts = { investering = 300 }

        [[followup]]
        id = "A"
        reported = 2024-03-01
        status = "i gang"
        realised = { 2023 = -100 }
        """,
        "A",
    )
    assert ("A", "status_missing") in findings(path, 2025)
    assert ("A", "status_missing") not in findings(path, 2024)


def test_realised_below_plan_with_no_note(tmp_path) -> None:
    """240 of 300 to date, no note: a warning with the figures 240, 300 and 80 %."""
    path = catalogue(
        tmp_path,
        """
        [[followup]]
        id = "A"
        reported = 2025-03-01
        status = "realiseret som planlagt"
        realised = { 2023 = -80, 2024 = -160 }
        """,
        "A",
    )
    finding = findings(path)[("A", "note_missing")]
    assert finding.severity is checks.Severity.WARNING
    assert finding.figures == (Decimal(240), Decimal(300), Decimal(80))
    assert finding.text(str) == (
        "realiseret 240 af planens 300 til dato (80 %), uden en note om hvorfor: skriv den i note"
    )


def test_a_note_silences_it_and_forsinket_asks_for_one(tmp_path) -> None:
    path = catalogue(
        tmp_path,
        """
        [[followup]]
        id = "A"
        reported = 2025-03-01
        status = "realiseret som planlagt"
        realised = { 2023 = -80, 2024 = -160 }
        note = "Færre sager end ventet"

        [[followup]]
        id = "B"
        reported = 2025-03-01
        status = "forsinket"
        realised = { 2023 = 0, 2024 = 0 }
        """,
        "A",
        "B",
    )
    found = findings(path)
    assert ("A", "note_missing") not in found
    assert "status »forsinket« uden en note" in found[("B", "note_missing")].message


def test_spending_above_the_investment(tmp_path) -> None:
    path = catalogue(
        tmp_path,
        """
        [[followup]]
        id = "A"
        reported = 2025-03-01
        status = "i gang"
        realised = { 2023 = -100, 2024 = -200 }
        spent = { 2023 = 250, 2024 = 70 }
        """,
        "A",
    )
    finding = findings(path)[("A", "spent_above_investment")]
    assert finding.figures == (Decimal(320), Decimal(300))


def test_fully_implemented_while_behind_plan(tmp_path) -> None:
    """'fuldt implementeret' with 240 of 300 realised: an error; with 300 of 300, none."""
    path = catalogue(
        tmp_path,
        """
        [[followup]]
        id = "A"
        reported = 2025-03-01
        status = "fuldt implementeret"
        realised = { 2023 = -80, 2024 = -160 }
        note = "Afsluttet"

        [[followup]]
        id = "B"
        reported = 2025-03-01
        status = "fuldt implementeret"
        realised = { 2023 = -100, 2024 = -200 }
        """,
        "A",
        "B",
    )
    found = findings(path)
    assert found[("A", "complete_behind_plan")].severity is checks.Severity.ERROR
    assert ("B", "complete_behind_plan") not in found


def test_the_ledger_below_zero_and_not_reconciling(runner, tmp_path) -> None:
    """Opening 0,5 mio. kr.; A granted 0,3 and B 0,3: -0,1 after B; printed 0,2 at the end,
    computed -0,1: two errors, and check exits 1."""
    path = catalogue(
        tmp_path,
        """
        [[ledger]]
        kind = "primo"
        amount = 500
        price_level = 2023
        date = 2022-01-01

        [[decision]]
        id = "A"
        round = "budget 2023"
        amounts = { investering = 300 }

        [[decision]]
        id = "B"
        round = "budget 2023"
        amounts = { investering = 300 }

        [[ledger]]
        kind = "trykt"
        amount = 200
        price_level = 2023
        date = 2023-01-01

        [[followup]]
        id = "A"
        reported = 2023-03-01
        status = "godkendt"

        [[followup]]
        id = "B"
        reported = 2023-03-01
        status = "godkendt"
        """,
        "A",
        "B",
    )
    result = runner.invoke(app, ["check", "--data", str(path), "--json"])
    assert result.exit_code == 1, result.stderr
    data = json.loads(result.stdout, parse_float=Decimal)
    rules = {f["rule"] for f in data["findings"] if f["subject"] == "Puljekonto"}
    assert rules == {"ledger_below_zero", "ledger_not_reconciled"}


def test_the_builtin_catalogue_gets_no_follow_up_findings(builtin) -> None:
    context = checks.Context(builtin.keys, default_registry(), builtin.followup)
    found = [f for p in builtin.proposals for f in checks.check_proposal(p, context)]
    assert not [f for f in found if f.where.startswith("Opfølgning")]
