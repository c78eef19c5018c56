"""The registry: the Kvantum rows, the committees among them and the administrations.

The data lives in `committees.toml` beside this file; this module only reads it and answers
"which row is 'Socialudvalget'?" or "where do ØKF's shares land?". Names are matched on the
short code, the full name or an alias, ignoring case and surrounding space.
"""

from __future__ import annotations

from functools import cache
from typing import Any, NamedTuple


class Row(NamedTuple):
    """One row of the technical tables (an udvalg or a group unit under Økonomiudvalget)."""

    code: str
    name: str
    committee: bool
    collapse_into: str | None = None
    aliases: tuple[str, ...] = ()
    counts_as: str | None = None
    """For a row of an older row set: the row of today's set it is compared as (e.g.
    "Økonomiudvalget - ekskl. koncernenheder" as ØU)."""
    with_group_units: bool = False
    """True for a row that includes the group units ("... - inkl. koncernenheder"): compared
    with the computed table's group units folded into it."""


class RowSet(NamedTuple):
    """The rows a year's technical tables print, in order; data with a source and a date.

    Chosen by the proposal's budget year (`first_budget`..`last_budget`), or named in the
    proposal (`row_set = "..."`)."""

    name: str
    rows: tuple[str, ...]
    title: str = ""
    source: str = ""
    date: str = ""
    first_budget: int | None = None
    last_budget: int | None = None

    def covers(self, budget: int) -> bool:
        return (self.first_budget is None or budget >= self.first_budget) and (
            self.last_budget is None or budget <= self.last_budget
        )


class Administration(NamedTuple):
    """A forvaltning (or a unit such as Borgerrådgiveren) and the row its shares land in."""

    code: str
    name: str
    row: str
    aliases: tuple[str, ...] = ()


def fold(name: str) -> str:
    """A name as compared: case and runs of white space ignored."""
    return " ".join(name.split()).casefold()


class Registry:
    """The rows and administrations in use, looked up by code, full name or alias. Built once
    and not changed after (`with_additions` gives a new one)."""

    def __init__(
        self,
        rows: tuple[Row, ...],
        administrations: tuple[Administration, ...],
        row_sets: tuple[RowSet, ...] = (),
        other_rows: tuple[Row, ...] = (),
    ) -> None:
        self.rows = rows
        self.administrations = administrations
        self.row_sets = row_sets
        self.other_rows = other_rows
        """Rows of older row sets, not among today's 11 (`rows`)."""
        self._rows_by_name: dict[str, Row] = {}
        self._admins_by_name: dict[str, Administration] = {}
        self._other_by_name: dict[str, Row] = {}
        for row in rows:
            for name in (row.code, row.name, *row.aliases):
                self._rows_by_name[fold(name)] = row
        for admin in administrations:
            for name in (admin.code, admin.name, *admin.aliases):
                self._admins_by_name[fold(name)] = admin
        for row in other_rows:
            for name in (row.code, row.name, *row.aliases):
                self._other_by_name.setdefault(fold(name), row)

    def _parts(self) -> tuple[Any, ...]:
        return (self.rows, self.administrations, self.row_sets, self.other_rows)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Registry) and self._parts() == other._parts()

    def __hash__(self) -> int:
        return hash(self._parts())

    def __repr__(self) -> str:
        return (
            f"Registry(rows={self.rows!r}, administrations={self.administrations!r}, "
            f"row_sets={self.row_sets!r}, other_rows={self.other_rows!r})"
        )

    @property
    def row_codes(self) -> tuple[str, ...]:
        return tuple(row.code for row in self.rows)

    def row(self, name: str) -> Row | None:
        """The row called `name` (code, full name or alias), or None."""
        return self._rows_by_name.get(fold(name))

    def any_row(self, name: str) -> Row | None:
        """A row of today's set or of any older row set, or None."""
        return self.row(name) or self._other_by_name.get(fold(name))

    def row_set(self, name: str) -> RowSet | None:
        wanted = fold(name)
        return next((s for s in self.row_sets if fold(s.name) == wanted), None)

    def row_set_for(self, budget: int | None, name: str | None = None) -> RowSet | None:
        """The row set a proposal names, else the newest one covering its budget year."""
        if name is not None:
            return self.row_set(name)
        covering = [s for s in self.row_sets if budget is not None and s.covers(budget)]
        return covering[-1] if covering else None

    def compared_as(self, code: str) -> str:
        """The row of today's set a row (of any set) is compared as."""
        row = self.any_row(code)
        if row is None or row.counts_as is None:
            return code
        return row.counts_as

    def with_additions(self, data: dict[str, Any]) -> Registry:
        """This registry with a catalogue's own rows, row sets and aliases added."""
        extra = parse_registry({"rows": [], "administrations": [], **data})
        aliases: dict[str, list[str]] = {}
        for name, more in data.get("aliases", {}).items():
            known = self.row(name) or self.administration(name) or self.any_row(name)
            if known is None:
                raise ValueError(f"aliaser for en ukendt række eller forvaltning: {name!r}")
            aliases[known.code] = [*aliases.get(known.code, []), *more]
        rows = tuple(_aliased(r, aliases) for r in self.rows)
        admins = tuple(_aliased(a, aliases) for a in self.administrations)
        others = tuple(_aliased(r, aliases) for r in (*self.other_rows, *extra.other_rows))
        return Registry(rows, admins, (*self.row_sets, *extra.row_sets), others)

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


def _aliased(item: Any, aliases: dict[str, list[str]]) -> Any:
    """A row or administration with a catalogue's extra aliases for its code."""
    more = aliases.get(item.code, ())
    return item._replace(aliases=(*item.aliases, *more)) if more else item


def _row(r: dict[str, Any]) -> Row:
    return Row(
        code=r["code"],
        name=r["name"],
        committee=bool(r.get("committee", False)),
        collapse_into=r.get("collapse_into"),
        aliases=tuple(r.get("aliases", ())),
        counts_as=r.get("counts_as"),
        with_group_units=bool(r.get("with_group_units", False)),
    )


def parse_registry(data: dict[str, Any]) -> Registry:
    """Build a Registry from the parsed contents of a committees TOML file."""
    rows = tuple(_row(r) for r in data["rows"])
    other_rows = tuple(_row(r) for r in data.get("other_rows", ()))
    row_sets = tuple(
        RowSet(
            name=s["name"],
            rows=tuple(s["rows"]),
            title=s.get("title", ""),
            source=s.get("source", ""),
            date=str(s.get("date", "")),
            first_budget=s.get("first_budget"),
            last_budget=s.get("last_budget"),
        )
        for s in data.get("row_sets", ())
    )
    admins = tuple(
        Administration(
            code=a["code"], name=a["name"], row=a["row"], aliases=tuple(a.get("aliases", ()))
        )
        for a in data["administrations"]
    )
    return Registry(rows=rows, administrations=admins, row_sets=row_sets, other_rows=other_rows)


@cache
def default_registry() -> Registry:
    """The registry shipped with kkinvest (`committees.toml` in this package). A catalogue
    carries its registry, so a cached one (kkinvest.io.cache) reads no TOML here."""
    import tomllib
    from importlib import resources

    text = resources.files(__package__).joinpath("committees.toml").read_text("utf-8")
    return parse_registry(tomllib.loads(text))
