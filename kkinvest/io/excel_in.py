"""Read proposals from Excel workbooks: kkinvest's template, its exports, and the workbooks
analysts fill in by hand.

A proposal sheet has the block of Nr./Titel/Type/... in columns A-B and Tabel 1 under a header
row "1.000 kr. 2023 p/l | Styringsområde | 2023 | 2024 | ..." (see `render/excel.py`). The
reader copes with what real workbooks contain: numbers stored as text the Danish way ("1.898",
"-8.500", "9,8"), "-" or "." for zero, an empty cell for no value, totals rows (recognised, not
read as lines), merged cells, blank rows, and sheets it does not know (ignored, with a note).

Files are checked before openpyxl sees them: a file that is not a zip archive (a CSV renamed to
.xlsx), a password-protected or old .xls file, a corrupt archive, and one that unpacks to an
absurd size are refused with one clear line. openpyxl parses XML with defusedxml (a dependency),
so entity bombs are refused too.
"""

from __future__ import annotations

import math
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kkinvest.io.problems import InputError, Problem
from kkinvest.io.toml_in import parse_toml_bytes
from kkinvest.io.validation import problems_from_validation
from kkinvest.labels import IMPLEMENTATION_HEADING, PAYBACK_ROWS, PERMANENT_HEADING, TOTAL_ROWS
from kkinvest.model import Proposal, as_year
from kkinvest.registry import Registry, fold
from kkinvest.render.excel import EXTRA, MEMO, META, NOT_IN_PAYBACK, NOTE_FLAG, PAYBACK_FLAG
from kkinvest.render.numbers import parse_danish

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # a larger compression ratio on a large member is a zip bomb
MAX_CELLS = 2_000_000
ZERO_TEXTS = {"-", ".", "–", "—"}
TOTAL_LABELS = {fold(label): field for field, label in TOTAL_ROWS.items()}
PAYBACK_LABELS = {fold(label): f"payback_{basis}" for basis, label in PAYBACK_ROWS.items()}
KNOWN_SHEETS = ("puljeoversigt", "vejledning")


def _fold(value: Any) -> str:
    """A cell's text as compared with the layout's labels (a trailing ':' ignored)."""
    return fold(str(value)).rstrip(":") if value is not None else ""


def _looks_like_text(start: bytes) -> bool:
    """The first bytes of a text file (TOML, CSV) rather than of a binary one."""
    return bool(start) and all(b in b"\t\r\n" or 32 <= b < 127 or b >= 0xC2 for b in start)


class CellProblem(ValueError):
    pass


def cell_amount(value: Any) -> Decimal | None:
    """A cell's amount: None for an empty cell; Danish text, '-' and '.' understood."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CellProblem(f'"{value}" er ikke et tal')
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellProblem(f'"{value}" er ikke et endeligt tal')
        return Decimal(str(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, datetime | date):
        raise CellProblem(f'"{value}" er en dato, ikke et tal')
    text = str(value).strip()
    if not text:
        return None
    if text in ZERO_TEXTS:
        return Decimal(0)
    try:
        return parse_danish(text)
    except ValueError:
        raise CellProblem(f'"{text}" er ikke et tal') from None


def check_xlsx(path: Path, shown: str) -> None:
    """Refuse what is not a sane xlsx file before openpyxl reads it."""

    def fail(message: str) -> InputError:
        return InputError([Problem(shown, message)])

    try:
        if path.is_dir():
            raise fail("er en mappe; her skal stå en .xlsx-fil")
        with path.open("rb") as handle:
            magic = handle.read(8)
    except FileNotFoundError:
        raise fail("filen findes ikke") from None
    except PermissionError:
        raise fail("filen kan ikke læses (ingen adgang)") from None
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise fail(
            "er beskyttet med adgangskode eller i det gamle .xls-format; "
            "gem den som .xlsx uden adgangskode"
        )
    if not magic.startswith(b"PK\x03\x04"):
        raise fail(
            "denne .xlsx-fil er tekst (TOML eller CSV?), ikke en xlsx-projektmappe; "
            "giv den det rigtige navn, fx .toml"
            if _looks_like_text(magic)
            else "er ikke en xlsx-projektmappe (ikke et zip-arkiv)"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            unpacked = sum(m.file_size for m in members)
            bomb = any(
                m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1)
                for m in members
            )
    except (zipfile.BadZipFile, OSError) as exc:
        raise fail(f"er en beskadiget xlsx-fil ({exc})") from None
    if "xl/workbook.xml" not in names:
        raise fail("er et zip-arkiv, men ikke en xlsx-projektmappe (ingen xl/workbook.xml)")
    if unpacked > MAX_UNPACKED_BYTES:
        raise fail(
            f"fylder {unpacked:_} byte udpakket; højst {MAX_UNPACKED_BYTES:_} læses".replace(
                "_", "."
            )
        )
    if bomb:
        raise fail("ligner en zip-bombe (en del er pakket mere end 200:1); afvist")


@dataclass
class _Sheet:
    """One sheet's cells by (row, column), 1-based, with its name for messages."""

    name: str
    cells: dict[tuple[int, int], Any]
    max_row: int
    max_col: int

    def get(self, row: int, col: int) -> Any:
        return self.cells.get((row, col))

    def ref(self, row: int, col: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"'{self.name}'!{get_column_letter(col)}{row}"


def _read_sheets(path: Path, shown: str) -> list[_Sheet]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on broken files
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError([Problem(shown, f"projektmappen kan ikke læses: {message}")]) from None
    sheets = []
    for ws in book.worksheets:
        if ws.max_row * ws.max_column > MAX_CELLS:
            size = f"{ws.max_row:_} rækker × {ws.max_column:_} kolonner".replace("_", ".")
            raise InputError([Problem(f"{shown}, '{ws.title}'", f"er for stort ({size})")])
        cells = {
            (cell.row, cell.column): cell.value
            for row in ws.iter_rows()
            for cell in row
            if cell.value is not None and hasattr(cell, "column")
        }
        sheets.append(_Sheet(ws.title, cells, ws.max_row, ws.max_column))
    book.close()
    return sheets


class _SheetReader:
    """Turns one sheet into the data of a proposal, remembering which cell each value came from,
    so that problems can name the cell."""

    def __init__(self, sheet: _Sheet, shown: str) -> None:
        self.sheet = sheet
        self.shown = shown
        self.problems: list[Problem] = []
        self.places: dict[tuple[Any, ...], str] = {}

    def problem(self, row: int, col: int, message: str) -> None:
        self.problems.append(Problem(f"{self.shown}, {self.sheet.ref(row, col)}", message))

    def find_meta(self) -> dict[str, tuple[Any, int]]:
        labels = {_fold(label): field for label, field in META}
        found: dict[str, tuple[Any, int]] = {}
        for row in range(1, min(self.sheet.max_row, 60) + 1):
            field = labels.get(_fold(self.sheet.get(row, 1)))
            if field and field not in found:
                found[field] = (self.sheet.get(row, 2), row)
        return found

    def find_header(self) -> int | None:
        for row in range(1, self.sheet.max_row + 1):
            if _fold(self.sheet.get(row, 1)).startswith("1.000 kr"):
                return row
        return None

    def years(self, header: int) -> tuple[dict[int, int], int | None, int | None]:
        """Year per column, and the columns of the payback and note flags."""
        years: dict[int, int] = {}
        payback_col = note_col = None
        for col in range(3, self.sheet.max_col + 1):
            value = self.sheet.get(header, col)
            text = _fold(value)
            if value is None:
                continue
            if text == _fold(PAYBACK_FLAG):
                payback_col = col
            elif text == _fold(NOTE_FLAG):
                note_col = col
            else:
                try:
                    whole = isinstance(value, float) and value.is_integer()
                    years[col] = as_year(int(value) if whole else value)
                except ValueError as exc:
                    self.problem(header, col, str(exc))
        if not years and not self.problems:
            self.problem(header, 3, "no year columns after 'Styringsområde' (expected e.g. 2023)")
        return years, payback_col, note_col

    def read(self) -> dict[str, Any] | None:
        """The proposal's data, or None if this is not a proposal sheet."""
        meta = self.find_meta()
        header = self.find_header()
        if "id" not in meta and header is None:
            return None
        if "id" not in meta:
            self.problem(1, 1, "missing the proposal's id (a cell 'Nr.' in column A, the id in B)")
        if header is None:
            self.problem(1, 1, "missing the Tabel 1 header ('1.000 kr. ... p/l' followed by years)")
            return {}
        data: dict[str, Any] = {}
        for field, (value, row) in meta.items():
            self.places[(field,)] = self.sheet.ref(row, 2)
            if value is None:
                continue
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            data[field] = value.strip() if isinstance(value, str) else value
        years, payback_col, note_col = self.years(header)
        data["lines"], stated = self._lines(header, years, payback_col, note_col)
        extra = self._extra()
        if extra is not None:
            data.update(extra)
        elif stated:
            data["stated"] = stated
        return data

    def _lines(
        self, header: int, years: dict[int, int], payback_col: int | None, note_col: int | None
    ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Tabel 1's lines and its printed totals. A row with a Styringsområde is a line,
        whatever its label says; only rows without one are headings, totals or the end."""
        lines: list[dict[str, Any]] = []
        stated: dict[str, Any] = {}
        section: str | None = None
        for row in range(header + 1, self.sheet.max_row + 1):
            label = self.sheet.get(row, 1)
            if self.sheet.get(row, 2) is not None:
                line = self._line(row, label, section, years, payback_col, note_col, len(lines))
                if line is not None:
                    lines.append(line)
                continue
            text = _fold(label)
            if text.startswith(("tabel ", "tilbagebetaling (")) or text == _fold(EXTRA):
                break
            if text == _fold(PERMANENT_HEADING):
                section = "varig"
            elif text == _fold(IMPLEMENTATION_HEADING):
                section = "implementering"
            elif text in TOTAL_LABELS:
                values = self._amounts(row, years, strict=False)
                if values:
                    stated[TOTAL_LABELS[text]] = values
            elif text in PAYBACK_LABELS:
                value = self.sheet.get(row, 3)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    stated[PAYBACK_LABELS[text]] = int(value)
                if PAYBACK_LABELS[text] == "payback_total":
                    break  # the last row of Tabel 1
            else:
                line = self._line(row, label, section, years, payback_col, note_col, len(lines))
                if line is not None:
                    lines.append(line)
        return lines, stated

    def _line(
        self,
        row: int,
        label: Any,
        section: str | None,
        years: dict[int, int],
        payback_col: int | None,
        note_col: int | None,
        index: int,
    ) -> dict[str, Any] | None:
        """One line of Tabel 1, or None for an empty row (or one with a problem, recorded)."""
        values = self._amounts(row, years, strict=True)
        if label is None or not str(label).strip():
            if values:
                self.problem(row, 1, "en række med beløb, men uden tekst i første kolonne")
            return None
        if section is None:
            message = (
                f"linjen {label!r} står før 'Varige ændringer' og "
                "'Implementeringsomkostninger'; flyt den ned under en af dem"
            )
            self.problem(row, 1, message)
            return None
        line: dict[str, Any] = {"section": section, "label": str(label), "values": values}
        area = self.sheet.get(row, 2)
        if area is not None:
            line["area"] = str(area).strip()
        flags = self._flags(row, years, payback_col, note_col)
        if NOT_IN_PAYBACK in flags:
            line["in_payback"] = False
        if MEMO in flags:
            line["memo"] = True
        self.places[("lines", index)] = self.sheet.ref(row, 1)
        self.places[("lines", index, "area")] = self.sheet.ref(row, 2)
        for col, year in years.items():
            self.places[("lines", index, "values", year)] = self.sheet.ref(row, col)
        return line

    def _flags(
        self, row: int, years: dict[int, int], payback_col: int | None, note_col: int | None
    ) -> str:
        """The text right of the year columns ('indgår ikke', 'til orientering'), wherever a
        hand-made sheet puts it."""
        last = max(years, default=2)
        columns = {c for c in (payback_col, note_col) if c} | set(
            range(last + 1, self.sheet.max_col + 1)
        )
        return " ".join(_fold(self.sheet.get(row, c)) for c in sorted(columns))

    def _amounts(self, row: int, years: dict[int, int], strict: bool) -> dict[int, Decimal]:
        values: dict[int, Decimal] = {}
        for col, year in years.items():
            try:
                amount = cell_amount(self.sheet.get(row, col))
            except CellProblem as exc:
                if strict:
                    self.problem(row, col, str(exc))
                continue
            if amount is not None:
                values[year] = amount
        return values

    def _extra(self) -> dict[str, Any] | None:
        for row in range(1, self.sheet.max_row + 1):
            if _fold(self.sheet.get(row, 1)) == _fold(EXTRA):
                text = self.sheet.get(row, 2)
                if text is None or not str(text).strip():
                    return {}
                try:
                    parsed = parse_toml_bytes(
                        str(text).encode("utf-8"), f"{self.shown}, {self.sheet.ref(row, 2)}"
                    )
                except InputError as exc:
                    self.problems.extend(exc.problems)
                    return {}
                return {k: v for k, v in parsed.items() if k in ("split", "stated")}
        return None

    def place(self, loc: tuple[Any, ...]) -> str | None:
        """The cell a validation error's location points to, if known."""
        key = tuple(int(part) if isinstance(part, str) and part.isdigit() else part for part in loc)
        for length in range(len(key), 0, -1):
            if key[:length] in self.places:
                return self.places[key[:length]]
        return None


def read_workbook(
    path: Path, shown: str, registry: Registry
) -> tuple[list[Proposal], list[Problem]]:
    """The proposals in a workbook, and notes about sheets that were ignored."""
    check_xlsx(path, shown)
    proposals: list[Proposal] = []
    problems: list[Problem] = []
    notes: list[Problem] = []
    sheets = _read_sheets(path, shown)
    for sheet in sheets:
        reader = _SheetReader(sheet, shown)
        data = reader.read()
        if data is None:
            if not sheet.name.casefold().startswith(KNOWN_SHEETS):
                notes.append(
                    Problem(f"{shown}, '{sheet.name}'", "ikke et forslagsark; springes over")
                )
            continue
        if reader.problems:
            problems.extend(reader.problems)
            continue
        try:
            proposals.append(Proposal.model_validate(data, context={"registry": registry}))
        except ValidationError as exc:
            found = problems_from_validation(exc, Proposal, shown, data, data.get("id"))
            errors = exc.errors(include_url=False)
            problems.extend(
                _at_cell(p, e, reader, shown) for p, e in zip(found, errors, strict=True)
            )
    if problems:
        raise InputError(problems)
    if not proposals:
        names = ", ".join(f"'{sheet.name}'" for sheet in sheets) or "ingen"
        message = f"har intet forslagsark i skabelonens layout (ark: {names})"
        raise InputError([Problem(shown, message)])
    return proposals, notes


def _at_cell(problem: Problem, error: Any, reader: _SheetReader, shown: str) -> Problem:
    cell = reader.place(tuple(error["loc"]))
    if cell is None:
        return problem
    return Problem(f"{shown}, {cell}", problem.message, problem.where)
