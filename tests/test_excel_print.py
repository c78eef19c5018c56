"""The print layout of the workbooks (render/excel_print.py), worked by hand: text widths in
Arial's character widths, the lines a label wraps to in its column, row heights, and the page
breaks that keep a table block on one page. tests/test_libreoffice_print.py measures the same
on LibreOffice's PDF of the whole export."""

from __future__ import annotations

import pytest

from kkinvest.render.excel_print import (
    Block,
    column_points,
    page_breaks,
    printable_height,
    row_height,
    text_points,
    wrapped_lines,
)


def test_a_committee_name_measured_in_arial() -> None:
    """Sundheds- = 666 + 6 x 556 + 500 + 333 = 4.835, space 277, og = 2 x 556 = 1.112,
    space 277, Omsorgsudvalget = 7.834 thousandths of an em: 14.335, so 143,35 pt at 10 pt.
    The label column is 26 wide: 26 x 5,56 = 144,56 pt, less the 5 pt text keeps from the
    edge: 139,56 pt, so the name takes two lines (LibreOffice printed it on two lines, over
    the next row, when the row had one line's height)."""
    assert text_points("Sundheds- og Omsorgsudvalget", 10) == pytest.approx(143.35)
    assert column_points(26) == pytest.approx(144.56)
    assert wrapped_lines("Sundheds- og Omsorgsudvalget", 26, 10) == 2
    assert wrapped_lines("Socialudvalget", 26, 10) == 1
    assert text_points("Total", 10, bold=True) > text_points("Total", 10)


def test_line_breaks_and_words_wider_than_the_column() -> None:
    """A line break in the text starts a line; a word wider than the column is broken over
    as many lines as it needs: 40 m (833 each) at 10 pt = 333,2 pt in a column of width 10
    (55,6 - 5 = 50,6 pt a line) takes 7 lines."""
    assert wrapped_lines("Antal (innova-\ntionsforslag)", 30, 10) == 2
    assert wrapped_lines("m" * 40, 10, 10) == 7
    assert wrapped_lines("", 10, 10) == 1


def test_row_heights() -> None:
    """13 pt for one line of 10 pt text (as before), 11,5 pt for each line more."""
    assert row_height(1, 10) == 13.0
    assert row_height(2, 10) == 24.5
    assert row_height(1, 12) == 15.6


def test_the_printable_height_of_a4() -> None:
    """Landscape at 90 %: (595,3 - 108) / 0,9 = 541,4 pt of the sheet's rows (41 rows of
    13 pt; LibreOffice fits 42, so the breaks keep a row to spare)."""
    assert printable_height("landscape", 90) == pytest.approx(541.44, abs=0.01)
    assert printable_height("portrait", 100) == pytest.approx(733.9)


def test_a_block_that_would_cross_the_foot_starts_a_page() -> None:
    """Rows of 13 pt, a page of 100 pt (7 rows), a block of rows 6-9: rows 1-5 use 65 pt,
    the block needs 52 more, so the page ends after row 5."""
    assert page_breaks([13.0] * 10, [Block(6, 9)], 100.0) == [5]
    # at the top of a page already, or fitting where it is: the page ends where it is full
    # (7 rows), marked so that the printer cannot fit one more row and break a block later
    assert page_breaks([13.0] * 10, [Block(1, 4)], 100.0) == [7]
    assert page_breaks([13.0] * 10, [Block(2, 5)], 100.0) == [7]


def test_a_block_taller_than_a_page_keeps_its_head_and_its_total() -> None:
    """Rows of 13 pt, a page of 123,5 pt (9 rows). A block of rows 3-12 (10 rows, 130 pt)
    cannot be kept on a page: its head (rows 3-4) fits where it is, so the page ends where it
    is full, after row 9, and rows 10-12 go on together. A block of rows 1-10 would leave its
    Total (row 10) alone at the top of page 2: the page ends after row 8 instead."""
    assert page_breaks([13.0] * 12, [Block(3, 12, head=2)], 123.5) == [9]
    assert page_breaks([13.0] * 12, [Block(1, 10, head=2)], 123.5) == [8]


def test_repeated_rows_and_forced_breaks_count() -> None:
    """A title row of 20 pt repeated on every page leaves 80 pt of a 100 pt page for rows
    of 13 pt: 6 rows. With a forced break after row 2, page 2 holds rows 3-8 (20 + 78 pt);
    a block of rows 8-9 would end at 124 pt, so the page ends after row 7 instead."""
    heights = [20.0] + [13.0] * 9
    assert page_breaks(heights, [Block(8, 9)], 100.0, forced=[2], repeated=20.0) == [7]
