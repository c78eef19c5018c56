"""Bound what a workbook from someone else may cost before openpyxl reads it.

`io/excel_in.py` streams a workbook's sheets (openpyxl's read-only mode, every element dropped
once read): it keeps the values of non-empty cells, never an object per cell of a merged range
or of the rectangle a sheet spans. What a workbook can cost is then its values, its text, and
the time to walk the rows and columns the sheets span. So the parts are read here first, in a
stream and without building anything (the small workbook parts with defusedxml), and a workbook
is refused with one line when it exceeds:

- MAX_MEMBERS parts, MAX_UNPACKED bytes in all, MAX_OTHER bytes outside the sheets;
- MAX_VALUES cells with a value (counted as their <v> and <is> elements, a formula's cached
  result too), all sheets together, and MAX_SHEET_VALUES in one sheet. The reader keeps one
  sheet at a time (about 150 bytes a value besides its text, the text bounded by MAX_UNPACKED)
  and the proposals it has read: those cost about 320 bytes for each cell of their Tabel 1
  rows, so the reader also refuses more than MAX_TABLE_VALUES of them in one workbook, and
  `export` writes no more. Measured: 441.000 numbers on 44 sheets read at 49 MB peak
  (tests/test_hostile.py); an export of 10 proposals of 4.500 lines each (453.000 values,
  all Tabel 1: the worst shape) at 188 MB, where the same catalogue costs 200 MB from TOML.
  A 1.000-proposal export holds 476.000 values with its formulas' results (what a spreadsheet
  saves), at most 4.100 in a sheet, 78.000 in Tabel 1 rows, and 39 MB (47 MB once LibreOffice
  has saved it again); one sheet of 79 MB of text is read at 126 MB;
- MAX_TAGS XML tags in the sheets (each '<'): the time to parse them, whatever they are (a
  1.000-proposal export has 2,9 million; 5 million take about 10 s);
- MAX_AREA cells: every sheet's spanned rectangle plus every merged range, all sheets together:
  the time the readers take to walk the sheets row by row and column by column (a 1.000-proposal
  export spans about 1,3 million);
- MAX_STRINGS shared strings, MAX_STRINGS_BYTES of them;
- MAX_DIMENSION cells declared by a sheet's `<dimension>`;
- MAX_PART bytes for each part openpyxl parses whole (the package's list of parts, the styles);
- any DTD (`<!DOCTYPE`): entity expansion is how XML bombs work, and no spreadsheet needs one.

`kkinvest export` writes at most MAX_PROPOSALS proposals and MAX_TABLE_VALUES table cells to
one workbook (Tabel 1 counted before it builds anything, Tabel A-C as it builds them; the
benchmark's 1.000 synthetic proposals use at most 80 % of any other bound: room for what a
spreadsheet adds when it saves the file again), and checks the workbook it has written as
`--data` checks one (`io/excel_in.check_xlsx`) before it puts it in place, so kkinvest never
writes a workbook its reader refuses for its size.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kkinvest.io.grid import column_number
from kkinvest.io.problems import InputError, Problem, detail, library_text
from kkinvest.io.unreadable import WORKBOOK, library_problem

MAX_MEMBERS = 10_000
MAX_UNPACKED = 80 * 1024 * 1024  # a 1.000 export: 39 MB, 47 MB saved again by LibreOffice
MAX_OTHER = 10 * 1024 * 1024
MAX_VALUES = 1_000_000
MAX_SHEET_VALUES = 50_000
MAX_PROPOSALS = 1_000  # what export writes to one workbook (see `kkinvest export`)
MAX_TABLE_VALUES = 250_000  # cells of the proposals' Tabel 1 rows, all sheets together
MAX_AREA = 3_000_000
MAX_TAGS = 5_000_000
MAX_STRINGS = 100_000
MAX_STRINGS_BYTES = 10 * 1024 * 1024
MAX_DIMENSION = 2_000_000
MAX_WORKBOOK_PART = 1024 * 1024
MAX_PART = 2 * 1024 * 1024
WHOLE_PARTS = ("[Content_Types].xml", "xl/styles.xml")  # openpyxl parses these into trees

_CHUNK = 1 << 20
_OVERLAP = 256
# Each pattern starts with a literal (fast to scan for) and none crosses a '>'. A prefixed
# element (<x:c>) is found through its ':' form; a stray match errs on the side of refusing.
_CELL = re.compile(rb"[<:]c[\s/>]")
_REF_COLUMN = re.compile(rb' r="([A-Z]{1,3})[0-9]')
_REF_ROW = re.compile(rb' r="[A-Z]{0,3}([0-9]{1,7})"')
_MERGE = re.compile(rb'mergeCell\s[^>]*?\bref="([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})"')
_DIMENSION = re.compile(
    rb'dimension\s[^>]*?\bref="([A-Z]{1,3})([0-9]{1,7})(?::([A-Z]{1,3})([0-9]{1,7}))?"'
)
_STRING = re.compile(rb"[<:]si[\s/>]")
_VALUE = re.compile(rb"[<:](?:v|is)[\s/>]")


def _column(letters: bytes) -> int:
    return column_number(letters.decode("ascii"))


def dotted(number: int) -> str:
    """12345 -> '12.345', the Danish way, for the messages about a workbook's size."""
    return f"{number:_}".replace("_", ".")


class _Refused(Exception):
    pass


def _pieces(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> Iterator[bytes]:
    """A member's bytes in pieces cut after a '>', so that no tag (and no match of the patterns
    above, none of which crosses a '>') is split between two pieces. Never more than the budget
    of unpacked bytes left, whatever the archive's directory claims."""
    carry = b""
    with archive.open(info) as stream:
        while True:
            data = stream.read(_CHUNK)
            if not data:
                break
            budget[0] -= len(data)
            if budget[0] < 0:
                raise _Refused(f"den fylder over {dotted(MAX_UNPACKED)} byte udpakket; del den op")
            piece = carry + data
            cut = piece.rfind(b">") + 1
            if cut == 0 and len(piece) > _CHUNK:  # a megabyte without a tag: not a sheet
                cut = len(piece) - _OVERLAP
            yield piece[:cut]
            carry = piece[cut:]
    yield carry


def _no_dtd(name: str, start: bytes) -> None:
    if re.search(rb"<!DOCTYPE", start[:4096], re.IGNORECASE):
        raise _Refused(f"{name} har en DTD (<!DOCTYPE>), som et regneark ikke bruger")


class _Sheet:
    def __init__(self) -> None:
        self.cells = 0
        self.values = 0
        self.tags = 0
        self.max_row = 0
        self.max_col = 0
        self.rows = 0
        self.merged = 0
        self.dimension = 0


def _scan_sheet(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    budget: list[int],
    room: int,
    values: int,
    tags: int,
) -> _Sheet:
    sheet = _Sheet()
    first = True
    for piece in _pieces(archive, info, budget):
        if first:
            _no_dtd(info.filename, piece)
            first = False
        sheet.cells += len(_CELL.findall(piece))
        sheet.values += len(_VALUE.findall(piece))
        sheet.tags += piece.count(b"<")
        columns = set(_REF_COLUMN.findall(piece))
        if columns:
            widest = max(columns, key=lambda c: (len(c), c))  # XFD > AA > Z
            sheet.max_col = max(sheet.max_col, _column(widest))
        rows = _REF_ROW.findall(piece)  # <row r="7"> and <c r="B7"> alike
        if rows:
            sheet.max_row = max(sheet.max_row, max(map(int, rows)))
        sheet.rows += piece.count(b"<row") + piece.count(b":row")
        for c1, r1, c2, r2 in _MERGE.findall(piece):
            sheet.merged += (abs(int(r2) - int(r1)) + 1) * (abs(_column(c2) - _column(c1)) + 1)
        if not sheet.dimension:
            found = _DIMENSION.search(piece)
            if found and found.group(3):
                c1, r1, c2, r2 = found.groups()
                rows_ = abs(int(r2) - int(r1)) + 1
                sheet.dimension = rows_ * (abs(_column(c2) - _column(c1)) + 1)
        if sheet.cells + sheet.merged > room or sheet.values > values or sheet.tags > tags:
            break  # refused by the caller; no need to read further
    return sheet


def _count_strings(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> int:
    count = 0
    first = True
    for piece in _pieces(archive, info, budget):
        if first:
            _no_dtd(info.filename, piece)
            first = False
        count += len(_STRING.findall(piece))
        if count > MAX_STRINGS:
            break
    return count


def _small_xml(archive: zipfile.ZipFile, name: str) -> Any:
    """A small part parsed with defusedxml (no DTDs, no entities), or None if absent."""
    from defusedxml import ElementTree  # type: ignore[import-untyped]

    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_WORKBOOK_PART:
        raise _Refused(f"{name} fylder over {dotted(MAX_WORKBOOK_PART)} byte")
    with archive.open(info) as stream:
        data = stream.read(MAX_WORKBOOK_PART + 1)
    try:
        return ElementTree.fromstring(data)
    except Exception as exc:  # defusedxml's refusals and ParseError alike
        raise _Refused(f"{name} kan ikke læses" + detail(library_text(exc))) from None


def _sheet_parts(archive: zipfile.ZipFile) -> set[str]:
    """The parts that hold sheets: those xl/workbook.xml's relations name as worksheets (or
    chartsheets, dialog sheets), wherever they lie, and everything under xl/worksheets/."""
    if _small_xml(archive, "xl/workbook.xml") is None:
        raise _Refused("den har ingen xl/workbook.xml")
    parts = {n for n in archive.namelist() if n.startswith("xl/worksheets/")}
    relations = _small_xml(archive, "xl/_rels/workbook.xml.rels")
    for element in relations.iter() if relations is not None else ():
        kind = str(element.get("Type", ""))
        target = str(element.get("Target", ""))
        if kind.endswith(("/worksheet", "/chartsheet", "/dialogsheet")) and target:
            parts.add(
                posixpath.normpath(
                    target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
                )
            )
    return parts


def guard_workbook(path: Path, shown: str) -> None:
    """Refuse a workbook that would cost openpyxl unbounded memory or time (InputError)."""
    try:
        with zipfile.ZipFile(path) as archive:
            _guard(archive)
    except _Refused as exc:
        message = f"projektmappen er afvist: {exc}"
        raise InputError([Problem(shown, message)]) from None
    except Exception as exc:  # zipfile's, zlib's and the file system's errors
        raise InputError([library_problem(shown, exc, WORKBOOK)]) from None


def _guard(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _Refused(
            f"den har {dotted(len(members))} dele; højst {dotted(MAX_MEMBERS)}; del den op"
        )
    budget = [MAX_UNPACKED]
    sheets = _sheet_parts(archive)
    other = sum(
        m.file_size
        for m in members
        if m.filename not in sheets and m.filename != "xl/sharedStrings.xml"
    )
    if other > MAX_OTHER:
        raise _Refused(
            f"delene uden for arkene fylder {dotted(other)} byte; højst {dotted(MAX_OTHER)}"
        )
    for name in WHOLE_PARTS:
        size = next((m.file_size for m in members if m.filename == name), 0)
        if size > MAX_PART:
            raise _Refused(f"{name} fylder {dotted(size)} byte; højst {dotted(MAX_PART)}")
    area = 0
    values = 0
    tags = 0
    for info in members:
        name = info.filename
        if name == "xl/sharedStrings.xml":
            if info.file_size > MAX_STRINGS_BYTES:
                raise _Refused(
                    f"de delte tekster fylder {dotted(info.file_size)} byte; "
                    f"højst {dotted(MAX_STRINGS_BYTES)}"
                )
            strings = _count_strings(archive, info, budget)
            if strings > MAX_STRINGS:
                raise _Refused(f"den har over {dotted(MAX_STRINGS)} delte tekster; del den op")
        elif name in sheets:
            room = min(MAX_VALUES - values, MAX_SHEET_VALUES)
            sheet = _scan_sheet(archive, info, budget, MAX_AREA - area, room, MAX_TAGS - tags)
            if sheet.dimension > MAX_DIMENSION:
                raise _Refused(
                    f"et ark ({name}) angiver {dotted(sheet.dimension)} celler; "
                    f"højst {dotted(MAX_DIMENSION)}"
                )
            spanned = max(sheet.max_row, sheet.rows) * max(sheet.max_col, 1)
            area += max(spanned, sheet.cells) + sheet.merged
            values += sheet.values
            tags += sheet.tags
            if tags > MAX_TAGS:
                raise _Refused(
                    f"arkene har mere end {dotted(MAX_TAGS)} XML-mærker; del projektmappen op"
                )
            if sheet.values > MAX_SHEET_VALUES:
                raise _Refused(
                    f"et ark ({name}) har mere end {dotted(MAX_SHEET_VALUES)} udfyldte celler; "
                    "del det op"
                )
            if area > MAX_AREA:
                raise _Refused(
                    f"arkene spænder over mere end {dotted(MAX_AREA)} celler "
                    "(med flettede celler); del projektmappen op"
                )
            if values > MAX_VALUES:
                raise _Refused(
                    f"arkene har mere end {dotted(MAX_VALUES)} udfyldte celler; "
                    "del projektmappen op"
                )
        elif info.file_size:
            with archive.open(info) as stream:
                _no_dtd(name, stream.read(4096))
