"""Split an amount over rows by weights so that the rows add up exactly to the amount.

The largest-remainder method at whole thousands: every row gets its exact share rounded down,
and the units left over go one each to the rows with the largest remainders, ties to the row
that comes first. The split is sign-aware (a saving of -3.791 is split as the mirror image of
3.791), zero-weight rows get 0, and no row is ever more than one unit from its exact share.

>>> allocate(Decimal(10), [1, 1, 1])
[Decimal('4'), Decimal('3'), Decimal('3')]

Weights are exact rationals (`Fraction`), never floats.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

Weight = Fraction | Decimal | int
K = TypeVar("K")


class AllocationError(ValueError):
    """Weights that cannot split anything: empty, negative, or all zero."""


def _unit(amount: Decimal) -> Decimal:
    """The unit of the split: whole thousands, or the amount's own last decimal if finer."""
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)  # finite amounts only
    return Decimal(1).scaleb(min(exponent, 0))


def check_weights(weights: Sequence[Weight]) -> list[Fraction]:
    if not weights:
        raise AllocationError("the key has no weights")
    exact = [Fraction(w) for w in weights]
    if any(w < 0 for w in exact):
        raise AllocationError("the key has a negative weight")
    if sum(exact) == 0:
        raise AllocationError("the key's weights add up to 0")
    return exact


def integer_weights(weights: Sequence[Weight]) -> list[int]:
    """The weights scaled to whole numbers with the same proportions (exact)."""
    exact = check_weights(weights)
    scale = math.lcm(*(w.denominator for w in exact))
    return [w.numerator * (scale // w.denominator) for w in exact]


def allocate(amount: Decimal, weights: Sequence[Weight]) -> list[Decimal]:
    """`amount` split over `weights` (largest remainder, ties to the earlier row).

    In whole numbers throughout: with `units` to split and integer weights w_i adding up to
    W, row i's exact share is units * w_i / W, its floor and remainder an integer division."""
    scaled = integer_weights(weights)
    unit = _unit(amount)
    units = int(abs(amount) / unit)  # a whole number of units
    total_weight = sum(scaled)
    floors, remainders = zip(*(divmod(units * w, total_weight) for w in scaled), strict=True)
    parts = list(floors)
    left = units - sum(parts)
    by_remainder = sorted(range(len(parts)), key=lambda i: (-remainders[i], i))
    for i in by_remainder[:left]:
        parts[i] += 1
    sign = -1 if amount < 0 else 1
    return [sign * n * unit for n in parts]


def allocate_map(amount: Decimal, weights: Mapping[K, Weight]) -> dict[K, Decimal]:
    """`allocate` over a mapping; ties go to the key that comes first in the mapping."""
    return dict(zip(weights, allocate(amount, list(weights.values())), strict=True))


def allocate_series(
    series: Mapping[int, Decimal], weights: Mapping[K, Weight]
) -> dict[K, dict[int, Decimal]]:
    """Split each year's amount; the result maps each key to its amounts per year."""
    result: dict[K, dict[int, Decimal]] = {key: {} for key in weights}
    for year, amount in series.items():
        for key, part in allocate_map(amount, weights).items():
            result[key][year] = part
    return result
