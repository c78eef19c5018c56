"""Recognise Tabel 1 ("Forslagets samlede økonomiske konsekvenser") in a grid, whatever file it
came from: the one place that knows what a section row, a totals row, a payback row and a
footnote look like. The Word reader and the Excel reader both hand their tables to
`read_tabel_1`; neither knows what a payback row is.

Rules (each with a test built from a small grid literal in tests/test_recognise.py):

- the header row is the one starting "1.000 kr. 2023 p/l" (or "Kr. 1000 2016 p/l"), else the
  first row with two or more years; a column headed "Styringsområde" gives each line its area;
- a totals row ("Samlet varig ændring", ...) or a payback row ("Tilbagebetalingstid ...",
  "... (Break Even)") is recognised by its label, whatever its other cells hold: it is never
  read as a line. A payback figure is taken wherever the row puts it ("6" in column B, C or
  later, "6 år");
- section rows ("Varige ændringer", "Implementeringsomkostninger", and the older "Varige
  driftsændringer", "Implementeringsomkostninger - anlæg") set the section, and in older
  layouts without a Styringsområde column the area (a guess, reported);
- a row whose label starts with "*" or "Note"/"Anm."/"Kilde", or a long text with no amounts,
  is a note: it ends the table. A line marked "*" (or "**", "¹") is left out of payback when a
  note with that mark says "indgår ikke i beregningen af tilbagebetalingstiden", and is a line
  for information only when the note says it "indregnes ikke" in the totals;
- "-", "." and an empty cell are zero / no value; Danish numbers ("-8.500", "9,8") are read.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from kkinvest.formats.labels import MEMO, NOT_IN_PAYBACK, TOTAL_ROWS
from kkinvest.formats.vocabulary import subheading
from kkinvest.io.grid import Grid
from kkinvest.io.recognise.crosscheck import disagreements, settle_signs
from kkinvest.io.recognise.draft import DraftLine, DraftStated, PaybackName, TotalName
from kkinvest.numbers import (
    MILLIONS,
    THOUSANDS,
    NotANumber,
    Unit,
    comma_thousands,
    danish,
    in_thousands,
    read_number,
    unit_of,
    unknown_unit,
)
from kkinvest.registry import fold

_YEAR = re.compile(
    r"^(19[9]\d|20\d\d|2100)\s*(?:\*+|[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+|\(?\d{1,2}\))?$"
)  # a footnote mark after the year: "2027*", "2027²", "2027 2)", "2027 (1)"
"""A year as a heading prints it; a footnote mark after it ("2027*", "2027¹") is no digit."""
_PRICE_LEVEL = re.compile(r"(\d{4})\s*-?\s*p\s*/\s*l", re.IGNORECASE)
_MARK = re.compile(r"^(.*?)\s*(\*+|[¹²³]+|\(\d\))\s*$")
_NOTE_START = re.compile(r"^(\*+|[¹²³]+|\(\d\)|note|noter|anm|kilde|obs|bemærk)\b", re.IGNORECASE)
_NOT_IN_PAYBACK = re.compile(r"indg[åa]r\s+ikke\s+i\s+(beregningen\s+af\s+)?tilbagebetaling")
_MEMO = re.compile(
    r"indregnes\s+(?:\w+\s+)?ikke|til\s+orientering|indg[åa]r\s+ikke\s+i\s+(den\s+)?samlede"
)
_HEADER_START = ("1.000 kr", "1000 kr", "kr. 1000", "kr. 1.000", "t. kr", "tkr", "1.000 kroner")

TOTAL_LABELS: dict[str, TotalName] = {
    fold(TOTAL_ROWS["total_permanent"]): "total_permanent",
    "samlede varige ændringer": "total_permanent",
    "samlet varig ændring i alt": "total_permanent",
    "varige ændringer i alt": "total_permanent",
    fold(TOTAL_ROWS["total_implementation"]): "total_implementation",
    "samlet implementeringsomkostning": "total_implementation",
    "implementeringsomkostninger i alt": "total_implementation",
    fold(TOTAL_ROWS["total_impact"]): "total_impact",
    "økonomisk påvirkning i alt": "total_impact",
    "samlet økonomisk påvirkning i alt": "total_impact",
    "samlet økonomisk konsekvens": "total_impact",
}
INFO_ROWS = ("samlet pengestrøm", "akkumuleret", "nettogevinst", "nutidsværdi")
"""Rows some layouts print that kkinvest computes but does not record (reported, not read)."""


CellProblem = NotANumber
"""A cell that is no number (the message says what it holds; the caller names the cell)."""

_POINT_DECIMAL = re.compile(r"^-?\d+\.\d{1,2}$")
_CAPTION_LENGTH = 120
"""A paragraph above a table longer than this is running text, not its caption: a unit it
mentions ("en besparelse på 5 mio. kr.") is not the table's."""


def text_amount(text: str) -> Decimal | None:
    """An amount as running text writes it: Danish ("4.400", "9,8"), or with a point that can
    only be a decimal point ("9.8": one or two digits after it, never a group of three)."""
    cleaned = text.strip()
    if _POINT_DECIMAL.match(cleaned):
        cleaned = cleaned.replace(".", ",")
    return cell_amount(cleaned)


def cell_amount(value: Any, unit: Unit = THOUSANDS) -> Decimal | None:
    """A cell's amount in 1.000 kr., the table printing its amounts in `unit`: None for an
    empty cell; typed numbers as they are; text as `kkinvest.numbers.read_number` reads it. A
    unit written in the cell must be the table's ("500 kr." in a table of 1.000 kr. is
    refused: which of the two is meant, only the author knows)."""
    import math
    from datetime import date, datetime

    if value is None:
        return None
    if isinstance(value, bool):
        raise CellProblem(f'"{value}" er ikke et tal')
    if isinstance(value, datetime | date):
        raise CellProblem(f'"{value}" er en dato, ikke et tal')
    if isinstance(value, float) and not math.isfinite(value):
        raise CellProblem(f'"{value}" er ikke et endeligt tal')
    if isinstance(value, int | float | Decimal):
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    else:
        reading = read_number(str(value))
        if reading.amount is None:
            return None
        if reading.unit is not None and reading.unit != unit:
            raise CellProblem(
                f'"{str(value).strip()}" er i {reading.unit.name}, men tabellen er i '
                f"{unit.name}; skriv beløbet i tabellens enhed"
            )
        amount = reading.amount
    return amount if unit == THOUSANDS else in_thousands(amount, unit)


def table_unit(grid: Grid, header: int) -> tuple[Unit, bool]:
    """The unit the table prints its amounts in, and whether it says so: from the heading
    ("1.000 kr. 2023 p/l", "Mio. kr. 2026 p/l", "Kr. 1000") or, where the heading names none,
    the caption ("Tabel 1 ... (mio. kr.)"). None named: 1.000 kr., the template's unit.
    Raises CellProblem for a unit kkinvest has no factor for, or two different units."""
    heads = [
        grid.text(r, c)
        for r in range(max(1, header - 3), header + 1)
        for c in range(1, grid.max_col + 1)
    ]
    caption = grid.title if len(grid.title) <= _CAPTION_LENGTH else ""
    found = {u for text in heads if (u := unit_of(text)) is not None}
    if not found and caption and (u := unit_of(caption)) is not None:
        found = {u}
    if len(found) > 1:
        names = " og ".join(sorted(u.name for u in found))
        raise CellProblem(f"tabellens hoved nævner både {names}; skriv én enhed")
    if found:
        return found.pop(), True
    for text in [*heads, caption]:
        word = unknown_unit(text)
        if word:
            raise CellProblem(
                f"enheden {word!r} kender kkinvest ikke; skriv beløbene i 1.000 kr., kr. "
                "eller mio. kr. (og enheden i tabellens hoved)"
            )
    return THOUSANDS, False


def folded(value: Any) -> str:
    """A cell's text as compared with the layout's labels (a trailing ':' ignored)."""
    return fold(" ".join(str(value).split())).rstrip(":").strip() if value is not None else ""


def year_of(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    match = _YEAR.match(str(value).strip())
    return int(match.group(1)) if match else None


def payback_basis(label: str) -> str | None:
    """'service', 'total' or 'both' (Break Even: one figure for both bases) for a payback
    row's label; None for any other row."""
    text = folded(label)
    if not text.startswith("tilbagebetaling"):
        return None
    if "service" in text:
        return "service"
    if "total" in text:
        return "total"
    return "both"


def total_field(label: str) -> TotalName | None:
    text = folded(label).rstrip("*").strip()
    if text in TOTAL_LABELS:
        return TOTAL_LABELS[text]
    for known, name in TOTAL_LABELS.items():  # "Samlet varig ændring af investeringscasen*"
        if text.startswith(known + ",") or text.startswith(known + " "):
            return name
    return None


def section_of(label: str) -> tuple[str, str | None] | None:
    """(section, default area) for a section row's label, else None."""
    text = folded(label)
    if text.startswith(("samlet", "samlede")):
        return None
    area: str | None = None
    if re.search(r"\banlæg", text):
        area = "anlæg"
    elif re.search(r"\boverførsel", text):
        area = "overførsler"
    elif re.search(r"\b(drift|service)", text):
        area = "service"
    if text.startswith(("varige ændringer", "varig ændring", "varige driftsændringer", "varige")):
        return "varig", area
    if text.startswith(("implementeringsomkostning", "implementering", "engangsudgifter")):
        return "implementering", area
    return None


def area_of(value: Any) -> str | None:
    text = folded(value)
    if not text:
        return None
    for prefix, area in (("serv", "service"), ("drift", "service"), ("anl", "anlæg")):
        if text.startswith(prefix):
            return area
    if text.startswith("overf"):
        return "overførsler"
    return None


def payback_figure(grid: Grid, row: int) -> tuple[int, int] | None:
    """(figure, column) of the first whole number right of the label: "6", 6, "6 år"."""
    for col in range(2, grid.max_col + 1):
        value = grid.get(row, col)
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int | float | Decimal):
            number = Decimal(str(value))
            if number.is_finite() and number == number.to_integral_value():
                return int(number), col
            continue
        match = re.match(r"^\s*(\d{1,3})\s*(år)?\s*$", str(value))
        if match:
            return int(match.group(1)), col
    return None


@dataclass
class Note:
    """A note under a table (a row of the grid, or a paragraph after a Word table)."""

    text: str
    where: str


@dataclass
class Tabel1:
    """What was read from one Tabel 1 grid, with the place of every value."""

    lines: list[DraftLine] = field(default_factory=list)
    stated: DraftStated = field(default_factory=DraftStated)
    places: dict[tuple[Any, ...], str] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (where, message)
    report: list[tuple[str, str]] = field(default_factory=list)  # (where, what was read)
    guesses: list[tuple[str, str]] = field(default_factory=list)  # (field path, why)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (where, what): it loads
    notes: list[Note] = field(default_factory=list)
    price_level: int | None = None
    unit: Unit = THOUSANDS  # the unit the table prints (amounts are read into 1.000 kr.)
    asks_pool: bool | None = None  # "Søges der om midler fra investeringspuljerne? Ja"
    header_row: int | None = None
    end_row: int | None = None  # the last row read (the table ends there)


def find_header(grid: Grid) -> int | None:
    """The row of Tabel 1's header: the "1.000 kr. ... p/l" row, else the first with years."""
    for row in range(1, grid.max_row + 1):
        if folded(grid.get(row, 1)).startswith(_HEADER_START):
            # a two-level heading ("Budgetår" over the years, merged): the years' row
            for below in range(row, min(row + 2, grid.max_row) + 1):
                if any(year_of(grid.get(below, c)) for c in range(2, grid.max_col + 1)):
                    return below
            return row
    for row in range(1, grid.max_row + 1):
        if sum(year_of(grid.get(row, c)) is not None for c in range(2, grid.max_col + 1)) >= 2:
            return row
    return None


def looks_like_tabel_1(grid: Grid) -> bool:
    """A grid with a year header and at least one section, total or payback row."""
    header = find_header(grid)
    if header is None:
        return False
    for row in range(header + 1, grid.max_row + 1):
        label = grid.get(row, 1)
        if section_of(str(label or "")) or total_field(str(label or "")):
            return True
        if payback_basis(str(label or "")):
            return True
    return False


def read_tabel_1(
    grid: Grid,
    header: int | None = None,
    notes_after: list[Note] | None = None,
    end_labels: tuple[str, ...] = (),
) -> Tabel1:
    """Tabel 1's lines, stated totals and paybacks from `grid`; `notes_after` are the notes
    printed under the table outside the grid (a Word document's paragraphs)."""
    result = Tabel1()
    header = header if header is not None else find_header(grid)
    if header is None:
        result.problems.append(
            (
                grid.where(1, 1),
                "Tabel 1's overskrift mangler ('1.000 kr. ... p/l' efterfulgt af årstal)",
            )
        )
        return result
    result.header_row = header
    columns = _columns(grid, header, result)
    if columns is None:
        return result
    years, area_col, flag_cols = columns
    try:
        unit, said = table_unit(grid, header)
    except CellProblem as exc:
        result.problems.append((grid.where(header, 1), str(exc)))
        return result
    result.unit = unit
    if unit != THOUSANDS:
        result.report.append(
            (grid.where(header, 1), f"beløbene står i {unit.name}; omregnet til 1.000 kr.")
        )
    elif not said:
        result.report.append(
            (grid.where(header, 1), "tabellen nævner ingen enhed; læst som 1.000 kr.")
        )
    section: str | None = None
    section_area: str | None = None
    heading: str | None = None  # a savings sub-heading the lines below stand under
    under_savings: dict[int, str] = {}  # line index -> that sub-heading
    marks: dict[int, str] = {}  # line index -> footnote mark
    closed = False  # after the last totals row or a payback row, only such rows may follow
    row = header
    continued: set[int] = set()
    totals_rows: dict[TotalName, list[tuple[str | None, dict[int, Decimal]]]] = {}
    for row in range(header + 1, grid.max_row + 1):
        if row in continued:
            continue
        values_row = [grid.get(row, c) for c in range(1, grid.max_col + 1)]
        if all(v is None or not str(v).strip(" -–—_=") for v in values_row):
            continue  # empty, or a ruled line of dashes
        label_value = grid.get(row, 1)
        label = " ".join(str(label_value).split()) if label_value is not None else ""
        if label and _continues(grid, row):  # "Tilbagebetalingstid baseret på" / "totaløkonomi"
            label = f"{label} {grid.text(row + 1, 1)}"
            continued.add(row + 1)
        text = folded(label)
        amounts, bad = _amounts(grid, row, years, unit)
        _comma_thousands(grid, row, label, years, amounts, unit, result)
        # The next table's caption ends Tabel 1; a line that merely starts with "Tabel" and
        # carries amounts (a label is the user's words) is a line.
        caption = text.startswith(("tabel ", "tilbagebetaling (")) and not amounts and not bad
        if text in end_labels or caption:
            row -= 1
            break
        if _is_note(label, amounts) or (closed and _ends(label)):
            result.notes.append(Note(label, grid.where(row, 1)))
            for later in range(row + 1, grid.max_row + 1):
                if grid.text(later, 1):
                    result.notes.append(Note(grid.text(later, 1), grid.where(later, 1)))
            break
        basis = payback_basis(label)
        if basis is not None:
            _payback(grid, row, basis, label, result)
            closed = True
            continue
        total = total_field(label)
        if total is not None:
            _settle_sections(result, total)
            for col, message in bad:  # a total that cannot be read is not left out silently
                result.problems.append((grid.where(row, col), message))
            if amounts:
                result.places.setdefault(("stated", total), grid.where(row, 1))
                area = _total_area(grid, row, years, area_col)
                totals_rows.setdefault(total, []).append((area, amounts))
                shown = f"{label} ({area})" if area else label
                result.report.append((grid.where(row, 1), f"{shown}: anført total"))
            closed = closed or total == "total_impact"
            continue
        if text.startswith(INFO_ROWS):
            result.report.append(
                (grid.where(row, 1), f"{label}: ikke læst (kkinvest beregner den selv)")
            )
            continue
        if text.startswith("søges der om midler") and not amounts:  # with amounts: a line
            answer = " ".join(grid.text(row, c) for c in range(2, grid.max_col + 1)).strip()
            result.asks_pool = folded(answer).startswith("ja") if answer else None
            result.report.append((grid.where(row, 1), f"{label} {answer}".strip()))
            continue
        found_section = section_of(label) if not amounts else None
        if found_section is not None:
            section, section_area = found_section
            heading = None
            continue
        written_area = grid.text(row, area_col) if area_col else ""
        if section and not amounts and not bad and not written_area:
            # A row with a label and no figure and no area is a sub-heading, not a line:
            # "Effektiviseringer" (savings below it), "Heraf besparelser:", "Heraf:".
            kind = subheading(text)
            heading = label if kind == "savings" else None
            if kind is None:
                result.report.append(
                    (grid.where(row, 1), f"{label}: ingen tal; læst som en mellemoverskrift")
                )
            continue
        line = _line(grid, row, label, section, section_area, years, area_col, flag_cols, result)
        if line is None:
            continue
        line.values = amounts
        for col, message in bad:
            result.problems.append((grid.where(row, col), message))
        _row_total(grid, row, label, amounts, flag_cols, unit, result)
        index = len(result.lines)
        if heading is not None and section == "varig":
            under_savings[index] = heading
        match = _MARK.match(line.label)
        if match and match.group(1):
            marks[index] = match.group(2)  # the mark is taken off where a note explains it
        result.places[("lines", index)] = grid.where(row, 1)
        if area_col:
            result.places[("lines", index, "area")] = grid.where(row, area_col)
        for col, year in years.items():
            result.places[("lines", index, "values", year)] = grid.where(row, col)
        result.lines.append(line)
    result.end_row = row
    _settle_totals(result, totals_rows)
    # The notes first: a line "til orientering" by its note is in no total, so the totals are
    # compared without it (mobilhåndtering's Indkøbseffektiviseringer was a false warning).
    _footnotes(result, marks, [*result.notes, *(notes_after or [])])
    warnings, problems = settle_signs(result.lines, result.stated, under_savings, result.places)
    result.warnings.extend(warnings)
    result.problems.extend(problems)
    if not result.problems:  # a cell refused: the proposal does not load, nothing to compare
        result.warnings.extend(disagreements(result.lines, result.stated, result.places))
    if not grid.sheet:  # a Word table: a mark without its note is still only a mark
        for index, mark in marks.items():
            line = result.lines[index]
            if line.label.endswith(mark):
                line.label = line.label[: -len(mark)].rstrip()
                result.report.append(
                    (result.places[("lines", index)], f"mærket {mark!r} uden note læst som mærke")
                )
    for index, line in enumerate(result.lines):
        if line.section == "?":
            result.problems.append(
                (
                    result.places[("lines", index)],
                    f"linjen {line.label!r} står uden afsnit ('Varige ændringer' eller "
                    "'Implementeringsomkostninger') og uden totalrække under sig",
                )
            )
    return result


def _columns(
    grid: Grid, header: int, result: Tabel1
) -> tuple[dict[int, int], int | None, list[int]] | None:
    """Year per column, the Styringsområde column, and the other columns (flags, notes)."""
    years: dict[int, int] = {}
    area_col: int | None = None
    flag_cols: list[int] = []
    for row in range(max(1, header - 2), header + 1):
        level = _PRICE_LEVEL.search(grid.text(row, 1))
        if level:
            result.price_level = int(level.group(1))
    caption = grid.title if len(grid.title) <= _CAPTION_LENGTH else ""
    level = _PRICE_LEVEL.search(caption)
    if result.price_level is None and level:  # "Tabel 1 ... (mio. kr. 2027 p/l)", as the unit
        result.price_level = int(level.group(1))
    for col in range(2, grid.max_col + 1):
        value = grid.get(header, col)
        above = " ".join(grid.text(r, col) for r in range(max(1, header - 2), header + 1))
        year = year_of(value)
        if year is not None:
            years[col] = year
        elif "styringsområde" in re.sub(r"[\s-]", "", folded(above)):
            area_col = col
        elif (
            value is not None
            and re.search(r"\d", str(value))
            and not re.search(r"[a-zæøå]{3}", folded(value))
        ):
            message = f"{value!r} er ikke et årstal (skriv et år 1990–2100, fx 2023)"
            result.problems.append((grid.where(header, col), message))
        else:
            flag_cols.append(col)
    if not years:
        if not result.problems:
            message = "ingen årskolonner efter 'Styringsområde' (skriv fx 2023)"
            result.problems.append((grid.where(header, 3), message))
        return None
    return years, area_col, flag_cols


ROW_TOTAL_HEADS = ("i alt", "total", "sum", "samlet")
"""A column right of the years headed so holds each row's sum: not read, but checked."""


def _row_total(
    grid: Grid,
    row: int,
    label: str,
    amounts: dict[int, Decimal],
    flag_cols: list[int],
    unit: Unit,
    result: Tabel1,
) -> None:
    """A right-hand "I alt" figure that is not the sum of the row's years: one warning."""
    header = result.header_row or 1
    for col in flag_cols:
        if folded(grid.get(header, col)) not in ROW_TOTAL_HEADS:
            continue
        try:
            printed = cell_amount(grid.get(row, col), unit)
        except CellProblem:
            printed = None
        computed = sum(amounts.values(), Decimal(0))
        if printed is not None and printed != computed:
            result.warnings.append(
                (
                    grid.where(row, col),
                    f"'{grid.text(header, col)}' for {label!r} er {danish(printed)}, men årene "
                    f"giver {danish(computed)}; kkinvest regner med årene",
                )
            )


def _comma_thousands(
    grid: Grid,
    row: int,
    label: str,
    years: dict[int, int],
    amounts: dict[int, Decimal],
    unit: Unit,
    result: Tabel1,
) -> None:
    """A figure typed "-1,500" in a table of 1.000 kr. (or kr.) is read the Danish way, as
    -1,5, but an English thousands separator gives -1.500: one warning per cell, so a reading
    1.000 times too small never passes in silence. In mio. kr. three decimals are ordinary."""
    if unit.to_thousands >= MILLIONS.to_thousands:
        return
    for col, year in years.items():
        value = grid.get(row, col)
        if isinstance(value, str) and year in amounts and comma_thousands(value):
            as_typed = amounts[year] / unit.to_thousands  # in the table's unit
            meant = danish(as_typed * 1000)
            result.warnings.append(
                (
                    grid.where(row, col),
                    f"{label!r} {year}: '{value.strip()}' er læst som {danish(as_typed, 3)} "
                    f"{unit.name} (komma som decimaltegn); menes {meant} {unit.name}, så "
                    f"skriv '{meant}'",
                )
            )


def _amounts(
    grid: Grid, row: int, years: dict[int, int], unit: Unit = THOUSANDS
) -> tuple[dict[int, Decimal], list[tuple[int, str]]]:
    values: dict[int, Decimal] = {}
    bad: list[tuple[int, str]] = []
    for col, year in years.items():
        try:
            amount = cell_amount(grid.get(row, col), unit)
        except CellProblem as exc:
            bad.append((col, str(exc)))
            continue
        if amount is not None:
            values[year] = amount
    return values, bad


def misread_as(label: str, amounts: bool = True) -> str | None:
    """What a Tabel 1 line with this label (and amounts in its row, or none) would be read
    back as, if not as a line: the recogniser knows some rows by their labels alone, so a line
    called "Samlet varig ændring" or "Nutidsværdi" cannot be told from the row of that name
    (None: read as a line). Mirrors `read_tabel_1`'s order of questions."""
    text = folded(label)
    if text.startswith(_HEADER_START):
        return "tabellens hoved"
    if not amounts and _is_note(label, {}):
        return "en note under tabellen"
    if payback_basis(label):
        return "tabellens række for tilbagebetalingstiden"
    if total_field(label):
        return "Tabel 1's totalrække af samme navn"
    if text.startswith(INFO_ROWS):
        return "en række, kkinvest beregner og ikke læser"
    if not amounts and (section_of(label) or text.startswith("søges der om midler")):
        return "en afsnitsrække eller et spørgsmål, ikke en linje"
    return None


def _continues(grid: Grid, row: int) -> bool:
    """Whether the next row holds only the rest of this row's label (a label broken over two
    rows: "... baseret på" and "totaløkonomi")."""
    following = grid.text(row + 1, 1)
    if not following or row + 1 > grid.max_row:
        return False
    if any(grid.text(row + 1, c) for c in range(2, grid.max_col + 1)):
        return False
    if not following[:1].islower() or misread_as(following, amounts=False):
        return False  # a row of its own: a section, a note, a total
    return bool(grid.text(row, 1))


def _settle_sections(result: Tabel1, total: str) -> None:
    """Lines read before any section row take the section of the totals row under them
    ("Samlede implementeringsomkostninger" in an innovation proposal's table): a guess."""
    section = {"total_permanent": "varig", "total_implementation": "implementering"}.get(total)
    if section is None:
        return
    for index, line in enumerate(result.lines):
        if line.section == "?":
            line.section = section
            result.guesses.append(
                (
                    f"lines[{index + 1}].section",
                    f"ingen afsnitsrække; {section} læst af totalrækken under linjen",
                )
            )


def _total_area(grid: Grid, row: int, years: dict[int, int], area_col: int | None) -> str | None:
    """The area a totals row prints ("Samlet varig ændring | Service"), if any."""
    if area_col:
        return area_of(grid.get(row, area_col))
    return None if 2 in years else area_of(grid.get(row, 2))


def _settle_totals(
    result: Tabel1, totals_rows: dict[TotalName, list[tuple[str | None, dict[int, Decimal]]]]
) -> None:
    """A totals row printed once per area (two or more areas) is recorded per area, so no row
    overwrites another; a single totals row is the table's total, whatever area it prints
    (BC06's "Samlet varig ændring | Service" covers all its permanent lines)."""
    for total, rows in totals_rows.items():
        areas = {area for area, _ in rows if area is not None}
        if len(areas) < 2:
            result.stated.set_total(total, rows[-1][1])
            continue
        by_area = result.stated.area_totals.setdefault(total, {})
        for area, values in rows:
            if area is None:
                result.stated.set_total(total, values)  # the table prints all areas' total too
            else:
                by_area[area] = values


def _ends(label: str) -> bool:
    """After Tabel 1's last totals or payback row: is this row past the table's end?"""
    return not (
        payback_basis(label)
        or total_field(label)
        or folded(label).startswith((*INFO_ROWS, "søges der om midler"))
    )


def _is_note(label: str, amounts: dict[int, Decimal]) -> bool:
    if amounts:
        return False
    if _NOTE_START.match(label.strip()):
        return True
    return len(label) > 80 or bool(_NOT_IN_PAYBACK.search(fold(label)))


def _payback(grid: Grid, row: int, basis: str, label: str, result: Tabel1) -> None:
    figure = payback_figure(grid, row)
    if figure is None:
        rest = " ".join(grid.text(row, c) for c in range(2, grid.max_col + 1)).strip()
        result.report.append(
            (grid.where(row, 1), f"{label}: intet tal" + (f" ({rest!r})" if rest else ""))
        )
        return
    value, col = figure
    fields: list[PaybackName] = (
        ["payback"]
        if basis == "both"
        else ["payback_service" if basis == "service" else "payback_total"]
    )
    for name in fields:
        result.stated.set_payback(name, value)
        result.places[("stated", name)] = grid.where(row, col)
    result.report.append((grid.where(row, col), f"{label}: {value} år"))


def _line(
    grid: Grid,
    row: int,
    label: str,
    section: str | None,
    section_area: str | None,
    years: dict[int, int],
    area_col: int | None,
    flag_cols: list[int],
    result: Tabel1,
) -> DraftLine | None:
    """One line of Tabel 1 (values are added by the caller), or None with a problem."""
    if not label:
        if any(grid.get(row, c) is not None for c in years):
            result.problems.append(
                (grid.where(row, 1), "en række med beløb, men uden tekst i første kolonne")
            )
        return None
    if section is None:
        if grid.sheet:
            message = (
                f"linjen {label!r} står før 'Varige ændringer' og 'Implementeringsomkostninger'"
            )
            result.problems.append((grid.where(row, 1), message))
            return None
        section = "?"  # decided by the totals row that follows (an innovation proposal's table)
    line = DraftLine(section=section, label=label)
    for note in (MEMO, NOT_IN_PAYBACK):  # kkinvest's Bilag prints a line's note after its label
        suffix = f" ({note})"
        if line.label.endswith(suffix) and len(line.label) > len(suffix):
            line.label = line.label.removesuffix(suffix)
            if note == MEMO:
                line.memo = True
            else:
                line.in_payback = False
    area = area_of(grid.get(row, area_col)) if area_col else None
    index = len(result.lines)
    written = grid.text(row, area_col) if area_col else ""
    if area is None and written:
        if grid.sheet:
            line.area = written  # a workbook: the model names the cell and what to write
            return line
        result.report.append(
            (grid.where(row, area_col or 2), f"Styringsområde {written!r} er ikke et område")
        )
    if area is None and section_area is not None:
        area = section_area
        if not area_col:
            result.guesses.append(
                (f"lines[{index + 1}].area", "styringsområde læst af afsnittets overskrift")
            )
    if area is None and section == "varig" and not area_col:
        area = "service"
        result.guesses.append(
            (f"lines[{index + 1}].area", "intet styringsområde i tabellen; service antaget")
        )
    if area is not None:
        line.area = area
    flags = " ".join(folded(grid.get(row, c)) for c in flag_cols)
    if _NOT_IN_PAYBACK.search(flags) or "indgår ikke" in flags:
        line.in_payback = False
    if _MEMO.search(flags):
        line.memo = True
    return line


def _split_note(note: Note) -> list[Note]:
    """One paragraph may hold several notes: "*Det bemærkes ... **Denne effektivisering ..."."""
    starts = [m.start(1) for m in re.finditer(r"(?:^|\s)(\*+)(?=[A-ZÆØÅa-zæøå])", note.text)]
    if len(starts) <= 1:
        return [note]
    bounds = [*starts, len(note.text)]
    return [Note(note.text[a:b].strip(), note.where) for a, b in itertools.pairwise(bounds)]


def _footnotes(result: Tabel1, marks: dict[int, str], notes: list[Note]) -> None:
    """Apply the notes under the table to the lines their mark (or label) points to."""
    notes = [part for note in notes for part in _split_note(note)]
    for note in notes:
        text = fold(note.text)
        out_of_payback = bool(_NOT_IN_PAYBACK.search(text))
        memo = bool(_MEMO.search(text)) and not out_of_payback
        if not (out_of_payback or memo):
            continue
        mark_match = re.match(r"^\s*(\*+|[¹²³]+|\(\d\))", note.text)
        targets = []
        if mark_match:
            targets = [i for i, m in marks.items() if m == mark_match.group(1)]
        if not targets:  # a note naming the line: "Grundinvestering i platform indgår ikke ..."
            targets = [
                i
                for i, line in enumerate(result.lines)
                if fold(line.label).rstrip("s") in text
                and line.section == ("implementering" if out_of_payback else "varig")
            ]
            if targets:
                for i in targets:
                    result.guesses.append(
                        (f"lines[{i + 1}]", f"noten nævner linjen uden mærke: {note.text!r}")
                    )
        for i in targets:
            line = result.lines[i]
            if i in marks and line.label.endswith(marks[i]):
                line.label = line.label[: -len(marks[i])].rstrip()
            if out_of_payback:
                line.in_payback = False
                result.report.append(
                    (note.where, f"{line.label!r} indgår ikke i tilbagebetalingstiden (note)")
                )
            else:
                line.memo = True
                result.report.append(
                    (note.where, f"{line.label!r} er til orientering og indgår i ingen total")
                )


TABLE_NUMBER = re.compile(r"^\s*tab(?:el|le|let)\s+([A-Z0-9][\d.]*)", re.IGNORECASE)
"""A caption's table number ("Tabel 1.", "Table 2", "Tablet 1"): group 1 is the number."""


def is_tabel_1(grid: Grid) -> bool:
    """Tabel 1 by its structure (a header of years, and section, total or payback rows under
    it); the caption is a hint, never the gate: its words name Tabel 1 outright, and a caption
    numbering the table otherwise ("Tabel 3 …") says it is another table."""
    caption = folded(grid.title)
    if "samlede økonomiske konsekvenser" in caption:
        return True
    number = TABLE_NUMBER.match(caption)
    if number and number.group(1).rstrip(".") not in ("1", "1.1"):
        return False
    return looks_like_tabel_1(grid)
