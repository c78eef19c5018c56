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
NO_POOL = "ingen pulje"
"""The template's Pulje choice for a proposal that asks no pool (the field's value "none")."""
NO_KEY = "ingen fordeling"
"""The template's Nøgle choice for no key: everything lands on the proposing committee."""
COSTS_BY_KEY = "efter fordelingsnøglen"
"""The template's Omkostninger choice for costs split by the key (the split's costs "key")."""
TEMPLATE_WORDS: dict[str, dict[str, str | None]] = {
    "pool": {NO_POOL: "none", "ingen": "none"},
    "key": {NO_KEY: None},
    "costs": {COSTS_BY_KEY: "key", "fordelingsnøgle": "key", "fordelingsnøglen": "key"},
}
"""The template's Danish choices by field, as the values a proposal holds (None: no value).
Values outside these pass through unchanged, so the English "none" and "key" of templates
written before keep working."""


def template_value(field: str, value: object) -> object:
    """The proposal's value for what a template's field holds: 'ingen pulje' -> 'none'."""
    if not isinstance(value, str):
        return value
    words = TEMPLATE_WORDS.get(field, {})
    key = " ".join(value.split()).casefold()
    return words.get(key, value)
