"""Read TOML files safely: exact decimals, clear problems, no tracebacks.

Floats are read as `Decimal` (`parse_float=Decimal`), so 9.8 stays 9.8. A file that is not there,
is a folder, cannot be read, is not UTF-8, is absurdly large or is not valid TOML becomes one
`Problem` naming the file (and the line and column where the parser says).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomli as tomllib  # tomllib's upstream, compiled with mypyc: 3-4x faster on catalogues

from kkinvest.io.office import office_advice
from kkinvest.io.problems import InputError, Problem

MAX_TOML_BYTES = 16 * 1024 * 1024
"""A proposal file is a few kilobytes; anything larger than this is refused unread."""

_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


def read_toml(path: Path, shown: str | None = None) -> dict[str, Any]:
    """The parsed contents of the TOML file at `path`; `shown` is how to name it in messages."""
    from kkinvest.io.folders import read_regular  # only regular files; FIFOs never block

    name = shown or str(path)
    other = office_advice(path.suffix)
    if other:  # `--data forslag.docm`: named, and told how to save it as kkinvest reads it
        raise InputError([Problem(name, other)])
    raw = read_regular(path, MAX_TOML_BYTES, name, "en TOML-fil")
    return parse_toml_bytes(raw, name)


SIGNATURES = (
    (
        b"PK\x03\x04",
        "et zip-arkiv, som en .xlsx- eller .docx-fil er; giv den det rigtige navn "
        "(.xlsx for en Excel-projektmappe, .docx for et Word-dokument)",
    ),
    (
        b"\xd0\xcf\x11\xe0",
        "et Office-dokument i det gamle format (.xls eller .doc) eller et krypteret; åbn det "
        "i Excel eller Word og gem det som .xlsx eller .docx uden adgangskode",
    ),
    (b"%PDF", "en PDF-fil"),
)
"""The first bytes of files that are not text, and what to call them."""


def parse_toml_bytes(raw: bytes, name: str) -> dict[str, Any]:
    for signature, what in SIGNATURES:
        if raw.startswith(signature):
            suffix = Path(name).suffix or "TOML"
            message = f"denne {suffix}-fil er ikke tekst, men {what}"
            raise InputError([Problem(name, message)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = (
            f"ikke UTF-8-tekst (byte 0x{raw[exc.start]:02x} ved position {exc.start}); "
            "gem filen som UTF-8"
        )
        raise InputError([Problem(name, message)]) from None
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _AT.search(message)
        line = column = None
        if match:
            line, column = int(match.group(1)), int(match.group(2))
            message = message[: match.start()]
        message = f"ikke gyldig TOML: {_toml_message(message)}" + _decode_hint(text, line)
        raise InputError([Problem(name, message, line=line, column=column)]) from None
    except RecursionError:
        raise InputError([Problem(name, "ikke gyldig TOML: for dybt indlejret")]) from None
    except ValueError:  # an integer of more than 4.300 digits (Python's own limit)
        message = "kan ikke læses: et tal har tusindvis af cifre; et beløb har højst 15"
        raise InputError([Problem(name, message)]) from None
    if _any_number_trap(data):
        raise InputError(
            [
                Problem(name, message, _placed(data, path), line=_line_of(text, path[-1], number))
                for path, number, message in _number_traps(data)
            ]
        )
    return data


MAX_DIGITS = 15
"""A spreadsheet holds 15 significant digits; an amount with more would not survive export."""

_COMMA_NUMBER = re.compile(r"=\s*[+-]?\d+,\d+")


def _decode_hint(text: str, line: int | None) -> str:
    """What to change, for the mistakes a Danish user makes: a decimal comma."""
    if line is None:
        return ""
    lines = text.splitlines()
    if 0 < line <= len(lines) and _COMMA_NUMBER.search(lines[line - 1]):
        return " — TOML skriver decimaltal med punktum: 1.5, ikke 1,5 (og 1200, ikke 1.200)"
    return ""


_INT_LIMIT = 10**MAX_DIGITS


def _any_number_trap(data: Any) -> bool:
    """Whether `_number_traps` finds anything, without naming where: the common case (nothing)
    without building a path for every value, which took a third of loading a catalogue. Plain
    ints, texts, tables and arrays are told apart by their exact type; anything else is asked
    as `_number_traps` asks it."""
    stack = [data]
    while stack:
        node = stack.pop()
        kind = type(node)
        if kind is dict:
            stack.extend(node.values())
        elif kind is list:
            stack.extend(node)
        elif kind is int:
            if not -_INT_LIMIT < node < _INT_LIMIT:
                return True
        elif kind is not str and (
            thousands_trap(node)
            or (isinstance(node, int | Decimal) and not isinstance(node, bool) and _too_large(node))
        ):
            return True
    return False


def _number_traps(data: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any, str]]:
    """Numbers TOML read that the user almost certainly did not mean: `1.200` written for
    twelve hundred (TOML reads 1,2), and amounts too large for a spreadsheet or for Decimal."""
    found: list[tuple[tuple[str, ...], Any, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_number_traps(value, (*path, str(key))))
    elif isinstance(data, list):
        for index, value in enumerate(data, start=1):
            found.extend(_number_traps(value, (*path, f"[{index}]")))
    elif thousands_trap(data):
        assert isinstance(data, Decimal)
        meant = int(data.scaleb(3))
        read = f"{data.normalize():f}".replace(".", ",")
        message = f"skriv {meant} eller {meant:_} — TOML læser {data} som {read}"
        found.append((path, data, message))
    elif isinstance(data, int | Decimal) and not isinstance(data, bool):
        too_large = _too_large(data)
        if too_large:
            found.append((path, data, too_large))
    return found


def thousands_trap(value: Any) -> bool:
    """`1.200` or `-8.500`: exactly three decimals and at least 1, the Danish way of writing
    a thousands separator (a Decimal keeps the decimals as written)."""
    return (
        isinstance(value, Decimal)
        and value.is_finite()
        and value.as_tuple().exponent == -3
        and abs(value) >= 1
    )


def _too_large(number: int | Decimal) -> str | None:
    if isinstance(number, int):
        if abs(number) >= 10**MAX_DIGITS:
            return f"{number} er for stort (højst {MAX_DIGITS} cifre, som et regneark kan holde)"
        return None
    if not number.is_finite():
        return None  # nan and inf: the model says "expected a finite number"
    shape = number.as_tuple()
    exponent = shape.exponent
    assert isinstance(exponent, int)
    if len(shape.digits) > MAX_DIGITS or number.adjusted() >= MAX_DIGITS or exponent < -MAX_DIGITS:
        return (
            f"{number} har for mange cifre (højst {MAX_DIGITS} betydende cifre, "
            "som et regneark kan holde)"
        )
    return None


def _placed(data: Any, path: tuple[str, ...]) -> str:
    """The field as the model's errors name it: the proposal's id first, a line by its
    number and label (BC06: lines[1] 'Effektivisering'.values.2023)."""
    parts: list[str] = []
    node = data
    for part in path:
        if part.startswith("[") and isinstance(node, list):
            index = int(part[1:-1]) - 1
            node = node[index] if 0 <= index < len(node) else None
            label = node.get("label") if isinstance(node, dict) else None
            parts[-1:] = [
                (parts[-1] if parts else "")
                + part
                + (f" {label!r}" if isinstance(label, str) else "")
            ]
            continue
        parts.append(part)
        node = node.get(part) if isinstance(node, dict) else None
    where = ".".join(parts)
    ident = data.get("id") if isinstance(data, dict) else None
    return f"{ident}: {where}" if isinstance(ident, str) and where else where


def _line_of(text: str, key: str, number: Any) -> int | None:
    """The line where `key = number` is written (TOML's parser does not say), if it can be
    found: the first line holding the number as written, preferring one that names the key."""
    written = str(number)
    pattern = re.compile(r"(?<![\w.])" + re.escape(written) + r"(?![\w.])")
    candidates = [n for n, line in enumerate(text.splitlines(), 1) if pattern.search(line)]
    named = [n for n in candidates if key in text.splitlines()[n - 1]]
    found = named or candidates
    return found[0] if found else None


TOML_MESSAGES = (
    (re.compile(r"^Cannot overwrite a value$"), "en værdi er angivet to gange"),
    (re.compile(r"^Cannot declare (.*) twice$"), "en tabel [navn] er angivet to gange"),
    (re.compile(r"^Invalid value$"), "ugyldig værdi (tekst skal stå i anførselstegn)"),
    (re.compile(r"^Invalid statement$"), "ugyldig linje (forventede navn = værdi)"),
    (re.compile(r"^Expected '=' after a key in a key/value pair$"), "der mangler '=' efter navnet"),
    (re.compile(r"^Unclosed array$"), "en liste [ ... ] er ikke lukket"),
    (re.compile(r"^Unclosed inline table$"), "en tabel { ... } er ikke lukket"),
    (re.compile(r"^Unterminated string$"), "en tekst i anførselstegn er ikke afsluttet"),
    (re.compile(r"^Illegal character (.*)$"), r"ulovligt tegn \1"),
    (
        re.compile(r"^Expected newline or end of document after a statement$"),
        "linjen skulle slutte efter værdien (to værdier på én linje, eller et tegn for meget?)",
    ),
    (
        re.compile(r"^Expected '\]' at the end of a table declaration$"),
        "der mangler ']' efter [navn",
    ),
    (
        re.compile(r"^Expected '\]\]' at the end of an array declaration$"),
        "der mangler ']]' efter [[navn",
    ),
    (
        re.compile(r"^Cannot mutate immutable namespace (.*)$"),
        "navnet er allerede angivet med en værdi; det kan ikke også være en tabel",
    ),
    (re.compile(r"^Cannot redefine namespace (.*)$"), "en tabel er angivet to gange"),
    (re.compile(r"^Found invalid character (.*)$"), r"ugyldigt tegn \1"),
    (re.compile(r"^Unescaped '\\' in a string$"), r"en \\ i en tekst skal skrives \\\\"),
    (re.compile(r"^Invalid date or datetime$"), "ugyldig dato"),
    (re.compile(r"^Invalid hex value$"), "ugyldig hex-værdi"),
    (
        re.compile(r"^Invalid initial character for a key part$"),
        "et navn begynder med et ugyldigt tegn",
    ),
    (re.compile(r"^Invalid (.*)$"), r"ugyldig \1"),
    (re.compile(r"^Expected (.*)$"), r"her skulle stå \1"),
)
"""The TOML parser's messages in Danish; one it does not know is shown as the parser wrote it."""


def _toml_message(message: str) -> str:
    for pattern, danish in TOML_MESSAGES:
        if pattern.match(message):
            return pattern.sub(danish, message)
    return message
