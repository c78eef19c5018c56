"""Excel workbooks in the municipality's layouts: one sheet per proposal (Tabel 1, then Tabel A,
B and C for Kvantum, the payback table and its chart) and overview sheets with the pool's
Tabel 1-3.

What follows from the lines by plain arithmetic is a live formula, so a sheet an analyst edits
never contradicts itself: the totals, the payback table (investment, saving, both cumulated, the
balance) and the payback figure itself (the first year in which the cumulated saving reaches the
investment; after the table's last year the last year's saving continues). Tabel A/B/C are split
by the largest-remainder method, which no plain formula does: they are values, labelled
"Beregnet af kkinvest <date>", and `kkinvest check` says when the lines no longer match them.
The overview sheets are values too, with a line saying so and, hidden, the stamp of each
proposal's Tabel 1 they were computed from (`calc/fingerprint.py`); the payback formulas are
laid out for a frame (first cost year, last year with figures), kept in a hidden row below the
print area. `kkinvest check` names each block an edit left behind (`calc/checks/stale.py`).

Printing: A4, landscape where the table is wide, at a scale that keeps the smallest text at 9 pt
or more (a wide table continues on the next page with the label columns repeated); the chart
sits below the tables; one font family with name and size on every cell; column widths from the
content; headings wrap. Numbers carry a Danish format (`[$-406]`: `1.898`, `-8.500`, `9,8`) with
a dash for zero. The kkinvest block (split and the document's printed figures as TOML, so the
sheet loads back as the same proposal) is in a hidden row outside the print area.

Layout of a proposal sheet (the reader in `io/excel_in.py` expects the same):

    1   "BC06 Automatisering ..."                      (title)
    3-11  Nr. / Titel / Type / Budget / Pris- og lønniveau / Udvalg / Forvaltning / Pulje / Kilde
    13  "Tabel 1. Forslagets samlede økonomiske konsekvenser"
    14  "1.000 kr. 2023 p/l" | Styringsområde | 2023 | 2024 | ... | Note
    15  Varige ændringer, lines, Samlet varig ændring, memo lines, Implementeringsomkostninger,
        lines, Samlede implementeringsomkostninger, Samlet økonomisk påvirkning, the paybacks
    then Tabel A, B, C; the payback table (one row per year) and its chart; and, hidden,
    "Øvrige oplysninger (kkinvest)" with the TOML block.

Sheets are written in openpyxl's write-only mode (memory stays flat however many proposals): a
sheet is planned in memory first (so widths follow the content and formulas can point to rows
further down), then streamed. openpyxl is imported inside the functions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kkinvest.calc.payback import HORIZON, Basis, Payback
from kkinvest.calc.pools import Overview
from kkinvest.calc.tables import KvantumTable
from kkinvest.formats.labels import (
    AREA_LABELS,
    COMPUTED_BY,
    IMPLEMENTATION_HEADING,
    MEMO,
    NO_PAYBACK,
    NOT_IN_PAYBACK,
    PAYBACK_ROWS,
    PERMANENT_HEADING,
    TABEL_1,
    TOTAL_ROWS,
)
from kkinvest.formats.xlsx import (
    EXTRA,
    META,
    PAYBACK_BLOCKS,
    PRESENT_VALUE_BLOCK,
    STAMPED_NOTE,
    stamp_cells,
)
from kkinvest.model import Area, Line, Pool, Proposal, Section
from kkinvest.registry import Registry
from kkinvest.render.excel_print import (
    Block,
    chart_title,
    header_and_footer,
    page_breaks,
    printable_height,
    row_height,
    wrapped_lines,
)
from kkinvest.render.excel_sheet import (
    FONT,
    NUMBER,
    SIZE,
    WriteOnlyWorksheet,
    print_setup,
    sheet_title,
)
from kkinvest.render.excel_styles import StyleArrays

if TYPE_CHECKING:
    from openpyxl import Workbook

    from kkinvest.render.excel_economics import Economics, LineRefs

TITLE_SIZE = 12
MILLIONS = '[$-406]#,##0.0;-#,##0.0;"."'
MILLIONS_ZERO = "[$-406]#,##0.0;-#,##0.0"
"""The pool overview's Tabel 1 prints nothing as 0,0 (KFU's and SUD's savings), where
Tabel 2 and 3 print "."; as the document, the terminal and the Bilag do."""
WHOLE = "0"
HEADER_FILL = "D9D9D9"
INPUT_FILL = "FFF2CC"  # the template's yellow input cells
NOTE_FLAG = "Note"
STALE_NOTE = "Følger ikke med, hvis tallene i Tabel 1 rettes: kør kkinvest export igen."
PAYBACK_BLOCK = "Tilbagebetaling ({basis}), 1.000 kr."
FIRST_YEAR_COLUMN = 3  # column C
TEXT_PER_DIGIT = 1.15
"""Characters of ordinary text in the width of one digit (letters are narrower than digits)."""
AFTER_WIDTH = 11.5
CHART_ROWS = 18  # the chart's 8 cm at 13 pt a row
ROW = row_height(1, SIZE)  # a row of one line: 13 pt


@dataclass(frozen=True)
class ProposalSheet:
    """Everything one proposal sheet shows, computed beforehand by the caller."""

    proposal: Proposal
    paybacks: dict[Basis, Payback]
    tables: dict[str, KvantumTable]
    extra_toml: str  # the split and the stated figures, as TOML
    computed_on: str = ""  # the date Tabel A/B/C were computed, as printed ("23.11.2026")
    key_note: str = ""  # the key Tabel A/B/C used ("Fordelingsnøgle: intune-2022.")


def _col(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


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


def _growing_sum(column: int, heading: int, own: int) -> Formula:
    """The sum from a section's heading row down to the row above the total's own: a row
    inserted anywhere in the section, even right above the total, is counted (a plain
    =SUM(C16:C30) leaves out a row inserted at row 31)."""
    letter = _col(column)
    return Formula(f"=SUM({letter}{heading}:OFFSET({letter}{own},-1,0))")


Later = Callable[["_Plan"], Any]
"""A cell whose formula points to rows planned later: called with the whole plan at the end."""


@dataclass
class _Cell:
    value: Any
    style: str = "body"  # body | bold | title | header | total | note | input
    fmt: str | None = None
    wrap: bool = False
    fit: bool = True  # counts for the column's width (a value that may run over does not)
    right: bool = False  # text aligned right, as the figures below it


@dataclass
class _Plan:
    """A sheet planned in memory: rows of cells, names for rows that formulas refer to."""

    rows: list[list[_Cell]] = field(default_factory=list)
    names: dict[str, int] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)
    wrap_columns: set[int] = field(default_factory=set)
    formulas: dict[str, Formula] = field(default_factory=dict)  # e.g. each payback result
    title_merged: bool = True  # the title spans the table (and wraps in it)
    blocks: list[Block] = field(default_factory=list)  # each printed on one page if it fits
    breaks: set[int] = field(default_factory=set)  # a page ends after these rows anyway
    indented: set[int] = field(default_factory=set)  # columns set off from their left neighbour
    heights: list[float] = field(default_factory=list)  # each row's, once emitted

    def keep(self, first: int, head: int = 2) -> None:
        """Rows `first` to the last so far print on one page (see excel_print.Block)."""
        self.blocks.append(Block(first, self.row, head))

    @property
    def row(self) -> int:
        return len(self.rows)

    def add(
        self,
        *values: Any,
        style: str = "body",
        fmt: str | None = None,
        name: str | None = None,
        wrap: bool = False,
    ) -> int:
        cells = []
        for value in values:
            cell_fmt = (
                fmt
                if fmt
                and (isinstance(value, int | Decimal) or callable(value) or _is_formula(value))
                else None
            )
            cells.append(
                value if isinstance(value, _Cell) else _Cell(value, style, cell_fmt, wrap=wrap)
            )
        self.rows.append(cells)
        if name:
            self.names[name] = self.row
        return self.row

    def blank(self) -> int:
        self.rows.append([])
        return self.row


class _Styles:
    """The few cell styles of a workbook, each with font name and size."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="808080")
        self.fonts = {
            "body": Font(name=FONT, size=SIZE),
            "bold": Font(name=FONT, size=SIZE, bold=True),
            "title": Font(name=FONT, size=TITLE_SIZE, bold=True),
            "header": Font(name=FONT, size=SIZE, bold=True),
            "total": Font(name=FONT, size=SIZE, bold=True),
            "note": Font(name=FONT, size=SIZE, italic=True),
            "input": Font(name=FONT, size=SIZE),
        }
        self.fills = {
            "header": PatternFill("solid", fgColor=HEADER_FILL),
            "input": PatternFill("solid", fgColor=INPUT_FILL),
        }
        self.borders = {
            "header": Border(top=thin, bottom=thin),
            "total": Border(top=thin),
            "input": Border(left=thin, right=thin, top=thin, bottom=thin),
        }
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.header_wrap = Alignment(wrap_text=True, vertical="bottom")
        self.top = Alignment(vertical="top")
        self.alignments = {"header": self.header_wrap, "wrap": self.wrap, "top": self.top}
        for name, aligned in list(self.alignments.items()):
            # a column set off by one character from a right-aligned figure on its left ("Note")
            self.alignments[f"{name} indented"] = Alignment(
                horizontal="left", wrap_text=aligned.wrap_text, vertical=aligned.vertical, indent=1
            )
            # a heading over a column of figures, aligned as they are
            self.alignments[f"{name} right"] = Alignment(
                horizontal="right", wrap_text=aligned.wrap_text, vertical=aligned.vertical
            )
        self.arrays = StyleArrays()


def _text_width(value: Any, fmt: str | None) -> int:
    """How many characters a value takes as shown (numbers with their separators)."""
    if value is None or callable(value) or _is_formula(value):
        return 7 if fmt == NUMBER else 5
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        if fmt in (MILLIONS, MILLIONS_ZERO):
            text = f"{value:,.1f}"
        elif fmt == NUMBER:
            text = f"{value:,.0f}"
        else:
            text = str(value)
        return len(text)
    longest = max((len(part) for part in str(value).split("\n")), default=0)
    return math.ceil(longest / TEXT_PER_DIGIT)


def _widths(
    plan: _Plan, limits: dict[int, int], minimum: dict[int, float] | None = None
) -> list[float]:
    """Column widths from the content: the widest cell, a heading wrapped at its longest word,
    text columns capped (and wrapped) at their limit."""
    widths: dict[int, float] = {}
    for number, row in enumerate(plan.rows, start=1):
        if number in plan.hidden:
            continue
        for index, cell in enumerate(row, start=1):
            if (
                not cell.fit
                or cell.style == "title"
                or (cell.value is None and cell.style != "input")
            ):
                continue
            if cell.style == "header" or cell.wrap:
                words = str(cell.value).split()
                need = math.ceil(max([len(w) for w in words] + [8]) / TEXT_PER_DIGIT)
            elif cell.style in ("bold", "note") and len(row) == 1:
                continue  # a heading alone on its row runs over the empty cells to its right
            else:
                need = _text_width(cell.value, cell.fmt)
            if cell.style in ("bold", "total"):
                need = math.ceil(need * 1.05)
            widths[index] = max(widths.get(index, 0), need)
    minimum = minimum or {}
    last = max([*widths, *minimum], default=1)
    result = []
    for index in range(1, last + 1):
        width = widths.get(index, 4) * 1.05 + 1.5  # room for a font with wider glyphs
        limit = limits.get(index)
        width = max(min(width, limit) if limit else width, minimum.get(index, 0))
        result.append(round(width, 1))
    return result


def _emit(
    sheet: WriteOnlyWorksheet,
    plan: _Plan,
    styles: _Styles,
    freeze: str | None,
    limits: dict[int, int],
    title_columns: str | None = "A:B",
    merge_title: bool = True,
    minimum: dict[int, float] | None = None,
    paginate: bool = True,
) -> list[float]:
    """Write the planned rows with their styles; set widths, panes and print settings (the
    page breaks too, unless the caller writes more rows and sets them itself)."""
    from openpyxl.cell import WriteOnlyCell

    plan.title_merged = merge_title
    widths = _widths(plan, limits, minimum)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[_col(index)].width = width
    if freeze:
        sheet.freeze_panes = freeze
    print_setup(sheet, widths, title_columns)
    header_and_footer(sheet)
    if plan.rows and plan.rows[0]:
        sheet.print_title_rows = "1:1"  # the title again at the top of every page
    for number in plan.hidden:
        sheet.row_dimensions[number].hidden = True
    plan.heights = _heights(plan, widths)
    sheet.sheet_format.defaultRowHeight = ROW  # rows written by a hook
    sheet.sheet_format.customHeight = True
    for number, height in enumerate(plan.heights, start=1):
        if number not in plan.hidden:
            sheet.row_dimensions[number].height = height
    printed = max((n for n in range(1, plan.row + 1) if n not in plan.hidden), default=1)
    last_hidden = min(plan.hidden, default=plan.row + 1) - 1
    sheet.print_area = f"A1:{_col(len(widths))}{min(printed, last_hidden)}"
    if merge_title and plan.rows and plan.rows[0]:
        sheet.merged_cells.add(f"A1:{_col(len(widths))}1")
    for number, row in enumerate(plan.rows, start=1):
        cells = []
        for index, spec in enumerate(row, start=1):
            value = spec.value(plan) if callable(spec.value) else spec.value
            cell = WriteOnlyCell(sheet, value=_safe(value))
            if isinstance(value, str) and not isinstance(value, Formula):
                cell.data_type = "s"  # text, even when it starts with = + - or @
            if spec.style == "header":
                aligned = "header"
            elif _wraps(plan, spec, index, number):
                aligned = "wrap"
            else:
                aligned = "top"
            if spec.right:
                aligned += " right"
            elif index in plan.indented and isinstance(value, str) and not _is_formula(value):
                aligned += " indented"  # text only: a figure in the column stays right
            kind = (spec.style, spec.fmt, aligned)
            if not styles.arrays.reuse(cell, kind):  # each kind of cell looked up once
                cell.font = styles.fonts[spec.style]
                if spec.style in styles.fills:
                    cell.fill = styles.fills[spec.style]
                if spec.style in styles.borders:
                    cell.border = styles.borders[spec.style]
                if spec.fmt:
                    cell.number_format = spec.fmt
                cell.alignment = styles.alignments[aligned]
                styles.arrays.keep(cell, kind)
            cells.append(cell)
        sheet.append(cells)
    if paginate:
        _paginate(sheet, plan)
    return widths


def _wraps(plan: _Plan, spec: _Cell, index: int, number: int) -> bool:
    """Whether a cell's text wraps: headings, the title, and text in the wrapped columns."""
    if spec.style == "header" or spec.wrap or (number == 1 and plan.title_merged):
        return True
    return (
        spec.style == "body"
        and spec.fit
        and index in plan.wrap_columns
        and isinstance(spec.value, str)
        and not _is_formula(spec.value)
    )


def _heights(plan: _Plan, widths: Sequence[float]) -> list[float]:
    """Every row's height (LibreOffice and Excel do not grow a row to its wrapped text when
    they open a file): the lines its wrapped text takes at its column's width, measured in
    Arial's character widths (`excel_print`); 13 pt for a row of one line of 10 pt text."""
    heights: list[float] = []
    for number, row in enumerate(plan.rows, start=1):
        lines = 1
        size = SIZE
        for index, spec in enumerate(row, start=1):
            if spec.style == "title":
                size = TITLE_SIZE
            if (
                not isinstance(spec.value, str)
                or _is_formula(spec.value)
                or not _wraps(plan, spec, index, number)
            ):
                continue
            merged = number == 1 and plan.title_merged
            width = sum(widths) if merged else widths[index - 1] if index <= len(widths) else 0
            lines = max(
                lines,
                wrapped_lines(
                    spec.value,
                    width - (1 if index in plan.indented else 0),
                    TITLE_SIZE if spec.style == "title" else SIZE,
                    bold=spec.style in ("bold", "header", "total", "title"),
                ),
            )
        heights.append(row_height(lines, size))
    return heights


def _paginate(sheet: WriteOnlyWorksheet, plan: _Plan, more: Sequence[float] = ()) -> None:
    """Page breaks that keep each of the plan's blocks on one page where it fits (after the
    planned rows, `more` rows written by a hook and printed too)."""
    from openpyxl.worksheet.pagebreak import Break

    heights = [0.0 if n in plan.hidden else h for n, h in enumerate(plan.heights, start=1)]
    heights += list(more)
    setup = sheet.page_setup
    page = printable_height(setup.orientation or "portrait", setup.scale or 100)
    repeated = heights[0] if sheet.print_title_rows and heights else 0.0
    found = page_breaks(heights, plan.blocks, page, plan.breaks, repeated)
    for row in sorted(plan.breaks | set(found)):
        sheet.row_breaks.append(Break(id=row))


def _line_row(line: Line, years: Sequence[int]) -> list[Any]:
    flags = [
        text for flag, text in ((not line.in_payback, NOT_IN_PAYBACK), (line.memo, MEMO)) if flag
    ]
    return [
        line.label,
        AREA_LABELS[line.area],
        *(line.values.get(y) for y in years),
        "; ".join(flags) or None,
    ]


def _meta_and_header(
    plan: _Plan,
    values: dict[str, Any],
    years: Sequence[int],
    price_level: Any,
    template: bool = False,
) -> int:
    for label, field_name in META:
        value = values.get(field_name)
        plan.add(label, _Cell(value, "input" if template else "body", fit=False))
    plan.blank()
    plan.add(TABEL_1, style="bold")
    return plan.add(
        f"1.000 kr. {price_level} p/l", "Styringsområde", *years, NOTE_FLAG, style="header"
    )


def _tabel_1(
    plan: _Plan,
    years: Sequence[int],
    permanent: Sequence[Sequence[Any]],
    implementation: Sequence[Sequence[Any]],
    memos: tuple[Sequence[Sequence[Any]], Sequence[Sequence[Any]]],
    paybacks: Sequence[tuple[str, Any]],
    line_names: Sequence[str] = (),
    inputs: bool = False,
    printed: dict[str, str] | None = None,
) -> list[int]:
    """Tabel 1 below its header: each section's lines, its SUM row and then its lines for
    information only (outside the sum), the impact and the paybacks. `line_names` names the
    rows of the counted lines in order (permanent, then implementation), for the payback
    table's formulas; `printed` is the Note of a totals or payback row where the document
    prints another figure (both figures shown)."""
    width = len(years)
    names = iter(line_names)
    printed = printed or {}

    def note(label: str) -> list[Any]:
        return [_Cell(printed[label], "note", wrap=True)] if label in printed else []

    def totals_row(label: str, first: int, last: int) -> int:
        if inputs:  # the template: rows a person inserts are counted too
            sums = (_growing_sum(FIRST_YEAR_COLUMN + i, first - 1, last + 1) for i in range(width))
        else:
            sums = (_sum(FIRST_YEAR_COLUMN + i, first, last) for i in range(width))
        return plan.add(label, None, *sums, *note(label), style="total", fmt=NUMBER)

    line_rows: list[int] = []

    def line(values: Sequence[Any], name: str | None) -> None:
        line_rows.append(plan.row + 1)
        if inputs:
            cells = [
                _Cell(v, "input", NUMBER if 1 < i < width + 2 else None)
                for i, v in enumerate(values)
            ]
            plan.add(*cells, name=name)
        else:
            plan.add(*values, fmt=NUMBER, name=name)

    total_rows: list[int] = []
    sections = (
        (PERMANENT_HEADING, TOTAL_ROWS["total_permanent"], permanent, memos[0]),
        (IMPLEMENTATION_HEADING, TOTAL_ROWS["total_implementation"], implementation, memos[1]),
    )
    for heading, total_label, counted, memo in sections:
        if not counted and not memo:
            continue
        plan.add(heading, style="bold")
        first = plan.row + 1
        for values in counted:
            line(values, next(names, None))
        if counted:
            total_rows.append(totals_row(total_label, first, plan.row))
        for values in memo:
            line(values, None)
    impact = [
        Formula("=" + "+".join(f"{_col(FIRST_YEAR_COLUMN + i)}{r}" for r in total_rows))
        if total_rows
        else 0
        for i in range(width)
    ]
    label = TOTAL_ROWS["total_impact"]
    plan.add(label, None, *impact, *note(label), style="total", fmt=NUMBER)
    for label, value in paybacks:
        after = [None] * (width - 1) + note(label) if label in printed else []
        plan.add(_Cell(label, "bold", wrap=True), None, value, *after, style="bold", fmt=WHOLE)
    return line_rows


After = Callable[[WriteOnlyWorksheet, int, "LineRefs"], int]
"""A hook that appends rows to a proposal sheet below its tables and chart (e.g. the present
value, issue 15): called with the sheet, its last row and where Tabel 1's lines stand, returns
the new last row. Its rows are printed; the hidden kkinvest block follows them."""


def write_proposal_sheet(
    sheet: WriteOnlyWorksheet,
    item: ProposalSheet,
    registry: Registry,
    styles: _Styles | None = None,
    after: After | None = None,
) -> int:
    """Write the sheet; returns its last row."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.chart import LineChart, Reference, Series

    styles = styles or _Styles()
    p = item.proposal
    years = p.years
    plan = _Plan()
    plan.add(f"{p.id} {p.title}", style="title")
    plan.blank()
    meta = {f: getattr(getattr(p, f), "value", getattr(p, f)) for _, f in META}
    if p.administration_unfilled:  # as printed: the drop-down never filled in
        meta["administration"] = "Vælg forvaltning"
    header = _meta_and_header(plan, meta, years, p.price_level)

    counted = [line for line in p.lines if not line.memo]
    line_names = [f"line{index}" for index in range(len(counted))]
    row_of = dict(zip((id(line) for line in counted), line_names, strict=True))

    def shown(section: Section, memo: bool) -> list[list[Any]]:
        return [
            _line_row(line, years)
            for line in p.lines
            if line.section is section and line.memo is memo
        ]

    blocks = _payback_plans(item, years, row_of)
    _tabel_1(
        plan,
        years,
        shown(Section.PERMANENT, False),
        shown(Section.IMPLEMENTATION, False),
        (shown(Section.PERMANENT, True), shown(Section.IMPLEMENTATION, True)),
        [
            (PAYBACK_ROWS[basis], _payback_cell(item.paybacks[basis], blocks.get(basis)))
            for basis in item.paybacks
        ],
        line_names,
        printed=printed_figures(p, item.paybacks),
    )
    plan.keep(header - 1, head=4)  # caption, heading, "Varige ændringer", the first line
    for table in item.tables.values():
        plan.blank()
        _kvantum(plan, table, p, years, registry, item.computed_on, item.key_note)
    chart_at: tuple[int, int, int] | None = None  # the payback table's rows, the chart's
    written: set[str] = set()
    if blocks:
        plan.breaks.add(plan.row + 1)  # the payback tables and chart on a new page
    for basis, block in blocks.items():
        if block.name in written:
            continue
        written.add(block.name)
        plan.blank()
        first = plan.row + 1
        rows = _payback_block(plan, block)
        plan.keep(first, head=3)  # caption, heading and the first year
        if basis is Basis.SERVICE:
            chart_at = (*rows, 0)
    if chart_at is not None:
        chart_at = (*chart_at[:2], plan.row + 2)
        first = plan.row + 1
        for _ in range(CHART_ROWS):  # the chart covers these rows, inside the print area
            plan.add(None)
        plan.keep(first, head=CHART_ROWS)
    plan.wrap_columns.update({1, 2, len(years) + 3})
    plan.indented.add(len(years) + 3)  # the Note: "2029 Note", not "2029Note"
    limits = {1: 26, 2: 16, len(years) + 3: 18}
    # Room below for a hook's table (the present value: nine columns with headings such as
    # "Nutidsværdi"), so its headings are not cut either.
    room = {col: AFTER_WIDTH for col in range(3, 10)} if after is not None else None
    widths = _emit(sheet, plan, styles, f"C{header + 1}", limits, minimum=room, paginate=False)
    columns = {year: _col(FIRST_YEAR_COLUMN + i) for i, year in enumerate(years)}

    def refs(lines: Iterable[Line], year: int) -> str:
        terms = [
            f"{columns[year]}{plan.names[row_of[id(line)]]}"
            for line in lines
            if year in columns and id(line) in row_of
        ]
        return "+".join(terms) or "0"

    last = after(sheet, plan.row, refs) if after is not None else plan.row
    sheet.print_area = f"A1:{_col(len(widths))}{last}"
    if last > plan.row + 1:  # the hook's rows (a blank row, then its table) on one page
        plan.blocks.append(Block(plan.row + 2, last, head=4))
    hook = [sheet.row_dimensions.get(n) for n in range(plan.row + 1, last + 1)]
    _paginate(sheet, plan, [0.0 if d and d.hidden else (d and d.height) or ROW for d in hook])
    last = _frames(sheet, item, last, styles, present_value=last > plan.row)
    sheet.append([])
    sheet.row_dimensions[last + 2].hidden = True  # the kkinvest block: read back, not printed
    kept = [WriteOnlyCell(sheet, value=EXTRA), WriteOnlyCell(sheet, value=item.extra_toml)]
    for cell in kept:
        cell.data_type = "s"
        cell.font = styles.fonts["body"]
    sheet.append(kept)
    if chart_at is not None:
        top, bottom, anchor = chart_at
        chart = LineChart()
        # The unit stands in the title: a y-axis title is printed turned on its side, which
        # reads badly and which LibreOffice draws smaller than the sheet's text.
        chart.title = chart_title(
            "Akkumuleret investering og besparelse, 1.000 kr.", FONT, TITLE_SIZE
        )
        chart.x_axis.title = "År"
        chart.y_axis.number_format = NUMBER
        chart.y_axis.delete = False
        chart.x_axis.delete = False
        for name in ("Akk. investering", "Akk. besparelse"):
            column = BLOCK_COLUMNS.index(name) + 1
            values = Reference(sheet, min_col=column, min_row=top, max_row=bottom)
            series = Series(values, title=name)
            series.smooth = False  # straight lines between the years: no overshoot below zero
            chart.series.append(series)
        chart.set_categories(Reference(sheet, min_col=1, min_row=top, max_row=bottom))
        if chart.legend is not None:
            chart.legend.position = "b"
        chart.height, chart.width = 8, 16
        sheet.add_chart(chart, f"A{anchor}")
    return last + 2


def _frames(
    sheet: WriteOnlyWorksheet, item: ProposalSheet, last: int, styles: _Styles, present_value: bool
) -> int:
    """Hidden rows, below the print area, with the frame each block of formulas was laid out
    for: each payback basis and (where the hook wrote it) the present value. `kkinvest check`
    says when the edited Tabel 1 no longer fits one (`calc/checks/stale.py`)."""
    from openpyxl.cell import WriteOnlyCell

    from kkinvest.calc.fingerprint import payback_frame, present_value_frame

    p = item.proposal
    frames = [(PAYBACK_BLOCKS[basis.value], payback_frame(p, basis)) for basis in item.paybacks]
    if present_value:
        frames.append((PRESENT_VALUE_BLOCK, present_value_frame(p)))
    for name, stamp in frames:
        last += 1
        sheet.row_dimensions[last].hidden = True
        cells = []
        for value in stamp_cells(p.id, stamp, name):
            cell = WriteOnlyCell(sheet, value=_safe(value))
            if isinstance(value, str):
                cell.data_type = "s"
            cell.font = styles.fonts["body"]
            cells.append(cell)
        sheet.append(cells)
    return last


@dataclass(frozen=True)
class _Block:
    """The payback table of one basis, as formulas over Tabel 1's line rows."""

    name: str
    basis: Basis
    first_year: int
    length: int
    last_year: int  # after this, the last year's saving continues
    investment_rows: tuple[str, ...]  # names of the rows of the lines in the investment
    saving_rows: tuple[str, ...]  # names of the rows of the permanent lines counted
    years: tuple[int, ...]  # Tabel 1's year columns


def _payback_plans(
    item: ProposalSheet, years: Sequence[int], row_of: dict[int, str]
) -> dict[Basis, _Block]:
    blocks: dict[Basis, _Block] = {}
    for basis, payback in item.paybacks.items():
        if not payback.table:
            continue
        counted_ids = {id(line) for line in payback.counted}
        implementation = tuple(
            row_of[id(line)]
            for line in item.proposal.lines
            if id(line) in counted_ids and id(line) in row_of
        )
        permanent = tuple(
            row_of[id(line)]
            for line in item.proposal.lines
            if line.section is Section.PERMANENT
            and line.counts
            and line.in_payback
            and (basis is Basis.TOTAL or line.area is Area.SERVICE)
        )
        first = payback.table[0].year
        last = max(
            (
                y
                for line in (
                    *payback.counted,
                    *(x for x in item.proposal.lines if row_of.get(id(x)) in permanent),
                )
                for y in line.values
            ),
            default=first,
        )
        # The table's own years and on to the payback year (the last year's saving goes on);
        # a payback later than that, after an edit, the payback figure's formula still finds.
        paid = payback.year if payback.year is not None else last
        length = max(last, min(paid, first + HORIZON - 1)) - first + 1
        same = next(
            (
                b
                for b in blocks.values()
                if b.saving_rows == permanent and b.investment_rows == implementation
            ),
            None,
        )
        name = same.name if same else f"payback_{basis.value}"
        blocks[basis] = _Block(
            name, basis, first, length, last, implementation, permanent, tuple(years)
        )
    return blocks


def printed_figures(p: Proposal, paybacks: dict[Basis, Payback]) -> dict[str, str]:
    """Per totals or payback row, the document's own figure where it differs from the one
    that follows from the lines: "trykt i dokumentet: 4" (shown in the row's Note)."""
    from kkinvest.calc.stated import payback_differences, total_differences
    from kkinvest.calc.totals import proposal_totals
    from kkinvest.render.numbers import danish

    notes: dict[str, list[str]] = {}
    for found in total_differences(p, proposal_totals(p)):
        notes.setdefault(found.label, []).append(f"{found.year}: {danish(found.stated)}")
    for found in payback_differences(p, paybacks):
        notes.setdefault(found.label, []).append(danish(found.stated))
    return {label: PRINTED + "; ".join(parts) for label, parts in notes.items()}


PRINTED = "trykt i dokumentet: "


def _payback_cell(payback: Payback, block: _Block | None) -> Any:
    if block is None:
        return NO_PAYBACK
    return lambda plan: plan.formulas[block.name]


BLOCK_COLUMNS = (
    "År",
    "År nr.",
    "Investering",
    "Akk. investering",
    "Besparelse",
    "Akk. besparelse",
    "Balance",
    "Betalt tilbage i år nr.",
)


def _payback_block(plan: _Plan, block: _Block) -> tuple[int, int]:
    """The payback table, one row per year (as the present-value table): the year, its
    number, the investment, the saving (minus the permanent change; after Tabel 1's last year
    the last year's value), both cumulated, the balance and, in the year the cumulated saving
    reaches the whole investment, the year's number. The rows run to the payback year where
    that is after Tabel 1's last year, so the table and its chart show the year it pays back
    (BC11: 2023-2027 in Tabel 1, paid back in 2035). Returns the first and last year's row."""
    title = "serviceeffektivisering" if block.basis is Basis.SERVICE else "totaløkonomi"
    plan.add(PAYBACK_BLOCK.format(basis=title), style="bold")
    plan.add(*(_Cell(name, "header", right=True) for name in BLOCK_COLUMNS))
    first = plan.row + 1
    last = first + block.length - 1
    c = {name: _col(index) for index, name in enumerate(BLOCK_COLUMNS, start=1)}
    columns = {year: _col(FIRST_YEAR_COLUMN + i) for i, year in enumerate(block.years)}

    def cells(names: Iterable[str], year: int, row_names: dict[str, int]) -> str:
        col = columns.get(year)
        refs = [f"{col}{row_names[n]}" for n in names] if col else []
        return "+".join(refs) if refs else "0"

    def investment(year: int) -> Later:
        return lambda plan: Formula("=" + cells(block.investment_rows, year, plan.names))

    def saving(year: int, row: int) -> Later | Formula:
        if year > block.last_year:
            return Formula(f"={c['Besparelse']}{row - 1}")
        return lambda plan: Formula("=-(" + cells(block.saving_rows, year, plan.names) + ")")

    def cumulated(name: str, source: str, row: int) -> Formula:
        if row == first:
            return Formula(f"={c[source]}{row}")
        return Formula(f"={c[name]}{row - 1}+{c[source]}{row}")

    total = f"${c['Akk. investering']}${last}"
    for number in range(1, block.length + 1):
        year, row = block.first_year + number - 1, first + number - 1
        plan.add(
            _Cell(year, fmt=WHOLE),
            _Cell(number, fmt=WHOLE),
            _Cell(investment(year), fmt=NUMBER),
            _Cell(cumulated("Akk. investering", "Investering", row), fmt=NUMBER),
            _Cell(saving(year, row), fmt=NUMBER),
            _Cell(cumulated("Akk. besparelse", "Besparelse", row), fmt=NUMBER),
            _Cell(
                Formula(f"={c['Akk. besparelse']}{row}-{c['Akk. investering']}{row}"), fmt=NUMBER
            ),
            _Cell(
                Formula(f'=IF({c["Akk. besparelse"]}{row}>={total},{c["År nr."]}{row},"")'),
                fmt=WHOLE,
            ),
        )
    end = block.first_year + block.length - 1
    if end > block.last_year:
        note = (
            f"Tabel 1 slutter i {block.last_year}; årene derefter regner med det sidste års "
            "besparelse uændret, som tilbagebetalingstiden i Tabel 1 gør."
        )
    else:
        note = (
            f"Efter {end} fortsætter det sidste års besparelse uændret; "
            "tilbagebetalingstiden i Tabel 1 regner videre med den."
        )
    plan.add(note, style="note")
    paid = f"{c['Betalt tilbage i år nr.']}{first}:{c['Betalt tilbage i år nr.']}{last}"
    saving_last = f"{c['Besparelse']}{last}"
    behind = f"({total}-{c['Akk. besparelse']}{last})"
    # Not within the table: the last year's saving continues, so the rest takes
    # ROUNDUP(behind / saving) more years, unless that passes the horizon or never comes.
    later = f"{block.length}+ROUNDUP({behind}/{saving_last},0)"
    block_result = (
        f'=IF(COUNT({paid})>0,MIN({paid}),IF({saving_last}<=0,"{NO_PAYBACK}",'
        f'IF({later}>{HORIZON},"{NO_PAYBACK}",{later})))'
    )
    plan.formulas[block.name] = Formula(block_result)
    return first, last


def _kvantum(
    plan: _Plan,
    table: KvantumTable,
    p: Proposal,
    years: Sequence[int],
    registry: Registry,
    computed_on: str,
    key_note: str = "",
) -> None:
    centers = p.split.profit_centers if p.split else {}
    caption = plan.add(table.title, style="bold")
    when = f" {computed_on}" if computed_on else ""
    plan.add(
        f"{COMPUTED_BY}{when} ud fra Tabel 1"
        + (f", {key_note[:1].lower()}{key_note[1:].rstrip('.')}" if key_note else "")
        + ", fordelt efter største rest.",
        style="note",
    )
    plan.add(STALE_NOTE, style="note")  # two short rows: each fits the printed page
    plan.add("Udvalg", "Bevilling, profitcenter mv.", *years, style="header")
    first = plan.row + 1
    for code, values in table.rows.items():
        row = registry.row_by_code(code)
        shown = [values.get(y) if y in table.years else None for y in years]
        plan.add(row.name, centers.get(code), *shown, fmt=NUMBER)
    last = plan.row
    plan.add(
        "Total",
        None,
        *(_sum(FIRST_YEAR_COLUMN + i, first, last) for i in range(len(years))),
        style="total",
        fmt=NUMBER,
    )
    plan.keep(caption, head=5)  # caption, two notes, heading and the first row


def write_overview_sheet(
    sheet: WriteOnlyWorksheet, ov: Overview, pool: Pool | None, pool_toml: str = ""
) -> None:
    """The pool overview's Tabel 1, 2 and 3 in mio. kr.; totals are SUM formulas over exact
    amounts, so they show the rounded exact sum. The pool file (what is left, the document's
    printed figures) is kept as TOML in a hidden row, so the sheet loads back as the pool."""
    from kkinvest.calc.pools import count_text

    plan = _Plan()
    level = pool.price_level if pool else ov.budget
    plan.add(f"Investerings- og innovationspuljerne, budget {ov.budget}", style="title")
    plan.add(STAMPED_NOTE, style="note")
    caption = plan.add(
        "Tabel 1 Investerings- og innovationsforslag fordelt på udvalg", style="bold"
    )
    plan.add(
        f"Mio. kr. {level} p/l.",
        "Antal (innova-\ntionsforslag)",
        "Investering i alt",
        "Effektivi-\nseringer ved fuld indfasning, service",
        style="header",
    )
    labels = pool.committee_labels if pool else {}
    first = plan.row + 1
    for r in ov.committees:
        plan.add(
            labels.get(r.committee, r.committee),
            count_text(r.investment_count, r.innovation_count),
            r.investment / 1000,
            r.savings / 1000,
            fmt=MILLIONS_ZERO,
        )
    last = plan.row
    total_count = count_text(
        sum(r.investment_count for r in ov.committees),
        sum(r.innovation_count for r in ov.committees),
    )
    plan.add(
        "I alt",
        total_count,
        _sum(3, first, last),
        _sum(4, first, last),
        style="total",
        fmt=MILLIONS_ZERO,
    )
    plan.keep(caption, head=3)
    plan.blank()
    caption = plan.add("Tabel 2 Indkomne ansøgninger til investeringspuljen", style="bold")
    plan.add(
        f"Mio. kr. {level} p/l.",
        "Nr.",
        "Forslag",
        "Investeringer service",
        "Investeringer anlæg",
        "Varige effektivi-\nseringer service",
        "Varige effektivi-\nseringer overførsler mv.",
        "Tilbage-\nbetalingstid, år",
        style="header",
    )
    first = plan.row + 1
    for row in ov.investment:
        q = row.proposal
        plan.add(
            q.committee,
            q.id,
            q.title,
            row.service / 1000,
            row.capital / 1000,
            row.savings_service / 1000,
            row.savings_transfers / 1000,
            _Cell(row.payback if row.payback is not None else ".", fmt=WHOLE),
            fmt=MILLIONS,
        )
    last = plan.row
    plan.add(
        "I alt",
        None,
        None,
        *(_sum(c, first, last) for c in range(4, 8)),
        style="total",
        fmt=MILLIONS,
    )
    plan.keep(caption, head=3)
    plan.blank()
    caption = plan.add("Tabel 3 Indkomne ansøgninger til innovationspuljen", style="bold")
    plan.add(
        f"Mio. kr. {level} p/l.", "Nr.", "Forslag", "Innovations-\npulje (service)", style="header"
    )
    first = plan.row + 1
    for row3 in ov.innovation:
        q = row3.proposal
        plan.add(q.committee, q.id, q.title, row3.amount / 1000, fmt=MILLIONS)
    last = plan.row
    plan.add(
        "I alt",
        None,
        None,
        _sum(4, first, last) if ov.innovation else 0,
        style="total",
        fmt=MILLIONS,
    )
    plan.keep(caption, head=3)
    plan.blank()
    if ov.remaining is not None and ov.left_after is not None:
        first = plan.add(
            "Tilbage i puljerne", None, ov.remaining / 1000, fmt=MILLIONS, name="remaining"
        )
        plan.add("Ansøgt i alt", None, ov.asked / 1000, fmt=MILLIONS)
        plan.add(
            "Tilbage efter ansøgningerne",
            None,
            Formula(f"=C{plan.row - 1}-C{plan.row}"),
            style="total",
            fmt=MILLIONS,
        )
        plan.keep(first, head=3)
    if pool is not None:
        _printed_overview(plan, ov, pool)
    if pool_toml:
        plan.blank()
        plan.hidden.add(plan.add(EXTRA, pool_toml))
    _stamps(plan, [*(r.proposal for r in ov.investment), *(r.proposal for r in ov.innovation)])
    plan.wrap_columns.update({1, 3})
    _emit(sheet, plan, _Styles(), "A5", {1: 20, 3: 28}, title_columns="A:C")


def _stamps(plan: _Plan, proposals: Iterable[Proposal]) -> None:
    """Hidden rows with the stamp of each proposal the sheet's figures were computed from
    (`kkinvest check` compares them with the proposal sheets as they are now)."""
    from kkinvest.calc.fingerprint import fingerprint

    for p in proposals:
        cells = [_Cell(value, fit=False) for value in stamp_cells(p.id, fingerprint(p))]
        plan.hidden.add(plan.add(*cells))


def _printed_overview(plan: _Plan, ov: Overview, pool: Pool) -> None:
    """The printed overview's figures that differ from kkinvest's: both shown."""
    from kkinvest.calc.pools import reconcile

    found, _ = reconcile(ov, pool)
    if not found:
        return
    plan.blank()
    caption = plan.add("Tal i den trykte oversigt, der afviger fra de beregnede", style="bold")
    plan.add("Tabel, række", None, "Kolonne", "Trykt", "Beregnet", style="header")
    for d in found:
        values = []
        for value in (d.printed, d.computed):
            if isinstance(value, Decimal):
                values.append(_Cell(value, fmt=MILLIONS))
            elif isinstance(value, int):
                values.append(_Cell(value, fmt=WHOLE))
            else:
                values.append(_Cell("–" if value is None else str(value)))
        plan.add(f"{d.table}, {d.row}", None, d.column, *values)  # C wraps: no wider sheet
    plan.keep(caption, head=3)


def new_workbook() -> Workbook:
    """A write-only workbook whose default font is the one kkinvest writes with: the width of
    a column is counted in that font's digits, so widths print as planned."""
    from openpyxl import Workbook as NewWorkbook
    from openpyxl.styles import Font
    from openpyxl.utils.indexed_list import IndexedList

    book = NewWorkbook(write_only=True)
    font = Font(name=FONT, size=SIZE)
    setattr(book, "_fonts", IndexedList([font]))  # noqa: B010 (openpyxl keeps no public hook)
    getattr(book, "_named_styles")["Normal"].font = font  # noqa: B009
    return book


OverviewSheet = tuple[Overview, Pool | None] | tuple[Overview, Pool | None, str]


def build_workbook(
    sheets: Iterable[ProposalSheet],
    overviews: Iterable[OverviewSheet],
    registry: Registry,
    progress: Callable[[], None] | None = None,
    economics: Economics | None = None,
) -> Workbook:
    """A write-only workbook: the overview sheets first, then the sensitivity sheets, then one
    sheet per proposal (with its present value below the chart)."""
    from kkinvest.render.excel_economics import add_present_value, add_sensitivity_sheets

    book = new_workbook()
    styles = _Styles()
    taken: set[str] = set()
    for entry in overviews:
        ov, pool = entry[0], entry[1]
        pool_toml = entry[2] if len(entry) > 2 else ""
        sheet = book.create_sheet(sheet_title(f"Puljeoversigt {ov.budget}", taken))
        write_overview_sheet(sheet, ov, pool, pool_toml)
    add_sensitivity_sheets(book, taken, economics)  # "Følsomhed BUDGET" (issue 15)
    for item in sheets:
        sheet = book.create_sheet(sheet_title(item.proposal.id, taken))

        def present_value(
            sheet: WriteOnlyWorksheet, last: int, refs: LineRefs, pid: str = item.proposal.id
        ) -> int:
            return add_present_value(sheet, pid, last, economics, refs)

        write_proposal_sheet(sheet, item, registry, styles, present_value)
        sheet.close()  # finish it now: openpyxl would keep its writer in memory until save
        if progress is not None:
            progress()
    return book
