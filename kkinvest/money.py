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
MAX_DIGITS = 15
"""The most digits an amount may have, counting those before and after the decimal point: what
a spreadsheet keeps exactly. Bounding amounts where they enter means no sum, share or rounding
of them can overflow Decimal's 28 digits."""


def digits(amount: Decimal) -> int:
    """Digits needed to write `amount` without exponent or trailing zeros: 1.898 -> 4 (1898),
    0,001 -> 3, 1E+20 -> 21. Zero has none."""
    _sign, coefficient, exponent = amount.as_tuple()
    if not isinstance(exponent, int) or not any(coefficient):
        return 0
    kept = list(coefficient)
    while kept and kept[-1] == 0:  # 1500 given as 15E+2 or 1500.00: same number
        kept.pop()
        exponent += 1
    before = max(len(kept) + exponent, 0)
    after = max(-exponent, 0)
    return before + after


def bounded(amount: Decimal) -> Decimal:
    """`amount` if finite with at most MAX_DIGITS digits, else ValueError (in Danish)."""
    if not amount.is_finite():
        raise ValueError(f"her skal stå et endeligt tal, ikke {amount}")
    if amount.is_zero():
        return Decimal(0)
    if digits(amount) > MAX_DIGITS:
        shown = f"{amount:.6}" if amount.adjusted() > 20 or amount.adjusted() < -20 else f"{amount}"
        raise ValueError(
            f"{shown} har for mange cifre: højst {MAX_DIGITS} cifre i alt før og efter kommaet "
            "(så mange gemmer et regneark præcist)"
        )
    exponent = amount.as_tuple().exponent
    return amount.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else amount


def decimal_places(amount: Decimal) -> int:
    """The decimals an amount is written with (25,6 -> 1; -1.918 -> 0; 100,01 -> 2)."""
    exponent = amount.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


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
