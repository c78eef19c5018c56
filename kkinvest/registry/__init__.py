"""The registry: the Kvantum rows, the committees among them and the administrations.

The data lives in `committees.toml` beside this file; this module only reads it and answers
"which row is 'Socialudvalget'?" or "where do ØKF's shares land?". Names are matched on the
short code, the full name or an alias, ignoring case and surrounding space.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Row:
    """One row of the technical tables (an udvalg or a group unit under Økonomiudvalget)."""

    code: str
    name: str
    committee: bool
    collapse_into: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Administration:
    """A forvaltning (or a unit such as Borgerrådgiveren) and the row its shares land in."""

    code: str
    name: str
    row: str
    aliases: tuple[str, ...] = ()


def fold(name: str) -> str:
    """A name as compared: case and runs of white space ignored."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Registry:
    rows: tuple[Row, ...]
    administrations: tuple[Administration, ...]
    _rows_by_name: dict[str, Row] = field(default_factory=dict, repr=False, compare=False)
    _admins_by_name: dict[str, Administration] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for row in self.rows:
            for name in (row.code, row.name, *row.aliases):
                self._rows_by_name[fold(name)] = row
        for admin in self.administrations:
            for name in (admin.code, admin.name, *admin.aliases):
                self._admins_by_name[fold(name)] = admin

    @property
    def row_codes(self) -> tuple[str, ...]:
        return tuple(row.code for row in self.rows)

    def row(self, name: str) -> Row | None:
        """The row called `name` (code, full name or alias), or None."""
        return self._rows_by_name.get(fold(name))

    def committee(self, name: str) -> Row | None:
        """The political committee called `name`, or None (group units are not committees)."""
        row = self.row(name)
        return row if row is not None and row.committee else None

    def administration(self, name: str) -> Administration | None:
        return self._admins_by_name.get(fold(name))

    def row_by_code(self, code: str) -> Row:
        row = self.row(code)
        if row is None:
            raise KeyError(code)
        return row

    def committee_codes(self) -> list[str]:
        return [row.code for row in self.rows if row.committee]

    def administration_codes(self) -> list[str]:
        return [admin.code for admin in self.administrations]


def parse_registry(data: dict[str, Any]) -> Registry:
    """Build a Registry from the parsed contents of a committees TOML file."""
    rows = tuple(
        Row(
            code=r["code"],
            name=r["name"],
            committee=bool(r.get("committee", False)),
            collapse_into=r.get("collapse_into"),
            aliases=tuple(r.get("aliases", ())),
        )
        for r in data["rows"]
    )
    admins = tuple(
        Administration(
            code=a["code"], name=a["name"], row=a["row"], aliases=tuple(a.get("aliases", ()))
        )
        for a in data["administrations"]
    )
    return Registry(rows=rows, administrations=admins)


@cache
def default_registry() -> Registry:
    """The registry shipped with kkinvest (`committees.toml` in this package)."""
    text = resources.files(__package__).joinpath("committees.toml").read_text("utf-8")
    return parse_registry(tomllib.loads(text))
