"""The status annex in the tools people use (issue 23, item 6): a Word document per committee
with a chart of planned against realised savings, and a sheet of the export."""

import shutil
import subprocess
from pathlib import Path

import pytest

from kkinvest.cli import app

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "followup"
WITH_EXAMPLE = ["--data", "builtin", "--data", str(EXAMPLE)]


@pytest.fixture
def annex(runner, tmp_path: Path) -> Path:
    path = tmp_path / "status.docx"
    result = runner.invoke(app, ["status", *WITH_EXAMPLE, "--docx", str(path)])
    assert result.exit_code == 0, result.stderr
    return path


def test_the_word_annex_per_committee(annex) -> None:
    """BIU: BC05's bars are 40 and 32 characters long (975 planned is the committee's largest;
    780 realised = 32 of 40), the realised one in the status colour (gul)."""
    from docx import Document

    doc = Document(str(annex))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "Status på tidligere godkendte investerings- og innovationsforslag"
    assert "Beskæftigelses- og Integrationsudvalget (BIU)" in headings
    assert "Økonomiudvalget (ØU)" in headings
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    chart = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Plan / real.")
    bc05 = next(r for r in chart.rows if r.cells[0].text == "BC05")
    runs = [run for run in bc05.cells[1].paragraphs[0].runs if "█" in run.text]
    assert [len(run.text) for run in runs] == [40, 32]
    assert str(runs[1].font.color.rgb) == "BF8F00"
    statuses = doc.tables[0]
    shading = statuses.rows[2].cells[3]._tc.xml
    assert 'w:fill="FFEB9C"' in shading  # BC05: gul


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice or pdfinfo is not installed",
)
def test_the_word_annex_renders_on_a4(annex, tmp_path) -> None:
    """LibreOffice lays it out on A4 pages (looked at as PNG while writing it)."""
    profile = f"file://{tmp_path / 'lo'}"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(annex),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "status.pdf")], check=True, capture_output=True, text=True
    ).stdout
    assert "(A4)" in info
    assert 1 <= int(info.split("Pages:")[1].split()[0]) <= 4


def test_the_export_has_a_status_sheet_and_reads_back(runner, tmp_path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "eksport.xlsx"
    result = runner.invoke(app, ["export", "--xlsx", str(path), "--budget", "2023", *WITH_EXAMPLE])
    assert result.exit_code == 0, result.stderr
    sheet = load_workbook(path)["Status 2026"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["BC05"][4] == "Realiseret som planlagt *"
    assert rows["BC05"][9] == 780 and rows["BC05"][10] == pytest.approx(0.8)
    result = runner.invoke(app, ["list", "--data", str(path)])
    assert result.exit_code == 0, result.stderr
    assert "Status" not in result.stderr  # never read as a proposal, never a note
