"""`kkinvest keys`, `allocate` and `tables`: distribution keys and the split over committees."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Annotated

import typer

from kkinvest.cli.app import (
    DataOption,
    Exit,
    JsonOption,
    app,
    catalogue,
    find,
    out,
    out_json,
    reported,
)


class By(StrEnum):
    COMMITTEE = "committee"
    ADMINISTRATION = "administration"


class TableName(StrEnum):
    A = "A"
    B = "B"
    C = "C"


def _fraction(share: Fraction) -> str:
    """A share as an exact decimal string with 6 decimals (for JSON)."""
    from kkinvest.money import as_decimal, round_half_away

    return str(round_half_away(as_decimal(share), 6))


@app.command()
def keys(data: DataOption = None, json: JsonOption = False) -> None:
    """List the distribution keys (fordelingsnøgler): source, date and shares in %."""
    from kkinvest.calc.keys import key_shares, key_users, row_shares
    from kkinvest.registry import default_registry
    from kkinvest.render import console

    with reported():
        cat = catalogue(data)
        registry = default_registry()
        columns = [
            (key.name, row_shares(key_shares(key, cat.keys), registry)) for key in cat.keys.values()
        ]
        users = key_users(cat.proposals, cat.keys)
        if json:
            out_json(
                [
                    {
                        "name": key.name,
                        "title": key.title,
                        "source": key.source,
                        "date": key.date,
                        "family": key.family,
                        "shares": {row: _fraction(share) for row, share in shares.items()},
                        "used_by": users.get(key.name, []),
                    }
                    for key, (_, shares) in zip(cat.keys.values(), columns, strict=True)
                ]
            )
        else:
            out(console.keys_overview(list(cat.keys.values()), users))
            out(console.key_shares_table(columns, registry))


def _amounts(amounts: list[str], years: list[str]) -> dict[str, Decimal]:
    """The columns to split: --amount values (1, 2, ...) or --year YEAR=AMOUNT pairs."""
    columns: dict[str, Decimal] = {}
    for number, text in enumerate(amounts, start=1):
        columns[str(number) if len(amounts) > 1 else "Beløb"] = _number(text, "--amount")
    for pair in years:
        year, sep, amount = pair.partition("=")
        if not sep or not year.strip().isdigit():
            raise Exit(f"--year: {pair!r} is not YEAR=AMOUNT (e.g. 2025=-1895)")
        columns[year.strip()] = _number(amount, "--year")
    return columns


def _number(text: str, option: str) -> Decimal:
    from kkinvest.render.numbers import parse_danish

    try:
        return parse_danish(text)
    except ValueError:
        raise Exit(f"{option}: {text!r} is not a number (e.g. -3791 or -3.791)") from None


@app.command()
def allocate(
    proposal_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="Split this proposal's net permanent change."),
    ] = None,
    key: Annotated[
        str | None,
        typer.Option(
            metavar="KEY",
            help="A key name (intune = the newest Intune key); default: the proposal's.",
        ),
    ] = None,
    amount: Annotated[
        list[str] | None,
        typer.Option(metavar="AMOUNT", help="An amount to split (repeatable), e.g. -3791."),
    ] = None,
    year: Annotated[
        list[str] | None,
        typer.Option(
            metavar="YEAR=AMOUNT", help="An amount in a year, to split a series (repeatable)."
        ),
    ] = None,
    by: Annotated[
        By, typer.Option(help="Show committees (Kvantum rows) or administrations.")
    ] = By.COMMITTEE,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Split an amount, a series or a proposal's net permanent change by a key (largest
    remainder at whole thousands, so the rows add up exactly)."""
    from kkinvest.calc.allocation import allocate_map
    from kkinvest.calc.keys import (
        KeyProblem,
        administration_shares,
        by_row,
        family_rule,
        find_key,
        key_description,
        key_shares,
        proposal_shares,
        row_shares,
    )
    from kkinvest.calc.totals import proposal_totals
    from kkinvest.registry import default_registry
    from kkinvest.render import console

    with reported():
        cat = catalogue(data)
        registry = default_registry()
        columns = _amounts(amount or [], year or [])
        proposal = find(cat, proposal_id) if proposal_id else None
        if proposal is not None:
            if columns:
                raise Exit("give either a proposal id or --amount/--year, not both")
            net = proposal_totals(proposal).permanent
            columns = {str(y): v for y, v in net.items()}
        if not columns:
            raise Exit("nothing to split: give --amount, --year or a proposal id")
        if key is None and proposal is None:
            raise Exit("give --key (e.g. --key intune), or a proposal id to use its key")
        if key is None and proposal is not None and proposal.split and proposal.split.fixed:
            raise Exit(
                f"{proposal.id} gives its split as fixed amounts: see kkinvest tables {proposal.id}"
            )
        try:
            budget = proposal.budget if proposal is not None else None
            if key is not None:
                named = find_key(key, cat.keys, budget)
                shares, weights = key_shares(named, cat.keys, budget=budget), named.given_weights
                title, rule = named.name, family_rule(key, named, budget)
            else:
                assert proposal is not None
                shares = proposal_shares(proposal, cat.keys, registry)
                weights, title = None, f"{proposal.id}s fordeling"
                rule = key_description(proposal, cat.keys).removeprefix("Fordelingsnøgle: ")
        except KeyProblem as exc:
            raise Exit(f"--key: {exc}") from None
        if by is By.COMMITTEE:
            shares = row_shares(shares, registry)
            weights = by_row(weights, registry) if weights is not None else None
        else:
            shares = administration_shares(shares, registry)
        split = {column: allocate_map(total, shares) for column, total in columns.items()}
        if json:
            out_json(
                {
                    "key": title,
                    "key_rule": rule,
                    "by": by,
                    "proposal": proposal.id if proposal else None,
                    "shares": {code: _fraction(share) for code, share in shares.items()},
                    "amounts": split,
                    "totals": columns,
                }
            )
        else:
            heading = f"Fordeling efter {title}" + (
                f" – {proposal.id}, varig ændring" if proposal else ""
            )
            out(
                console.allocation_table(
                    heading,
                    shares,
                    weights,
                    list(columns),
                    split,
                    registry,
                    by is By.ADMINISTRATION,
                )
            )
            out(f"Fordelingsnøgle: {rule}.")


@app.command()
def tables(
    proposal_id: Annotated[str, typer.Argument(metavar="ID", help="The proposal, e.g. BC03.")],
    table: Annotated[
        list[TableName] | None, typer.Option("--table", help="Only this table (A, B or C).")
    ] = None,
    collapse: Annotated[
        bool,
        typer.Option(
            "--collapse", help="Fold the group units into Økonomiudvalget (7-row layout)."
        ),
    ] = False,
    data: DataOption = None,
    json: JsonOption = False,
) -> None:
    """Print Tabel A, B and C (the technical tables for Kvantum) in the documents' layout."""
    from kkinvest.calc.keys import key_description, proposal_key, proposal_shares, target_shares
    from kkinvest.calc.tables import collapse as collapse_table
    from kkinvest.calc.tables import tables as kvantum_tables
    from kkinvest.registry import default_registry
    from kkinvest.render import console

    with reported():
        cat = catalogue(data)
        registry = default_registry()
        proposal = find(cat, proposal_id)
        computed = kvantum_tables(
            proposal,
            proposal_shares(proposal, cat.keys, registry),
            registry,
            target_shares(proposal, cat.keys, registry),
        )
        wanted = [t.value for t in table] if table else ["A", "B", "C"]
        chosen = {name: computed[name] for name in wanted}
        if collapse:
            chosen = {name: collapse_table(t, registry) for name, t in chosen.items()}
        named = proposal_key(proposal, cat.keys)
        if json:
            out_json(
                {
                    "id": proposal.id,
                    "price_level": proposal.price_level,
                    "key": named.name if named else None,
                    "key_rule": key_description(proposal, cat.keys),
                    "collapsed": collapse,
                    "tables": {
                        name: {"title": t.title, "years": t.years, "rows": t.rows, "total": t.total}
                        for name, t in chosen.items()
                    },
                }
            )
            return
        out(key_description(proposal, cat.keys))
        for name, t in chosen.items():
            stated = getattr(proposal.stated, f"tabel_{name.lower()}")
            out(console.kvantum_table(t, proposal, registry, stated.total if stated else None))
