"""kkinvest.render.layout: the natural width of a plain table, worked out without rich laying
out every cell, is what rich measures; `Fitting` picks the layout it picked when rich measured;
a table laid out at its natural widths prints exactly as rich would print it.

Every table kkinvest prints is collected by running the commands; generated tables cover the
rest (odd padding, boxes, edges, fixed and clamped columns, wide characters, markup)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console, RenderableType
from rich.measure import Measurement
from rich.segment import ControlType, Segment
from rich.table import Table
from rich.text import Text

import kkinvest
from kkinvest.cli import app
from kkinvest.render import layout
from kkinvest.render.layout import (
    WIDE,
    Fitting,
    laid_out,
    natural_width,
    natural_widths,
    widest_line,
)

PROPOSALS = [
    "BC01", "BC02", "BC03", "BC04", "BC05", "BC06", "BC07", "BC08", "BC09", "BC10", "BC11",
    "ENERGI-2025", "MOBIL-2025",
]  # fmt: skip

COMMANDS = [
    "list",
    "payback --all",
    "keys",
    "check",
    "pool --budget 2023",
    "pool --budget 2025",
    "allocate --key intune BC02",
    "allocate --key intune --amount -3791",
    "allocate --key intune --year 2025=-1895 --year 2026=-3791 --by administration",
    "npv BC06",
    "sensitivity BC06",
    "rates",
    "indices",
    *(f"{command} {p}" for p in PROPOSALS for command in ("show", "payback", "tables")),
    *(f"tables {p} --collapse" for p in PROPOSALS),
]

WIDTHS = [60, 80, 100, 120, 200]


def console(width: int = 80, markup: bool = False) -> Console:
    """A console as kkinvest.cli.common.out makes one (markup and emoji off), writing nowhere."""
    return Console(width=width, file=io.StringIO(), highlight=False, markup=markup, emoji=markup)


def _flat(parts: object) -> list[object]:
    found: list[object] = []
    for part in layout._parts(parts):  # type: ignore[arg-type]
        found.append(part)
        if isinstance(part, Fitting):
            found.extend(part.choices)
    return found


@pytest.fixture(scope="module")
def printed() -> list[object]:
    """Every renderable the commands hand to `rendered`, Fitting's choices included."""
    from typer.testing import CliRunner

    seen: list[object] = []
    original = layout.rendered

    def recording(con: Console, renderables: object) -> object:
        renderables = list(renderables)  # type: ignore[call-overload]
        seen.extend(_flat(renderables))
        return original(con, renderables)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(layout, "rendered", recording)
        mp.setenv("COLUMNS", "80")
        mp.setenv("NO_COLOR", "1")
        mp.chdir(Path(kkinvest.__file__).resolve().parent.parent)
        runner = CliRunner()
        for command in COMMANDS:
            result = runner.invoke(app, command.split())
            assert result.exit_code in (0, 1), (command, result.output)
    return seen


@pytest.fixture(scope="module")
def tables(printed: list[object]) -> list[Table]:
    return [part for part in printed if isinstance(part, Table)]


@pytest.fixture(scope="module")
def fittings(printed: list[object]) -> list[Fitting]:
    return [part for part in printed if isinstance(part, Fitting)]


def rich_width(con: Console, renderable: RenderableType) -> int:
    return Measurement.get(con, con.options.update_width(WIDE), renderable).maximum


def segments(con: Console, renderable: RenderableType, width: int) -> list[object]:
    return list(con.render(renderable, con.options.update_width(width)))


def test_every_kkinvest_table_is_measured_without_rich(tables: list[Table]) -> None:
    """The plain tables are every table but a few: else the quick measure is never used."""
    con = console()
    assert len(tables) > 100
    quick = [t for t in tables if natural_widths(con, t) is not None]
    assert len(quick) >= 0.9 * len(tables)


@pytest.mark.parametrize("markup", [False, True])
def test_natural_width_is_richs_on_every_kkinvest_table(tables: list[Table], markup: bool) -> None:
    con = console(markup=markup)
    for table in tables:
        assert natural_width(con, table) == rich_width(con, table), table.title


def test_fitting_picks_what_rich_measuring_picked(fittings: list[Fitting]) -> None:
    """Every proposal's Tabel 1, Tabel A/B/C and allocation tables, at 60 to 200 columns."""
    assert len(fittings) >= 3 * len(PROPOSALS)
    con = console()
    for fitting in fittings:
        for width in WIDTHS:
            by_rich = next(
                (c for c in fitting.choices[:-1] if rich_width(con, c) <= width),
                fitting.choices[-1],
            )
            assert fitting.chosen(con, width) is by_rich


def test_laid_out_prints_as_rich_does_on_every_kkinvest_table(tables: list[Table]) -> None:
    con = console()
    for table in tables:
        for width in WIDTHS:
            assert segments(con, laid_out(con, table, width), width) == segments(
                con, table, width
            ), (table.title, width)


def test_laid_out_fixes_the_widths_of_a_table_that_fits_and_leaves_it_alone() -> None:
    table = layout.plain_table("T")
    table.add_column("Udvalg")
    layout.number_column(table, "2023")
    table.add_row("Økonomiudvalget", "-1.099")
    con = console()
    fixed = laid_out(con, table, 80)
    assert isinstance(fixed, Table)
    assert [c.width for c in fixed.columns] == [15, 6]  # the widest cells (padding apart)
    assert [c.width for c in table.columns] == [None, None]  # the caller's table untouched
    assert segments(con, fixed, 80) == segments(con, table, 80)
    narrow = laid_out(con, table, 16)  # 13 inside the edges: the name, which may wrap, gets 6
    assert isinstance(narrow, Table)
    assert [c.width for c in narrow.columns] == [6, 6]
    assert segments(con, narrow, 16) == segments(con, table, 16)
    table.columns[0].no_wrap = True  # nothing may wrap: 13 + 6 cut by 3 and 3
    assert [c.width for c in laid_out(con, table, 16).columns] == [9, 3]  # type: ignore[union-attr]
    assert segments(con, laid_out(con, table, 16), 16) == segments(con, table, 16)


def test_a_cell_that_is_not_text_is_left_to_rich() -> None:
    table = layout.plain_table()
    table.add_column("a")
    table.add_row(layout.indented("tekst", 2))
    con = console()
    assert natural_widths(con, table) is None
    assert natural_width(con, table) == rich_width(con, table) == 2 + 7  # edges, cell


# Generated tables: text with wide characters, line breaks, tabs, control codes and markup (no
# "/": a stray "[/]" is an error in rich's markup, measured or not).
_text = st.lists(
    st.sampled_from([*"ab ØÆå-–.,:[]\n\t\x07漢字😀", "[bold]", ":smile:"]), max_size=8
).map("".join)
_cell = st.one_of(_text, _text.map(Text), st.none())


@st.composite
def generated_tables(draw: st.DrawFn) -> Table:
    columns = draw(st.integers(1, 5))
    table = Table(
        title=draw(st.one_of(st.none(), _text)),
        box=draw(st.sampled_from([None, box.SIMPLE_HEAD, box.ROUNDED, box.ASCII])),
        show_edge=draw(st.booleans()),
        show_header=draw(st.booleans()),
        show_footer=draw(st.booleans()),
        collapse_padding=draw(st.booleans()),
        pad_edge=draw(st.booleans()),
        padding=draw(st.tuples(*[st.integers(0, 2)] * 4)),
    )
    for _ in range(columns):
        table.add_column(
            draw(_text),
            footer=draw(_text),
            justify=draw(st.sampled_from(["left", "right", "center"])),
            no_wrap=draw(st.booleans()),
            width=draw(st.one_of(st.none(), st.integers(0, 6))),
            min_width=draw(st.one_of(st.none(), st.integers(0, 8))),
            max_width=draw(st.one_of(st.none(), st.integers(0, 8))),
            ratio=draw(st.one_of(st.none(), st.integers(1, 2))),
        )
    for _ in range(draw(st.integers(0, 4))):
        table.add_row(*draw(st.lists(_cell, min_size=0, max_size=columns)))
    return table


@settings(max_examples=300, deadline=None)
@given(table=generated_tables(), markup=st.booleans())
def test_natural_width_is_richs_on_generated_tables(table: Table, markup: bool) -> None:
    con = console(markup=markup)
    assert natural_width(con, table) == rich_width(con, table)


@settings(max_examples=300, deadline=None)
@given(table=generated_tables(), width=st.integers(5, 120), markup=st.booleans())
def test_laid_out_prints_as_rich_does_on_generated_tables(
    table: Table, width: int, markup: bool
) -> None:
    con = console(width, markup=markup)
    assert segments(con, laid_out(con, table, width), width) == segments(con, table, width)


def test_laid_out_prints_as_rich_does_where_a_column_is_narrower_than_its_padding() -> None:
    """A first column padded 1 + 1 whose cells' column padding is 1 (collapse_padding with
    pad_edge), narrowed to 2 or less: rich measures such a cell as wide as the column."""
    table = Table(box=None, padding=(0, 1), collapse_padding=True, show_header=False)
    table.add_column()
    table.add_column(no_wrap=True)
    table.add_row("aaaa bbb", "c" * 16)
    fixed = 0
    for width in range(5, 30):
        con = console(width)
        shown = laid_out(con, table, width)
        fixed += shown is not table
        assert segments(con, shown, width) == segments(con, table, width), width
    assert fixed > 5


_segment = st.builds(
    Segment,
    st.lists(st.sampled_from([*"ab Ø\n漢😀", "\u200d", "\ufe0f", "\x1b[0m"]), max_size=6).map(
        "".join
    ),
    st.none(),
    st.one_of(st.none(), st.just([(ControlType.BELL,)])),
)


@given(st.lists(_segment, max_size=8))
def test_widest_line_is_what_rich_splitting_lines_gives(segments: list[Segment]) -> None:
    lines = Segment.split_lines(segments)
    assert widest_line(segments) == max(map(Segment.get_line_length, lines), default=0)


# kkinvest's own tables, generated: figure columns and text columns (wrapping, one line, with a
# min_width), at any width. rich alone narrows every column alike when the text columns cannot
# take up the excess, and so cut figures to '…'.
_figure = st.integers(-(10**9), 10**9).map(lambda n: f"{n:,}".replace(",", "."))
_words = st.lists(
    st.sampled_from(["Besparelse", "i", "BIF", "ØU", "administrative", "år", "1.234.567.890"])
)


@st.composite
def kkinvest_tables(draw: st.DrawFn) -> tuple[Table, list[str]]:
    table = layout.plain_table(draw(st.one_of(st.none(), st.just("Tabel 1"))))
    kinds = draw(st.lists(st.sampled_from(["figure", "text", "line", "code"]), min_size=1))
    for number, kind in enumerate(kinds):
        if kind == "figure":
            layout.number_column(table, f"År {number}")
        else:
            min_width = draw(st.one_of(st.none(), st.integers(1, 14)))
            table.add_column("Forslag", no_wrap=kind == "code", min_width=min_width)
    figures: list[str] = []
    for _ in range(draw(st.integers(0, 4))):
        row: list[RenderableType] = []
        for kind in kinds:
            if kind == "figure":
                figures.append(draw(_figure))
                row.append(figures[-1])
            else:
                words = draw(_words)
                if kind == "text":  # wrapped, a figure in it stays whole (one line may end in …)
                    figures.extend(word for word in words if word[0].isdigit())
                row.append(
                    Text(" ".join(words), no_wrap=True, overflow="ellipsis")
                    if kind == "line"
                    else " ".join(words)
                )
        table.add_row(*row)
    return table, figures


@settings(max_examples=300, deadline=None)
@given(generated=kkinvest_tables(), width=st.integers(1, 150))
def test_no_figure_is_cut_at_any_width_and_a_wide_table_is_said(
    generated: tuple[Table, list[str]], width: int
) -> None:
    table, figures = generated
    con = console(width)
    parts, note = layout.rendered(con, [table])
    lines = "".join(text for part in parts for text, _, _ in con.render(part)).splitlines()
    words = [word for line in lines for word in line.split()]
    for figure in figures:
        assert figure in words
    longest = max((len(line) for line in lines), default=0)
    assert (note is not None) == (longest > width)
    if note:
        assert note.endswith(
            f"kræver {longest}: skrevet uden at skære kolonner af, så linjerne "
            f"ombrydes (gør vinduet mindst {longest} tegn bredt)"
        )


def test_a_text_column_keeps_ten_characters_or_its_min_width() -> None:
    """The documented minimum: a text column narrows to 10 characters (or its min_width), a
    column that does not wrap never narrows."""
    table = layout.plain_table()
    table.add_column("Nr.", no_wrap=True)
    table.add_column("Forslag")
    layout.number_column(table, "Invest.")
    table.add_row(
        "ENERGI-2025",
        Text("Automatisering af funktioner", no_wrap=True, overflow="ellipsis"),
        "11.300",
    )
    con = console(20)
    assert layout.minimum_width(con, table) == 11 + 10 + 7 + 2 + 4  # 2 pads, 2 rules, 2 edges
    table.columns[1].min_width = 14
    assert layout.minimum_width(con, table) == 11 + 14 + 7 + 2 + 4


def test_a_text_column_is_not_narrowed_below_a_figure_in_it() -> None:
    """rich narrows the widest text columns alike: a long figure in one of them was cut while
    the other, all words, had room to spare."""
    table = layout.plain_table()
    table.add_column("Tekst")
    table.add_column("Note")
    layout.number_column(table, "Beløb")
    table.add_row("ord " * 12, "forskel 12.345.678.901 " + "ord " * 10, "1.000")
    con = console(36)
    parts, note = layout.rendered(con, [table])
    lines = "".join(text for part in parts for text, _, _ in con.render(part)).splitlines()
    assert "12.345.678.901" in " ".join(lines).split()
    assert note is None and max(len(line) for line in lines) <= 36  # it fits, as it is
