"""The Bilag as LibreOffice prints it (issue 22, item 1), measured on the PDF: every page has
its "Side x af y", no two words are printed over each other, no table shorter than a page is
broken across pages (its caption, first and last row on one page), and the file says it is
Danish (da-DK) in one typeface with a title and kkinvest as its author. Skipped without
LibreOffice or poppler-utils; the budgets 2023 (11 proposals, 20-odd pages) and 2025."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from docx import Document
from lxml import etree

from kkinvest.cli import app

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        SOFFICE is None or shutil.which("pdftotext") is None,
        reason="LibreOffice or poppler-utils are not installed",
    ),
]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class Printed(NamedTuple):
    name: str  # a key of DOCUMENTS
    docx: Path
    pages: list[str]  # pdftotext -layout, one string a page
    words: list[list[tuple[float, float, float, float, str]]]  # per page: boxes and words


DOCUMENTS = {
    "2023": ["--budget", "2023", "--findings", "--annex", "7"],
    "2025": ["--budget", "2025", "--findings", "--annex", "7"],
    "BC02": ["BC02"],  # the single proposal in the template (the longest reconciliation)
    "BC01 BC11": ["BC01", "BC11"],  # two proposals: Tabel A/B/C and a 13-year Tabel 1
}
FOOTERS = {
    "2023": "Bilag 7, budget",
    "2025": "Bilag 7, budget",
    "BC02": "BC02",
    "BC01 BC11": "2 forslag",
}


@pytest.fixture(scope="module", params=list(DOCUMENTS))
def printed(request: Any, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    from typer.testing import CliRunner

    out = tmp_path_factory.mktemp(f"bilag-{request.param.replace(' ', '-')}")
    path = out / "bilag.docx"
    args = ["export", "--docx", str(path), *DOCUMENTS[request.param]]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert SOFFICE is not None
    profile = f"-env:UserInstallation=file://{out / 'profile'}"
    subprocess.run(
        [SOFFICE, profile, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(path)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = out / "bilag.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words: list[list[tuple[float, float, float, float, str]]] = []
    for page in re.split(r"<page ", boxes)[1:]:
        words.append(
            [
                (float(a), float(b), float(c), float(d), word)
                for a, b, c, d, word in re.findall(
                    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                    r"([^<]*)</word>",
                    page,
                )
            ]
        )
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return Printed(request.param, path, pages, words)


def test_every_page_has_its_page_number_of_the_total(printed: Printed) -> None:
    total = len(printed.pages)
    assert total >= 3
    assert sum(len(words) for words in printed.words) > 300 * total / 2  # the boxes were read
    for number, page in enumerate(printed.pages, start=1):
        assert FOOTERS[printed.name] in page, number
        assert re.search(rf"Side {number} af {total}\b", page), (number, page[-200:])


def test_no_two_words_are_printed_over_each_other(printed: Printed) -> None:
    """Two words' boxes overlap by more than a sliver (a fifth of the smaller box) nowhere:
    text of a cell running over the next row or column would."""
    for number, words in enumerate(printed.words, start=1):
        ordered = sorted(words, key=lambda w: w[1])
        for i, (x0, y0, x1, y1, text) in enumerate(ordered):
            for u0, v0, u1, v1, other in ordered[i + 1 :]:
                if v0 >= y1:
                    break
                width = min(x1, u1) - max(x0, u0)
                height = min(y1, v1) - max(y0, v0)
                if width <= 0 or height <= 0:
                    continue
                smaller = min((x1 - x0) * (y1 - y0), (u1 - u0) * (v1 - v0))
                assert width * height <= 0.2 * smaller, (number, text, other)


def _tables_in_order(path: Path) -> list[tuple[str, list[str], list[str]]]:
    """Each table's caption (the paragraph before it), first and last row's cell texts."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(str(path))
    found = []
    caption = ""
    for block in document.element.body.iterchildren():
        if block.tag == f"{W}p":
            caption = Paragraph(block, document).text or caption
        elif block.tag == f"{W}tbl":
            rows = Table(block, document).rows
            cells = [[c.text.replace("\xad", "") for c in row.cells] for row in rows]
            if len(cells) < 20:
                found.append((caption, cells[1] if len(cells) > 1 else cells[0], cells[-1]))
            caption = ""
    return found


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_no_table_shorter_than_a_page_is_broken_across_pages(printed: Printed) -> None:
    """The caption, the first and the last row of every table of fewer than 20 rows are on
    one page (keep with next on the caption and every row, rows that do not split)."""
    pages = [_flat(page) for page in printed.pages]
    page, offset = 0, 0
    assert len(_tables_in_order(printed.docx)) >= (6 if printed.name[0] == "2" else 4)
    for caption, first, last in _tables_in_order(printed.docx):
        wanted = _flat(caption)
        while page < len(pages) and pages[page].find(wanted, offset) < 0:
            page, offset = page + 1, 0
        assert page < len(pages), caption
        offset = pages[page].find(wanted, offset) + len(wanted)
        for row in (first, last):
            words = [w for cell in row for w in cell.split()]
            if words:
                assert pages[page].find(words[0], offset) >= 0, (caption, row, page + 1)
                assert pages[page].find(words[-1], offset) >= 0, (caption, row, page + 1)


def test_the_file_is_danish_in_one_typeface_with_its_title_and_author(printed: Printed) -> None:
    with zipfile.ZipFile(printed.docx) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
        settings = etree.fromstring(package.read("word/settings.xml"))
        body = package.read("word/document.xml")
    languages = {
        value
        for element in styles.iter(f"{W}lang", f"{W}themeFontLang")
        for name, value in element.attrib.items()
        if name in (f"{W}val", f"{W}eastAsia")
    } | {e.get(f"{W}val") for e in settings.iter(f"{W}themeFontLang")}
    assert languages == {"da-DK"}
    fonts = {value for element in styles.iter(f"{W}rFonts") for value in element.attrib.values()}
    assert fonts == {"Arial"}  # no theme font (Calibri, Cambria) left to fall back to
    assert b"rFonts" not in body  # the runs take the styles' face
    properties = Document(str(printed.docx)).core_properties
    assert properties.language == "da-DK"
    assert properties.author == "kkinvest"
    title = "BC" if printed.name.startswith("BC") else "Investerings- og innovationsforslag, "
    assert properties.title.startswith(title)
    assert properties.created is not None and properties.created.year >= 2026


def test_kkinvest_is_named_once_in_a_footnote_at_the_foot_of_its_page(printed: Printed) -> None:
    """ "Beregnet af kkinvest" is a Word footnote (word/footnotes.xml), not body text: printed
    once, at the foot of the page of its mark, below all the page's text but the footer."""
    with zipfile.ZipFile(printed.docx) as package:
        body = package.read("word/document.xml").decode()
    assert body.count("<w:footnoteReference ") == 1
    assert "beregnet af kkinvest" not in body.casefold()
    pages = [n for n, page in enumerate(printed.pages) if "beregnet af kkinvest" in page.casefold()]
    assert len(pages) == 1
    words = printed.words[pages[0]]
    first = "Alle" if printed.name[0] == "2" else "Totalerne"  # the note's first word
    top = next(w[1] for w in words if w[4] == first)
    footer = min(w[1] for w in words if w[4] == "Side")
    under = sorted((w for w in words if top - 3 <= w[1] < footer - 1), key=lambda w: (w[1], w[0]))
    lines: dict[float, list[tuple[float, str]]] = {}
    for x0, y0, _, _, word in under:  # the superscript mark sits a little higher on its line
        line = next((y for y in lines if abs(y - y0) < 3), y0)
        lines.setdefault(line, []).append((x0, word))
    printed_note = " ".join(w for y in sorted(lines) for _, w in sorted(lines[y]))
    with zipfile.ZipFile(printed.docx) as package:
        notes = etree.fromstring(package.read("word/footnotes.xml"))
    note = "".join(t.text or "" for t in notes.iter(f"{W}t"))
    assert _flat(printed_note) == _flat("1" + note)  # below it only the note, at the foot
    assert top > 0.6 * footer
