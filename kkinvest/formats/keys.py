"""A distribution key (fordelingsnøgle) as the documents write it: by its name and the date its
figures were taken ("Mobile enheder (mobiltelefoner og iPads) i Intune pr. 10.03.22, opgjort
10. marts 2022"), and inline weights with their unit ("vægte i m²: KFF 30.634, BUF 39.475").
The Bilag and the single proposal print these (render/docx_out.py) and the Word reader reads
them back (io/recognise/document.py), so export and import cannot drift.

    key_words(key) -> str                 key_named(text, keys) -> name | None
    weights_words(key) -> str | None      WEIGHTS_UNIT: the "vægte i UNIT:" form
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kkinvest.numbers import exact

if TYPE_CHECKING:
    from kkinvest.model import Key, KeyWeights

MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def danish_date(iso: str) -> str:
    """A key's date in words: "2022-03-10" -> "10. marts 2022", "2023-06" -> "juni 2023",
    "2022" -> "2022"."""
    parts = iso.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])}. {month} {parts[0]}"


def key_words(key: Key) -> str:
    """A named key as the documents write it: its title (the table's caption in the source
    document; else its name) and, where known and the title does not already say it, when
    its figures were taken ("…, juni 2023" is not followed by "opgjort juni 2023")."""
    words = key.title or key.name
    if not key.date or danish_date(key.date) in words:
        return words
    return f"{words}, opgjort {danish_date(key.date)}"


def _folded(text: str) -> str:
    """Case, spacing and a closing full stop aside."""
    return " ".join(text.split()).casefold().rstrip(".")


def key_named(text: str, keys: Iterable[Key]) -> str | None:
    """The name of the key `text` writes: its words as `key_words` prints them, or its title
    alone where only one key has that title; None where no key (or more than one) fits."""
    wanted = _folded(text)
    keys = list(keys)
    for words in (key_words, lambda k: k.title or k.name):
        found = {k.name for k in keys if _folded(words(k)) == wanted}
        if len(found) == 1:
            return found.pop()
    return None


def weights_words(key: KeyWeights) -> str | None:
    """An inline key as the Bilag prints it: "vægte i m²: KFF 30.634, BUF 39.475" (the unit
    where the key gives one), "procent ØKF 60, SOF 40", "ligeligt ØKF, SOF"; None for a
    composite key (no sensible one-line form)."""
    if key.weights:
        unit = f" i {key.unit}:" if key.unit else ""
        return f"vægte{unit} " + ", ".join(f"{c} {exact(v)}" for c, v in key.weights.items())
    if key.percent:
        return "procent " + ", ".join(f"{c} {exact(v)}" for c, v in key.percent.items())
    if key.equal:
        return "ligeligt " + ", ".join(key.equal)
    return None


WEIGHTS_UNIT = re.compile(r"^i\s+(?P<unit>[^:]+?)\s*:\s*(?P<rest>.*)$", re.DOTALL)
"""The unit of printed weights: "i m²: KFF 30.634, BUF 39.475" (after "vægte")."""
