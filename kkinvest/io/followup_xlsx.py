"""Read a follow-up workbook back (render/followup_xlsx.py writes it; the words both use are
in kkinvest.followup_layout): each proposal block with a status becomes a `[[followup]]` table,
validated as one from a TOML file.

Cells are read as a person fills them: numbers, or text typed as Danish numbers ("-1.500",
"÷ 800", "1.500,5"), a date typed as a date or as text ("01-03-2026", "2026-03-01"). A block
with no status is not a report: the reader says so in a note, never silently. Every problem
names the file, the sheet and the cell.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

from kkinvest import followup_layout as L
from kkinvest.io.grid import Grid
from kkinvest.io.problems import Problem
from kkinvest.numbers import NotANumber, read_number


def is_followup_sheet(grid: Grid) -> bool:
    return grid.text(1, 1) == L.MARKER


def _label(grid: Grid, row: int) -> str:
    return " ".join(grid.text(row, 1).split()).casefold()


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    found = re.fullmatch(r"(\d{1,2})[-./](\d{1,2})[-./](\d{4})", text)
    try:
        if found:
            day, month, year = (int(part) for part in found.groups())
            return datetime.date(year, month, day)
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _amount(value: Any) -> Decimal | None:
    """A cell's amount: a number, or Danish text (raises NotANumber)."""
    if isinstance(value, bool):
        raise NotANumber(f"{value!r} er ikke et tal")
    if isinstance(value, int | float):
        return Decimal(str(value))
    reading = read_number(str(value))
    if reading.unit is not None:
        raise NotANumber(f'"{str(value).strip()}": skriv tallet uden enhed (1.000 kr.)')
    return reading.amount


class SheetReading:
    """What one sheet gives: the reports as TOML-like tables (each with where it stands),
    problems and notes."""

    def __init__(self) -> None:
        self.entries: list[tuple[dict[str, Any], str, dict[str, str]]] = []
        """(the table, where it stands, the cell of each field)."""
        self.problems: list[Problem] = []
        self.notes: list[str] = []


def read_followup_sheet(grid: Grid) -> SheetReading:
    found = SheetReading()
    reported = None
    for row in range(2, min(grid.max_row, 10) + 1):
        if _label(grid, row) == L.REPORTED.casefold():
            reported = _date(grid.get(row, 2)) if grid.get(row, 2) is not None else None
            if reported is None:
                found.problems.append(
                    Problem(
                        grid.source,
                        "skriv datoen for indberetningen, fx 01-03-2026",
                        grid.ref(row, 2),
                    )
                )
                return found
    starts = [r for r in range(1, grid.max_row + 1) if _label(grid, r) == L.PROPOSAL.casefold()]
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else grid.max_row + 1
        _block(grid, start, end, reported, found)
    return found


def _block(
    grid: Grid, start: int, end: int, reported: datetime.date | None, found: SheetReading
) -> None:
    ident = grid.text(start, 2)
    entry: dict[str, Any] = {"id": ident}
    cells = {"id": grid.ref(start, 2)}
    years: dict[int, int] = {}  # column -> year
    status_at = None
    for row in range(start + 1, end):
        label = _label(grid, row)
        if label == L.STATUS.casefold():
            status_at = row
            cells["status"] = grid.ref(row, 2)
            if grid.text(row, 2):
                entry["status"] = grid.text(row, 2)
        elif label == L.NOTE.casefold() and grid.text(row, 2):
            entry["note"] = grid.text(row, 2)
            cells["note"] = grid.ref(row, 2)
        elif label.startswith(L.UNIT.casefold()):
            years = _year_columns(grid, row)
        elif label in L.ROWS:
            values = _values(grid, row, years, ident, found)
            if values:
                entry[L.ROWS[label]] = values
    where = ident  # a problem adds the cell, which names the sheet
    if "status" not in entry:
        cell = grid.ref(status_at, 2) if status_at else grid.ref(start, 2)
        found.notes.append(
            f"{grid.source}, {cell}: {ident} har ingen status; ikke læst som en opfølgning"
        )
        return
    if reported is not None:
        entry["reported"] = reported
    entry["source"] = f"{grid.source}, {grid.name}"
    found.entries.append((entry, where, cells))


def _year_columns(grid: Grid, row: int) -> dict[int, int]:
    years = {}
    for col in range(2, grid.max_col + 1):
        value = grid.get(row, col)
        text = str(value).strip() if value is not None else ""
        if re.fullmatch(r"\d{4}(\.0)?", text):
            years[col] = int(float(text))
    return years


def _values(
    grid: Grid, row: int, years: dict[int, int], ident: str, found: SheetReading
) -> dict[int, Decimal]:
    values = {}
    for col, year in years.items():
        value = grid.get(row, col)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            amount = _amount(value)
        except NotANumber as exc:
            found.problems.append(Problem(grid.source, f"{exc}", f"{ident}: {grid.ref(row, col)}"))
            continue
        if amount is not None:
            values[year] = amount
    return values
