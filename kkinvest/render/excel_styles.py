"""Each cell style of a workbook looked up once, not once per cell.

Setting `cell.font`, `.fill`, `.border`, `.number_format` and `.alignment` makes openpyxl find
the object in the workbook's style lists (`wb._fonts`, `wb._alignments`, …) by hashing and
comparing it, field by field, every time: for an export of 1.000 proposals that was about 40 %
of the time, spent finding the same dozen styles again for half a million cells. What a cell's
style comes to is a small array of indices into those lists (openpyxl's StyleArray); the first
cell of each kind is styled the ordinary way, and every later cell of that kind gets a copy of
its array — the same indices openpyxl would have found, so the file is byte for byte the same.

    arrays = StyleArrays()
    if not arrays.reuse(cell, key):
        style_it_the_ordinary_way(cell)
        arrays.keep(cell, key)
"""

from __future__ import annotations

import weakref
from copy import copy
from typing import Any


class StyleArrays:
    """The style arrays made so far, by the caller's key for a kind of cell (e.g. the style's
    name, the number format and the alignment). An array's indices belong to one workbook: a
    cell of another workbook starts the cache afresh. The workbook is held by a weak reference,
    so a cache kept in a module does not keep the last workbook alive."""

    def __init__(self) -> None:
        self._book: weakref.ref[Any] | None = None
        self._arrays: dict[Any, Any] = {}

    def reuse(self, cell: Any, key: Any) -> bool:
        """Give `cell` the style kept under `key`, if there is one for its workbook."""
        book = cell.parent.parent
        if self._book is None or self._book() is not book:
            self._book, self._arrays = weakref.ref(book), {}
            return False
        found = self._arrays.get(key)
        if found is None:
            return False
        cell._style = copy(found)
        return True

    def keep(self, cell: Any, key: Any) -> None:
        """Keep the style `cell` was just given, for the next cells of its kind."""
        self._arrays[key] = copy(cell._style)
