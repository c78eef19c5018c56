"""Money helpers: amounts are `Decimal` in thousands of kroner; floats never touch them.

Rounding is half away from zero (2,65 -> 2,7), never banker's rounding:

>>> round_half_away(Decimal("2.65"), 1)
Decimal('2.7')
>>> round_half_away(Decimal("-0.5"))
Decimal('-1')
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
THOUSAND = Decimal(1000)


def round_half_away(amount: Decimal, places: int = 0) -> Decimal:
    """Round to `places` decimals, halves away from zero (Decimal's ROUND_HALF_UP)."""
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def to_millions(thousands: Decimal) -> Decimal:
    """Thousands of kroner to millions, rounded to one decimal as the overviews print them."""
    return round_half_away(thousands / THOUSAND, 1)


def total(amounts: Iterable[Decimal]) -> Decimal:
    """Exact sum of Decimals (0 for none)."""
    return sum(amounts, ZERO)
