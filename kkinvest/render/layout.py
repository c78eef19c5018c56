"""Tables that keep every column in any terminal, 80 columns included, and when piped.

The rule every renderer follows: figures never wrap and are never cut (`number_column`); a text
column (a title, a label, a remark) takes what is left and wraps, a word too long for it broken
over two lines, never cut (`folding`); no line is padded at its end (`trimmed`). Where a layout
with full names does not fit, `Fitting` picks a narrower one (committee codes instead of
names), measured at render time, so the renderers need not know the width.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple

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

TEXT_MINIMUM = 10
"""The narrowest a text column is made (its padding aside) where its renderer set no min_width:
ten characters of a title or a name (or the whole of a committee code, a number, a year) tell
the rows apart. A column whose every cell is narrower keeps its natural width, and a column is
never made narrower than the longest figure in it, so wrapping never breaks a figure. Prose
outside tables wraps down to its longest figure (a long word, a web address, is broken)."""

_FIGURE = re.compile(r"[-+−]?\d(?:[\d.,]*\d)?%?")
"""A figure in text: digits, with the thousands' dots and decimal commas between them."""


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


class _Column(NamedTuple):
    """What rich's layout of a table needs of a column of plain text."""

    cells: list[int]  # the width of each cell's widest line
    fixed: int | None  # Column.width
    cell_padding: int  # of each cell, left and right (rich's Table._get_cells)
    padding: int  # of the column's width, min_width, max_width (Table._get_padding_width)
    min_width: int | None
    max_width: int | None
    wraps: bool  # whether rich may narrow it to fit (Table._collapse_widths)

    def width(self, available: int) -> int:
        """rich's Table._measure_column(...).maximum at `available` columns: the widest cell,
        padded, capped at `available`, clamped by min_width and max_width."""
        if available < 1:
            return 0
        if self.fixed is not None:
            return min(self.fixed + self.padding, available)
        widest = max((self._cell(width, available) for width in self.cells), default=available)
        widest = min(widest, available)
        if self.min_width is not None:
            widest = max(widest, max(0, self.min_width + self.padding))
        if self.max_width is not None:
            widest = min(widest, self.max_width + self.padding)
        return widest

    def _cell(self, width: int, available: int) -> int:
        """A padded cell measured at `available` (rich's Padding and Text __rich_measure__)."""
        padding = self.cell_padding
        if available - padding < 1:
            return available
        return min(min(width, available - padding) + padding, available)


def _columns(console: Console, table: Table) -> list[_Column] | None:
    """The table's columns as `_Column`s; None where a cell is neither str nor Text, or the
    table sets its own width, expands or has a minimum width: then only rich can say.

    This mirrors how rich's Table (15.x) measures and lays out columns. tests/test_layout.py
    holds it to rich's Measurement and to rich's rendering on every kkinvest table and on
    generated ones, so a rich that works otherwise fails there, not in the output."""
    if table.width is not None or table.expand or table.min_width is not None:
        return None
    columns: list[_Column] = []
    for index, column in enumerate(table.columns):
        cell_padding, padding = _paddings(table, index)
        cells: list[RenderableType] = []
        if column.width is None:
            if table.show_header:
                cells.append(column.header)
            cells.extend(column.cells)
            if table.show_footer:
                cells.append(column.footer)
        widths: list[int] = []
        for cell in cells:
            width = _plain_width(console, cell)
            if width is None or width >= WIDE:
                return None
            widths.append(width)
        columns.append(
            _Column(
                widths,
                column.width,
                cell_padding,
                padding,
                column.min_width,
                column.max_width,
                column.width is None and not column.no_wrap,
            )
        )
    return columns


def natural_widths(console: Console, table: Table) -> list[int] | None:
    """Each column's width (its cell padding included) where nothing narrows the table: what
    rich's `Measurement.get` works out at width WIDE, without laying out every cell (which
    cost a third of `kkinvest tables`). None where only rich can say (see `_columns`)."""
    columns = _columns(console, table)
    if not columns or any(not (c.cells or c.fixed is not None) for c in columns):
        return None
    widths = [column.width(WIDE) for column in columns]
    if sum(widths) + _edges(table) >= WIDE:
        return None
    return widths


def column_widths(console: Console, table: Table, width: int) -> list[int] | None:
    """The column widths (cell padding included) rich gives `table` rendered `width` wide
    (rich's Table._calculate_column_widths): natural widths where they fit, else the columns
    that may wrap narrowed, widest first. None where only rich can say (see `_columns`)."""
    columns = _columns(console, table)
    if not columns:
        return None
    available = width - _edges(table)
    widths = [column.width(available) or 1 for column in columns]
    if sum(widths) > available:
        widths = _collapsed(widths, [column.wraps for column in columns], available)
        if sum(widths) > available:  # rich's last resort: every column loses alike
            widths = _reduced(sum(widths) - available, [1] * len(widths), widths, widths)
        widths = [column.width(w) for column, w in zip(columns, widths, strict=True)]
    return widths


def _collapsed(widths: list[int], wraps: list[bool], available: int) -> list[int]:
    """rich's Table._collapse_widths: the widest wrapping columns narrowed to the next widest,
    until the table fits or no column can wrap."""
    total = sum(widths)
    excess = total - available
    if any(wraps):
        while total and excess > 0:
            widest = max(w for w, wrap in zip(widths, wraps, strict=True) if wrap)
            second = max(
                w if wrap and w != widest else 0 for w, wrap in zip(widths, wraps, strict=True)
            )
            difference = widest - second
            ratios = [
                1 if w == widest and wrap else 0 for w, wrap in zip(widths, wraps, strict=True)
            ]
            if not any(ratios) or not difference:
                break
            widths = _reduced(excess, ratios, [min(excess, difference)] * len(widths), widths)
            total = sum(widths)
            excess = total - available
    return widths


def _reduced(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich's ratio_reduce: `total` taken from `values` in proportion to `ratios`, at most
    `maximums`."""
    ratios = [ratio if most else 0 for ratio, most in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result: list[int] = []
    for ratio, most, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            taken = min(most, round(ratio * remaining / total_ratio))
            result.append(value - taken)
            remaining -= taken
            total_ratio -= ratio
        else:
            result.append(value)
    return result


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
    """`renderable` as it renders at `width`; a plain table comes back with its column widths
    fixed at those rich would give it (`column_widths`), so that rich does not measure every
    cell again, and again after narrowing, to find them."""
    if not isinstance(renderable, Table):
        return renderable
    widths = column_widths(console, renderable, width)
    # Fixed, rich keeps these widths: when they fit, and none is 0 (rich widens that to 1).
    if not widths or sum(widths) > width - _edges(renderable) or min(widths) < 1:
        return renderable
    return _fixed(renderable, widths) or renderable


def _longest_figure(console: Console, cells: Iterable[RenderableType]) -> int:
    """The widest figure among the cells of plain text (0 for the rest)."""
    return _longest(cells, _FIGURE.findall)


def _longest_word(cells: Iterable[RenderableType]) -> int:
    """The widest word (text between spaces) among the cells of plain text (0 for the rest)."""
    return _longest(cells, str.split)


def _longest(cells: Iterable[RenderableType], words: Callable[[str], list[str]]) -> int:
    widest = 0
    for cell in cells:
        text = cell if type(cell) is str else cell.plain if isinstance(cell, Text) else ""
        for word in words(text):
            widest = max(widest, cell_len(word))
    return widest


def _floors(console: Console, table: Table) -> list[tuple[int, int]]:
    """Each column's narrowest without cutting (its padding included), and the narrowest
    without cutting a figure in it: a column that does not wrap (figures, codes) at its
    natural width, a text column at TEXT_MINIMUM (or its own min_width) but never below its
    longest figure, nor above its natural width."""
    widths = natural_widths(console, table)
    if widths is None:
        options = console.options.update_width(WIDE)
        widths = [table._measure_column(console, options, c).maximum for c in table.columns]
    floors: list[tuple[int, int]] = []
    for index, (column, natural) in enumerate(zip(table.columns, widths, strict=True)):
        if column.width is None and not column.no_wrap:
            cell_padding, padding = _paddings(table, index)
            figure = min(natural, _longest_figure(console, column.cells) + cell_padding)
            floor = TEXT_MINIMUM if column.min_width is None else column.min_width
            floors.append((min(natural, max(floor + padding, figure)), figure))
        else:
            floors.append((natural, natural))
    return floors


def _table_minimum(console: Console, table: Table) -> int:
    """The narrowest `table` renders without cutting a figure or losing a column: its
    columns' floors (`_floors`) and the rules between them."""
    total = sum(floor for floor, _ in _floors(console, table)) + _edges(table)
    if table.min_width is not None:
        total = max(total, table.min_width)
    return total


def folding(renderable: RenderableType) -> RenderableType:
    """A table whose wrapping text columns break a word too long for them over two lines
    instead of ending it in '…' (rich's default): the reader keeps every character. A cell made
    whose Text sets its own overflow keeps it; `renderable` itself is left as it was."""
    if not isinstance(renderable, Table) or all(
        c.no_wrap or c.overflow == "fold" for c in renderable.columns
    ):
        return renderable
    table = copy.copy(renderable)
    table.columns = []
    for column in renderable.columns:
        column = copy.copy(column)
        if not column.no_wrap:
            column.overflow = "fold"
        table.columns.append(column)
    return table


def uncut(console: Console, table: Table, width: int) -> Table:
    """`table` as rich lays it out at `width`, unless rich would cut a word or a figure in a
    text column (it narrows the widest text columns alike, whatever they hold, and ends a word
    that does not fit in '…'): then a copy with its column widths fixed, each text column as
    wide as its longest word where the width allows it, else as its longest figure, what that
    takes taken from the text columns with room to spare, widest first. `width` is at least
    `minimum_width`."""
    widths = column_widths(console, table, width)
    if widths is None:
        return table
    figures = [figure for _, figure in _floors(console, table)]
    words = [
        max(figure, _longest_word(column.cells) + _paddings(table, index)[0])
        if column.width is None and not column.no_wrap
        else figure
        for index, (column, figure) in enumerate(zip(table.columns, figures, strict=True))
    ]
    natural = natural_widths(console, table) or widths
    words = [min(word, n) for word, n in zip(words, natural, strict=True)]
    for floors in (words, figures):
        if all(w >= floor for w, floor in zip(widths, floors, strict=True)):
            return table
        fitted = _raised(widths, floors, sum(widths) + _edges(table) - width)
        if fitted is not None:
            return _fixed(table, fitted) or table
    return table


def _raised(widths: list[int], floors: list[int], room: int) -> list[int] | None:
    """`widths` with each raised to its floor, the extra taken from the columns with room to
    spare (widest first) so that the total grows by no more than `room` allows (a negative
    room: the total must shrink that much); None where the floors do not fit."""
    raised = [max(w, floor) for w, floor in zip(widths, floors, strict=True)]
    excess = sum(raised) - sum(widths) + room
    while excess > 0:
        spare = [(w - f, i) for i, (w, f) in enumerate(zip(raised, floors, strict=True)) if w > f]
        if not spare:
            return None
        raised[max(spare)[1]] -= 1
        excess -= 1
    return raised


def _fixed(table: Table, widths: list[int]) -> Table | None:
    """A copy of `table` with its columns' widths (padding included) fixed at `widths`; None
    where a width is narrower than its column's padding."""
    fixed = copy.copy(table)  # the caller's table stays as it was: it may render again
    fixed.columns = []
    for index, (column, natural) in enumerate(zip(table.columns, widths, strict=True)):
        column = copy.copy(column)
        column.width = natural - _paddings(table, index)[1]
        if column.width < 0:
            return None
        fixed.columns.append(column)
    return fixed


def minimum_width(console: Console, renderable: RenderableType) -> int:
    """The narrowest `renderable` renders without cutting a figure or losing a column (0
    where it takes any width, a rule say)."""
    if isinstance(renderable, Fitting):
        renderable = renderable.choices[-1]
    if isinstance(renderable, Table):
        return _table_minimum(console, renderable)
    if isinstance(renderable, (str, Text)):
        return _longest_figure(console, [renderable])
    if isinstance(renderable, Padding):
        return renderable.left + renderable.right + minimum_width(console, renderable.renderable)
    minimum = Measurement.get(console, console.options.update_width(WIDE), renderable).minimum
    return 0 if minimum >= WIDE else minimum


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


def widest_line(segments: Iterable[Segment]) -> int:
    """The width of the widest line: what `Segment.split_lines` and `Segment.get_line_length`
    give, without building the lines."""
    widest = line = 0
    for text, _, control in segments:
        if control:  # no width, and split_lines does not split it either
            continue
        if "\n" in text:
            *ends, text = text.split("\n")
            for end in ends:
                widest = max(widest, line + cell_len(end))
                line = 0
        line += cell_len(text)
    return max(widest, line)


def trimmed(segments: Iterable[Segment]) -> list[Segment]:
    """`segments` without the spaces rich pads each line with to the table's or terminal's
    width: pasted into a mail, the padding shows. Spaces with a background colour are kept.

    >>> [s.text for s in trimmed([Segment("Nr.  "), Segment("   "), Segment("\\n")])]
    ['Nr.', '\\n']
    """
    given = list(segments)
    ends_in_newline = bool(given) and given[-1].text.endswith("\n")
    result: list[Segment] = []
    lines = list(Segment.split_lines(given))
    for number, line in enumerate(lines, 1):
        result.extend(_trim_line(line))
        if number < len(lines) or ends_in_newline:
            result.append(Segment.line())
    return result


def _trim_line(line: list[Segment]) -> list[Segment]:
    while line:
        last = line[-1]
        if last.control or (last.style is not None and last.style.bgcolor is not None):
            break
        text = last.text.rstrip(" ")
        if text:
            line[-1] = Segment(text, last.style)
            break
        line.pop()
    return line


def rendered(
    console: Console, renderables: Iterable[RenderableType]
) -> tuple[list[RenderableType], str | None]:
    """The output rendered once, uncropped, and one Danish line when a part cannot keep all
    its columns and every figure whole in the terminal's width even wrapped, else None.

    A part that fits when its text columns wrap (down to `minimum_width`) is rendered at the
    terminal's width; one that does not is rendered at the width it needs, whole: the lines
    are longer than the terminal, which wraps them, and the line says how wide it must be.
    rich itself would narrow every column alike, cutting figures to '…' without a word."""
    parts: list[RenderableType] = []
    wide: list[tuple[str, int]] = []
    width = console.width
    options = console.options  # a property that asks the terminal its size: ask once
    for part in _parts(renderables):
        shown = part.chosen(console, width) if isinstance(part, Fitting) else part
        shown = folding(shown)
        at, at_options = width, options
        natural = natural_width(console, shown)
        if natural > width:  # it must narrow: how far can it?
            at = max(width, minimum_width(console, shown))
            if at > width:
                at_options = options.update_width(at)
        fixed = uncut(console, shown, at) if isinstance(shown, Table) and at < natural else shown
        laid = fixed if fixed is not shown else laid_out(console, shown, at)
        segments = trimmed(console.render(laid, at_options))
        parts.append(Segments(segments))
        needed = widest_line(segments)
        if needed > width:
            title = getattr(shown, "title", None) if isinstance(shown, Table) else None
            wide.append((str(title).splitlines()[0] if title else "teksten", needed))
    if not wide:
        return parts, None
    needed = max(n for _, n in wide)
    names = "; ".join(dict.fromkeys(name for name, _ in wide))
    return parts, (
        f"terminalen er {width} tegn bred, men {names} kræver {needed}: skrevet uden at "
        f"skære kolonner af, så linjerne ombrydes (gør vinduet mindst {needed} tegn bredt)"
    )
