"""Danish number format for the renderers: `1.898`, `-8.500`, `9,8`. The one writer and parser
live in `kkinvest.numbers` (below readers and renderers alike); this module names them for the
renderers.

>>> danish(Decimal("-8500"))
'-8.500'
"""

from __future__ import annotations

from decimal import Decimal  # noqa: F401  (the doctest's)

from kkinvest.numbers import danish, exact, millions, parse_danish

__all__ = ["danish", "exact", "millions", "parse_danish"]
