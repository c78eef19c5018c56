"""Danish numbers, read and written: the one parser and the one writer for the whole project
(the Word and Excel readers, the command line's options, the renderers).

Written: thousands with ".", decimals with ",", the minus "-" (`danish`, `exact`, `millions`).

Read (`read_number`), as people type them in documents:

- every minus glyph: "-" (hyphen-minus), "−" (U+2212), "–" (en dash), "—" (em dash), "÷"
  (the Danish minus of older documents), with or without a space after it;
- thousands grouped with ".", a space, a no-break space or a thin space ("1.500", "1 500");
- a unit in the cell ("500 kr.", "1.500 t.kr.", "5,9 mio. kr."): returned beside the amount,
  for the caller to check against the table's unit (`Unit`, `unit_of`);
- footnote marks after a figure or a year ("2027*", "1.500**", "2.000¹"): a superscript is a
  footnote mark, never a digit; only ASCII digits are digits (Decimal would take "١٢٣");
- a lone dash or "." is zero (a cell the template fills with "-");
- a figure in parentheses ("(533)", as an accountant's spreadsheet shows a minus) is refused
  with a message that says how to write the minus: in the documents' tables parentheses are
  also a note's number, and kkinvest does not guess which.

What cannot be read raises `NotANumber` with a Danish message; the caller names the cell.

>>> read_number("÷ 1.500")
Reading(amount=Decimal('-1500'), unit=None, mark='')
>>> read_number("5,9 mio. kr.").unit.name
'mio. kr.'
>>> read_number("2027*")
Reading(amount=Decimal('2027'), unit=None, mark='*')
>>> danish(Decimal("-8500"))
'-8.500'
>>> parse_danish("-8.500")
Decimal('-8500')
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from kkinvest.money import round_half_away, to_millions

# ---------------------------------------------------------------------------------- writing


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


# ---------------------------------------------------------------------------------- units


class Unit(NamedTuple):
    """A unit amounts are printed in, and its factor to kkinvest's unit (1.000 kr.)."""

    name: str  # as kkinvest names it in messages: "kr.", "1.000 kr.", "mio. kr."
    to_thousands: Decimal


KR = Unit("kr.", Decimal("0.001"))
THOUSANDS = Unit("1.000 kr.", Decimal(1))
MILLIONS = Unit("mio. kr.", Decimal(1000))
BILLIONS = Unit("mia. kr.", Decimal(1_000_000))

_UNIT_SPELLINGS: tuple[tuple[re.Pattern[str], Unit], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), unit)
    for pattern, unit in (
        # thousands first: "kr. 1000" and "1.000 kr." hold "kr." too
        (r"(?<![\d.,])(?:1[.\s\u00a0]?000|\bt\.?|\btus(?:ind|\.)?)\s*(?:kr\.?|kroner)", THOUSANDS),
        (r"kr\.?\s*1[.\s\u00a0]?000\b", THOUSANDS),
        (r"\btkr\b\.?", THOUSANDS),
        (r"\b(?:mio|mill?)\.?\s*(?:kr\.?|kroner)", MILLIONS),
        (r"\bmia\.?\s*(?:kr\.?|kroner)", BILLIONS),
        (r"\bkr(?:\.(?![\w/])|(?![\w./]))|\bkroner\b", KR),
    )
)
"""How documents spell a unit, in a table's heading or caption or in a cell. A unit word
kkinvest does not know ("1.000 EUR", "t. DKK") is never guessed: see `unknown_unit`."""

_UNKNOWN_UNIT = re.compile(r"\b(eur|euro|dkk|usd|sek|nok|€|\$)\b|€", re.IGNORECASE)


def unit_of(text: str) -> Unit | None:
    """The unit a heading, caption or cell names ("1.000 kr. 2026 p/l", "Mio. kr.",
    "Kr. 1000"); None where it names none."""
    for pattern, unit in _UNIT_SPELLINGS:
        if pattern.search(text):
            return unit
    return None


def unknown_unit(text: str) -> str | None:
    """A currency word kkinvest has no factor for ("EUR", "DKK"), as written; else None."""
    found = _UNKNOWN_UNIT.search(text)
    return found.group(0) if found else None


# ---------------------------------------------------------------------------------- reading


class NotANumber(ValueError):
    """A text that is no Danish number; the message (Danish) says what it holds."""


class Reading(NamedTuple):
    amount: Decimal | None  # None: an empty cell
    unit: Unit | None  # the unit written in the cell, if any
    mark: str  # a footnote mark after the figure ("*", "¹"), or ""


MINUS_GLYPHS = "-\u2212\u2013\u2014\u00f7\u2010\u2011\ufe63\uff0d"
"""Hyphen-minus, minus sign, en dash, em dash, ÷, hyphen, no-break hyphen, small and full-width
hyphen-minus: what people type, or what Word's autocorrect makes, for a minus."""
GROUP_SPACES = " \u00a0\u2009\u202f\u2007"
"""Space, no-break space, thin space, narrow no-break space, figure space."""
ZERO_TEXTS = frozenset([*MINUS_GLYPHS, ".", "0"])
"""A cell holding only a dash or a point: zero, as the template prints it."""

_SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"
_MARK = re.compile(rf"\s*(\*+|[{_SUPERSCRIPTS}]+)$")
_BRACKETED = re.compile(r"^\((\d[\d.,]*)\)$", re.ASCII)
_DANISH = re.compile(r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$", re.ASCII)
_SPACED = re.compile(rf"^[+-]?\d{{1,3}}(?:[{GROUP_SPACES}]\d{{3}})+(?:,\d+)?$", re.ASCII)
_CELL_UNIT = re.compile(
    # after the figure: "-11.000 kr." is 11.000 kroner, never -1 of "1.000 kr."
    r"(?<=[\d\s*])\s*(?:t\.?\s*kr\.?|tkr\.?|tus(?:ind|\.)?\s*kr\.?"
    r"|mio\.?\s*kr\.?|mill?\.?\s*kr\.?|mia\.?\s*kr\.?|kr\.?|kroner)\s*$",
    re.IGNORECASE,
)


_COMMA_THOUSANDS = re.compile(rf"^[+{re.escape(MINUS_GLYPHS)}]?\s*\d{{1,3}},\d{{3}}$")


def comma_thousands(text: str) -> bool:
    """A "1,500" or "-1,500" is read the Danish way as 1,5, but three digits after a comma is
    also how a thousands separator is typed in English, so the reading may be 1.000 times
    too small. A reader warns where a table's unit makes both readings plausible."""
    return bool(_COMMA_THOUSANDS.match(text.strip(GROUP_SPACES + "\t\n")))


def read_number(text: str) -> Reading:
    """A Danish number as typed in a cell (see the module's docstring); raises NotANumber."""
    raw = text
    text = text.strip(GROUP_SPACES + "\t\n")
    if not text:
        return Reading(None, None, "")
    mark = ""
    unit: Unit | None = None
    for _ in range(2):  # "1.500*", "1.500 kr.", "1.500* kr." and "1.500 kr.*"
        marked = _MARK.search(text)
        if marked and marked.start() > 0 and not mark:
            mark = marked.group(1)
            text = text[: marked.start()].rstrip(GROUP_SPACES)
        found = _CELL_UNIT.search(text)
        if found and found.start() > 0 and unit is None:
            unit = unit_of(found.group(0))
            text = text[: found.start()].rstrip(GROUP_SPACES)
    if text in ZERO_TEXTS:
        return Reading(Decimal(0), unit, mark)
    bracketed = _BRACKETED.match(text)
    if bracketed:  # an accountant's minus, or a note's number: the author says which
        inner = bracketed.group(1)
        raise NotANumber(
            f'"{raw.strip()}" er ikke et tal: parenteser er ikke et minus her; menes '
            f'-{inner}, så skriv "-{inner}"'
        )
    sign = ""
    if text[0] in MINUS_GLYPHS:
        sign, text = "-", text[1:].lstrip(GROUP_SPACES)
    elif text[0] == "+":
        text = text[1:].lstrip(GROUP_SPACES)
    if _SPACED.match(text):
        text = "".join(c for c in text if c not in GROUP_SPACES)
    elif not _DANISH.match(text):
        raise NotANumber(f'"{raw.strip()}" er ikke et tal')
    try:
        amount = Decimal(sign + text.replace(".", "").replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the patterns admit only valid numbers
        raise NotANumber(f'"{raw.strip()}" er ikke et tal') from None
    return Reading(amount, unit, mark)


def in_thousands(amount: Decimal, unit: Unit) -> Decimal:
    """`amount` printed in `unit`, exactly in 1.000 kr.: 5,9 mio. kr. is 5.900 (not 5900.0),
    1.500 kr. is 1,5."""
    result = amount * unit.to_thousands
    if result == result.to_integral_value():
        return result.quantize(Decimal(1))
    return result.normalize()


def parse_danish(text: str) -> Decimal:
    """A plain Danish number ('1.898', '-8.500', '9,8', '÷ 500'), as an option's value is
    typed: no unit, no footnote mark, not empty. Raises ValueError (NotANumber)."""
    bare = text.strip()
    reading = read_number(text) if bare and bare != "0" and bare not in ZERO_TEXTS else None
    if bare == "0":
        return Decimal(0)
    if reading is None or reading.amount is None or reading.unit is not None or reading.mark:
        raise NotANumber(f'"{text.strip()}" er ikke et tal')
    return reading.amount
