"""Turn a pydantic `ValidationError` into problems a budget analyst can act on.

    BC06.toml: BC06: lines[3] 'Effektivisering': values.2023: expected a number, got 'abc'

Field paths are 1-based for lists and name the line's label, so the user finds the line.
"""

from __future__ import annotations

import difflib
import types
import typing
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


def _where(loc: tuple[int | str, ...], data: Any) -> str:
    parts: list[str] = []
    node = data
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            label = item.get("label") if isinstance(item, dict) else None
            text = f"[{part + 1}]" + (f" {label!r}" if isinstance(label, str) else "")
            parts[-1:] = [(parts[-1] if parts else "") + text]
        else:
            parts.append(str(part))
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(parts)


def _message(error: Any, model: type[BaseModel]) -> str:
    kind = error["type"]
    loc = tuple(error["loc"])
    if kind == "missing":
        return "missing (a required field)"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc)
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return f"unknown field ({hint}allowed: {', '.join(allowed)})"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    value = error.get("input")
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return f"{message[:1].lower()}{message[1:]} (got {value!r})"
    return message[:1].lower() + message[1:]


def problems_from_validation(
    exc: ValidationError,
    model: type[BaseModel],
    source: str,
    data: Any,
    what: object = None,
) -> list[Problem]:
    """One problem per error; `what` (e.g. the proposal id) prefixes the field path."""
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        where = _where(loc, data) if loc else ""
        shown = None if what is None else str(what)  # an id typed as a number is still named
        place = ": ".join(part for part in (shown, where) if part) or None
        problems.append(Problem(source, _message(error, model), place))
    return problems
