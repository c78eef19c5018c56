"""Decisions and follow-up reports as dated data (issue 23, item 1-2): read from a proposal's
own file or any file of the catalogue, checked against the proposals, and refused with one
Danish line naming file, proposal and field."""

import datetime
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from kkinvest.cli import app
from kkinvest.io.catalogue import load_catalogue
from kkinvest.io.folders import shown
from kkinvest.io.problems import InputError
from kkinvest.model import PoolName
from kkinvest.registry.statuses import default_statuses

PROPOSAL = """
id = "T1"
title = "Testforslag"
kind = "investering"
budget = 2023
price_level = 2023
committee = "BIU"
administration = "BIF"
pool = "investering"

[[lines]]
section = "varig"
label = "Effektivisering"
area = "service"
values = { 2023 = -100, 2024 = -200 }

[[lines]]
section = "varig"
label = "Licenser"
area = "service"
values = { 2023 = 20, 2024 = 20 }

[[lines]]
section = "implementering"
label = "Projektledelse"
area = "service"
values = { 2023 = 300 }
"""

ROUND = """
# Forårsstatus 2024 (opfundne tal til testen)
[[decision]]
id = "T1"
round = "budget 2023"
date = 2022-09-01
amounts = { investering = 300 }
conditions = "Opfølgning hvert forår"
source = "Borgerrepræsentationen, budget 2023"

[[followup]]
id = "T1"
reported = 2024-03-01
status = "Forsinket (med kompenserende tiltag)"
realised = { 2023 = 0 }
spent = { 2023 = 150 }
note = "Systemet kom et halvt år for sent"
source = "Statusnotat til BIU, marts 2024"
"""


def folder(tmp_path: Path, **files: str) -> Path:
    for name, text in files.items():
        (tmp_path / f"{name}.toml").write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_catalogue(path)
    return [str(p) for p in caught.value.problems]


def test_a_status_round_file_is_read_beside_the_proposals(tmp_path) -> None:
    cat = load_catalogue(folder(tmp_path, T1=PROPOSAL, round=ROUND))
    assert cat.followup is not None
    (decision,) = cat.followup.decisions_for("t1")
    assert decision.round == "budget 2023"
    assert decision.date == datetime.date(2022, 9, 1)
    assert decision.granted(PoolName.INVESTMENT) == Decimal(300)
    (report,) = cat.followup.reports_for("T1")
    assert report.status == "forsinket"  # the title as printed is accepted, the name kept
    assert report.spent == {2023: Decimal(150)}
    assert report.reported == datetime.date(2024, 3, 1)


def test_follow_up_in_the_proposals_own_file_needs_no_id(tmp_path) -> None:
    own = PROPOSAL + '\n[[followup]]\nreported = 2025-03-01\nstatus = "i gang"\n'
    cat = load_catalogue(folder(tmp_path, T1=own))
    assert cat.followup is not None
    assert [r.status for r in cat.followup.reports_for("T1")] == ["i gang"]
    assert len(cat.proposals) == 1


def test_the_history_of_statuses_is_in_date_order(tmp_path) -> None:
    later = """
    [[followup]]
    id = "T1"
    reported = 2023-03-01
    status = "godkendt"
    """
    cat = load_catalogue(folder(tmp_path, T1=PROPOSAL, round=ROUND, early=later))
    assert cat.followup is not None
    assert [r.status for r in cat.followup.reports_for("T1")] == ["godkendt", "forsinket"]


def test_realised_per_line_adds_up_to_the_total(tmp_path) -> None:
    """Effektivisering -60 and Licenser +20 in 2024: net -40, Tabel 1's signs."""
    per_line = """
    [[followup]]
    id = "T1"
    reported = 2025-03-01
    status = "i gang"
    lines = [
      { label = "Effektivisering", realised = { 2024 = -60 } },
      { label = "licenser", realised = { 2024 = 20 } },
    ]
    """
    cat = load_catalogue(folder(tmp_path, T1=PROPOSAL, round=per_line))
    assert cat.followup is not None
    (report,) = cat.followup.reports_for("T1")
    assert report.realised == {2024: Decimal(-40)}


def test_lines_that_do_not_add_up_to_the_total_are_refused(tmp_path) -> None:
    wrong = """
    [[followup]]
    id = "T1"
    reported = 2025-03-01
    status = "i gang"
    realised = { 2024 = -50 }
    lines = [{ label = "Effektivisering", realised = { 2024 = -60 } }]
    """
    (line,) = problems(folder(tmp_path, T1=PROPOSAL, round=wrong))
    assert line.startswith(f"{shown(tmp_path / 'round.toml')}: T1: followup[1]: ")
    assert "realised 2024 er -50, men linjerne (lines) summer til -60" in line


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            'id = "T1"\nreported = 2024-03-01\nstatus = "forsinkt"',
            "T1: followup[1]: status: ukendt status 'forsinkt'; mente du 'forsinket'?",
        ),
        (
            'id = "T1"\nreported = "1. marts 2024"\nstatus = "i gang"',
            "T1: followup[1]: reported: '1. marts 2024' er ikke en dato: skriv fx 2026-03-01",
        ),
        (
            'id = "T1"\nreported = 2024-03-01\nstatus = "i gang"\nspent = { 2023 = "1.500" }',
            "T1: followup[1]: spent.2023: her skal stå et tal, ikke '1.500' — fjern "
            "anførselstegnene: skriv 1500",
        ),
        (
            'id = "T1"\nreported = 2024-03-01\nstatus = "i gang"\nrealized = { 2023 = 1 }',
            "T1: followup[1]: realized: ukendt felt (mente du 'realised'?",
        ),
        (
            'id = "T1"\nreported = 2024-03-01',
            "T1: followup[1]: status: mangler (feltet skal angives)",
        ),
    ],
)
def test_bad_follow_up_is_one_danish_line(tmp_path, entry, expected) -> None:
    (line,) = problems(folder(tmp_path, T1=PROPOSAL, round=f"[[followup]]\n{entry}\n"))
    assert line.startswith(f"{shown(tmp_path / 'round.toml')}: ")
    assert expected in line


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            'id = "T1"\nround = "budget"\namounts = { investering = 1 }',
            "T1: decision[1]: round: 'budget' er ikke en bevillingsrunde: skriv fx "
            '"budget 2023" eller "overførselssag 2024"',
        ),
        (
            'id = "T1"\nround = "overførselssag 2024"\namounts = { none = 1 }',
            'T1: decision[1]: amounts: en bevilling er fra puljen "investering" eller "innovation"',
        ),
        (
            'id = "T1"\nround = "ofs 2024"\namounts = { investeringspuljen = 1 }',
            "T1: decision[1]: amounts.investeringspuljen",
        ),
    ],
)
def test_bad_decisions_are_one_danish_line(tmp_path, entry, expected) -> None:
    found = problems(folder(tmp_path, T1=PROPOSAL, round=f"[[decision]]\n{entry}\n"))
    assert any(expected in line for line in found), found


def test_follow_up_of_an_unknown_proposal_suggests_the_near_one(tmp_path) -> None:
    entry = '[[followup]]\nid = "T-1"\nreported = 2024-03-01\nstatus = "i gang"\n'
    (line,) = problems(folder(tmp_path, T1=PROPOSAL, round=entry))
    assert line == (
        f"{shown(tmp_path / 'round.toml')}: T-1: followup[1]: intet forslag 'T-1' i kataloget; "
        "mente du T1? giv forslagets fil med (--data) eller ret nummeret"
    )


def test_two_reports_of_one_date_and_two_grants_in_one_round(tmp_path) -> None:
    found = problems(folder(tmp_path, T1=PROPOSAL, a=ROUND, b=ROUND))
    assert any("to opfølgninger af 2024-03-01: også i" in line for line in found)
    assert any("budget 2023 er angivet to gange" in line for line in found)


def test_an_unknown_line_and_a_status_for_another_kind(tmp_path) -> None:
    entry = """
    [[followup]]
    id = "T1"
    reported = 2024-03-01
    status = "ingen investeringssag"
    lines = [{ label = "Effektiviseringer", realised = { 2024 = -60 } }]
    """
    found = problems(folder(tmp_path, T1=PROPOSAL, round=entry))
    assert any("status 'ingen investeringssag' gælder kun innovationsforslag" in x for x in found)
    assert any("T1 har ingen varig linje 'Effektiviseringer'" in x for x in found)


def test_follow_up_for_another_proposal_in_a_proposals_file(tmp_path) -> None:
    own = PROPOSAL + '\n[[followup]]\nid = "T9"\nreported = 2025-03-01\nstatus = "i gang"\n'
    (line,) = problems(folder(tmp_path, T1=own))
    assert "står i forslaget T1s fil, men gælder 'T9'" in line


def test_the_command_line_reports_and_exits_2(runner, tmp_path) -> None:
    entry = '[[followup]]\nid = "T1"\nreported = 2024-03-01\nstatus = "ukendt"\n'
    path = folder(tmp_path, T1=PROPOSAL, round=entry)
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.startswith("kkinvest: ")
    assert "status: ukendt status 'ukendt'" in result.stderr


def test_the_statuses_are_data_with_colours_and_a_source() -> None:
    statuses = default_statuses()
    assert "SOU 2. marts 2021" in statuses.source
    colours = {s.name: s.colour for s in statuses.statuses}
    assert colours["realiseret som planlagt"] == "grøn"
    assert colours["forsinket"] == "gul"
    assert colours["annulleret"] == "rød"
    assert colours["ingen investeringssag"] == "rød"  # an innovation proposal, no case
    assert colours["indkommet"] == "ingen"
    assert statuses.find("Uden for kriterierne").granted is False
