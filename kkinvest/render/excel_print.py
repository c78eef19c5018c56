"""How kkinvest's workbooks print (issue 22, item 3): row heights that fit the wrapped text,
page breaks that keep a table whole, and the header and footer of every sheet.

Neither LibreOffice nor Excel grows a row to its wrapped text when it opens a file: a row
without a height prints at the default height and its second line runs over the next row. So
every row gets a height here, from the lines its text wraps to: the text's width in Arial's own
character widths (Liberation Sans, with which LibreOffice draws Arial, has the same widths)
against the column's width. Knowing every row's height, the page breaks follow: a table block
that would cross the foot of a page starts on the next one instead, so no table shorter than a
page is broken and no caption or Total row stands alone.

Measured with LibreOffice on this machine (tests/test_libreoffice_print.py measures the PDF):

- a column of width w prints 5,55 w points wide (w counts digits of the default font, Arial
  10 pt, whose digits are 0,556 em);
- text wraps where it comes within about 4 points of the column's edge;
- a line of 10 pt text takes 11,2 points;
- a page's printed rows fill the paper less 92-101 points (0,75 inch margins above and below,
  the header and the footer in them): 57 rows of 13 pt on A4 portrait at 100 %, 42 on A4
  landscape at 90 %.

Nothing here imports openpyxl; the sheet is handled as the object it is given.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# Advance widths (thousandths of an em) of Arial, read from Liberation Sans 2 (metric-compatible
# with Arial), regular/italic and bold; any other character counts as a wide letter.
_REGULAR = {
    190: "'",
    222: "ijl‘’",
    259: "|¦",
    277: " !,./:;I[\\]ft\xa0ÌÍÎÏìíîï",
    333: "()-`r{}¡¨\xad²³´·¸¹“”",
    354: '"',
    389: "*",
    399: "°",
    469: "^",
    500: "Jcksvxyzçýÿ",
    548: "±÷",
    556: "#$0123456789?L_abdeghnopqu¢£¤¥§«»àáâãäåèéêëðñòóôõöùúûüþ–€",
    583: "+<=>~¬×−",
    610: "FTZ¿ßø",
    666: "&ABEKPSVXYÀÁÂÃÄÅÈÉÊËÝÞ",
    722: "CDHNRUwÇÐÑÙÚÛÜ",
    777: "GOQÒÓÔÕÖØ",
    833: "Mm¼½¾",
    889: "%æ",
    943: "W",
    1000: "Æ—…",
    1015: "@",
}
_BOLD = {
    237: "'",
    277: " ,./I\\ijl\xa0ÌÍÎÏìíîï‘’",
    279: "|¦",
    333: "!()-:;[]`ft¡¨\xad²³´·¸¹",
    389: "*r{}",
    399: "°",
    474: '"',
    500: "z“”",
    548: "±÷",
    556: "#$0123456789J_aceksvxy¢£¤¥§«¶»àáâãäåçèéêëýÿ–€",
    583: "+<=>^~¬×−",
    610: "?FLTZbdghnopqu¿ßðñòóôõöøùúûüþ",
    666: "EPSVXYÈÉÊËÝÞ",
    722: "&ABCDHKNRUÀÁÂÃÄÅÇÐÑÙÚÛÜ",
    777: "GOQwÒÓÔÕÖØ",
    833: "M¼½¾",
    889: "%mæ",
    943: "W",
    975: "@",
    1000: "Æ—…",
}
WIDE = 1000
"""An unknown character (another script, a symbol) counts as wide: a row too tall by a line
is better than one whose text runs over the next."""


def _table(groups: dict[int, str]) -> dict[str, int]:
    return {char: width for width, chars in groups.items() for char in chars}


REGULAR = _table(_REGULAR)
BOLD = _table(_BOLD)

DIGIT_PT = 0.556 * 10
"""The width unit of a column: a digit of the default font (Arial 10 pt), in points."""
EDGE_PT = 5.0
"""Text wraps this close to the column's edge (measured: about 4 points)."""
LINE_EM = 1.15
"""A line of text, in ems: 11,2 pt for 10 pt text measured, with a little to spare."""
PAPER_PT = {"portrait": 841.9, "landscape": 595.3}
"""A4's height, in points, as the sheet is turned."""
MARGINS_PT = 108.0
"""What a page's margins, header and footer take of its height (measured 92-101 points)."""


def text_points(text: str, size: float, bold: bool = False) -> float:
    """The width of a line of text in points, in Arial of `size` points."""
    table = BOLD if bold else REGULAR
    return sum(table.get(char, WIDE) for char in text) * size / 1000


def column_points(width: float) -> float:
    """The printed width (at 100 %) of a column `width` characters wide."""
    return width * DIGIT_PT


def wrapped_lines(text: str, width: float, size: float, bold: bool = False) -> int:
    """How many lines `text` wraps to in a column (or merged columns) `width` characters wide:
    greedily at spaces, a word wider than the column broken where it must. A line break in
    the text starts a new line. Breaking only at spaces (LibreOffice also breaks after a
    hyphen) can only count as many lines or more."""
    room = max(column_points(width) - EDGE_PT, size)
    space = text_points(" ", size, bold)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split():
            need = text_points(word, size, bold)
            if used and used + space + need <= room:
                used += space + need
                continue
            if used:
                lines += 1
            extra = math.ceil(need / room) - 1  # a word wider than the column is broken
            lines += extra
            used = need - extra * room
    return max(lines, 1)


def row_height(lines: int, size: float) -> float:
    """The height of a row of `lines` lines of text of `size` points: 13 pt for one line of
    10 pt, 11,5 pt more for each further line."""
    return round(size * (LINE_EM * lines + 0.15), 1)


@dataclass(frozen=True)
class Block:
    """Rows to print on one page if they fit on one: a caption, its table's heading, its rows
    and its Total (`first` to `last`, 1-based). A block taller than a page is broken, but its
    first `head` rows (caption and heading with the first row below them) stay together,
    and so do its last two rows (a Total is never alone)."""

    first: int
    last: int
    head: int = 1


def printable_height(orientation: str, scale: int) -> float:
    """The height of a page's printed rows, in the sheet's points (before scaling)."""
    return (PAPER_PT[orientation] - MARGINS_PT) * 100 / scale


def page_breaks(
    heights: Sequence[float],
    blocks: Iterable[Block],
    page: float,
    forced: Iterable[int] = (),
    repeated: float = 0.0,
) -> list[int]:
    """The rows after which a page must end (openpyxl's `Break(id=row)`), so that no block
    is broken that fits on a page. `heights[n - 1]` is row n's height (0 for a hidden row);
    `forced` are rows after which a page ends anyway; `repeated` is the height of the rows
    printed again at the top of every later page (print titles). Where a page is full the
    break is marked too: the printer fits a few points more on a page than is counted here,
    and breaking by itself a row or two later it could break the block after.

    Worked example: rows of 13 pt, a page of 100 pt (7 rows), a block of rows 6-9: rows 1-5
    use 65 pt, the block needs 52 more, so the page ends after row 5 -> [5]; the block and the
    rows after it fill the next page from the top."""
    starts: dict[int, Block] = {}
    for each in blocks:
        starts.setdefault(each.first, each)
    ends_at = set(forced)
    breaks: list[int] = []
    used = 0.0
    total = len(heights)
    row = 1
    while row <= total:
        block = starts.get(row)
        if block is not None and used > repeated:
            need = sum(heights[row - 1 : block.last])
            if need > page - repeated:  # taller than a page: its head stays together
                need = sum(heights[row - 1 : row - 1 + block.head])
            if used + need > page:
                breaks.append(row - 1)
                used = repeated
        height = heights[row - 1]
        if used + height > page and used > repeated:
            # the page is full; a Total (the last row of a block) goes over with the row above
            if any(b.last == row and b.first < row - 1 for b in starts.values()):
                breaks.append(row - 2)
                used = repeated + heights[row - 2]
            else:
                breaks.append(row - 1)
                used = repeated
        used += height
        if row in ends_at:
            used = repeated
        row += 1
    return sorted({b for b in breaks if b > 0} - ends_at)


HEADER = "&A"
"""The header of every printed page: the sheet's name."""
FOOTER = "Side &P af &N"
"""The footer: the page number of the whole print ("Side 3 af 78")."""


def header_and_footer(sheet: Any) -> None:
    """The sheet's name above and "Side x af y" below every printed page."""
    sheet.oddHeader.center.text = HEADER
    sheet.oddFooter.center.text = FOOTER
    sheet.oddHeader.center.size = sheet.oddFooter.center.size = 10  # 9 pt printed at 90 %


def chart_title(text: str, font: str, size: float) -> Any:
    """A chart title in the sheet's font at `size` points, bold, on one line where the chart
    is wide enough (LibreOffice's default, 18 pt in Calibri, wrapped it over two lines that
    printed over each other)."""
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import (
        CharacterProperties,
        Font,
        Paragraph,
        ParagraphProperties,
        RegularTextRun,
    )

    look = CharacterProperties(sz=round(size * 100), b=True, latin=Font(typeface=font))
    line = Paragraph(pPr=ParagraphProperties(defRPr=look), r=[RegularTextRun(rPr=look, t=text)])
    return Title(tx=Text(rich=RichText(p=[line])), overlay=False)
