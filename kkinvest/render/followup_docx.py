"""The status annex as a Word document: "Status på tidligere godkendte investerings- og
innovationsforslag", per committee a table of statuses (the colour as the cell's shading and
as its word, so it survives a black-and-white printer), a table of figures, and a chart of the
saving planned to date against the saving realised, drawn as bars of a table (Word and
LibreOffice show it alike; no charting library needed). A4 portrait, Arial.

Returns a python-docx Document; the command line saves it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kkinvest.calc.followup import StatusRow
from kkinvest.money import ZERO, round_half_away
from kkinvest.registry import Registry
from kkinvest.render.followup import STATUS_LEGEND, figure_cells
from kkinvest.render.numbers import danish

if TYPE_CHECKING:
    from docx.document import Document

TITLE = "Status på tidligere godkendte investerings- og innovationsforslag"
FONT = "Arial"
SHADES = {"grøn": "C6EFCE", "gul": "FFEB9C", "rød": "FFC7CE"}
"""The colours' cell shading (as a spreadsheet's good, neutral and bad)."""
BARS = {"plan": "A6A6A6", "grøn": "548235", "gul": "BF8F00", "rød": "C00000", "ingen": "7F7F7F"}
BAR_WIDTH = 40
"""Characters in the longest bar."""


def status_document(rows: Sequence[StatusRow], year: int, registry: Registry) -> Document:
    from docx import Document as new_document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    doc = new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    for name in ("Normal", "Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.color.rgb = None
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(TITLE, level=1)
    doc.add_paragraph(
        f"Forårsstatus {year}. Beløb i 1.000 kr. i forslagenes pris- og lønniveau; til dato er "
        f"årene til og med {year - 1}."
    )
    by_committee: dict[str, list[StatusRow]] = {}
    for row in rows:
        by_committee.setdefault(row.proposal.proposing_committee, []).append(row)
    for code, group in by_committee.items():
        found = registry.row(code)
        doc.add_heading(f"{found.name} ({code})" if found else code, level=2)
        _statuses(doc, group)
        doc.add_paragraph()
        _figures(doc, group)
        doc.add_paragraph()
        _chart(doc, group)
        for row in group:
            if row.note:
                doc.add_paragraph(f"{row.proposal.id}: {row.note}")
    doc.add_paragraph(" ".join(STATUS_LEGEND))
    return doc


def _table(doc: Document, header: Sequence[str], widths_cm: Sequence[float]) -> Any:
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)  # the grid: what LibreOffice lays out by
    for cell, text, width in zip(table.rows[0].cells, header, widths_cm, strict=True):
        cell.width = Cm(width)
        run = cell.paragraphs[0].add_run(text)
        run.bold, run.font.size = True, Pt(9)
    return table


def _row(table: Any, values: Sequence[str], widths_cm: Sequence[float], right_from: int) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    cells = table.add_row().cells
    for number, (cell, text, width) in enumerate(zip(cells, values, widths_cm, strict=True)):
        cell.width = Cm(width)
        paragraph = cell.paragraphs[0]
        paragraph.add_run(text).font.size = Pt(9)
        if number >= right_from:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return cells


def _shade(cell: Any, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


STATUS_WIDTHS = (1.6, 8.4, 2.8, 4.6)


def _statuses(doc: Document, rows: Sequence[StatusRow]) -> None:
    table = _table(doc, ("Nr.", "Forslag", "Runde", "Status"), STATUS_WIDTHS)
    for row in rows:
        rounds = ", ".join(d.round for d in row.decisions) or "–"
        word = row.colour if row.colour != "ingen" else "–"
        status = f"{word}: {row.status.title}" + (" *" if row.behind else "")
        cells = _row(table, (row.proposal.id, row.proposal.title, rounds, status), STATUS_WIDTHS, 9)
        if row.colour in SHADES:
            _shade(cells[3], SHADES[row.colour])


FIGURE_HEADER = (
    "Nr.",
    "Inv.",
    "Brugt",
    "Besp. plan",
    "Besp. real.",
    "Real. % af plan",
    "Mangler",
    "Tilb. plan",
    "Tilb. nu",
)
FIGURE_WIDTHS = (1.6, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 1.9, 1.9)


def _figures(doc: Document, rows: Sequence[StatusRow]) -> None:
    table = _table(doc, FIGURE_HEADER, FIGURE_WIDTHS)
    for row in rows:
        _row(table, (row.proposal.id, *figure_cells(row)), FIGURE_WIDTHS, 1)


CHART_WIDTHS = (1.6, 12.2, 3.6)


def _chart(doc: Document, rows: Sequence[StatusRow]) -> None:
    """Planned and realised saving to date as bars, the longest BAR_WIDTH characters."""
    from docx.shared import Pt, RGBColor

    largest = max((max(r.saving_planned, r.saving_realised) for r in rows), default=ZERO)
    if largest <= 0:
        return
    doc.add_paragraph("Besparelse til dato: planlagt (grå) og realiseret (statusfarve)")
    table = _table(doc, ("Nr.", "", "Plan / real."), CHART_WIDTHS)
    for row in rows:
        cells = _row(table, (row.proposal.id, "", ""), CHART_WIDTHS, 2)
        bars = cells[1].paragraphs[0]
        for number, (amount, colour) in enumerate(
            ((row.saving_planned, BARS["plan"]), (row.saving_realised, BARS[row.colour]))
        ):
            if number:
                bars.add_run().add_break()
            run = bars.add_run("█" * _length(amount, largest) or "▏")
            run.font.size = Pt(8)
            run.font.color.rgb = RGBColor.from_string(colour)
        figures = cells[2].paragraphs[0]
        figures.runs[0].text = danish(row.saving_planned)
        figures.add_run().add_break()
        figures.add_run(danish(row.saving_realised)).font.size = Pt(9)


def _length(amount: Decimal, largest: Decimal) -> int:
    if amount <= 0:
        return 0
    return max(1, int(round_half_away(amount * BAR_WIDTH / largest)))
