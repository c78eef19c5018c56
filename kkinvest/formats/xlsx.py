"""The workbook's own words: what the Excel writer (render/excel.py) puts in a proposal sheet and
the Excel readers (io/excel_in.py, io/excel_overview.py) look for, in one place below both, so
the two cannot drift and no reader imports a renderer."""

from __future__ import annotations

META = (
    ("Nr.", "id"),
    ("Titel", "title"),
    ("Type", "kind"),
    ("Budget", "budget"),
    ("Pris- og lønniveau", "price_level"),
    ("Udvalg", "committee"),
    ("Forvaltning", "administration"),
    ("Pulje", "pool"),
    ("Kilde", "source"),
)
"""A proposal sheet's facts above Tabel 1: (the label in column A, the field it holds)."""
EXTRA = "Øvrige oplysninger (kkinvest)"
"""The heading of the block only kkinvest's export writes: a sheet with it is an export."""
TEMPLATE_SPLIT = (("Nøgle", "key"), ("Omkostninger", "costs"))
"""The template sheet's split fields: (label, the field of [split])."""
