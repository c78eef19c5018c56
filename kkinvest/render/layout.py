"""Tables that keep every column in any terminal, 80 columns included, and when piped.

The rule every renderer follows: figures never wrap and are never cut (`number_column`); a text
column (a title, a label, a remark) takes what is left and wraps, or ends in an ellipsis on one
line (`one_line`). Where a layout with full names does not fit, `Fitting` picks a narrower one
(committee codes instead of names), measured at render time, so the renderers need not know the
width.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich import box
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


class Fitting:
    """The first of several layouts whose natural width fits the terminal, else the last."""

    def __init__(self, *choices: RenderableType) -> None:
        assert choices
        self.choices = choices

    def chosen(self, console: Console, width: int) -> RenderableType:
        wide = console.options.update_width(WIDE)
        for choice in self.choices[:-1]:
            if Measurement.get(console, wide, choice).maximum <= width:
                return choice
        return self.choices[-1]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.chosen(console, options.max_width)

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
        segments = list(console.render(part, console.options))
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
