"""What the second outside test of the reader found (21 proposals typed in Word by a new
analyst, tests/data/typed/make_outside.py), each as a small test that failed before; the
whole documents are TY23-TY27 in test_typed_documents.py.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from kkinvest.io.docx_in import text_of
from kkinvest.io.grid import Block, Grid, Paragraph
from kkinvest.io.recognise.document import read_proposal
from kkinvest.io.recognise.tabel_1 import read_tabel_1
from kkinvest.numbers import NotANumber, read_number
from kkinvest.registry import default_registry

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def paragraph_xml(runs: str) -> Any:
    return etree.fromstring(f'<w:p xmlns:w="{W_NS}">{runs}</w:p>')


def run(text: str, props: str = "") -> str:
    return f"<w:r><w:rPr>{props}</w:rPr><w:t>{text}</w:t></w:r>"


SUPER = '<w:vertAlign w:val="superscript"/>'


@pytest.mark.parametrize(
    ("runs", "text", "amount"),
    [
        (run("673") + run("1", SUPER), "673¹", Decimal(673)),  # a mark, not 6.731
        (run("-533") + run("3", SUPER), "-533³", Decimal(-533)),
        (run("2025") + run("2", SUPER), "2025²", Decimal(2025)),  # a year heading
        (run("1.500") + run("*", SUPER), "1.500*", Decimal(1500)),
        (run("673") + run("1", '<w:vertAlign w:val="subscript"/>'), "6731", Decimal(6731)),
    ],
)
def test_a_digit_in_superscript_is_a_footnote_mark(runs: str, text: str, amount: Decimal) -> None:
    """A figure typed with its note's number raised ("Hævet skrift"): Word shows "673¹", and
    the text of the runs is "6731". Read as 6.731 it gave a payback of 27 år for 4 år, with
    nothing in the table to catch it."""
    read = text_of(paragraph_xml(runs))
    assert read == text
    assert read_number(read).amount == amount


def test_a_figure_in_parentheses_is_refused_saying_how_to_write_the_minus() -> None:
    with pytest.raises(NotANumber, match=r'menes -533, så skriv "-533"'):
        read_number("(533)")


def grid(rows: list[list[Any]], title: str = "Tabel 1. Forslagets samlede konsekvenser") -> Grid:
    cells = {(r, c): v for r, row in enumerate(rows, 1) for c, v in enumerate(row, 1) if v != ""}
    return Grid("t.docx", "tabel 1", cells, title=title)


TABLE = [
    ["1.000 kr. 2027 p/l", "Styringsområde", "2027", "2028"],
    ["Varige ændringer", "", "", ""],
    ["Effektivisering", "Service", "-500", "-500"],
    ["Indkøbseffektiviseringer (til orientering)", "Service", "-200", "-200"],
    ["Samlet varig ændring", "", "-500", "-500"],
    ["Implementeringsomkostninger", "", "", ""],
    ["Projekt", "Service", "800", ""],
    ["Samlede implementeringsomkostninger", "", "800", ""],
]


def test_a_line_kkinvests_bilag_marks_for_information_is_in_no_total_when_compared() -> None:
    """kkinvest's Bilag prints a memo line as "Label (til orientering)": read back, the line
    is for information before the totals are compared (two false warnings before)."""
    table = read_tabel_1(grid(TABLE))
    [memo] = [line for line in table.lines if line.memo]
    assert memo.label == "Indkøbseffektiviseringer"
    assert table.warnings == []


def test_a_refused_cell_is_not_followed_by_warnings_about_the_totals() -> None:
    rows = [row[:] for row in TABLE]
    rows[6][2] = "800.000 kr."  # kr. in a table of 1.000 kr.: refused
    table = read_tabel_1(grid(rows))
    [(where, message)] = table.problems
    assert where == "t.docx, tabel 1, række 7, kolonne 3"
    assert message.startswith('"800.000 kr." er i kr., men tabellen er i 1.000 kr.')
    assert table.warnings == []


def header_blocks(*texts: str, bold: int | None = None) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(text, "Normal", f"afsnit {n}", n, bold=(n == bold))
        for n, text in enumerate(texts, 1)
    ]
    blocks.append(grid(TABLE))
    return blocks


def test_the_budget_year_in_the_older_templates_heading_is_read() -> None:
    """ "INVESTERINGSFORSLAG – BUDGET 2017" (the 2016 template) gave budget 2016, from Tabel 1's
    p/l, with a guess saying no heading gave a budget year."""
    draft = read_proposal(
        header_blocks("INVESTERINGSFORSLAG – BUDGET 2017", "Forslagets titel: NY10 Lys"),
        "t.docx",
        default_registry(),
        "T",
    )
    assert (draft.kind, draft.budget, draft.price_level) == ("investering", 2017, 2027)
    assert "budget" not in draft.guesses


def test_a_proposal_named_in_a_bold_paragraph_takes_its_title_and_id_from_it() -> None:
    """A template without "Forslagets titel" and without heading styles names the proposal in
    a bold paragraph: its title (and the id it starts with), as a guess; before, "title:
    mangler" refused the whole folder."""
    draft = read_proposal(
        header_blocks(
            "INVESTERINGSFORSLAG – BUDGET 2017",
            "NY10 Energirenovering af belysning",
            "Fremstillende forvaltning: Kultur- og Fritidsforvaltningen",
            bold=2,
        ),
        "t.docx",
        default_registry(),
        "T",
    )
    assert (draft.id, draft.title) == ("NY10", "Energirenovering af belysning")
    assert {"id", "title"} <= set(draft.guesses)


def test_a_paragraph_that_is_not_bold_is_no_title() -> None:
    draft = read_proposal(
        header_blocks("INVESTERINGSFORSLAG", "NY10 Energirenovering af belysning"),
        "t.docx",
        default_registry(),
        "T",
    )
    assert draft.title is None
    assert draft.id == "T"


def test_a_skipped_export_does_not_warn_of_what_it_copies(
    tmp_path: Path, runner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Bilag exported into the catalogue folder is skipped with a note; what reading it
    would warn of is not printed beside that note (the memo line's false warnings were): the
    files it copies speak for themselves. The Bilag is given a warning of its own here."""
    from kkinvest.cli import app
    from kkinvest.io import word

    typed = Path(__file__).parent / "data" / "typed"
    (tmp_path / "TY18.docx").write_bytes((typed / "TY18.docx").read_bytes())
    bilag = tmp_path / "bilag.docx"
    result = runner.invoke(app, ["export", "--docx", "--data", str(tmp_path), str(bilag)])
    assert result.exit_code == 0, result.output
    checks = word.read_time_checks

    def warn_in_the_bilag(draft: Any, proposal: Any) -> None:
        checks(draft, proposal)
        if draft.source.endswith("bilag.docx"):
            draft.warnings.append((draft.source, "BILAGETS EGEN ADVARSEL"))

    monkeypatch.setattr(word, "read_time_checks", warn_in_the_bilag)
    listed = runner.invoke(app, ["list", "--data", str(tmp_path)])
    assert listed.exit_code == 0, listed.output
    assert "springes over" in listed.stderr
    assert "BILAGETS EGEN ADVARSEL" not in listed.stderr
    assert "TY18.docx" in listed.stderr  # TY18's own warnings stand
    bilag.rename(tmp_path.parent / "bilag.docx")  # on its own, the Bilag is read: it warns
    alone = runner.invoke(app, ["list", "--data", str(tmp_path.parent / "bilag.docx")])
    assert "BILAGETS EGEN ADVARSEL" in alone.stderr, alone.output
