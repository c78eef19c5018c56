"""The workbook's own words: what the Excel writer (render/excel.py) puts in a proposal sheet and
the Excel readers (io/excel_in.py, io/excel_overview.py) look for, in one place below both, so
the two cannot drift and no reader imports a renderer."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kkinvest.model import Stamp

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


STAMP = "Beregnet ud fra (kkinvest)"
"""The label of a hidden row under a computed block (the pool overview, a Følsomhed sheet):
one row per proposal the block was computed from, its digest and its impact per year
(`calc/fingerprint.py`), so that `check` can tell when the proposal was edited since."""

PRESENT_VALUE_BLOCK = "Nutidsværdien"
PAYBACK_BLOCKS = {
    "service": "Tilbagebetalingstiden baseret på serviceeffektivisering",
    "total": "Tilbagebetalingstiden baseret på totaløkonomi",
}
"""A proposal sheet's blocks of formulas laid out for a frame, as a stamp row and a message
name them (the payback ones by basis; each with its table, figure and chart)."""
STAMPED_NOTE = (
    "Beregnet af kkinvest ud fra forslagsarkenes Tabel 1; følger ikke med, hvis tallene i dem "
    "rettes: kør kkinvest export igen."
)
"""The visible line of a sheet whose figures are stamped values, not formulas."""


def stamp_cells(proposal_id: str, stamp: Stamp, what: str | None = None) -> list[object]:
    """A stamp row's cells: the label, the id, the digest, the impact per year as one text
    ("2023:-6200 2024:-4300"; text, so that no reader takes the row for a heading of years)
    and, for a block of formulas, its frame ("2023 2028 10") and the block's name (a proposal
    sheet has more than one)."""
    pairs = sorted(stamp.impact.items())
    impact = " ".join(f"{year}:{value.normalize():f}" for year, value in pairs)
    frame = [" ".join(str(n) for n in stamp.frame)] if stamp.frame or what else []
    return [STAMP, proposal_id, stamp.digest, impact, *frame, *([what] if what else [])]


def stamp_name(cells: Sequence[object]) -> str | None:
    """The block a stamp row names (`stamp_cells`' `what`), if any."""
    return cells[5] if len(cells) > 5 and isinstance(cells[5], str) and cells[5] else None


def read_stamp(cells: Sequence[object]) -> tuple[str, Stamp] | None:
    """A stamp row read back (None for any other row, or one edited out of shape)."""
    if len(cells) < 3 or cells[0] != STAMP:
        return None
    proposal_id, digest = cells[1], cells[2]
    text, frame = (cells[i] if len(cells) > i and cells[i] is not None else "" for i in (3, 4))
    if not all(isinstance(x, str) for x in (proposal_id, digest, text, frame)):
        return None
    impact: dict[int, Decimal] = {}
    for part in str(text).split():
        year, _, value = part.partition(":")
        try:
            impact[int(year)] = Decimal(value)
        except (ValueError, ArithmeticError):
            return None
    if not all(part.isdigit() for part in str(frame).split()):
        return None
    numbers = tuple(int(part) for part in str(frame).split())
    return str(proposal_id), Stamp(str(digest), impact, numbers)
