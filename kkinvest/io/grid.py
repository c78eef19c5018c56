"""A table as the readers hand it to the recogniser: rows of cells, each knowing where it came
from, so every message and every line of an import report can name its place.

A grid is format-neutral: an Excel sheet gives typed values (numbers stay numbers), a Word table
gives texts. Rows and columns are 1-based, as a user counts them.

>>> g = Grid("BC06.xlsx", "'BC06'", {(1, 1): "Effektivisering", (1, 3): -2000}, sheet=True)
>>> g.ref(1, 3)
"'BC06'!C1"
>>> Grid("BC06.docx", "tabel 3", {(2, 1): "x"}).ref(2, 1)
'tabel 3, række 2, kolonne 1'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CHECKED, UNCHECKED = "☒", "☐"  # a ticked and an empty check box, however the file holds them


def counted(number: int, one: str, many: str) -> str:
    """A count with its noun in the right number: counted(1, "felt", "felter") is "1 felt",
    counted(2, "felt", "felter") is "2 felter"."""
    return f"{number} {one if number == 1 else many}"


def column_number(letters: str) -> int:
    """A -> 1, AA -> 27: the inverse of `column_letter`."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def column_letter(col: int) -> str:
    """1 -> A, 27 -> AA (as openpyxl's get_column_letter, without importing openpyxl)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Grid:
    """One table or sheet: cell values by (row, column), 1-based."""

    source: str  # the file, as shown to the user
    name: str  # "'Ark1'" for a sheet, "tabel 3" for a Word table
    cells: dict[tuple[int, int], Any]
    sheet: bool = False  # Excel: name cells A1; Word: table, row, column
    max_row: int = 0
    max_col: int = 0
    text_numbers: set[tuple[int, int]] = field(default_factory=set)
    """Cells that hold a number as text (a spreadsheet's =SUM skips them)."""
    title: str = ""  # the caption or heading just above a Word table
    origins: dict[int, tuple[str, int]] = field(default_factory=dict)
    """For a table joined from parts (continued after a page break): row -> (part, its row)."""
    tracked: int = 0
    """Tracked changes (insertions, deletions) the reader resolved in it, as if accepted."""
    hidden: list[tuple[str, str]] = field(default_factory=list)
    """(where, text) of hidden text (w:vanish) in cells that read as figures: not read."""
    inside: str = ""
    """For a Word table nested in another table's cell: that cell ("tabel 2, række 4, kolonne
    1"). It is its own grid, read after the table around it, and never continues a table."""
    margin: int = 0
    """Empty columns left of a sheet's content, dropped (an analyst who starts in column B):
    column 1 is the sheet's column margin + 1, and `ref` names the sheet's own cell."""

    def __post_init__(self) -> None:
        if self.cells:
            self.max_row = max(self.max_row, max(r for r, _ in self.cells))
            self.max_col = max(self.max_col, max(c for _, c in self.cells))

    def get(self, row: int, col: int) -> Any:
        return self.cells.get((row, col))

    def text(self, row: int, col: int) -> str:
        value = self.cells.get((row, col))
        return "" if value is None else str(value).strip()

    def row_values(self, row: int) -> list[Any]:
        return [self.cells.get((row, col)) for col in range(1, self.max_col + 1)]

    def ref(self, row: int, col: int) -> str:
        if self.sheet:
            return f"{self.name}!{column_letter(col + self.margin)}{row}"
        name, row = self.origins.get(row, (self.name, row))
        return f"{name}, række {row}, kolonne {col}"

    def without_margin(self) -> None:
        """Drop the empty columns left of the content (of a sheet: the cells keep their names).

        >>> g = Grid("f.xlsx", "'Forslag'", {(2, 2): "Udvalg", (2, 3): "TMU"}, sheet=True)
        >>> g.without_margin()
        >>> g.get(2, 1), g.ref(2, 2), g.max_col
        ('Udvalg', "'Forslag'!C2", 2)
        """
        if not self.cells:
            return
        empty = min(c for _, c in self.cells) - 1
        if empty > 0:
            self.cells = {(r, c - empty): value for (r, c), value in self.cells.items()}
            self.max_col -= empty
            self.margin += empty

    def where(self, row: int, col: int) -> str:
        """File and cell, for a problem or a report line."""
        return f"{self.source}, {self.ref(row, col)}"


@dataclass
class Paragraph:
    """A paragraph's text, its style (e.g. "Heading 1") and where it is."""

    text: str
    style: str
    where: str
    number: int  # 1-based, counting the body's paragraphs (not those in tables)
    tracked: int = 0  # tracked changes resolved in it, as if accepted
    bold: bool = False  # all of its text in bold: a heading typed by hand, not by its style
    embedded: str = ""
    """Not a paragraph but content the reader cannot read, embedded here (a Word altChunk: an
    imported HTML, RTF or Word part): what it is ("HTML"). Its text is empty."""

    @property
    def heading(self) -> bool:
        style = self.style.casefold()
        return style.startswith(("heading", "overskrift", "title", "titel"))


Block = Paragraph | Grid
"""What a document reader gives the recogniser, in document order."""
