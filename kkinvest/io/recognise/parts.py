"""Tabel 1 cut over several consecutive tables, joined into one grid before it is read.

Analysts cut Tabel 1 where it suits them: over a page break, or into one table for the
implementation costs and one for the permanent changes, each with its own caption ("Tabel 1 …
(fortsat) – varige ændringer") and its own header. The rule, from the structure alone: the
tables that follow Tabel 1 with nothing but captions or empty paragraphs between them, and whose
year columns are Tabel 1's (the same years in the same columns), are the rest of it. Their
header rows are dropped; every row keeps its own place (table, row) for messages.

>>> from kkinvest.io.grid import Grid
>>> head = {(1, 1): "1.000 kr.", (1, 2): "2027"}
>>> one = Grid("f.docx", "tabel 1", {**head, (2, 1): "Varige ændringer"})
>>> two = Grid("f.docx", "tabel 2", {**head, (2, 1): "Drift", (2, 2): "5"})
>>> joined, parts = join_parts([one, two], one)
>>> [joined.text(r, 1) for r in range(1, joined.max_row + 1)], joined.ref(3, 2)
(['1.000 kr.', 'Varige ændringer', 'Drift'], 'tabel 2, række 2, kolonne 2')
"""

from __future__ import annotations

from typing import Any

from kkinvest.io.grid import Block, Grid, Paragraph
from kkinvest.io.recognise.tabel_1 import find_header, folded, year_of

CAPTION_LENGTH = 120
"""A paragraph between two parts longer than this is text, not a caption: Tabel 1 ends there."""


def year_columns(grid: Grid) -> tuple[int, dict[int, int]] | None:
    """Tabel 1's header row in `grid` and its year per column; None without one."""
    header = find_header(grid)
    if header is None:
        return None
    years = {c: y for c in range(2, grid.max_col + 1) if (y := year_of(grid.get(header, c)))}
    return (header, years) if years else None


def _caption(paragraph: Paragraph) -> bool:
    text = folded(paragraph.text.strip(" \f\n\t"))
    return not text or (
        not paragraph.heading
        and len(text) <= CAPTION_LENGTH
        and (text.startswith(("tabel", "table")) or "fortsat" in text)
    )


def join_parts(blocks: list[Block], first: Grid) -> tuple[Grid, list[Grid]]:
    """Tabel 1 (`first`, one of `blocks`) with the consecutive tables that continue it, as one
    grid; and the tables joined into it (none: `first` itself is returned)."""
    found = year_columns(first)
    if found is None:
        return first, []
    years = found[1]
    parts: list[tuple[Grid, int]] = []
    for block in blocks[_index(blocks, first) + 1 :]:
        if isinstance(block, Grid) and block.inside:
            continue  # nested in a cell of a part: read on its own (io/docx_in.py)
        if isinstance(block, Paragraph):
            if _caption(block):
                continue
            break
        other = year_columns(block)
        if other is None or other[1] != years:
            break
        parts.append((block, other[0]))
    if not parts:
        return first, []
    cells: dict[tuple[int, int], Any] = dict(first.cells)
    origins = {
        row: first.origins.get(row, (first.name, row)) for row in range(1, first.max_row + 1)
    }
    row = first.max_row
    for part, header in parts:
        for number in range(header + 1, part.max_row + 1):
            row += 1
            origins[row] = part.origins.get(number, (part.name, number))
            for col in range(1, part.max_col + 1):
                value = part.get(number, col)
                if value is not None:
                    cells[(row, col)] = value
    joined = Grid(first.source, first.name, cells, sheet=first.sheet, title=first.title)
    joined.max_row = row
    joined.origins = origins
    joined.tracked = first.tracked + sum(part.tracked for part, _ in parts)
    joined.hidden = [*first.hidden, *(h for part, _ in parts for h in part.hidden)]
    return joined, [part for part, _ in parts]


def _index(blocks: list[Block], grid: Grid) -> int:
    return next(i for i, block in enumerate(blocks) if block is grid)
