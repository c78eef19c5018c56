"""Danish number format: `1.898`, `-8.500`, `9,8`; and its inverse for text from spreadsheets.

>>> danish(Decimal("-8500"))
'-8.500'
>>> danish(Decimal("9.75"), 1)
'9,8'
>>> parse_danish("-8.500")
Decimal('-8500')
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from kkinvest.money import round_half_away, to_millions

_DANISH = re.compile(r"^[+-]?\d{1,3}(\.\d{3})*(,\d+)?$|^[+-]?\d+(,\d+)?$", re.ASCII)
"""ASCII digits only: Decimal would take '١٢٣' (Arabic-Indic) too, which no Danish user means."""


def danish(amount: Decimal | None, places: int = 0) -> str:
    """`amount` rounded half away from zero to `places` decimals, the Danish way; None is ''."""
    if amount is None:
        return ""
    rounded = round_half_away(amount, places)
    return _written(rounded, f"{abs(rounded):f}", places > 0)


def exact(amount: Decimal) -> str:
    """An amount with every decimal it has, the Danish way (a key's weight: never rounded)."""
    return _written(amount, f"{abs(amount).normalize():f}", True)


def _written(amount: Decimal, digits: str, decimals: bool) -> str:
    """`digits` (the absolute value, '.' before any decimals) with thousands dots and a
    decimal comma, and the sign of `amount`."""
    sign = "-" if amount < 0 else ""
    whole, _, fraction = digits.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = ".".join([whole, *groups])
    return f"{sign}{text},{fraction}" if decimals and fraction else f"{sign}{text}"


def millions(thousands: Decimal | None) -> str:
    """Thousands of kroner shown as millions with one decimal: 9810 -> '9,8'."""
    return "" if thousands is None else danish(to_millions(thousands), 1)


def parse_danish(text: str) -> Decimal:
    """Parse '1.898', '-8.500', '9,8' (thousands '.', decimals ','). Raises ValueError."""
    cleaned = text.strip().replace("\u2212", "-").replace("\xa0", "").replace(" ", "")
    if not _DANISH.match(cleaned):
        raise ValueError(f"{text!r} er ikke et tal")
    try:
        return Decimal(cleaned.replace(".", "").replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        raise ValueError(f"{text!r} er ikke et tal") from None
