"""`kkinvest export --docx`: the Bilag in Word, read back from the .docx (python-docx) and
compared with kkinvest's own figures; rendered by LibreOffice on A4 (skipped without it)."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from kkinvest.calc.payback import compute_payback
from kkinvest.calc.pools import overview
from kkinvest.calc.totals import proposal_totals
from kkinvest.cli import app
from kkinvest.render.numbers import danish, millions

OPENING = (
    "Der resterer 208,7 mio. kr. (2023 p/l) i investeringspuljerne, og der er indkommet "
    "forslag for samlet 97,5 mio. kr."
)


@pytest.fixture(scope="module")
def bilag(tmp_path_factory) -> Path:
    from typer.testing import CliRunner

    path = tmp_path_factory.mktemp("bilag") / "bilag.docx"
    result = CliRunner().invoke(app, ["export", "--docx", str(path), "--budget", "2023"])
    assert result.exit_code == 0, result.output
    assert "Skrev" in result.stdout
    return path


def _rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_bilag_opens_with_the_computed_figures(bilag) -> None:
    paragraphs = [p.text for p in Document(str(bilag)).paragraphs]
    assert OPENING in paragraphs
    assert any(
        p.startswith("I dette bilag fremlægges de 11 indkomne ansøgninger") for p in paragraphs
    )
    assert any("De øvrige 10 forslag" in p for p in paragraphs)  # BC07 is outside the criteria


def test_tabel_1_to_3_show_the_pool_overview(builtin, bilag) -> None:
    ov = overview(builtin.proposals, 2023, builtin.pools[2023])
    # after the summary's chart and ranking
    tabel_1, tabel_2, tabel_3 = (_rows(t) for t in Document(str(bilag)).tables[2:5])
    assert tabel_1[-1] == ["I alt", "8 (3)", "97,5", "17,1"]
    assert tabel_1[1][:3] == ["BIU", "2 (1)", "18,2"]
    by_id = {row[1]: row for row in tabel_2[1:-1]}
    for row in ov.investment:
        shown = by_id[row.proposal.id]
        assert shown[3:7] == [
            "." if v == 0 else millions(v)
            for v in (row.service, row.capital, row.savings_service, row.savings_transfers)
        ]
        assert shown[7] == str(row.payback)
    assert by_id["BC02"][7] == "5"  # the rule's figure; the document printed 4
    assert tabel_2[-1][4] == "26,1"  # the exact sum; the document printed 25,6
    assert by_id["BC06"][0] == "BIU **/**"  # the footnote marks of the pool file
    assert [row[3] for row in tabel_3[1:]] == ["3,6", "1,1", "2,7", "7,4"]
    text = [p.text for p in Document(str(bilag)).paragraphs]
    assert "* Tværgående forslag til godkendelse, jf. bilag 8" in text


def test_every_proposal_has_its_tabel_1_and_tables_a_b_c(builtin, bilag) -> None:
    """Tabel 1 for each proposal; Tabel A/B/C for each with a permanent change (an innovation
    proposal without one gets none: they would be three tables of zeros)."""
    from kkinvest.model import Section

    document = Document(str(bilag))
    chosen = sorted((p for p in builtin.proposals if p.budget == 2023), key=lambda p: p.id)
    every = document.tables[5:]
    tentative = [t for t in every if t.cell(0, 0).text.startswith("Udgift")]
    assert len(tentative) == sum(p.tentative is not None for p in chosen)  # innovation: Tabel 3
    tabel_1s = [t for t in every if t.cell(0, 1).text.replace("\xad", "") == "Styringsområde"]
    assert len(tabel_1s) == len(chosen)
    kvantum = [t for t in every if t.cell(0, 0).text == "Udvalg"]
    permanent = [p for p in chosen if p.lines_in(Section.PERMANENT)]
    assert len(kvantum) == 3 * len(permanent) < 3 * len(chosen)
    headings = [p.text for p in document.paragraphs if p.text.startswith("Forslagets titel:")]
    assert headings == [f"Forslagets titel: {p.id} {p.title}" for p in chosen]
    for proposal, table in zip(chosen, tabel_1s, strict=True):
        tabel_1 = _rows(table)
        years = [int(y) for y in tabel_1[0][2:]]
        assert years == proposal.years
        impact = next(r for r in tabel_1 if r[0] == "Samlet økonomisk påvirkning")
        totals = proposal_totals(proposal)
        assert impact[2:] == [danish(totals.impact.get(y, Decimal(0))) for y in years]
        payback = compute_payback(proposal)
        shown = next(r for r in tabel_1 if r[0].startswith("Tilbagebetalingstid baseret på serv"))
        assert shown[1] == (str(payback.years) if payback.years else "ingen"), proposal.id
    for table in kvantum:
        assert _rows(table)[-1][0] == "Total"


def test_tabel_a_b_c_leave_unaffected_committees_blank_and_print_zero_as_a_dash(bilag) -> None:
    """As the documents print them: BC01 touches only KFU and BUU (their rows carry figures,
    a year without one "-"); every other committee's row is blank, not a row of 0."""
    document = Document(str(bilag))
    tables = [t for t in document.tables if t.cell(0, 0).text == "Udvalg"]
    tabel_a = _rows(tables[0])  # BC01's
    by_name = {row[0]: row[2:] for row in tabel_a[1:]}
    assert by_name["Kultur- og Fritidsudvalget"][1] == "-1.020"
    assert by_name["Socialudvalget"] == [""] * len(by_name["Socialudvalget"])
    assert not any(cell == "0" for t in tables for row in _rows(t)[1:] for cell in row[2:])
    captions = [p.text for p in document.paragraphs if p.text.startswith("Tabel A.")]
    assert (
        captions[0] == "Tabel A. Måltalseffekt – hvis forslaget indarbejdes (1.000 kr. 2023 p/l)*"
    )
    text = [p.text for p in document.paragraphs]
    assert any(
        t.startswith("* I forbindelse med godkendelse i Effektiviseringskredsen") for t in text
    )


def test_findings_are_an_option(runner, tmp_path) -> None:
    plain = tmp_path / "uden.docx"
    with_findings = tmp_path / "med.docx"
    assert runner.invoke(app, ["export", "--docx", str(plain), "--budget", "2023"]).exit_code == 0
    result = runner.invoke(
        app, ["export", "--docx", str(with_findings), "--budget", "2023", "--findings"]
    )
    assert result.exit_code == 0, result.output
    plain_text = [p.text for p in Document(str(plain)).paragraphs]
    assert not any("beregnet af kkinvest" in t.casefold() for t in plain_text)  # a footnote
    found = [p.text for p in Document(str(with_findings)).paragraphs]
    assert not any(t.startswith("fejl:") for t in plain_text)
    assert any(t.startswith("fejl: Tablet 3.1 Varige ændringer") for t in found)  # BC01's table
    assert any(t.startswith("bemærkning:") for t in found)


def test_the_bilag_needs_force_to_replace_a_file(runner, tmp_path) -> None:
    path = tmp_path / "bilag.docx"
    path.write_bytes(b"precious")
    result = runner.invoke(app, ["export", "--docx", str(path), "--budget", "2023"])
    assert result.exit_code == 2
    assert path.read_bytes() == b"precious"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    forced = runner.invoke(app, ["export", "--docx", str(path), "--budget", "2023", "--force"])
    assert forced.exit_code == 0
    assert Document(str(path)).tables


def test_the_bilag_file_name_must_say_docx(runner, tmp_path) -> None:
    result = runner.invoke(app, ["export", "--docx", str(tmp_path / "b.xlsx")])
    assert result.exit_code == 2
    assert ".docx" in result.stderr
    assert runner.invoke(app, ["export", "--docx", "--xlsx"]).exit_code == 2


def test_the_default_name_is_the_budget(runner, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", "--docx", "--budget", "2023"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kkinvest-bilag-2023.docx").exists()


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice or poppler-utils are not installed",
)
def test_libreoffice_prints_the_bilag_on_a4_with_its_figures(builtin, bilag, tmp_path) -> None:
    assert SOFFICE is not None
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(bilag),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = tmp_path / "bilag.pdf"
    assert pdf.exists()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert 11 <= pages <= 40
    assert "(A4)" in info
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split()
    )
    assert OPENING in text
    for proposal in (p for p in builtin.proposals if p.budget == 2023):
        assert f"{proposal.id} " in text
    assert "Samlet økonomisk påvirkning" in text


@pytest.fixture(scope="module")
def printed(bilag, tmp_path_factory) -> list[str]:
    """The Bilag rendered by LibreOffice: the text of each PDF page."""
    if SOFFICE is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler-utils are not installed")
    out = tmp_path_factory.mktemp("bilag-pdf")
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{out / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(bilag),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "bilag.pdf"), "-"], capture_output=True, text=True
    ).stdout
    return text.split("\f")


def test_no_word_of_a_table_is_split_in_the_printed_bilag(bilag, printed) -> None:
    """Narrow columns split words ("Styringsom|råde", "Implementeringsomkost|ninger",
    "overførsl|er mv."). Every word of every table prints whole, or broken after a hyphen
    it has ("IT-|systemporteføljen") or with a hyphen at a compound's joint
    ("Implementerings-|omkostninger", an optional hyphen in the .docx)."""
    words = {w for page in printed for w in page.split()}
    joints = ("implementerings", "styrings", "tilbagebetalings", "investerings")

    def whole(word: str) -> bool:
        if word in words:
            return True
        for cut in range(1, len(word)):
            head, rest = word[:cut], word[cut:]
            if rest in words and (
                (head.endswith("-") and head in words)
                or (head.casefold() in joints and head + "-" in words)
            ):
                return True
        return False

    split = {
        word
        for table in Document(str(bilag)).tables
        for row in table.rows
        for cell in row.cells
        for word in cell.text.split()
        if not whole(word)
    }
    assert not split, sorted(split)


def test_a_table_caption_is_never_left_at_the_bottom_of_a_page(printed) -> None:
    """Keep-with-next on captions and short tables: no page ends with "Tabel B. ..." whose
    table is on the next page (it did after BC06's Tabel A)."""
    for number, page in enumerate(printed, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines:
            assert not lines[-1].startswith("Tabel"), (number, lines[-1])


def _reconciliations(path: Path) -> dict[str, set[tuple[str, ...]]]:
    """The rows of each reconciliation table in the Bilag, by proposal id ("" for the
    overview's), read from the body in order (caption paragraph, then its table)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from kkinvest.render.docx_out import POOL_RECONCILIATION_CAPTION, RECONCILIATION_CAPTION

    document = Document(str(path))
    found: dict[str, set[tuple[str, ...]]] = {}
    current, caption = "", ""
    for block in document.element.body.iterchildren():
        if block.tag.endswith("}p"):
            text = Paragraph(block, document).text
            if text.startswith("Forslagets titel: "):
                current = text.split()[2]
            if text:
                caption = text
        elif block.tag.endswith("}tbl"):
            if caption in (RECONCILIATION_CAPTION, POOL_RECONCILIATION_CAPTION):
                rows = {tuple(row) for row in _rows(Table(block, document))[1:]}
                found.setdefault(current, set()).update(rows)
            caption = ""
    return found


@pytest.mark.parametrize("budget", ["2023", "2025"])
def test_the_reconciliation_lists_every_printed_figure_check_finds_different(
    runner, tmp_path, budget: str
) -> None:
    """Every figure `check` compares (a proposal's printed totals, paybacks, tables, claims;
    the pool overview's printed Tabel 1-3) where printed and computed differ is in the Bilag,
    under the proposal or the overview, and nothing else is: 2023 has BC02's payback 4 → 5
    and Tabel 2's anlæg 25,6 → 26,1; 2025 MOBIL's payback 6 → 4."""
    import json

    from kkinvest.render.numbers import exact

    path = tmp_path / "bilag.docx"
    assert runner.invoke(app, ["export", "--docx", str(path), "--budget", budget]).exit_code == 0
    checked = json.loads(runner.invoke(app, ["check", "--budget", budget, "--json"]).stdout)
    expected: dict[str, set[tuple[str, ...]]] = {}
    for finding in checked["findings"]:
        subject = finding["subject"]
        if subject.startswith("Nøgle"):
            continue  # a key's own figures, printed in no proposal
        for value in finding["values"]:
            if value["stated"] == value["computed"]:
                continue
            where = finding["where"] + (f", {value['row']}" if value["row"] else "")

            def written(figure: object) -> str:
                return "–" if figure is None else exact(Decimal(str(figure)))

            row = (
                where,
                "" if value["year"] is None else str(value["year"]),
                written(value["stated"]),
                written(value["computed"]),
            )
            expected.setdefault("" if subject.startswith("Puljeoversigt") else subject, set()).add(
                row
            )
    assert _reconciliations(path) == expected
    if budget == "2023":
        assert ("Tabel 2, BC02, Tilbagebetalingstid, år", "", "4", "5") in expected[""]
        assert ("Tabel 2, I alt, Investeringer, anlæg", "", "25,6", "26,1") in expected[""]
    else:
        assert any(
            r[2:] == ("6", "4") and "Tilbagebetalingstid" in r[0] for r in expected["MOBIL-2025"]
        )


def test_the_summary_charts_the_pools_and_ranks_the_applications(bilag) -> None:
    """Page 1: the pools before (208,7), asked (97,5) and after (111,2 mio. kr.) as bars in
    proportion (97,5 / 208,7 of the longest bar: 19 of 40 cells shaded), then the
    applications by payback: BC08 (4 years) first, BC02 before BC03 (both 5 years: 1,8 of
    2,3 saved per krone against 2,4 of 5,6), the four of 6 years by 3,0/11,3 (BC06),
    0,8/3,3 (BC05), 2,6/11,4 (BC07), 1,9/9,8 (BC01), BC11 (13) last of the investments, then the
    innovation proposals by amount (BC04 3,6, BC10 2,7, BC09 1,1)."""
    document = Document(str(bilag))
    chart, ranking = document.tables[:2]
    assert [row.cells[0].text for row in chart.rows] == [
        "Tilbage i puljerne før ansøgningerne",
        "Ansøgt i alt",
        "Tilbage efter ansøgningerne",
    ]
    assert [row.cells[1].text for row in chart.rows] == ["208,7", "97,5", "111,2"]
    shaded = [
        len(row._tr.findall(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}shd"))
        for row in chart.rows
    ]
    assert shaded == [40, 19, 21]
    order = [row[1].split()[0] for row in _rows(ranking)[1:]]
    assert order == [
        "BC08", "BC02", "BC03", "BC06", "BC05", "BC07", "BC01", "BC11", "BC04", "BC10", "BC09"
    ]  # fmt: skip


@pytest.mark.parametrize("args", [["--budget", "2023"], ["--budget", "2025"], ["BC04", "BC11"]])
def test_no_table_is_wider_than_the_text(args: list[str], tmp_path) -> None:
    """Every table fits between the margins (18 cm; a hundredth or so of rounding): Tabel 2's
    five figure columns as wide as "overførsler" made it 19,9 cm, its last column printed
    off the page; the innovation proposals' Tabel 3 was 18,1 cm. Equal figure columns give
    way, and a long heading takes a line more, before a table runs over the margin."""
    from kkinvest.render.docx_out import TEXT_CM

    path = tmp_path / "out.docx"
    assert CliRunner().invoke(app, ["export", "--docx", str(path), *args]).exit_code == 0
    widths = [sum(c.width.cm for c in t.columns) for t in Document(str(path)).tables]
    assert widths and max(widths) <= TEXT_CM + 0.05
