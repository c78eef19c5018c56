"""Turn a pydantic `ValidationError` into problems a budget analyst can act on, in Danish.

    BC06.toml: BC06: lines[3] 'Effektivisering'.values.2023: her skal stå et tal, ikke 'abc'

Field paths are 1-based for lists and name the line's label, so the user finds the line; the
parts pydantic adds for its own bookkeeping (which member of a union, which validator) are left
out. Every message is written here or in the model's validators: no pydantic wording reaches
the user (`MESSAGES` covers the error types the model can produce; anything else gets a plain
Danish sentence with the value).
"""

from __future__ import annotations

import difflib
import types
import typing
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from kkinvest.io.problems import Problem


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as `list[Line]` or `Stated | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _model_in(typing.get_args(annotation)[0])
    if origin in (list, tuple, typing.Union, types.UnionType) or origin is dict:
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def _fields_at(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    """The field names allowed at `loc` (the location of an unknown field)."""
    current: type[BaseModel] | None = model
    for part in loc[:-1]:
        if current is None:
            return []
        if isinstance(part, str) and part in current.model_fields:
            current = _model_in(current.model_fields[part].annotation)
    return list(current.model_fields) if current is not None else []


TYPE_TAGS = {"str", "int", "bool", "float", "list", "dict", "decimal", "none", "is-instance"}


def _is_tag(part: int | str, node: Any) -> bool:
    """A part of pydantic's location that names a union member or validator, not a field."""
    if isinstance(part, int) or (isinstance(node, dict) and part in node):
        return False
    return (
        part == "[key]"
        or "[" in part
        or part[:1].isupper()
        or part.casefold() in TYPE_TAGS
        or part.startswith("constrained-")
    )


def _where(loc: tuple[int | str, ...], data: Any) -> str:
    parts: list[str] = []
    node = data
    for part in loc:
        if _is_tag(part, node):
            continue
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            label = (item.get("label") or item.get("name")) if isinstance(item, dict) else None
            text = f"[{part + 1}]" + (f" {label!r}" if isinstance(label, str) else "")
            parts[-1:] = [(parts[-1] if parts else "") + text]
        else:
            parts.append(str(part))
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(parts)


MESSAGES = {
    "string_type": "her skal stå en tekst i anførselstegn",
    "int_type": "her skal stå et helt tal",
    "int_parsing": "her skal stå et helt tal",
    "int_from_float": "her skal stå et helt tal, uden decimaler",
    "bool_type": "her skal stå true eller false",
    "bool_parsing": "her skal stå true eller false",
    "decimal_type": "her skal stå et tal",
    "decimal_parsing": "her skal stå et tal",
    "float_type": "her skal stå et tal",
    "dict_type": "her skal stå en tabel ({ ... } eller [navn])",
    "model_type": "her skal stå en tabel ({ ... } eller [navn])",
    "model_attributes_type": "her skal stå en tabel ({ ... } eller [navn])",
    "list_type": "her skal stå en liste ([ ... ] eller [[navn]])",
    "too_short": "skal have mindst {min_length}",
    "too_long": "må højst have {max_length}",
    "string_too_short": "må ikke være tom",
    "string_too_long": "er for lang (højst {max_length} tegn)",
    "string_pattern_mismatch": "har ikke den rigtige form: kun små bogstaver, tal, '-', '_' og '.'",
    "greater_than": "skal være større end {gt}",
    "greater_than_equal": "skal være mindst {ge}",
    "less_than": "skal være mindre end {lt}",
    "less_than_equal": "må højst være {le}",
    "literal_error": "skriv en af: {expected}",
    "enum": "skriv en af: {expected}",
    "union_tag_invalid": "skriv en af: {expected_tags}",
    "date_type": "her skal stå en dato, fx 2022-03-10",
    "date_parsing": "her skal stå en dato, fx 2022-03-10",
}
"""pydantic's error types, in Danish; `{name}` takes the error's context."""

PLURALS = {"lines": "linje", "parts": "del", "equal": "række"}


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, dict):
        return "en tabel"
    return "en liste" if isinstance(value, list) else "en anden slags værdi"


def _message(error: Any, model: type[BaseModel]) -> str:
    kind = error["type"]
    loc = tuple(error["loc"])
    if kind == "missing":
        return "mangler (feltet skal angives)"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc)
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"mente du {close[0]!r}? " if close else ""
        return f"ukendt felt ({hint}tilladte felter: {', '.join(allowed)})"
    if kind in ("value_error", "assertion_error"):
        message = str(error["msg"])
        for prefix in ("Value error, ", "Assertion failed, "):
            if message.startswith(prefix):
                return message[len(prefix) :]
        return message
    context = dict(error.get("ctx") or {})
    template = MESSAGES.get(kind)
    if kind == "string_pattern_mismatch" and "A-Z" in str(context.get("pattern", "")):
        template = PROPOSAL_ID  # a proposal's id takes capitals (BC06); a key's name does not
    if template is None:
        return f"værdien {_shown(error.get('input'))} kan ikke bruges her"
    if kind in ("too_short", "too_long"):
        field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
        noun = PLURALS.get(field, "element")
        count = context.get("min_length", context.get("max_length", 1))
        template += f" {noun}" + ("" if count == 1 else ("er" if noun != "del" else "e"))
    try:
        text = template.format(**context)
    except (KeyError, IndexError):
        text = template
    value = error.get("input")
    if kind not in ("too_short", "too_long") and isinstance(value, str | int | float | Decimal):
        text += f" (ikke {_shown(value)})"
    return text


PROPOSAL_ID = (
    "har ikke den rigtige form: bogstaver (a-z, A-Z), tal, '-', '_' og '.', "
    "først et bogstav eller et tal (fx BC06 eller NY-01)"
)

UNIONS = {
    "key": 'et nøglenavn som "intune-2022" eller en tabel med weights, equal eller parts',
}
"""What a field that takes one of several forms accepts, by the field's name."""

MISMATCHES = {
    "string_type",
    "int_type",
    "bool_type",
    "decimal_type",
    "float_type",
    "dict_type",
    "model_type",
    "model_attributes_type",
    "list_type",
}
"""Error types that only say the value is not of one union member's form."""


def _tag_at(loc: tuple[int | str, ...], data: Any) -> int | None:
    """The index in `loc` of the first union member or validator tag, if any."""
    node = data
    for index, part in enumerate(loc):
        if _is_tag(part, node):
            return index
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return None


def _union_problem(errors: list[Any], model: type[BaseModel], where: str) -> str:
    """One message for a field that takes one of several forms and fits none: what is
    wrong with the form it is written in, then what the field accepts."""
    name = where.rsplit(".", 1)[-1].split("[", 1)[0]
    allowed = UNIONS.get(name)
    wrong = []
    for error in errors:
        if error["type"] in MISMATCHES:
            continue
        if error["type"] == "string_too_short":
            wrong.append("navnet er tomt")
            continue
        text = _message(error, model)
        loc = tuple(error["loc"])
        inner = [str(p) for p in loc[error["_tag"] + 1 :] if isinstance(p, str) and "[" not in p]
        if inner and not inner[0][:1].isupper():
            text = f"{'.'.join(inner)}: {text}"
        wrong.append(text)
    if not wrong:
        wrong.append(f"her står {_shown(errors[0].get('input'))}")
    if allowed is None:
        return "; ".join(wrong)
    return f"{'; '.join(wrong)} (her skal stå {allowed})"


def problems_from_validation(
    exc: ValidationError,
    model: type[BaseModel],
    source: str,
    data: Any,
    what: object = None,
) -> list[Problem]:
    """One problem per error; `what` (e.g. the proposal id) prefixes the field path."""
    problems = []
    unions: dict[tuple[int | str, ...], list[Any]] = {}
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        tag = _tag_at(loc, data)
        if tag is not None:
            unions.setdefault(loc[:tag], []).append({**error, "_tag": tag})
    shown = None if what is None else str(what)  # an id typed as a number is still named
    done: set[tuple[int | str, ...]] = set()
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        tag = _tag_at(loc, data)
        group = unions.get(loc[:tag]) if tag is not None else None
        if group is not None and len({e["loc"][e["_tag"]] for e in group}) > 1:
            if loc[:tag] in done:
                continue
            done.add(loc[:tag])
            where = _where(loc[:tag], data)
            place = ": ".join(part for part in (shown, where) if part) or None
            problems.append(Problem(source, _union_problem(group, model, where), place))
            continue
        where = _where(loc, data) if loc else ""
        place = ": ".join(part for part in (shown, where) if part) or None
        problems.append(Problem(source, _message(error, model), place))
    return problems
