"""A real spreadsheet as the judge: LibreOffice recalculates the exported workbook, and every
recalculated total must equal kkinvest's own figure. LibreOffice also saves a workbook that
kkinvest must read back unchanged.

CI installs LibreOffice and sets KKINVEST_REQUIRE_SOFFICE=1, so there the test cannot be
skipped; on a machine without LibreOffice it is skipped.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from test_excel import as_exported

from kkinvest.calc.keys import proposal_shares
from kkinvest.calc.pools import overview
from kkinvest.calc.tables import tables
from kkinvest.calc.totals import proposal_totals
from kkinvest.cli import app
from kkinvest.io.catalogue import load_catalogue
from kkinvest.registry import default_registry
from kkinvest.render.numbers import millions

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE is None and os.environ.get("KKINVEST_REQUIRE_SOFFICE"):
    pytest.fail("LibreOffice (soffice) is required here but not installed", pytrace=False)
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")

CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1"


def soffice(tmp: Path, target: str, book: Path) -> list[Path]:
    out = tmp / f"out-{target.split(':')[0]}"
    out.mkdir()
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp / 'profile'}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(book),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    produced = sorted(out.iterdir())
    assert produced, "soffice exited 0 but wrote nothing"  # it does that when it fails to load
    return produced


def sheets(csv_files: list[Path], book: Path) -> dict[str, list[list[str]]]:
    prefix = book.stem + "-"
    return {f.stem.removeprefix(prefix): read_csv(f) for f in csv_files}


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(path.read_text(encoding="utf-8").splitlines()))


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))  # a Danish number format exports 9,8 as "9,8"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from typer.testing import CliRunner

    tmp = tmp_path_factory.mktemp("lo")
    book = tmp / "alt.xlsx"
    result = CliRunner().invoke(app, ["export", "--xlsx", str(book)])
    assert result.exit_code == 0, result.output
    return tmp, book


def test_every_recalculated_total_equals_kkinvest(builtin, exported) -> None:
    tmp, book = exported
    by_sheet = sheets(soffice(tmp, CSV_FILTER, book), book)
    registry = default_registry()
    checked = 0
    for proposal in builtin.proposals:
        rows = by_sheet[proposal.id]
        header = next(r for r in rows if r and r[0].startswith("1.000 kr."))
        years = [int(y) for y in header[2:] if y.isdigit()]
        totals = proposal_totals(proposal)
        expected = {
            "Samlet varig ændring": totals.permanent,
            "Samlede implementeringsomkostninger": totals.implementation,
            "Samlet økonomisk påvirkning": totals.impact,
        }
        for row in rows:
            if row and row[0] in expected:
                for year, cell in zip(years, row[2:], strict=False):
                    assert number(cell) == expected[row[0]].get(year, 0), (
                        proposal.id,
                        row[0],
                        year,
                    )
                    checked += 1
        computed = tables(proposal, proposal_shares(proposal, builtin.keys, registry), registry)
        total_rows = [r for r in rows if r and r[0] == "Total"]
        assert len(total_rows) == 3
        for row, table in zip(total_rows, computed.values(), strict=True):
            for year, cell in zip(years, row[2:], strict=False):
                assert number(cell or "0") == table.total.get(year, 0), (
                    proposal.id,
                    table.name,
                    year,
                )
                checked += 1
    for year, pool in builtin.pools.items():
        ov = overview(builtin.proposals, year, pool)
        rows = by_sheet[f"Puljeoversigt {year}"]
        i_alt = [r for r in rows if r and r[0] == "I alt"]
        assert number(i_alt[0][2]) * 1000 == ov.asked
        assert [number(c) * 1000 for c in i_alt[1][3:7]] == [
            ov.total(c) for c in ("service", "capital", "savings_service", "savings_transfers")
        ]
        assert number(i_alt[2][3]) * 1000 == ov.innovation_total
        checked += 6
    assert checked > 300


def test_a_workbook_saved_by_libreoffice_loads_back(builtin, exported) -> None:
    tmp, book = exported
    [saved] = soffice(tmp, "xlsx", book)
    assert saved.read_bytes() != book.read_bytes()
    loaded = load_catalogue(saved)
    for proposal in builtin.proposals:  # the printed figures only where the sheet shows them
        assert loaded.find(proposal.id) == as_exported(builtin, proposal), proposal.id


def test_a_formula_title_stays_text_in_libreoffice(runner, write_proposal, tmp_path) -> None:
    title = '=HYPERLINK("http://x","y")'
    path = write_proposal(
        '[[lines]]\nsection = "varig"\nlabel = "x"\narea = "service"\nvalues = { 2023 = -1 }\n'
    )
    path.write_text(path.read_text().replace('title = "Testforslag"', "title = '" + title + "'"))
    book = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["export", "--xlsx", str(book), "--data", str(path)]).exit_code == 0
    rows = sheets(soffice(tmp_path, CSV_FILTER, book), book)["T1"]
    assert rows[3][1] == title  # the Titel cell: the text, not the link "y"
    assert rows[0][0] == f"T1 {title}"


CSV_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,true,false,false,-1"
"""As CSV_FILTER, but each cell as the sheet shows it (its number format applied)."""


def test_the_pool_overview_shows_tabel_1_as_the_document(builtin, tmp_path) -> None:
    """Tabel 1 of the pool overview prints KFU's and SUD's savings as 0,0 (the document,
    `kkinvest pool` and the Bilag), not "." (Tabel 2 and 3 print "." for nothing)."""
    from typer.testing import CliRunner

    book = tmp_path / "puljer.xlsx"
    result = CliRunner().invoke(app, ["export", "--xlsx", str(book), "--budget", "2023"])
    assert result.exit_code == 0, result.output
    rows = sheets(soffice(tmp_path, CSV_SHOWN, book), book)["Puljeoversigt 2023"]
    pool = builtin.pools[2023]
    ov = overview(builtin.proposals, 2023, pool)
    first_total = next(i for i, r in enumerate(rows) if r and r[0] == "I alt")
    shown = {r[0]: r[2:4] for r in rows[:first_total] if r}
    for c in ov.committees:
        label = pool.committee_labels.get(c.committee, c.committee)
        assert shown[label] == [millions(c.investment), millions(c.savings)], c.committee
    assert shown["KFU"][1] == "0,0" and shown["SUD"][1] == "0,0"
