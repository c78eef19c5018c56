"""Recognise proposals in what a reader extracted (paragraphs and grids, in document order),
whatever the file format. The stages, each its own module:

    extract      io/docx_in.py, io/excel_in.py: a file -> paragraphs and grids
    parts.py     Tabel 1 cut over several consecutive tables -> one grid
    tabel_1.py   where Tabel 1 is recognised and read: header, unit, sections, lines, totals
    header.py    a proposal's header: kind, budget, "Label: value" facts, ticked administrations
    document.py  a document's proposals: where each begins, then the stages below in order
    other_tables.py  Tabel A/B/C, tables of lines by profit centre, the tentative business case
    split.py     the split over the committees: key tables, the Bilag's lines, a claimed key
    claims.py    the figures the text states ("tilbagebetalingstid på 4 år")
    crosscheck.py  the document's own totals and payback against the lines as read
    pool.py      a Bilag's pool overview

The words the stages compare with live in kkinvest/formats/.
"""

from kkinvest.io.recognise.tabel_1 import (
    CellProblem,
    Note,
    Tabel1,
    cell_amount,
    find_header,
    folded,
    looks_like_tabel_1,
    misread_as,
    read_tabel_1,
    table_unit,
    text_amount,
    year_of,
)

__all__ = [
    "CellProblem",
    "Note",
    "Tabel1",
    "cell_amount",
    "find_header",
    "folded",
    "looks_like_tabel_1",
    "misread_as",
    "read_tabel_1",
    "table_unit",
    "text_amount",
    "year_of",
]
