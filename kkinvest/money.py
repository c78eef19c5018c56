"""Money helpers: amounts are `Decimal` in thousands of kroner; floats never touch them.

Rounding is half away from zero (2,65 -> 2,7), never banker's rounding:

>>> round_half_away(Decimal("2.65"), 1)
Decimal('2.7')
>>> round_half_away(Decimal("-0.5"))
Decimal('-1')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ZERO = Decimal(0)
THOUSAND = Decimal(1000)


def round_half_away(amount: Decimal, places: int = 0) -> Decimal:
    """Round to `places` decimals, halves away from zero (Decimal's ROUND_HALF_UP)."""
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def to_millions(thousands: Decimal) -> Decimal:
    """Thousands of kroner to millions, rounded to one decimal as the overviews print them."""
    return round_half_away(thousands / THOUSAND, 1)


def add_series(series: Iterable[Mapping[int, Decimal]]) -> dict[int, Decimal]:
    """Amounts per year added up, in year order (a year no series has is absent)."""
    result: dict[int, Decimal] = {}
    for values in series:
        for year, value in values.items():
            result[year] = result.get(year, ZERO) + value
    return dict(sorted(result.items()))


def as_decimal(share: Fraction) -> Decimal:
    """An exact share as a Decimal (to Decimal's 28 digits), for printing."""
    return Decimal(share.numerator) / Decimal(share.denominator)
