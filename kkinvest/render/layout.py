"""Tables that keep every column in any terminal, 80 columns included, and when piped.

The rule every renderer follows: figures never wrap and are never cut (`number_column`); a text
column (a title, a label, a remark) takes what is left and wraps, or ends in an ellipsis on one
line (`one_line`). Where a layout with full names does not fit, `Fitting` picks a narrower one
(committee codes instead of names), measured at render time, so the renderers need not know the
width.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment, Segments
from rich.table import Table
from rich.text import Text

WIDE = 10_000
"""Width at which a layout's natural width is measured."""


def plain_table(title: str | None = None, **options: object) -> Table:
    """A table in the plain house style: a rule under the heading, no vertical lines."""
    settings: dict[str, object] = {
        "title_justify": "left",
        "box": box.SIMPLE_HEAD,
        "collapse_padding": True,
        "pad_edge": False,
    }
    settings.update(options)
    return Table(title=title, **settings)  # type: ignore[arg-type]


def number_column(table: Table, name: str, **options: object) -> None:
    """A column of figures: right-aligned, never wrapped, never cut."""
    table.add_column(name, justify="right", no_wrap=True, **options)  # type: ignore[arg-type]


def one_line(text: str | Text) -> Text:
    """A cell that stays on one line and ends in '…' where the column is too narrow."""
    cell = text.copy() if isinstance(text, Text) else Text(text)
    cell.no_wrap = True
    cell.overflow = "ellipsis"
    return cell


def indented(text: str | Text, indent: int) -> Padding:
    """Text whose wrapped lines keep the indent of the first."""
    return Padding(text, (0, 0, 0, indent))


def hanging(head: Text, body: str | Text, indent: int) -> Table:
    """`head` in a column `indent` wide, `body` beside it; wrapped lines of the body stay under
    its first character (a hanging indent)."""
    grid = Table.grid()
    grid.add_column(width=indent, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(head, body)
    return grid


def _plain_width(console: Console, cell: RenderableType) -> int | None:
    """The width of a cell of plain text on its widest line, as rich measures it; None for
    anything but a str or a Text (rich measures those)."""
    if type(cell) is str:
        # Printable (no line break, no control code) and no "[" or ":": the same whether the
        # console reads markup and emoji codes or not.
        if cell.isprintable() and "[" not in cell and ":" not in cell:
            return cell_len(cell)
    elif type(cell) is Text:
        if cell.plain.isprintable():
            return cell_len(cell.plain)
    else:
        return None
    # A line break, a tab, a control code or possible markup: let rich measure the one cell.
    return Measurement.get(console, console.options.update_width(WIDE), cell).maximum


def natural_widths(console: Console, table: Table) -> list[int] | None:
    """Each column's width (its cell padding included) where nothing narrows the table: what
    rich's `Measurement.get` works out at width WIDE, without laying out every cell (which
    costs a third of `kkinvest tables`). None where a cell is neither str nor Text, or the
    table sets its own width, expands, or has no cells: then only rich can say.

    Mirrors rich's Table (15.x): a cell's padding (`_get_cells`), a column's padding for its
    min/max width and fixed width (`_get_padding_width`), and the clamping in
    `_measure_column`. tests/test_layout.py checks it against rich on every kkinvest table and
    on generated ones, so a rich that measures otherwise fails there, not in the output."""
    if table.width is not None or table.expand or table.min_width is not None:
        return None
    columns = table.columns
    if not columns:
        return None
    widths: list[int] = []
    for index, column in enumerate(columns):
        cell_padding, padding = _paddings(table, index)
        if column.width is not None:
            widths.append(column.width + padding)
            continue
        cells: list[RenderableType] = []
        if table.show_header:
            cells.append(column.header)
        cells.extend(column.cells)
        if table.show_footer:
            cells.append(column.footer)
        if not cells:
            return None
        widest = 0
        for cell in cells:
            width = _plain_width(console, cell)
            if width is None:
                return None
            widest = max(widest, width)
        widest += cell_padding
        if column.min_width is not None:
            widest = max(widest, column.min_width + padding)
        if column.max_width is not None:
            widest = min(widest, column.max_width + padding)
        widths.append(widest)
    if sum(widths) + _edges(table) >= WIDE:
        return None
    return widths


def _paddings(table: Table, index: int) -> tuple[int, int]:
    """Column `index`'s padding left and right: of a cell (as rich's Table._get_cells pads
    it) and of the column's own width, min_width and max_width (Table._get_padding_width)."""
    _, right, _, left = table.padding
    cell_left, cell_right = left, right
    if table.collapse_padding and index:
        cell_left = max(0, left - right)
    pad_left, pad_right = (0, right) if table.collapse_padding else (left, right)
    if not table.pad_edge:
        if index == 0:
            cell_left = pad_left = 0
        if index == len(table.columns) - 1:
            cell_right = pad_right = 0
    return cell_left + cell_right, pad_left + pad_right


def _edges(table: Table) -> int:
    """The columns' rules and the table's edges (rich's Table._extra_width)."""
    if not table.box:
        return 0
    return len(table.columns) - 1 + (2 if table.show_edge else 0)


def natural_width(console: Console, renderable: RenderableType) -> int:
    """The width `renderable` takes where nothing narrows it."""
    if isinstance(renderable, Table):
        widths = natural_widths(console, renderable)
        if widths is not None:
            return max(0, sum(widths) + _edges(renderable))
    return Measurement.get(console, console.options.update_width(WIDE), renderable).maximum


def laid_out(console: Console, renderable: RenderableType, width: int) -> RenderableType:
    """`renderable` as it renders at `width`; a plain table that fits comes back with its
    column widths fixed at their natural widths (which rich gives such a table anyway), so
    that rich does not measure every cell again to find them."""
    if not isinstance(renderable, Table):
        return renderable
    widths = natural_widths(console, renderable)
    if widths is None or sum(widths) + _edges(renderable) > width:
        return renderable
    fixed = copy.copy(renderable)  # the caller's table stays as it was: it may render again
    fixed.columns = []
    for index, (column, natural) in enumerate(zip(renderable.columns, widths, strict=True)):
        column = copy.copy(column)
        column.width = natural - _paddings(renderable, index)[1]
        if column.width < 0:
            return renderable
        fixed.columns.append(column)
    return fixed


class Fitting:
    """The first of several layouts whose natural width fits the terminal, else the last."""

    def __init__(self, *choices: RenderableType) -> None:
        assert choices
        self.choices = choices

    def chosen(self, console: Console, width: int) -> RenderableType:
        for choice in self.choices[:-1]:
            if natural_width(console, choice) <= width:
                return choice
        return self.choices[-1]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        yield laid_out(console, self.chosen(console, width), width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.chosen(console, options.max_width))


def legend(parts: Iterable[str]) -> Text:
    """A table's legend, after it, wrapped at the terminal's width."""
    return Text(" ".join(parts), style="dim")


def _parts(renderables: Iterable[RenderableType]) -> Iterator[RenderableType]:
    for part in renderables:
        if isinstance(part, Group):
            yield from _parts(part.renderables)
        else:
            yield part


def rendered(
    console: Console, renderables: Iterable[RenderableType]
) -> tuple[list[RenderableType], str | None]:
    """The output rendered once, uncropped, and one Danish line when a table cannot keep all
    its columns in the terminal's width even wrapped (printed whole, the terminal wraps its
    lines; no column is lost), else None."""
    parts: list[RenderableType] = []
    wide: list[tuple[str, int]] = []
    width = console.width
    for part in _parts(renderables):
        segments = list(console.render(laid_out(console, part, width), console.options))
        parts.append(Segments(segments))
        lines = Segment.split_lines(segments)
        needed = max((Segment.get_line_length(line) for line in lines), default=0)
        if needed > width:
            shown = part.chosen(console, width) if isinstance(part, Fitting) else part
            title = getattr(shown, "title", None)
            wide.append((str(title).splitlines()[0] if title else "en tabel", needed))
    if not wide:
        return parts, None
    needed = max(n for _, n in wide)
    names = "; ".join(name for name, _ in wide)
    return parts, (
        f"terminalen er {width} tegn bred, men {names} kræver {needed}: skrevet uden at "
        f"skære kolonner af, så linjerne ombrydes (gør vinduet mindst {needed} tegn bredt)"
    )
