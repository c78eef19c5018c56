"""What kkinvest's exported sheets carry besides Tabel 1, read back: the pool overview sheets
("Puljeoversigt 2023") as the pool, the Tabel A/B/C a proposal sheet shows (so `check` can say
when they no longer match the lines), and the template's fields for the key and the costs.

The layouts are those `render/excel.py` writes. `io/excel_in.py` calls `read_extras` with the
sheets it has read; nothing here opens a file.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from kkinvest.formats.labels import COMPUTED_BY
from kkinvest.formats.xlsx import (
    EXTRA,
    META,
    PRESENT_VALUE_BLOCK,
    STAMP,
    TEMPLATE_SPLIT,
    read_stamp,
    stamp_name,
    template_value,
)
from kkinvest.io.grid import Grid
from kkinvest.io.problems import InputError, Problem
from kkinvest.io.toml_in import parse_toml_bytes
from kkinvest.io.validation import problems_from_validation
from kkinvest.model import DerivedBlock, Pool, ShownTables, Stamp
from kkinvest.registry import Registry, fold

OVERVIEW = re.compile(r"^puljeoversigt\s+(\d{4})", re.I)
REMAINING = "Tilbage i puljerne"
TABLE = re.compile(r"^tabel ([abc])\.", re.I)
DATE = re.compile(r"(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})")


def _fold(value: Any) -> str:
    return fold(str(value)).rstrip(":") if value is not None else ""


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    return Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def _extra_row(grid: Grid) -> int | None:
    return next(
        (r for r in range(1, grid.max_row + 1) if _fold(grid.get(r, 1)) == _fold(EXTRA)), None
    )


def read_pool(grid: Grid, registry: Registry) -> Pool | None:
    """An overview sheet as the pool: the pool file kept in its kkinvest block, with what is
    left in the pools as the sheet shows it ("Tilbage i puljerne")."""
    if not OVERVIEW.match(grid.name.strip("'")):
        return None
    row = _extra_row(grid)
    if row is None or not str(grid.get(row, 2) or "").strip():
        return None
    where = grid.where(row, 2)
    data = parse_toml_bytes(str(grid.get(row, 2)).encode("utf-8"), where)
    pool = data.get("pool")
    if not isinstance(pool, dict):
        raise InputError([Problem(where, "her skal stå en [pool]-tabel i kkinvest-blokken")])
    for r in range(1, grid.max_row + 1):
        if _fold(grid.get(r, 1)) == _fold(REMAINING):
            shown = _number(grid.get(r, 3))
            if shown is not None:  # mio. kr. with one decimal, as the pool file holds it
                pool["remaining"] = shown.quantize(Decimal("0.1"))
    try:
        return Pool.model_validate(pool, context={"registry": registry})
    except ValidationError as exc:
        raise InputError(problems_from_validation(exc, Pool, where, pool, "pool")) from None


def read_shown_tables(grid: Grid, registry: Registry) -> ShownTables | None:
    """Tabel A, B and C as a proposal sheet shows them, with the date kkinvest computed them."""
    tables: dict[str, dict[str, dict[int, Decimal]]] = {}
    computed_on = ""
    row = 1
    while row <= grid.max_row:
        match = TABLE.match(str(grid.get(row, 1) or "").strip())
        if not match:
            row += 1
            continue
        name = match.group(1).upper()
        row += 1
        for _ in range(3):  # the notes between the title and the heading row
            note = str(grid.get(row, 1) or "")
            if note.startswith(COMPUTED_BY):
                found = DATE.search(note)
                computed_on = found.group(1) if found else computed_on
            if _fold(grid.get(row, 1)) == "udvalg":
                break
            row += 1
        if _fold(grid.get(row, 1)) != "udvalg":
            continue
        years = {
            col: int(value)
            for col in range(3, grid.max_col + 1)
            if isinstance(value := grid.get(row, col), int | float) and not isinstance(value, bool)
        }
        rows: dict[str, dict[int, Decimal]] = {}
        row += 1
        while row <= grid.max_row and _fold(grid.get(row, 1)) not in ("total", ""):
            unit = registry.row(str(grid.get(row, 1)))
            if unit is not None:
                values = {y: _number(grid.get(row, c)) for c, y in years.items()}
                rows[unit.code] = {y: v for y, v in values.items() if v is not None and v != 0}
            row += 1
        tables[name] = rows
    if not computed_on or not tables:
        return None  # not computed by kkinvest: a hand-made sheet's tables are not ours to judge
    return ShownTables(computed_on=computed_on, tables=tables, where=grid.where(1, 1))


STAMPED_SHEETS = (
    (OVERVIEW, "Puljeoversigten"),
    (re.compile(r"^følsomhed\s+(\d{4})", re.I), "Følsomhedsberegningen"),
)
"""The export's sheets of computed values, and how a message names what they show."""


def read_stamps(grid: Grid) -> list[DerivedBlock]:
    """A computed sheet's stamps (`formats/xlsx.py`): what each proposal's Tabel 1 was when
    kkinvest computed the sheet; on a proposal sheet, the frame of its present value's
    formulas and payback table."""
    what = next((w for pattern, w in STAMPED_SHEETS if pattern.match(grid.name.strip("'"))), None)
    found: dict[str, dict[str, Stamp]] = {}
    for row in range(1, grid.max_row + 1):
        if grid.get(row, 1) != STAMP:
            continue
        cells = [grid.get(row, col) for col in range(1, grid.max_col + 1)]
        stamp = read_stamp(cells)
        if stamp is not None:  # on a proposal sheet: its blocks of formulas, by name
            name = what or stamp_name(cells) or PRESENT_VALUE_BLOCK
            found.setdefault(name, {})[stamp[0]] = stamp[1]
    return [
        DerivedBlock(name, grid.name, stamps, formulas=what is None)
        for name, stamps in found.items()
    ]


def read_template_split(grid: Grid) -> dict[str, Any] | None:
    """The template's "Nøgle" and "Omkostninger" fields as the proposal's split."""
    labels = {fold(label): name for label, name in TEMPLATE_SPLIT}
    split: dict[str, Any] = {}
    for row in range(1, grid.max_row + 1):
        name = labels.get(_fold(grid.get(row, 1)))
        value = grid.get(row, 2)
        if name and value is not None and str(value).strip():
            chosen = template_value(name, str(value).strip())  # 'ingen fordeling': no key
            if chosen is not None:
                split[name] = chosen
    return split or None


SHEET_LABELS = {
    **{name: label for label, name in META},
    **{f"split.{name}": label for label, name in TEMPLATE_SPLIT},
    "lines": "Tabel 1",
}


def sheet_field(where: str | None) -> str | None:
    """A problem's field as the sheet labels it: 'committee' -> 'Udvalg', 'BC06: id' ->
    'BC06: Nr.'; other places unchanged."""
    if where is None:
        return None
    prefix, _, field = where.rpartition(": ")
    label = SHEET_LABELS.get(field)
    if label is None:
        return where
    return f"{prefix}: {label}" if prefix else label
