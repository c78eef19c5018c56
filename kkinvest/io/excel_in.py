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

import re
import zipfile
from collections.abc import Generator, Iterator
from contextlib import closing
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kkinvest.formats.ids import id_in_title
from kkinvest.formats.vocabulary import (
    FACT_LABELS,
    POOL_OF_KIND,
    kind_heading,
    kind_named,
    pool_named,
)
from kkinvest.formats.xlsx import EXTRA, META, template_value
from kkinvest.io import xlsx_guard
from kkinvest.io.followup_xlsx import is_followup_sheet
from kkinvest.io.grid import Grid, column_letter, column_number
from kkinvest.io.office import FORMATS, OLE, advice, is_encrypted
from kkinvest.io.problems import InputError, Problem
from kkinvest.io.recognise import CellProblem, cell_amount, find_header, read_tabel_1
from kkinvest.io.toml_in import parse_toml_bytes
from kkinvest.io.toml_out import EXTRA_FIELDS
from kkinvest.io.unreadable import WORKBOOK, library_problem
from kkinvest.io.validation import problems_from_validation
from kkinvest.io.xlsx_guard import guard_workbook
from kkinvest.model import DerivedBlock, Pool, Proposal, ShownTables
from kkinvest.registry import Registry, fold

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # a larger compression ratio on a large member is a zip bomb
MAX_CELLS = 2_000_000  # rows × columns a sheet may span (Excel's own limit is 17 billion)
MAX_CELL_PARTS = 10_000
KNOWN_SHEETS = ("puljeoversigt", "vejledning", "lister")
EXPORT_ONLY_SHEETS = ("følsomhed", "status")  # written by the export, never read as proposals

__all__ = ["CellProblem", "cell_amount", "check_xlsx", "is_export", "read_workbook"]
EXPORT_NOTE = "kkinvest-eksport"


SHEET_LABELS = {_label: _field for _label, _field in META} | {
    "Forslagets titel": "id",
}
"""kkinvest's own labels, and the Word template's that a hand-made sheet copies; the labels of
committee, kind, pool and administration as analysts write them are in
formats/vocabulary.FACT_LABELS (the Word reader's words)."""
TOP_COLUMNS = 12  # how far right the facts above Tabel 1 are looked for
BESIDE = 3  # how many cells right of a label its value may stand
TABLE_WIDTH = 5  # a row of this many filled cells is a table's, not facts ("Udvalg | TMU")
MUST = {"kind": "Type", "committee": "Udvalg", "pool": "Pulje"}
"""The facts a proposal needs, by the label the sheet gives them."""
EXAMPLE = {"kind": "Investering", "committee": "TMU", "pool": "Investeringspuljen"}
_BUDGET = re.compile(r"\bbudget\s*(\d{4})\b", re.IGNORECASE)


def _fold(value: Any) -> str:
    """A cell's text as compared with the layout's labels (a trailing ':' ignored)."""
    return fold(str(value)).rstrip(":") if value is not None else ""


def _looks_like_text(start: bytes) -> bool:
    """The first bytes of a text file (TOML, CSV) rather than of a binary one."""
    return bool(start) and all(b in b"\t\r\n" or 32 <= b < 127 or b >= 0xC2 for b in start)


def check_xlsx(path: Path, shown: str) -> None:
    """Refuse what is not a sane xlsx file before openpyxl reads it."""

    def fail(message: str) -> InputError:
        return InputError([Problem(shown, message)])

    try:
        if path.is_dir():
            raise fail("er en mappe; her skal stå en .xlsx-fil")
        with path.open("rb") as handle:
            magic = handle.read(8)
            encrypted = magic == OLE and is_encrypted(handle)
    except FileNotFoundError:
        raise fail("filen findes ikke") from None
    except PermissionError:
        raise fail("filen kan ikke læses (ingen adgang)") from None
    if encrypted:
        raise fail("projektmappen er krypteret (beskyttet med adgangskode); gem den uden")
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise fail(advice(FORMATS[".xls"]))
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
    except Exception as exc:  # zipfile's, zlib's and the file system's errors
        raise InputError([library_problem(shown, exc, WORKBOOK)]) from None
    if "xl/workbook.xml" not in names:
        raise fail("er et zip-arkiv, men ikke en xlsx-projektmappe (ingen xl/workbook.xml)")
    if unpacked > MAX_UNPACKED_BYTES:
        raise fail(
            f"fylder {xlsx_guard.dotted(unpacked)} byte udpakket; "
            f"højst {xlsx_guard.dotted(MAX_UNPACKED_BYTES)} læses"
        )
    if bomb:
        raise fail("ligner en zip-bombe (en del er pakket mere end 200:1); afvist")
    guard_workbook(path, shown)  # bounds on cells, merged ranges, strings: io/xlsx_guard.py


class _Book:
    """A workbook opened for streaming: its sheets' names and parts, and what their cells need
    (shared strings, the date formats, the epoch). openpyxl's read-only mode, without its
    worksheet objects: those parse each sheet once more just to find its size (`parse_dimensions`
    reads up to the end of <sheetData> when a sheet has no <dimension>), and pad rows to it."""

    def __init__(self, handle: Any) -> None:
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        self.reader = ExcelReader(handle, read_only=True, data_only=True)
        try:
            self.reader.read_manifest()
            self.reader.read_strings()
            self.reader.read_workbook()
            apply_stylesheet(self.reader.archive, self.reader.wb)
            self.sheets = [
                (sheet.name, rel.target)
                for sheet, rel in self.reader.parser.find_sheets()
                if rel.target in self.reader.valid_files and "chartsheet" not in rel.Type
            ]
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self.reader.archive.close()

    def cells(self, target: str, data_only: bool) -> Iterator[tuple[int, int, Any]]:
        """(row, column, value) of every cell of one sheet, in order; a formula cell's value is
        its cached result (data_only) or its formula ("=SUM(C5:F5)").

        Each cell is read when it ends and every element is dropped from the tree once read, so
        memory stays that of one cell whatever the sheet holds (openpyxl's own loop keeps every
        row it has read, every element it does not know, and a whole row's cells at once)."""
        from openpyxl.worksheet._reader import CELL_TAG, ROW_TAG, WorkSheetParser
        from openpyxl.xml.functions import iterparse

        wb: Any = self.reader.wb  # openpyxl's date formats are private attributes
        with self.reader.archive.open(target) as source:
            parser = WorkSheetParser(
                source,
                self.reader.shared_strings,
                data_only=data_only,
                epoch=wb.epoch,
                date_formats=wb._date_formats,
                timedelta_formats=wb._timedelta_formats,
            )
            open_elements: list[Any] = []
            cell: Any = None  # the cell being read, with its parts
            parts = 0
            for event, element in iterparse(source, events=("start", "end")):
                if event == "start":
                    if cell is not None:
                        parts += 1
                        if parts > MAX_CELL_PARTS:
                            raise _TooManyParts(target)
                    elif (
                        element.tag == CELL_TAG
                        and open_elements
                        and open_elements[-1].tag == ROW_TAG
                    ):
                        cell, parts = element, 0
                    elif element.tag == ROW_TAG:
                        _start_row(parser, element.get("r"))
                    open_elements.append(element)
                    continue
                open_elements.pop()
                if element is cell:
                    found = parser.parse_cell(element)
                    cell = None
                    yield found["row"], found["column"], found["value"]
                elif cell is not None:
                    continue  # a part of the cell: read with it when it ends
                element.clear()
                if open_elements:  # the parser may have built later siblings already
                    open_elements[-1].remove(element)  # the first child left: found at once


def _start_row(parser: Any, number: str | None) -> None:
    """A row begins: its number, as openpyxl's `parse_row` reads it, before its cells are
    parsed (the parser may already hold some of them: they are read one by one as they end)."""
    if number is None:
        parser.row_counter += 1
    else:
        try:
            parser.row_counter = int(number)
        except ValueError:
            value = float(number)
            if not value.is_integer():
                raise ValueError(f"{number} is not a valid row number") from None
            parser.row_counter = int(value)
    parser.col_counter = 0


class _TooManyParts(Exception):
    """A cell of more than MAX_CELL_PARTS elements (rich-text runs): no spreadsheet writes one,
    and openpyxl would build an object for each."""


def _open_book(path: Path, shown: str) -> tuple[Any, _Book]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError([library_problem(shown, exc, WORKBOOK)]) from None
    try:
        return handle, _Book(handle)
    except BaseException as exc:
        handle.close()
        if not isinstance(exc, Exception):
            raise
        raise _unreadable(shown, exc) from None


def _unreadable(shown: str, exc: Exception) -> InputError:
    return InputError([library_problem(shown, exc, WORKBOOK)])


def _each_sheet(path: Path, shown: str, kept: list[Grid]) -> Generator[Grid, None, None]:
    """Every sheet's non-empty cells, one sheet at a time, read in one stream (openpyxl's
    read-only mode): memory is that of the values of one sheet, not of the cells it spans
    (`io/xlsx_guard.py` bounds them), and a sheet is dropped once its proposal is read. Those
    holding numbers as text are `kept` for the =SUM pass (`_skipped_by_sums`)."""
    handle, book = _open_book(path, shown)
    try:
        for name, target in book.sheets:
            cells = {}
            max_row = max_col = 0
            for row, col, value in book.cells(target, data_only=True):
                max_row, max_col = max(max_row, row), max(max_col, col)
                if value is not None:
                    cells[(row, col)] = value
            if max_row * max_col > MAX_CELLS:  # the readers walk it row by row, column by column
                size = (
                    f"{xlsx_guard.dotted(max_row)} rækker × {xlsx_guard.dotted(max_col)} kolonner"
                )
                raise InputError([Problem(f"{shown}, '{name}'", f"er for stort ({size})")])
            grid = Grid(shown, f"'{name}'", cells, sheet=True)
            grid.max_row, grid.max_col = max(grid.max_row, max_row), max(grid.max_col, max_col)
            grid.without_margin()  # an analyst who starts in column B
            yield grid  # read by the caller, which sets text_numbers
            if grid.text_numbers:
                kept.append(grid)
    except _TooManyParts as exc:
        message = f"en celle i {exc} har over {xlsx_guard.dotted(MAX_CELL_PARTS)} dele; afvist"
        raise InputError([Problem(shown, f"projektmappen er afvist: {message}")]) from None
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on broken files
        raise _unreadable(shown, exc) from None
    finally:
        book.close()
        handle.close()


@dataclass
class _Fact:
    value: Any
    row: int
    col: int  # the cell that holds the value (or would: right of a label left empty)
    labelled: bool = True  # False: read from a heading ("INVESTERINGSFORSLAG – BUDGET 2027")


class _SheetReader:
    """Turns one sheet into the data of a proposal: the facts above Tabel 1 (kkinvest's block
    of Nr./Titel/..., or an analyst's own "Udvalg"/"Type"/"Pulje" cells anywhere near the top),
    its "Øvrige oplysninger" here, Tabel 1 by the shared recogniser (`io/recognise.py`)."""

    def __init__(self, sheet: Grid, shown: str, registry: Registry) -> None:
        self.sheet = sheet
        self.shown = shown
        self.registry = registry
        self.problems: list[Problem] = []
        self.places: dict[tuple[Any, ...], str] = {}
        self.has_extra = False

    def problem(self, row: int, col: int, message: str) -> None:
        self.problems.append(Problem(f"{self.shown}, {self.sheet.ref(row, col)}", message))

    def find_meta(self, header: int | None) -> dict[str, _Fact]:
        """The facts above Tabel 1 (without one: above the first table, in the first 60 rows),
        wherever they stand: a label cell ("Udvalg", "Fremstillende forvaltning:") with its
        value in a cell to its right, "Label: value" in one cell, and a heading naming the kind
        of proposal and the budget year. A label's first occurrence counts; a label beats a
        heading."""
        labels = {_fold(label): field for label, field in SHEET_LABELS.items()} | FACT_LABELS
        last = header - 1 if header is not None else min(self.sheet.max_row, 60)
        found: dict[str, _Fact] = {}
        taken: set[tuple[int, int]] = set()  # cells read as a label's value
        for row in range(1, last + 1):
            filled = sum(self.sheet.get(row, c) is not None for c in range(1, TOP_COLUMNS + 1))
            if filled >= TABLE_WIDTH:
                break  # a table's header ("Nr. | Forslag | ..."): the facts are above it
            for col in range(1, min(self.sheet.max_col, TOP_COLUMNS) + 1):
                cell = self.sheet.get(row, col)
                if not isinstance(cell, str) or (row, col) in taken:
                    continue
                label, colon, rest = cell.partition(":")
                field = labels.get(_fold(cell)) or (labels.get(_fold(label)) if colon else None)
                if field is None:
                    self._heading(cell, row, col, found)
                    continue
                if rest.strip() and _fold(cell) not in labels:
                    fact = _Fact(rest.strip(), row, col)
                else:
                    fact = self._beside(row, col, taken)
                if field == "id" and _fold(label) == "forslagets titel":
                    self._title_id(fact, found)
                elif field not in found or not found[field].labelled:
                    found[field] = fact
        return found

    def _beside(self, row: int, col: int, taken: set[tuple[int, int]]) -> _Fact:
        """A label's value: the first filled cell right of it (or the cell right of it)."""
        for right in range(col + 1, col + BESIDE + 1):
            value = self.sheet.get(row, right)
            if value is not None and str(value).strip():
                taken.add((row, right))
                return _Fact(value, row, right)
        return _Fact(None, row, col + 1)

    def _heading(self, text: str, row: int, col: int, found: dict[str, _Fact]) -> None:
        """A heading naming the kind of proposal, and a budget year ("Budget 2027" alone or
        in such a heading), as the Word template's opening prints them."""
        kind = kind_heading(text)
        if kind and "kind" not in found:
            found["kind"] = _Fact(kind, row, col, labelled=False)
        budget = _BUDGET.search(text)
        if budget and "budget" not in found and (kind or _fold(text) == _fold(budget[0])):
            found["budget"] = _Fact(int(budget[1]), row, col, labelled=False)

    def _title_id(self, fact: _Fact, found: dict[str, _Fact]) -> None:
        """The id from "Forslagets titel: BC06 Automatisering ..." (one cell, or the label
        and the title in cells side by side), as the Word template writes it."""
        match = id_in_title(str(fact.value or ""))
        if match and "id" not in found:
            found["id"] = fact
            fact.value = match[0]
            if match[1] and "title" not in found:
                found["title"] = _Fact(match[1], fact.row, fact.col)

    def facts(self, header: int, meta: dict[str, _Fact]) -> tuple[dict[str, Any], list[Problem]]:
        """The proposal's facts as data, each with its place, and the notes about them.

        Worked example (TX01): A1 "INVESTERINGSFORSLAG" gives kind "investering"; A4
        "Fremstillende forvaltning:" with B4 "Teknik- og Miljøforvaltningen" gives TMF, and
        its committee TMU; no "Pulje" cell: the pool follows from the kind (noted)."""
        data: dict[str, Any] = {}
        notes: list[Problem] = []
        for field, fact in meta.items():
            self.places[(field,)] = self.sheet.ref(fact.row, fact.col)
            value = fact.value
            if value is None:
                continue
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, str):
                value = value.strip()
                named = {"kind": kind_named, "pool": pool_named}.get(field)
                value = (named(value) if named else None) or template_value(field, value)
            data[field] = value
        admin = (
            self.registry.administration(str(data["administration"]))
            if "administration" in data
            else None
        )
        if "committee" not in data and admin is not None:
            data["committee"] = admin.row
            self.places[("committee",)] = self.places[("administration",)]
        # no Pulje cell at all: the pool follows from the kind, noted (a Pulje cell left
        # empty is the analyst's to fill: named below, not answered)
        if "pool" not in meta and data.get("kind") in POOL_OF_KIND:
            data["pool"] = POOL_OF_KIND[data["kind"]]
            cell = self.places[("kind",)]
            notes.append(
                Problem(
                    f"{self.shown}, {cell}",
                    f"puljen er udledt af forslagstypen ({_pool_word(data['pool'])}); "
                    "arket har ingen celle 'Pulje'",
                    str(data.get("id", "")) or None,
                )
            )
            self.places[("pool",)] = cell
        for field, label in MUST.items():
            if field in data:
                continue
            given = meta.get(field)
            if given is not None and Proposal.model_fields[field].is_required():
                continue  # a label left empty: the model names its cell ("Udvalg: mangler")
            row, col = (given.row, given.col) if given else self._free_cell(header)
            where = f"{self.shown}, {self.sheet.ref(row, col)}"
            if given is None:
                beside = self.sheet.ref(row, col + 1).split("!")[-1]
                what = f"skriv '{label}' her og fx '{EXAMPLE[field]}' i {beside}"
            else:
                what = f"skriv fx '{EXAMPLE[field]}' her"
            if field == "committee":
                what += ", eller 'Fremstillende forvaltning' og forvaltningen"
            pid = str(data.get("id", "")) or None
            if Proposal.model_fields[field].is_required():
                self.problems.append(Problem(where, f"{label.lower()} mangler: {what}", pid))
            else:  # the proposal loads without it; each command that needs it says so
                notes.append(Problem(where, f"{label.lower()} mangler; læst uden: {what}", pid))
        return data, notes

    def _free_cell(self, header: int) -> tuple[int, int]:
        """Where a missing fact can be written: the last empty row above Tabel 1 with facts
        above it, in the labels' column; else A1."""
        for row in range(header - 1, 0, -1):
            if any(self.sheet.get(row, c) is not None for c in range(1, self.sheet.max_col + 1)):
                continue
            if any(self.sheet.get(r, 1) is not None for r in range(1, row)):
                return row, 1
        return 1, 1

    def read(self) -> dict[str, Any] | None:
        """The proposal's data, or None if this is not a proposal sheet."""
        header = find_header(self.sheet)
        meta = self.find_meta(header)
        if "id" not in meta and header is None:
            return None
        if "id" not in meta:
            self.problem(
                1,
                1,
                "forslagets nummer mangler (en celle 'Nr.' med nummeret til højre, "
                "eller 'Forslagets titel: BC06 ...')",
            )
        if header is None:
            self.problem(
                1, 1, "Tabel 1's overskrift mangler ('1.000 kr. ... p/l' efterfulgt af årstal)"
            )
            return {}
        data, notes = self.facts(header, meta)
        self.notes.extend(notes)
        self.places[("lines",)] = self.sheet.ref(header, 1)  # "no lines": Tabel 1's header
        table = read_tabel_1(self.sheet, header, end_labels=(_fold(EXTRA),))
        self.problems.extend(Problem(where, message) for where, message in table.problems)
        for key, where in table.places.items():
            self.places[key] = where.removeprefix(f"{self.shown}, ")
        if "price_level" not in data and table.price_level is not None:
            data["price_level"] = table.price_level
        data["lines"] = [line.to_data() for line in table.lines]
        self._text_numbers(header, table.end_row or self.sheet.max_row)
        extra = self._extra()
        self.has_extra = extra is not None
        if extra is not None:
            data.update(extra)
        elif stated := table.stated.to_data():
            data["stated"] = stated
        if extra is None:
            from kkinvest.io.excel_overview import read_template_split

            split = read_template_split(self.sheet)
            if split:
                data["split"] = split
        return data

    def _text_numbers(self, first_row: int, last_row: int) -> None:
        """Tabel 1's cells that hold a number as text: read as numbers, but a spreadsheet's
        own =SUM skips them (checked against the formulas once the sheet is read)."""
        self.sheet.text_numbers = {
            (row, col)
            for (row, col), value in self.sheet.cells.items()
            if first_row < row <= last_row
            and col > 2
            and isinstance(value, str)
            and _is_number(value)
        }

    notes: list[Problem]

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
                return {k: v for k, v in parsed.items() if k in EXTRA_FIELDS}
        return None

    def place(self, loc: tuple[Any, ...]) -> str | None:
        """The cell a validation error's location points to, if known."""
        key = tuple(int(part) if isinstance(part, str) and part.isdigit() else part for part in loc)
        for length in range(len(key), 0, -1):
            if key[:length] in self.places:
                return self.places[key[:length]]
        return None


_SUM = re.compile(r"SUM\(\s*\$?([A-Z]{1,3})\$?(\d+)\s*:\s*\$?([A-Z]{1,3})\$?(\d+)\s*\)", re.I)
_GROWING_SUM = re.compile(
    r"SUM\(\s*\$?([A-Z]{1,3})\$?(\d+)\s*:\s*OFFSET\(\s*\$?([A-Z]{1,3})\$?(\d+)\s*[,;]\s*-1\s*[,;]\s*0\s*\)\s*\)",
    re.I,
)
"""The template's section total, =SUM(C15:OFFSET(C31,-1,0)): rows 15 to 30."""


def _sum_ranges(formula: str) -> Iterator[tuple[str, str, str, str]]:
    """The (column, row, column, row) ranges a formula's =SUMs cover."""
    for match in _SUM.finditer(formula):
        yield match.group(1), match.group(2), match.group(3), match.group(4)
    for match in _GROWING_SUM.finditer(formula):
        yield match.group(1), match.group(2), match.group(3), str(int(match.group(4)) - 1)


def _skipped_by_sums(path: Path, shown: str, sheets: list[Grid]) -> list[Problem]:
    """A note per cell holding a number as text that one of the sheet's =SUM formulas covers:
    kkinvest reads the number, the spreadsheet's own total leaves it out."""
    wanted = {grid.name[1:-1]: grid for grid in sheets if grid.text_numbers}
    handle, book = _open_book(path, shown)
    notes = []
    try:
        for name, target in book.sheets:
            grid = wanted.get(name)
            if grid is None:
                continue
            ranges = [
                (f"{column_letter(col)}{row}", found)
                for row, col, value in book.cells(target, data_only=False)
                if isinstance(value, str) and value.startswith("=")
                for found in _sum_ranges(value)
            ]
            for row, col in sorted(grid.text_numbers):
                for coordinate, (c1, r1, c2, r2) in ranges:
                    column = col + grid.margin  # the sheet's own column
                    if int(r1) <= row <= int(r2) and column_number(c1) <= column <= column_number(
                        c2
                    ):
                        notes.append(
                            Problem(
                                f"{shown}, {grid.ref(row, col)}",
                                f"tallet {grid.get(row, col)!r} er gemt som tekst: kkinvest læser "
                                f"det, men arkets =SUM i {coordinate} springer det over "
                                "(gem cellen som tal)",
                            )
                        )
                        break
    except Exception as exc:
        raise _unreadable(shown, exc) from None
    finally:
        book.close()
        handle.close()
    return notes


def is_export(notes: list[Problem], proposals: list[Proposal]) -> bool:
    """Whether read_workbook found a workbook kkinvest wrote itself (every proposal sheet
    carries kkinvest's "Øvrige oplysninger" block; read_workbook says so in a marker note)."""
    marked = any(note.message == EXPORT_NOTE for note in notes)
    if marked:
        notes[:] = [note for note in notes if note.message != EXPORT_NOTE]
    return marked and bool(proposals)


def _pool_word(pool: str) -> str:
    return {"none": "ingen pulje"}.get(pool, f"{pool}spuljen")


def _is_number(text: str) -> bool:
    try:
        return cell_amount(text) is not None and text.strip() not in ("-", ".")
    except CellProblem:
        return False


@dataclass
class WorkbookExtras:
    """What an exported workbook carries besides proposals (`io/excel_overview.py`)."""

    pools: list[Pool] = dc_field(default_factory=list)
    shown_tables: dict[str, ShownTables] = dc_field(default_factory=dict)
    followup: list[Grid] = dc_field(default_factory=list)
    """Follow-up sheets to fill in (kkinvest.io.followup_xlsx), read by the catalogue."""
    derived: list[DerivedBlock] = dc_field(default_factory=list)
    """Sheets of values computed from the proposals, with their stamps (`kkinvest check`)."""


def read_workbook(
    path: Path, shown: str, registry: Registry, extras: WorkbookExtras | None = None
) -> tuple[list[Proposal], list[Problem]]:
    """The proposals in a workbook, and notes about sheets that were ignored; `extras`
    collects the pool overview sheets and the Tabel A/B/C the sheets show."""
    from kkinvest.io import excel_overview

    check_xlsx(path, shown)
    proposals: list[Proposal] = []
    problems: list[Problem] = []
    notes: list[Problem] = []
    kept: list[Grid] = []
    names: list[str] = []
    kept_cells = 0  # what the proposals read so far keep: their tables' cells
    marked: list[bool] = []  # per proposal sheet: has kkinvest's "Øvrige oplysninger" block
    with closing(_each_sheet(path, shown, kept)) as sheets:  # the file closed on any exit
        for sheet in sheets:
            names.append(sheet.name)
            if extras is not None:  # blocks computed from Tabel 1 (`kkinvest check`)
                extras.derived.extend(excel_overview.read_stamps(sheet))
            if sheet.name.strip("'").casefold().startswith(EXPORT_ONLY_SHEETS):
                continue  # the export's sensitivity sheets (render/excel_economics.py)
            if extras is not None and is_followup_sheet(sheet):
                extras.followup.append(sheet)  # a spring status round (issue 23)
                continue
            reader = _SheetReader(sheet, shown, registry)
            reader.notes = notes
            data = reader.read()
            if data is None and extras is not None:
                try:
                    pool = excel_overview.read_pool(sheet, registry)
                except InputError as exc:
                    problems.extend(exc.problems)
                    continue
                if pool is not None:
                    extras.pools.append(pool)
            if data is None:
                if not sheet.name.strip("'").casefold().startswith(KNOWN_SHEETS):
                    notes.append(
                        Problem(f"{shown}, {sheet.name}", "ikke et forslagsark; springes over")
                    )
                continue
            marked.append(reader.has_extra)
            if reader.problems:
                problems.extend(reader.problems)
                continue
            if extras is not None and isinstance(data.get("id"), str):
                tables = excel_overview.read_shown_tables(sheet, registry)
                if tables is not None:
                    extras.shown_tables[data["id"]] = tables
                    kept_cells += sum(
                        len(row) for t in tables.tables.values() for row in t.values()
                    )
            try:
                proposals.append(Proposal.model_validate(data, context={"registry": registry}))
                kept_cells += table_cells(proposals[-1])
                if kept_cells > xlsx_guard.MAX_TABLE_VALUES:
                    raise _too_many_table_cells(shown)
            except ValidationError as exc:
                found = problems_from_validation(exc, Proposal, shown, data, data.get("id"))
                errors = exc.errors(include_url=False)
                problems.extend(
                    _at_cell(p, e, reader, shown) for p, e in zip(found, errors, strict=True)
                )
    if problems:
        raise InputError(problems)
    if proposals and all(marked):
        notes.append(Problem(shown, EXPORT_NOTE))
    if kept:
        notes.extend(_skipped_by_sums(path, shown, kept))
    if not proposals and not (extras is not None and extras.followup):
        message = f"har intet forslagsark i skabelonens layout (ark: {', '.join(names) or 'ingen'})"
        raise InputError([Problem(shown, message)])
    return proposals, notes


def table_cells(proposal: Proposal) -> int:
    """The cells of a proposal's Tabel 1 rows (label, area and a value a year): what it costs
    to keep once read (io/xlsx_guard.py's MAX_TABLE_VALUES)."""
    return sum(2 + len(line.values) for line in proposal.lines)


def _too_many_table_cells(shown: str) -> InputError:
    limit = xlsx_guard.dotted(xlsx_guard.MAX_TABLE_VALUES)
    message = (
        f"projektmappen er afvist: forslagenes tabeller har over {limit} celler i alt; "
        "del projektmappen op"
    )
    return InputError([Problem(shown, message)])


def _at_cell(problem: Problem, error: Any, reader: _SheetReader, shown: str) -> Problem:
    from kkinvest.io.excel_overview import sheet_field

    where = sheet_field(problem.where)  # the field as the sheet labels it: "Udvalg"
    cell = reader.place(tuple(error["loc"]))
    if cell is None:
        return Problem(problem.source, problem.message, where)
    return Problem(f"{shown}, {cell}", problem.message, where)
