"""`kkinvest check` on a catalogue where a proposal gives no committee, kind or pool (issue #19
item 6): the missing field is a warning naming the file and what to fill in; the rest of that
proposal is checked as usual (totals, payback, claims need none of them; the technical tables
where they can be), and so is every other proposal. Only the pool overview, which needs every
proposal's pool and committee, is not compared, and one note says so.

Before, the first rule that needed the committee stopped the whole run (exit 2)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from kkinvest.calc import checks
from kkinvest.calc.checks import Context, Severity, check_proposal
from kkinvest.cli import app
from kkinvest.io.catalogue import builtin_path
from kkinvest.model import Proposal
from kkinvest.registry import default_registry

FILL_IN_COMMITTEE = (
    "udfyld 'Fremstillende forvaltning' i dokumentet, eller skriv udvalget i forslagets "
    'TOML-fil (fx committee = "ØU")'
)


def check_json(folder: Path, *args: str) -> tuple[int, list[dict[str, Any]]]:
    result = CliRunner().invoke(app, ["check", "--data", str(folder), "--json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def budget_2023(tmp_path: Path) -> Path:
    folder = tmp_path / "katalog"
    shutil.copytree(builtin_path() / "budget-2023", folder)
    return folder


def drop(path: Path, *fields: str) -> None:
    text = path.read_text(encoding="utf-8")
    for field in fields:
        text, n = re.subn(rf"(?m)^{field} = .*\n", "", text)
        assert n == 1, field
    path.write_text(text, encoding="utf-8")


def file_and_place(finding: dict[str, Any]) -> str:
    """The finding's place with the file's folder left out (the path is shown as the user
    gave it, relative where it can be)."""
    return str(finding["where"]).rsplit("/", 1)[-1]


def key(finding: dict[str, Any]) -> tuple[str, ...]:
    return (finding["subject"], finding["rule"], finding["where"], finding["message"])


def test_not_given_names_the_file_and_what_to_fill_in(
    make_proposal: Callable[[str], Proposal],
) -> None:
    proposal = make_proposal(
        """
        [[lines]]
        section = "varig"
        label = "Besparelse"
        area = "service"
        values = { 2023 = -100 }
        """
    ).model_copy(update={"committee": None, "kind": None, "pool": None})
    context = Context({}, default_registry(), sources={"T1": "katalog/T1.toml"})
    found = checks.not_given(proposal, context)
    assert [(f.severity, f.where, f.message) for f in found] == [
        (
            Severity.WARNING,
            "katalog/T1.toml, Udvalg",
            f"forslaget T1 har intet udvalg (committee): {FILL_IN_COMMITTEE}",
        ),
        (
            Severity.WARNING,
            "katalog/T1.toml, Forslagstype",
            "forslaget T1 har ingen forslagstype (kind): skriv forslagstypen som overskrift i "
            "dokumentet (fx INVESTERINGSFORSLAG), eller i forslagets TOML-fil "
            '(fx kind = "investering")',
        ),
        (
            Severity.WARNING,
            "katalog/T1.toml, Pulje",
            "forslaget T1 har ingen pulje (pool): udfyld 'Der søges om midler fra' i "
            'dokumentet, eller skriv puljen i forslagets TOML-fil (fx pool = "investering")',
        ),
    ]
    assert checks.not_given(proposal, Context({}, default_registry()))[0].where == "Udvalg"
    whole = proposal.model_copy(update={"committee": "BIU", "kind": "investering"})
    assert [f.where for f in checks.not_given(whole, context)] == ["katalog/T1.toml, Pulje"]


def test_check_reports_a_missing_committee_and_checks_everything_else(tmp_path: Path) -> None:
    folder = budget_2023(tmp_path)
    _, before = check_json(folder)
    drop(folder / "BC07.toml", "committee")  # BC07's Tabel 1 prints a wrong total
    code, after = check_json(folder)
    assert code == 1  # BC07's wrong total is still an error
    [missing] = [f for f in after if f["rule"] == "not-given"]
    assert missing["subject"] == "BC07" and missing["severity"] == "advarsel"
    assert file_and_place(missing) == "BC07.toml, Udvalg"
    assert missing["message"] == (
        f"forslaget BC07 har intet udvalg (committee): {FILL_IN_COMMITTEE}"
    )
    overview = "Puljeoversigt, budget 2023"
    # every other finding as before: BC07's own (its totals), and every other proposal's
    assert [key(f) for f in before if f["subject"] != overview] == [
        key(f) for f in after if f["subject"] != overview and f["rule"] != "not-given"
    ]
    assert any(f["subject"] == "BC07" and f["rule"] == "totals" for f in after)
    assert {f["subject"] for f in after} >= {"BC02", "BC03", "BC07", "BC11"}
    [note] = [f for f in after if f["subject"] == overview]
    assert (note["severity"], note["rule"], note["message"]) == (
        "bemærkning",
        "pool-unchecked",
        "ikke kontrolleret: puljeoversigten skal bruge hvert forslags pulje og udvalg; "
        "BC07 har intet udvalg (committee)",
    )


def test_check_reports_a_missing_kind_and_pool(tmp_path: Path) -> None:
    folder = budget_2023(tmp_path)
    _, before = check_json(folder)
    drop(folder / "BC06.toml", "kind", "pool")
    code, after = check_json(folder)
    assert code == 1
    assert [(f["subject"], file_and_place(f)) for f in after if f["rule"] == "not-given"] == [
        ("BC06", "BC06.toml, Forslagstype"),
        ("BC06", "BC06.toml, Pulje"),
    ]
    overview = "Puljeoversigt, budget 2023"
    assert [key(f) for f in before if f["subject"] != overview] == [
        key(f) for f in after if f["subject"] != overview and f["rule"] != "not-given"
    ]
    [note] = [f for f in after if f["subject"] == overview]
    assert note["message"].endswith("; BC06 har ingen pulje (pool)")


def test_a_follow_up_status_for_one_kind_does_not_stop_a_proposal_without_kind(
    tmp_path: Path,
) -> None:
    """BC04's spring status 2026 is "ingen investeringssag", a status only for innovation
    proposals: without a kind there is nothing to compare, and the load goes on."""
    folder = budget_2023(tmp_path)
    followup = ("--data", str(builtin_path() / "followup"))
    _, before = check_json(folder, *followup)
    drop(folder / "BC04.toml", "kind")
    code, after = check_json(folder, *followup)
    assert code == 1
    assert [(f["subject"], file_and_place(f)) for f in after if f["rule"] == "not-given"] == [
        ("BC04", "BC04.toml, Forslagstype")
    ]
    assert [key(f) for f in before] == [key(f) for f in after if f["rule"] != "not-given"]


NO_COMMITTEE = """
id = "NU01"
title = "Forslag uden udvalg"
kind = "investering"
budget = 2023
price_level = 2023
administration = "BIF"
pool = "investering"

[[lines]]
section = "varig"
label = "Effektivisering"
area = "service"
values = {{ 2024 = -300, 2025 = -600 }}

[[lines]]
section = "implementering"
label = "Projekt"
area = "service"
values = {{ 2023 = 900 }}

[stated]
total_permanent = {{ 2024 = -300, 2025 = -600 }}

[stated.tabel_a]
rows.BIU = {{ 2024 = {row}, 2025 = -600 }}
total = {{ 2024 = -300, 2025 = {total} }}
"""


def test_a_proposal_without_committee_is_a_warning_and_its_tables_are_checked(
    write_proposal: Callable[..., Path], tmp_path: Path
) -> None:
    write_proposal(NO_COMMITTEE.format(row=-300, total=-600), name="NU01.toml", raw=True)
    code, found = check_json(tmp_path)
    assert code == 0  # a warning: exit 0, as for any warning without --strict
    assert [(f["severity"], f["rule"], file_and_place(f), f["message"]) for f in found] == [
        (
            "bemærkning",
            "technical-unchecked",
            "Tabel A",
            "ikke kontrolleret: om tabellen følger fordelingsnøglen; forslaget angiver intet "
            "udvalg (committee), og linjerne uden egen fordeling hører til det (tabellens egen "
            "regning og Total-rækken er kontrolleret)",
        ),
        (
            "advarsel",
            "not-given",
            "NU01.toml, Udvalg",
            f"forslaget NU01 har intet udvalg (committee): {FILL_IN_COMMITTEE}",
        ),
    ]
    strict = CliRunner().invoke(app, ["check", "--data", str(tmp_path), "--strict"])
    assert strict.exit_code == 1, strict.output
    assert "NU01 har intet udvalg (committee)" in " ".join(strict.stdout.split())


def test_a_wrong_total_is_found_without_the_committee(
    write_proposal: Callable[..., Path], tmp_path: Path
) -> None:
    write_proposal(NO_COMMITTEE.format(row=-250, total=-700), name="NU01.toml", raw=True)
    code, found = check_json(tmp_path)
    assert code == 1
    [total] = [f for f in found if f["rule"] == "technical-total"]
    assert (total["where"], total["message"]) == (
        "Tabel A, Total",
        "Total-rækken er ikke forslagets varige ændring",
    )
    assert [(v["year"], v["stated"], v["computed"]) for v in total["values"]] == [
        (2025, -700, -600)
    ]
    [rows] = [f for f in found if f["rule"] == "technical-sum"]  # 2024: BIU's -250, not -300
    assert [(v["year"], v["stated"], v["computed"]) for v in rows["values"]] == [(2024, -300, -250)]
    assert not [f for f in found if f["rule"] == "technical-cell"]  # no split to compare with


def test_check_proposal_runs_every_rule_without_a_committee(builtin: Any) -> None:
    """No rule stops on a proposal of the built-in catalogue that gives no committee, kind or
    pool (each the way a document may load)."""
    context = Context(builtin.keys, builtin.registry or default_registry(), builtin.followup)
    for proposal in builtin.proposals:
        bare = proposal.model_copy(update={"committee": None, "kind": None, "pool": None})
        found = check_proposal(bare, context)
        assert {f.where for f in found if f.rule == "not-given"} == {
            "Udvalg",
            "Forslagstype",
            "Pulje",
        }
