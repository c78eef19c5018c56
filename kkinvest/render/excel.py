"""Excel workbooks in the municipality's layouts: one sheet per proposal (Tabel 1, then Tabel A,
B and C for Kvantum, a payback chart) and overview sheets with the pool's Tabel 1-3.

Totals are live `=SUM(...)` formulas, so an analyst who edits a cell sees them follow. Numbers
carry a format with thousands separators and a dash for zero (Danish Excel shows `1.898`).
Text from proposals is always written as text, never as a formula (`=HYPERLINK(...)` in a title
stays text). Sheets are written in openpyxl's write-only mode: memory stays flat however many
proposals there are.

Layout of a proposal sheet (the reader in `io/excel_in.py` expects the same):

    1   "BC06 Automatisering ..."                      (title)
    3-11  Nr. / Titel / Type / Budget / Pris- og lønniveau / Udvalg / Forvaltning / Pulje / Kilde
    13  "Tabel 1. Forslagets samlede økonomiske konsekvenser"
    14  "1.000 kr. 2023 p/l" | Styringsområde | 2023 | 2024 | ... | Tilbagebetalingstid | Note
    15  Varige ændringer, lines, Samlet varig ændring, memo lines, Implementeringsomkostninger,
        lines, Samlede implementeringsomkostninger, Samlet økonomisk påvirkning, the paybacks
    then Tabel A, B, C; the payback table behind the chart; and "Øvrige oplysninger (kkinvest)":
    the split and the document's printed figures as TOML, so the sheet loads back unchanged.

openpyxl is imported inside the functions: only the Excel commands pay for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kkinvest.calc.payback import Basis, Payback
from kkinvest.calc.pools import Overview
from kkinvest.calc.tables import KvantumTable
from kkinvest.labels import (
    AREA_LABELS,
    IMPLEMENTATION_HEADING,
    PAYBACK_ROWS,
    PERMANENT_HEADING,
    TABEL_1,
    TOTAL_ROWS,
)
from kkinvest.model import Line, Pool, Proposal, Section
from kkinvest.registry import Registry

if TYPE_CHECKING:
    from openpyxl import Workbook

    from kkinvest.render.excel_economics import Economics

WriteOnlyWorksheet = Any
"""openpyxl's write-only sheet: its column_dimensions, page_setup and add_chart are attached at
run time, which the type stubs do not know."""

NUMBER = '#,##0;-#,##0;"-"'
MILLIONS = '#,##0.0;-#,##0.0;"."'
META = (
    ("Nr.", "id"),
    ("Titel", "title"),
    ("Type", "kind"),
    ("Budget", "budget"),
    ("Pris- og lønniveau", "price_level"),
    ("Udvalg", "committee"),
    ("Forvaltning", "administration"),
    ("Pulje", "pool"),
    ("Kilde", "source"),
)
PAYBACK_FLAG = "Tilbagebetalingstid"
NOTE_FLAG = "Note"
NOT_IN_PAYBACK = "indgår ikke"
MEMO = "til orientering"
EXTRA = "Øvrige oplysninger (kkinvest)"
FIRST_YEAR_COLUMN = 3  # column C
HEADER_ROW = 3 + len(META) + 2  # Tabel 1's header: title, blank, the block, blank, heading


@dataclass(frozen=True)
class ProposalSheet:
    """Everything one proposal sheet shows, computed beforehand by the caller."""

    proposal: Proposal
    paybacks: dict[Basis, Payback]
    tables: dict[str, KvantumTable]
    extra_toml: str  # the split and the stated figures, as TOML


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


class _Rows:
    """Appends styled rows to a write-only sheet and remembers the row number."""

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        from openpyxl.styles import Font

        self.sheet = sheet
        self.row = 0
        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=14)

    def add(
        self, *values: Any, bold: bool = False, fmt: str | None = None, title: bool = False
    ) -> int:
        from openpyxl.cell import WriteOnlyCell

        cells = []
        for value in values:
            cell = WriteOnlyCell(self.sheet, value=_safe(value))
            if isinstance(value, str) and not isinstance(value, Formula):
                cell.data_type = "s"  # text, even when it starts with = + - or @
            if bold or title:
                cell.font = self.title if title else self.bold
            if fmt and (isinstance(value, int | Decimal) or _is_formula(value)):
                cell.number_format = fmt
            cells.append(cell)
        self.sheet.append(cells)
        self.row += 1
        return self.row

    def blank(self) -> int:
        self.sheet.append([])
        self.row += 1
        return self.row


class Formula(str):
    """A formula kkinvest writes itself (never text taken from a proposal)."""


def _is_formula(value: Any) -> bool:
    return isinstance(value, Formula)


def _safe(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    return value


def _sum(column: int, first: int, last: int) -> Formula:
    letter = _col(column)
    return Formula(f"=SUM({letter}{first}:{letter}{last})")


def _setup(sheet: WriteOnlyWorksheet, widths: Sequence[float], freeze: str) -> None:
    """Column widths, frozen panes and print settings: in write-only mode they must be set
    before the first row is written."""
    sheet.freeze_panes = freeze
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[_col(index)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _line_row(line: Line, years: Sequence[int]) -> list[Any]:
    flags = [NOT_IN_PAYBACK if not line.in_payback else None, MEMO if line.memo else None]
    return [line.label, AREA_LABELS[line.area], *(line.values.get(y) for y in years), *flags]


def _meta_and_header(
    rows: _Rows,
    sheet: WriteOnlyWorksheet,
    values: dict[str, Any],
    years: Sequence[int],
    price_level: Any,
) -> int:
    for label, field in META:
        rows.add(label, values.get(field))
    rows.blank()
    rows.add(TABEL_1, bold=True)
    header = rows.add(
        f"1.000 kr. {price_level} p/l", "Styringsområde", *years, PAYBACK_FLAG, NOTE_FLAG, bold=True
    )
    sheet.freeze_panes = f"C{header + 1}"
    return header


def _tabel_1(
    rows: _Rows,
    width: int,
    permanent: Sequence[Sequence[Any]],
    implementation: Sequence[Sequence[Any]],
    memos: tuple[Sequence[Sequence[Any]], Sequence[Sequence[Any]]],
    paybacks: Sequence[tuple[str, Any]],
) -> None:
    """Tabel 1 below its header: each section's lines, its SUM row and then its lines for
    information only (outside the sum), the impact and the paybacks."""

    def totals_row(label: str, first: int, last: int) -> int:
        sums = (_sum(FIRST_YEAR_COLUMN + i, first, last) for i in range(width))
        return rows.add(label, None, *sums, bold=True, fmt=NUMBER)

    total_rows: list[int] = []
    sections = (
        (PERMANENT_HEADING, TOTAL_ROWS["total_permanent"], permanent, memos[0]),
        (IMPLEMENTATION_HEADING, TOTAL_ROWS["total_implementation"], implementation, memos[1]),
    )
    for heading, total_label, counted, memo in sections:
        if not counted and not memo:
            continue
        rows.add(heading, bold=True)
        first = rows.row + 1
        for values in counted:
            rows.add(*values, fmt=NUMBER)
        if counted:
            total_rows.append(totals_row(total_label, first, rows.row))
        for values in memo:
            rows.add(*values, fmt=NUMBER)
    impact = [
        Formula("=" + "+".join(f"{_col(FIRST_YEAR_COLUMN + i)}{r}" for r in total_rows))
        if total_rows
        else 0
        for i in range(width)
    ]
    rows.add(TOTAL_ROWS["total_impact"], None, *impact, bold=True, fmt=NUMBER)
    for label, value in paybacks:
        rows.add(label, None, value)


def _widths(labels: Iterable[str], years: int) -> list[float]:
    label_width = min(60, max([len(label) for label in labels] + [26]) + 2)
    return [label_width, 16, *([11] * max(years, 8)), 20, 16]


def write_proposal_sheet(sheet: WriteOnlyWorksheet, item: ProposalSheet, registry: Registry) -> int:
    from openpyxl.chart import LineChart, Reference, Series

    p = item.proposal
    years = p.years
    width = len(years)
    _setup(sheet, _widths((line.label for line in p.lines), width), f"C{HEADER_ROW + 1}")
    rows = _Rows(sheet)
    rows.add(f"{p.id} {p.title}", title=True)
    rows.blank()
    meta = {field: getattr(getattr(p, field), "value", getattr(p, field)) for _, field in META}
    _meta_and_header(rows, sheet, meta, years, p.price_level)

    def shown(section: Section, memo: bool) -> list[list[Any]]:
        return [
            _line_row(line, years)
            for line in p.lines
            if line.section is section and line.memo is memo
        ]

    _tabel_1(
        rows,
        width,
        shown(Section.PERMANENT, False),
        shown(Section.IMPLEMENTATION, False),
        (shown(Section.PERMANENT, True), shown(Section.IMPLEMENTATION, True)),
        [
            (PAYBACK_ROWS[basis], payback.years if payback.years is not None else "ingen")
            for basis, payback in item.paybacks.items()
        ],
    )
    for table in item.tables.values():
        rows.blank()
        _kvantum(rows, table, p, years, registry)
    chart_rows = _payback_block(rows, item.paybacks[Basis.SERVICE])
    rows.blank()
    rows.add(EXTRA, item.extra_toml)
    if chart_rows is not None:
        head, first_col, last_col = chart_rows
        chart = LineChart()
        chart.title = "Akkumuleret investering og besparelse"
        chart.y_axis.title = "1.000 kr."
        chart.x_axis.title = "År"
        for offset, name in ((1, "Akk. investering"), (2, "Akk. besparelse")):
            values = Reference(sheet, min_col=first_col, max_col=last_col, min_row=head + offset)
            chart.series.append(Series(values, title=name))
        chart.set_categories(Reference(sheet, min_col=first_col, max_col=last_col, min_row=head))
        chart.height, chart.width = 8, 18
        sheet.add_chart(chart, f"{_col(width + 6)}3")
    return rows.row


def write_template_sheet(sheet: WriteOnlyWorksheet, budget: int, lines: int = 5) -> None:
    """An empty proposal sheet to fill in: the block for id, title, ... and Tabel 1 with empty
    lines and live totals."""
    years = list(range(budget, budget + 6))
    _setup(sheet, _widths([], len(years)), f"C{HEADER_ROW + 1}")
    rows = _Rows(sheet)
    rows.add("Nyt forslag (udfyld de gule felter)", title=True)
    rows.blank()
    meta = {"kind": "investering", "budget": budget, "price_level": budget, "pool": "investering"}
    _meta_and_header(rows, sheet, meta, years, budget)
    empty = [[None, "Service"] for _ in range(lines)]
    _tabel_1(
        rows,
        len(years),
        empty,
        [list(row) for row in empty],
        ([], []),
        [(label, None) for label in PAYBACK_ROWS.values()],
    )
    rows.blank()
    rows.add("Vejledning")
    for text in TEMPLATE_HELP:
        rows.add(text)


TEMPLATE_HELP = (
    "Besparelser angives med negativt fortegn (-), omkostninger med positivt. Beløb i 1.000 kr.",
    "Styringsområde: Service, Anlæg eller Overførsler. Type: investering, innovation eller "
    "effektivisering. Pulje: investering, innovation eller none.",
    "Skriv 'indgår ikke' i kolonnen Tilbagebetalingstid for en linje, der ikke indgår i "
    "beregningen af tilbagebetalingstiden; 'til orientering' i Note for en linje, der ikke "
    "indgår i nogen total. Indsæt flere linjer efter behov; totalerne er formler.",
    "Et ark pr. forslag: kopiér arket. kkinvest læser arkene med --data FIL.xlsx.",
)


def _kvantum(
    rows: _Rows, table: KvantumTable, p: Proposal, years: Sequence[int], registry: Registry
) -> None:
    centers = p.split.profit_centers if p.split else {}
    rows.add(table.title, bold=True)
    rows.add("Udvalg", "Bevilling, profitcenter mv.", *years, bold=True)
    first = rows.row + 1
    for code, values in table.rows.items():
        row = registry.row_by_code(code)
        shown = [values.get(y) if y in table.years else None for y in years]
        rows.add(row.name, centers.get(code), *shown, fmt=NUMBER)
    last = rows.row
    rows.add(
        "Total",
        None,
        *(_sum(FIRST_YEAR_COLUMN + i, first, last) for i in range(len(years))),
        bold=True,
        fmt=NUMBER,
    )


def _payback_block(rows: _Rows, payback: Payback) -> tuple[int, int, int] | None:
    """The payback table the chart draws on; returns (header row, first, last data column)."""
    if not payback.table:
        return None
    rows.blank()
    rows.add("Tilbagebetaling (serviceeffektivisering), 1.000 kr.", bold=True)
    head = rows.add("År", None, *(row.year for row in payback.table), bold=True)
    rows.add(
        "Akk. investering", None, *(row.cumulative_investment for row in payback.table), fmt=NUMBER
    )
    rows.add("Akk. besparelse", None, *(row.cumulative_saving for row in payback.table), fmt=NUMBER)
    return head, FIRST_YEAR_COLUMN, FIRST_YEAR_COLUMN + len(payback.table) - 1


def write_overview_sheet(sheet: WriteOnlyWorksheet, ov: Overview, pool: Pool | None) -> None:
    """The pool overview's Tabel 1, 2 and 3 in mio. kr.; totals are SUM formulas over exact
    amounts, so they show the rounded exact sum."""
    from kkinvest.calc.pools import count_text

    _setup(sheet, [26, 14, 50, 14, 14, 14, 14, 14], "A5")
    rows = _Rows(sheet)
    level = pool.price_level if pool else ov.budget
    rows.add(f"Investerings- og innovationspuljerne, budget {ov.budget}", title=True)
    rows.blank()
    rows.add("Tabel 1 Investerings- og innovationsforslag fordelt på udvalg", bold=True)
    rows.add(
        f"Mio. kr. {level} p/l.",
        "Antal (innovationsforslag)",
        "Investering i alt",
        "Effektiviseringer ved fuld indfasning, service",
        bold=True,
    )
    labels = pool.committee_labels if pool else {}
    first = rows.row + 1
    for r in ov.committees:
        rows.add(
            labels.get(r.committee, r.committee),
            count_text(r.investment_count, r.innovation_count),
            r.investment / 1000,
            r.savings / 1000,
            fmt=MILLIONS,
        )
    last = rows.row
    total_count = count_text(
        sum(r.investment_count for r in ov.committees),
        sum(r.innovation_count for r in ov.committees),
    )
    rows.add(
        "I alt", total_count, _sum(3, first, last), _sum(4, first, last), bold=True, fmt=MILLIONS
    )
    rows.blank()
    rows.add("Tabel 2 Indkomne ansøgninger til investeringspuljen", bold=True)
    rows.add(
        f"Mio. kr. {level} p/l.",
        "Nr.",
        "Forslag",
        "Investeringer service",
        "Investeringer anlæg",
        "Varige effektiviseringer service",
        "Varige effektiviseringer overførsler mv.",
        "Tilbagebetalingstid, år",
        bold=True,
    )
    first = rows.row + 1
    for row in ov.investment:
        q = row.proposal
        rows.add(
            q.committee,
            q.id,
            q.title,
            row.service / 1000,
            row.capital / 1000,
            row.savings_service / 1000,
            row.savings_transfers / 1000,
            row.payback,
            fmt=MILLIONS,
        )
    last = rows.row
    rows.add(
        "I alt", None, None, *(_sum(c, first, last) for c in range(4, 8)), bold=True, fmt=MILLIONS
    )
    rows.blank()
    rows.add("Tabel 3 Indkomne ansøgninger til innovationspuljen", bold=True)
    rows.add(f"Mio. kr. {level} p/l.", "Nr.", "Forslag", "Innovationspulje (service)", bold=True)
    first = rows.row + 1
    for row3 in ov.innovation:
        q = row3.proposal
        rows.add(q.committee, q.id, q.title, row3.amount / 1000, fmt=MILLIONS)
    last = rows.row
    rows.add(
        "I alt", None, None, _sum(4, first, last) if ov.innovation else 0, bold=True, fmt=MILLIONS
    )
    rows.blank()
    if ov.remaining is not None and ov.left_after is not None:
        rows.add("Tilbage i puljerne", ov.remaining / 1000, fmt=MILLIONS)
        rows.add("Ansøgt i alt", ov.asked / 1000, fmt=MILLIONS)
        rows.add("Tilbage efter ansøgningerne", ov.left_after / 1000, fmt=MILLIONS, bold=True)


def template_workbook(budget: int) -> Workbook:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    write_template_sheet(book.create_sheet("Forslag"), budget)
    return book


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in name)[:31] or "Ark"
    title, number = cleaned, 2
    while title.casefold() in taken:
        suffix = f" ({number})"
        title, number = cleaned[: 31 - len(suffix)] + suffix, number + 1
    taken.add(title.casefold())
    return title


def build_workbook(
    sheets: Iterable[ProposalSheet],
    overviews: Iterable[tuple[Overview, Pool | None]],
    registry: Registry,
    progress: Callable[[], None] | None = None,
    economics: Economics | None = None,
) -> Workbook:
    """A write-only workbook: the overview sheets first, then one sheet per proposal."""
    from openpyxl import Workbook

    from kkinvest.render.excel_economics import add_present_value, add_sensitivity_sheets

    book = Workbook(write_only=True)
    taken: set[str] = set()
    for ov, pool in overviews:
        write_overview_sheet(
            book.create_sheet(sheet_title(f"Puljeoversigt {ov.budget}", taken)), ov, pool
        )
    add_sensitivity_sheets(book, taken, economics)  # "Følsomhed BUDGET" (issue 15)
    for item in sheets:
        sheet = book.create_sheet(sheet_title(item.proposal.id, taken))
        last_row = write_proposal_sheet(sheet, item, registry)
        add_present_value(sheet, item.proposal.id, last_row, economics)  # issue 15
        sheet.close()  # finish it now: openpyxl would keep its writer in memory until save
        if progress is not None:
            progress()
    return book
