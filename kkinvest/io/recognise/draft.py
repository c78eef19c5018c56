"""A proposal as read from a document, before validation, with what the report says about
it: the one shape every stage of the recogniser fills in (document.py, pool.py) and the Word
reader turns into a Proposal or an annotated TOML file (io/word.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Draft:
    """A proposal as read from a document, before validation, with what the report says."""

    data: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    report: list[tuple[str, str]] = field(default_factory=list)  # (where, what was read)
    guesses: dict[str, str] = field(default_factory=dict)  # field path -> why (TOML comment)
    unplaced: list[tuple[str, str]] = field(default_factory=list)  # (where, what)
    missing: list[str] = field(default_factory=list)  # what the user must fill in
    problems: list[tuple[str, str]] = field(default_factory=list)  # (where, message)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (where, message): loads
    facts: dict[str, Any] = field(default_factory=dict)  # header facts the format may hold
    places: dict[tuple[Any, ...], str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.data.get("id", "?"))
