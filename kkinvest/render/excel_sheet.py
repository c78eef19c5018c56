"""What every sheet of kkinvest's workbooks shares, below the modules that write them
(`render/excel.py`, `render/excel_economics.py`): the font and its size, the Danish number
format, the A4 page set-up and valid sheet names."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

WriteOnlyWorksheet = Any
"""openpyxl's write-only sheet: its column_dimensions, page_setup and add_chart are attached at
run time, which the type stubs do not know."""

FONT = "Arial"
SIZE = 10
MIN_PRINTED_PT = 9
NUMBER = '[$-406]#,##0;-#,##0;"-"'

# Page geometry: A4 less 2,6 cm margins, in points; a column of width w (in the default font's
# digits) prints about 6,6 w points wide at 100 % where Arial is replaced by the wider DejaVu
# Sans (measured with LibreOffice on Linux), 5,3 w + 4 with Arial itself.
A4_PORTRAIT_PT = (210 - 26) / 25.4 * 72
A4_LANDSCAPE_PT = (297 - 26) / 25.4 * 72
MIN_SCALE = math.ceil(100 * MIN_PRINTED_PT / SIZE)  # 90 %: 10 pt text prints at 9 pt


def print_setup(
    sheet: WriteOnlyWorksheet, widths: Sequence[float], title_columns: str | None
) -> None:
    """A4; portrait if the table fits at a readable scale, else landscape; the scale keeps the
    smallest text at 9 pt; a wider table continues on more pages with the label columns
    repeated."""
    total = sum(6.6 * w for w in widths)
    portrait = total * MIN_SCALE / 100 <= A4_PORTRAIT_PT
    page = A4_PORTRAIT_PT if portrait else A4_LANDSCAPE_PT
    setup = sheet.page_setup
    setup.paperSize = 9  # A4
    setup.orientation = "portrait" if portrait else "landscape"
    setup.scale = max(MIN_SCALE, min(100, math.floor(100 * page / total)))
    sheet.sheet_properties.pageSetUpPr.fitToPage = False
    margins = sheet.page_margins
    margins.left = margins.right = 0.5
    margins.top = margins.bottom = 0.75
    if title_columns and total * setup.scale / 100 > page:
        sheet.print_title_cols = title_columns


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in name)[:31] or "Ark"
    title, number = cleaned, 2
    while title.casefold() in taken:
        suffix = f" ({number})"
        title, number = cleaned[: 31 - len(suffix)] + suffix, number + 1
    taken.add(title.casefold())
    return title
