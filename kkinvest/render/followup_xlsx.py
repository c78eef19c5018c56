"""The follow-up workbook: one committee's granted proposals with their planned figures and
yellow cells for the spring status (status, note, realised, incorporated, spent per year), the
same conventions as `kkinvest template --xlsx` (yellow input cells, a drop-down list). Read
back with --data (io/followup_xlsx.py); the words both use are in kkinvest.followup_layout.

Returns an openpyxl Workbook; the command line saves it.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kkinvest import followup_layout as L
from kkinvest.calc.followup import StatusRow, counted, first_year, merged, planned_net
from kkinvest.model import Section
from kkinvest.money import ZERO, add_series
from kkinvest.registry.statuses import Statuses
from kkinvest.render.excel import HEADER_FILL, INPUT_FILL

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

AMOUNT_FORMAT = "#,##0;-#,##0;0"


def _years(row: StatusRow, year: int) -> list[int]:
    """The years to report: from the proposal's first year to the year before the status."""
    start = first_year(row.proposal) or year - 1
    return list(range(min(start, year - 1), year))


def followup_workbook(
    committees: Sequence[tuple[str, list[StatusRow]]], year: int, statuses: Statuses
) -> Workbook:
    """One sheet per committee (name, rows), for the spring status of `year`."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in committees:
        code = rows[0].proposal.committee if rows else name
        sheet = book.create_sheet(f"Opfølgning {code}"[:31])
        _sheet(sheet, name, rows, year, statuses)
    return book


def _sheet(
    sheet: Worksheet, name: str, rows: list[StatusRow], year: int, statuses: Statuses
) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    yellow = PatternFill("solid", fgColor=INPUT_FILL)
    grey = PatternFill("solid", fgColor=HEADER_FILL)
    bold = Font(bold=True)
    sheet["A1"] = L.MARKER
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"], sheet["B2"] = L.COMMITTEE, name
    sheet["A3"], sheet["B3"] = L.YEAR, year
    sheet["A4"], sheet["B4"] = L.REPORTED, datetime.date(year, 3, 1)
    sheet["B4"].fill, sheet["B4"].number_format = yellow, "DD-MM-YYYY"
    sheet["A5"] = L.HELP
    sheet["A5"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=5, start_column=1, end_row=5, end_column=8)
    sheet.row_dimensions[5].height = 62
    choices = DataValidation(
        type="list",
        formula1='"' + ",".join(s.name for s in statuses.statuses) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Ukendt status",
        error="Vælg en status på listen.",
    )
    sheet.add_data_validation(choices)
    at = 7
    widest = 1
    for row in rows:
        years = _years(row, year)
        widest = max(widest, len(years))
        at = _block(sheet, row, years, at, yellow, grey, bold, choices) + 2
    sheet.column_dimensions["A"].width = 32
    for number in range(2, widest + 3):
        sheet.column_dimensions[_letter(number)].width = 12
    sheet.freeze_panes = "B7"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(number)


def _block(
    sheet: Worksheet,
    row: StatusRow,
    years: list[int],
    at: int,
    yellow: Any,
    grey: Any,
    bold: Any,
    choices: Any,
) -> int:
    """One proposal's rows from row `at`; returns the last row written."""
    p = row.proposal
    history = row.history
    realised = merged(history, "realised")
    incorporated = merged(history, "incorporated")
    spent = merged(history, "spent")
    investment = add_series(line.values for line in counted(p, Section.IMPLEMENTATION))
    sheet.cell(at, 1, L.PROPOSAL).font = bold
    sheet.cell(at, 2, p.id).font = bold
    sheet.cell(at, 3, p.title).font = bold
    sheet.cell(at + 1, 1, L.ROUNDS)
    sheet.cell(at + 1, 2, ", ".join(d.round for d in row.decisions) or "–")
    sheet.cell(at + 1, 4, L.LAST_STATUS)
    last = f"{row.status.name} ({row.status_date.isoformat()})" if row.status_date else "–"
    sheet.cell(at + 1, 5, last)
    sheet.cell(at + 2, 1, L.STATUS)
    status = sheet.cell(at + 2, 2)
    status.fill = yellow
    choices.add(status.coordinate)
    sheet.cell(at + 3, 1, L.NOTE)
    sheet.merge_cells(start_row=at + 3, start_column=2, end_row=at + 3, end_column=8)
    sheet.cell(at + 3, 2).fill = yellow
    sheet.cell(at + 4, 1, f"{L.UNIT} {p.price_level} p/l" if p.price_level else L.UNIT)
    for col, year in enumerate(years, start=2):
        cell = sheet.cell(at + 4, col, year)
        cell.font, cell.fill = bold, grey
    given: list[tuple[str, dict[int, Decimal] | None, bool]] = [
        (L.PLANNED_NET, {y: planned_net(p, y) for y in years}, False),
        (L.REALISED, realised, True),
        (L.INCORPORATED, incorporated, True),
        (L.PLANNED_INVESTMENT, investment, False),
        (L.SPENT, spent, True),
    ]
    for offset, (label, values, typed) in enumerate(given, start=5):
        sheet.cell(at + offset, 1, label)
        for col, year in enumerate(years, start=2):
            value = (values or {}).get(year, None if typed else ZERO)
            cell = sheet.cell(at + offset, col, None if value is None else _number(value))
            cell.number_format = AMOUNT_FORMAT
            if typed:
                cell.fill = yellow
    return at + 9


def _number(value: Decimal) -> int | Decimal:
    """An amount as the spreadsheet holds it (whole thousands stay integers; never a float)."""
    return int(value) if value == value.to_integral_value() else value


STATUS_SHEET = "Status"
"""The export's sheet of the status annex (read back by nobody: io/excel_in skips it)."""
STATUS_COLUMNS = (
    ("Udvalg", 8),
    ("Nr.", 10),
    ("Forslag", 40),
    ("Bevilget i", 14),
    ("Status", 26),
    ("Farve", 7),
    ("Investering, plan", 12),
    ("Brugt", 12),
    ("Besparelse til dato, plan", 13),
    ("Besparelse til dato, realiseret", 13),
    ("Realiseret, % af plan", 11),
    ("Mangler (årlig besparelse)", 12),
    ("Tilb.tid, plan", 9),
    ("Tilb.tid, nu forventet", 9),
    ("Note", 60),
)
SHADES = {"grøn": "C6EFCE", "gul": "FFEB9C", "rød": "FFC7CE"}


def add_status_sheet(book: Any, rows: Sequence[StatusRow], year: int) -> None:
    """The status annex as a sheet of the (write-only) export workbook."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet = book.create_sheet(f"{STATUS_SHEET} {year}")
    for number, (_, width) in enumerate(STATUS_COLUMNS, start=1):
        sheet.column_dimensions[_letter(number)].width = width
    title = WriteOnlyCell(
        sheet,
        f"Status på tidligere godkendte investerings- og innovationsforslag, forårsstatus {year}",
    )
    title.font = Font(bold=True, size=13)
    sheet.append([title])
    sheet.append([f"1.000 kr. i forslagenes p/l; til dato: årene til og med {year - 1}."])
    header = []
    for name, _ in STATUS_COLUMNS:
        cell = WriteOnlyCell(sheet, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    sheet.append(header)
    for row in rows:
        colour = WriteOnlyCell(sheet, row.colour if row.colour != "ingen" else "")
        if row.colour in SHADES:
            colour.fill = PatternFill("solid", fgColor=SHADES[row.colour])
        amounts = []
        for value in (
            row.investment_planned,
            row.spent,
            row.saving_planned,
            row.saving_realised,
        ):
            cell = WriteOnlyCell(sheet, _number(value))  # type: ignore[arg-type]
            cell.number_format = AMOUNT_FORMAT
            amounts.append(cell)
        share = WriteOnlyCell(sheet, None if row.percent is None else row.percent / 100)  # type: ignore[arg-type]
        share.number_format = "0%"
        to_come = WriteOnlyCell(sheet, _number(row.saving_to_come))  # type: ignore[arg-type]
        to_come.number_format = AMOUNT_FORMAT
        sheet.append(
            [
                row.proposal.committee,
                row.proposal.id,
                row.proposal.title,
                ", ".join(d.round for d in row.decisions),
                row.status.title + (" *" if row.behind else ""),
                colour,
                *amounts,
                share,
                to_come,
                row.payback_planned,
                row.payback_expected,
                row.note or "",
            ]
        )
