"""The registry: the Kvantum rows, the committees among them and the administrations.

The data lives in `committees.toml` beside this file; this module only reads it and answers
"which row is 'Socialudvalget'?" or "where do ØKF's shares land?". Names are matched on the
short code, the full name or an alias, ignoring case and surrounding space.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
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
    shares: tuple[tuple[str, Decimal], ...] = ()
    """Where a committee prints in two rows (BIU and "BIU - EI") and the text gives the split:
    each part row's share in % of the committee's amount, e.g. (("BIU-EI", Decimal(40)),);
    the committee's own row, if in the set, has the rest. `shares_source` says where the text
    gives it."""
    shares_source: str = ""

    def covers(self, budget: int) -> bool:
        return (self.first_budget is None or budget >= self.first_budget) and (
            self.last_budget is None or budget <= self.last_budget
        )

    def row_shares(self, registry: Registry) -> dict[str, dict[str, Decimal]]:
        """Per committee whose split over its rows is recorded, each of its rows in the set
        and its share (%) of the committee's amount, the committee's own row with the rest.

        Worked: rows [..., "BIU", "BIU-EI"] and shares {"BIU-EI": 40} give
        {"BIU": {"BIU-EI": 40, "BIU": 60}}."""
        found: dict[str, dict[str, Decimal]] = {}
        for code, share in self.shares:
            found.setdefault(registry.compared_as(code), {})[code] = share
        for committee, parts in found.items():
            if committee in self.rows:
                parts[committee] = 100 - sum(parts.values(), Decimal(0))
        return found


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
        extra = parse_registry({"rows": [], "administrations": [], **data}, checked=False)
        aliases: dict[str, list[str]] = {}
        for name, more in data.get("aliases", {}).items():
            known = self.row(name) or self.administration(name) or self.any_row(name)
            if known is None:
                raise ValueError(f"aliaser for en ukendt række eller forvaltning: {name!r}")
            aliases[known.code] = [*aliases.get(known.code, []), *more]
        rows = tuple(_aliased(r, aliases) for r in self.rows)
        admins = tuple(_aliased(a, aliases) for a in self.administrations)
        others = tuple(_aliased(r, aliases) for r in (*self.other_rows, *extra.other_rows))
        return _checked(Registry(rows, admins, (*self.row_sets, *extra.row_sets), others))

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


def _shares(data: dict[str, Any]) -> tuple[tuple[str, Decimal], ...]:
    """A row set's `shares` as (row, %) pairs; the rows are checked against the registry in
    `_check_shares`, once every row is known."""
    shares = data.get("shares", {})
    if not isinstance(shares, dict):
        raise ValueError(
            f'rækkesæt {data.get("name")!r}: shares skal være en tabel, fx {{ "BIU-EI" = 40 }}'
        )
    pairs = []
    for name, value in shares.items():
        try:
            share = Decimal(str(value)) if isinstance(value, int | Decimal | float) else None
        except InvalidOperation:
            share = None
        if (
            isinstance(value, bool)
            or share is None
            or not share.is_finite()
            or not 0 < share <= 100
        ):
            raise ValueError(
                f"rækkesæt {data.get('name')!r}: andelen for {name!r} skal være en procent "
                f"over 0 og højst 100 (fandt {str(value).replace('.', ',')!r})"
            )
        pairs.append((str(name), share))
    if pairs and not str(data.get("shares_source", "")).strip():
        raise ValueError(
            f"rækkesæt {data.get('name')!r}: angiv shares_source (hvor teksten giver fordelingen)"
        )
    return tuple(pairs)


def _check_shares(row_set: RowSet, registry: Registry) -> None:
    """Each row given a share is a row of the set that counts as a committee's (`counts_as`),
    and a committee's shares leave room for its own row (add up to 100 if it has none)."""
    from kkinvest.numbers import exact

    where = f"rækkesæt {row_set.name!r}"
    for code, _ in row_set.shares:
        row = registry.any_row(code)
        if row is None or row.code != code or row.counts_as is None:
            raise ValueError(
                f"{where}: {code!r} i shares er ikke en række, der tæller som en del af et "
                'udvalg (counts_as); skriv rækkens kode, fx "BIU-EI"'
            )
        if code not in row_set.rows:
            raise ValueError(f"{where}: {code!r} i shares er ikke blandt rækkesættets rækker")
    for committee, parts in row_set.row_shares(registry).items():
        total = sum((v for code, v in parts.items() if code != committee), Decimal(0))
        own = committee in row_set.rows
        if total > 100 or (not own and total != 100):
            raise ValueError(
                f"{where}: andelene af {committee} summer til {exact(total)} %; de skal summe til "
                f"højst 100 % (100 %, hvis {committee} ikke selv er en række i sættet)"
            )


def _checked(registry: Registry) -> Registry:
    for row_set in registry.row_sets:
        _check_shares(row_set, registry)
    return registry


def parse_registry(data: dict[str, Any], checked: bool = True) -> Registry:
    """Build a Registry from the parsed contents of a committees TOML file (`checked`: its row
    sets' shares checked against its rows; False for additions to another registry)."""
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
            shares=_shares(s),
            shares_source=str(s.get("shares_source", "")),
        )
        for s in data.get("row_sets", ())
    )
    admins = tuple(
        Administration(
            code=a["code"], name=a["name"], row=a["row"], aliases=tuple(a.get("aliases", ()))
        )
        for a in data["administrations"]
    )
    registry = Registry(rows=rows, administrations=admins, row_sets=row_sets, other_rows=other_rows)
    return _checked(registry) if checked else registry


@cache
def default_registry() -> Registry:
    """The registry shipped with kkinvest (`committees.toml` in this package). A catalogue
    carries its registry, so a cached one (kkinvest.io.cache) reads no TOML here."""
    import tomllib
    from importlib import resources

    text = resources.files(__package__).joinpath("committees.toml").read_text("utf-8")
    return parse_registry(tomllib.loads(text))
